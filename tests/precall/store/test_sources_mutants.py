"""What ``store.sources`` keeps, where the mutation run found nothing watching: when a
source was added, the research scopes, a URL refused twice for the same account or
industry, and a source's page states and the robots.txt cache read back as saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from precall.errors import ValidationError
from precall.research.robots import RobotsCacheEntry
from precall.research.sources import PageState
from precall.store import Store
from tests.conftest import NOW


def test_a_source_remembers_when_it_was_added(store: Store) -> None:
    account = store.accounts.create("Acme")
    source = store.sources.add("https://acme.example/news", account_id=account.id)
    assert source.created_at == NOW and source.last_fetched_at is None


def test_scopes_list_accounts_and_industries_with_their_source_counts(store: Store) -> None:
    account = store.accounts.create("Acme", industry="Logistics")
    industry = store.sources.industry_id("logistics")
    assert industry is not None
    store.sources.add("https://acme.example/", account_id=account.id)
    store.sources.add("https://logistics.example/", industry_id=industry)
    store.sources.add("https://freight.example/", industry_id=industry)
    assert store.sources.scopes() == [("account", account.id, "Acme", 1), ("industry", industry, "Logistics", 2)]
    assert store.sources.industry_id("Nobody's industry") is None
    assert [s.url for s in store.sources.list()] == ["https://acme.example/", "https://logistics.example/",
                                                     "https://freight.example/"]


@pytest.mark.parametrize("owner", ["account", "industry"])
def test_the_same_url_twice_for_one_owner_is_refused(store: Store, owner: str) -> None:
    account = store.accounts.create("Acme", industry="Logistics")
    kwargs = {"account_id": account.id} if owner == "account" else {"industry_id": store.sources.industry_id("Logistics")}
    first = store.sources.add("https://acme.example/", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=rf"is already a research source of .* \(id {first.id}\)"):
        store.sources.add("https://acme.example/", **kwargs)  # type: ignore[arg-type]
    assert store.sources.ensure("https://acme.example/", **kwargs) == first


def test_page_states_read_back_as_saved(store: Store) -> None:
    account = store.accounts.create("Acme")
    source = store.sources.add("https://acme.example/", kind="site", account_id=account.id)
    state = PageState("https://acme.example/about", '"e1"', "Sun, 22 Nov 2026 08:00:00 GMT", NOW, "ok", "about")
    store.sources.save_page_states(source.id, [state])
    assert store.sources.page_states(source.id) == {state.url: state}


def test_the_robots_cache_reads_back_unexpired_entries(store: Store) -> None:
    fresh = RobotsCacheEntry("https://acme.example", NOW, NOW + timedelta(hours=2), 200, "rules", "User-agent: *")
    stale = RobotsCacheEntry("https://old.example", NOW - timedelta(hours=3), NOW - timedelta(hours=1), 404, "allow_all")
    store.sources.save_robots([fresh, stale])
    assert store.sources.robots_cache(NOW) == {fresh.origin: fresh}
