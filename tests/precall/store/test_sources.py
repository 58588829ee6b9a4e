"""store.sources: owners, duplicates, cascades, fetch state and the robots.txt cache."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.research.robots import RobotsCacheEntry
from precall.research.sources import FetchStatus, PageState, RobotsDecision, SourceKind
from precall.store import Store


@pytest.fixture
def acme(store: Store) -> int:
    return store.accounts.create("Acme Freight", industry="Logistics").id


def test_exactly_one_owner(store: Store, acme: int) -> None:
    industry = store.sources.industry_id("logistics")
    with pytest.raises(ValidationError):
        store.sources.add("https://a.example/", account_id=acme, industry_id=industry)
    with pytest.raises(ValidationError):
        store.sources.add("https://a.example/")
    with pytest.raises(sqlite3.IntegrityError):  # the schema says so too
        with store.write():
            store.conn.execute("INSERT INTO research_sources(url, created_at) VALUES ('https://x.example/', 'now')")


def test_kinds_and_urls_are_checked(store: Store, acme: int) -> None:
    with pytest.raises(ValidationError, match="page, feed or site"):
        store.sources.add("https://a.example/", account_id=acme, kind="podcast")
    with pytest.raises(ValidationError, match="only http and https"):
        store.sources.add("file:///etc/passwd", account_id=acme)
    with pytest.raises(NotFoundError):
        store.sources.add("https://a.example/", account_id=999)


def test_same_url_once_per_owner_and_ensure(store: Store, acme: int) -> None:
    industry = store.sources.industry_id("Logistics")
    first = store.sources.add("https://a.example/", account_id=acme)
    with pytest.raises(ValidationError, match="already a research source"):
        store.sources.add("https://a.example/", account_id=acme)
    same = store.sources.ensure("https://a.example/", account_id=acme, kind=SourceKind.FEED)
    assert same.id == first.id
    other = store.sources.add("https://a.example/", industry_id=industry)  # another owner may have it
    assert other.id != first.id
    assert [s.id for s in store.sources.for_account_and_industry(acme)] == [first.id, other.id]


def test_sources_go_with_their_account(store: Store, acme: int) -> None:
    source = store.sources.add("https://a.example/", account_id=acme)
    store.sources.save_page_states(source.id, [PageState("https://a.example/about", '"e"', None, None, "ok", "about")])
    store.accounts.delete(acme)
    assert store.sources.list() == []
    assert store.conn.execute("SELECT count(*) FROM research_source_pages").fetchone()[0] == 0


def test_failed_fetch_keeps_validators_and_counts_failures(store: Store, acme: int, clock) -> None:
    source = store.sources.add("https://a.example/", account_id=acme)
    store.sources.record_fetch(source.id, fetched_at=clock.now(), status=FetchStatus.OK, etag='"v1"',
                               last_modified="Sat, 21 Nov 2026 10:00:00 GMT", robots_decision=RobotsDecision.ALLOWED)
    clock.advance(timedelta(hours=1))
    store.sources.record_fetch(source.id, fetched_at=clock.now(), status=FetchStatus.UNREACHABLE,
                               error="Could not connect.", etag=None)
    after = store.sources.get(source.id)
    assert after.etag == '"v1"' and after.last_modified == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert after.last_status == FetchStatus.UNREACHABLE and after.failures == 1
    assert after.robots_decision == RobotsDecision.ALLOWED  # not reached: the last known decision stays
    assert after.last_success_at == clock.now() - timedelta(hours=1)
    store.sources.record_fetch(source.id, fetched_at=clock.now(), status=FetchStatus.NOT_MODIFIED, etag='"v1"')
    assert store.sources.get(source.id).failures == 0


def test_robots_cache_lives_at_most_a_day(store: Store, clock) -> None:
    entry = RobotsCacheEntry("https://a.example", clock.now(), clock.now() + timedelta(days=7), 200, "rules",
                             "User-agent: *\nDisallow: /x\n")
    store.sources.save_robots([entry])
    cached = store.sources.robots_cache(clock.now())
    assert cached["https://a.example"].expires_at == clock.now() + timedelta(hours=24)
    assert not cached["https://a.example"].rules().allows("https://a.example/x/1")
    assert store.sources.robots_cache(clock.now() + timedelta(hours=24, seconds=1)) == {}


def test_scopes_lists_accounts_and_industries_with_counts(store: Store, acme: int) -> None:
    store.sources.add("https://a.example/", account_id=acme)
    assert store.sources.scopes() == [("account", acme, "Acme Freight", 1),
                                      ("industry", store.sources.industry_id("Logistics"), "Logistics", 0)]
