"""store.research: dedup by canonical URL and content, versions, scope, safe search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precall.errors import NotFoundError
from precall.research.canonical import canonical_url, choose_canonical
from precall.store import Store
from tests.precall.research.helpers import FETCHED, add_source, page

HUB = page("Northwind opens Rotterdam hub", "Northwind opened an automated cross-dock hub in Rotterdam.",
           published=date(2026, 10, 14), author="Maria Jansen")


def test_canonical_url_normalises_case_fragments_and_tracking() -> None:
    assert canonical_url("HTTPS://News.Example.COM:443/a/b?utm_source=x&b=2&a=1&fbclid=z#top") == \
        "https://news.example.com/a/b?a=1&b=2"
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"


def test_canonical_link_is_honoured_only_on_the_same_site() -> None:
    assert choose_canonical("https://www.example.com/a?ref=1", "https://example.com/a") == "https://example.com/a"
    assert choose_canonical("https://example.com/a", "https://victim.example/a") == "https://example.com/a"
    assert choose_canonical("https://example.com/a", "javascript:alert(1)") == "https://example.com/a"


def test_same_page_under_tracking_urls_is_one_item(store: Store) -> None:
    first, new = store.research.save_page(source_id=None, url="https://news.example/hub?utm_source=rss",
                                          page=HUB, fetched_at=FETCHED)
    again, changed = store.research.save_page(source_id=None, url="https://NEWS.example/hub#comments",
                                              page=HUB, fetched_at=FETCHED + timedelta(hours=1))
    assert new and not changed
    assert again.id == first.id
    assert store.research.count() == 1
    assert again.canonical_url == "https://news.example/hub"
    assert again.fetched_at == FETCHED + timedelta(hours=1)
    assert store.research.versions(first.id) == []


def test_same_content_at_another_address_is_one_item(store: Store) -> None:
    first, _ = store.research.save_page(source_id=None, url="https://news.example/hub", page=HUB, fetched_at=FETCHED)
    mirror, new = store.research.save_page(source_id=None, url="https://mirror.example/copy", page=HUB,
                                           fetched_at=FETCHED)
    assert not new and mirror.id == first.id


def test_declared_canonical_merges_variants(store: Store) -> None:
    declared = page(HUB.title, HUB.text, canonical="https://news.example/hub")
    a, _ = store.research.save_page(source_id=None, url="https://news.example/hub?page=1", page=declared,
                                    fetched_at=FETCHED)
    assert a.canonical_url == "https://news.example/hub"


def test_changed_page_keeps_the_earlier_version_readable(store: Store) -> None:
    item, _ = store.research.save_page(source_id=None, url="https://news.example/hub", page=HUB, fetched_at=FETCHED)
    updated = page("Northwind opens Rotterdam hub (updated)", HUB.text + " It will hire 350 people.",
                   published=date(2026, 10, 14))
    later = FETCHED + timedelta(days=1)
    item2, changed = store.research.save_page(source_id=None, url="https://news.example/hub", page=updated,
                                              fetched_at=later)
    assert changed and item2.id == item.id
    assert item2.title.endswith("(updated)") and item2.version_count == 1
    (old,) = store.research.versions(item.id)
    assert old.title == "Northwind opens Rotterdam hub" and old.text == HUB.text
    assert old.fetched_at == FETCHED and old.superseded_at == later
    # Only the latest is indexed.
    assert [h.id for h in store.research.search("hire 350")] == [item.id]
    assert store.research.search("updated")[0].id == item.id
    third = page("Northwind hub", "Completely different text about dock doors.")
    store.research.save_page(source_id=None, url="https://news.example/hub", page=third, fetched_at=later)
    assert store.research.search("hire") == []
    assert len(store.research.versions(item.id)) == 2


def test_failed_save_leaves_nothing_half_written(store: Store) -> None:
    with pytest.raises(Exception):
        store.research.save_page(source_id=99999, url="https://news.example/hub", page=HUB, fetched_at=FETCHED)
    assert store.research.count() == 0
    assert store.research.search("Rotterdam") == []


def test_items_are_scoped_to_account_and_its_industry(store: Store) -> None:
    acme = store.accounts.create("Acme", industry="Logistics")
    other = store.accounts.create("Globex", industry="Insurance")
    own = add_source(store, "https://acme.example/news", account_id=acme.id)
    industry = add_source(store, "https://logistics.example/feed", industry="Logistics")
    elsewhere = add_source(store, "https://globex.example/news", account_id=other.id)
    a, _ = store.research.save_page(source_id=own, url="https://acme.example/n1", page=page("Acme news", "Acme grows"),
                                    fetched_at=FETCHED)
    b, _ = store.research.save_page(source_id=industry, url="https://logistics.example/a",
                                    page=page("Rail freight", "Rail freight grows"), fetched_at=FETCHED)
    c, _ = store.research.save_page(source_id=elsewhere, url="https://globex.example/n",
                                    page=page("Globex news", "Globex grows"), fetched_at=FETCHED)
    assert {r.id for r in store.research.items_for_account(acme.id)} == {a.id, b.id}
    assert {h.id for h in store.research.search("grows", account_id=acme.id)} == {a.id, b.id}
    assert {h.id for h in store.research.search("grows")} == {a.id, b.id, c.id}
    assert [h.id for h in store.research.relevant_for_account(other.id, ["globex", "the"])] == [c.id]
    # The same article reached from a second source is in both scopes.
    store.research.save_page(source_id=elsewhere, url="https://logistics.example/a",
                             page=page("Rail freight", "Rail freight grows"), fetched_at=FETCHED)
    assert b.id in {r.id for r in store.research.items_for_account(other.id)}
    assert {r.id for r in store.research.items_for_source(elsewhere)} == {b.id, c.id}


def test_removing_a_source_keeps_its_items(store: Store) -> None:
    acme = store.accounts.create("Acme")
    source = add_source(store, "https://acme.example/news", account_id=acme.id)
    item, _ = store.research.save_page(source_id=source, url="https://acme.example/n", page=HUB, fetched_at=FETCHED)
    with store.write():
        store.conn.execute("DELETE FROM research_sources WHERE id=?", [source])
    kept = store.research.item(item.id)
    assert kept.source_id is None and kept.text == HUB.text


def test_search_ranks_title_matches_first_and_highlights(store: Store) -> None:
    a, _ = store.research.save_page(source_id=None, url="https://x.example/a",
                                    page=page("Quarterly results", "Revenue grew. Heat pumps were mentioned once."),
                                    fetched_at=FETCHED)
    b, _ = store.research.save_page(source_id=None, url="https://x.example/b",
                                    page=page("Heat pumps take off", "Sales of heat pumps doubled in Spain."),
                                    fetched_at=FETCHED)
    hits = store.research.search("heat pumps")
    assert [h.id for h in hits] == [b.id, a.id]
    assert "<b>heat</b> <b>pumps</b>" in hits[0].snippet_html().lower()
    assert "[heat] [pumps]" in hits[1].snippet_plain().lower()
    assert store.research.search("heat pu")[0].id == b.id  # the last word is a prefix while typing
    assert store.research.search("café") == store.research.search("cafe")


HOSTILE = ['"', '""', "'", "AND", "OR NOT", "NEAR(a b)", "*", "a*b", "(", ")", "title:x", "^start", "-x", "+",
           "héllo wörld", "東京 会社", "\x00", "a" * 10_000, "💥 emoji", "' OR 1=1 --", "x\"; DROP TABLE research_items; --",
           "{col}: x", "NEAR/3", "[brackets]", "\\", "%", "_", "a\nb\tc", ""]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store: Store, query: str, caplog: pytest.LogCaptureFixture) -> None:
    store.research.save_page(source_id=None, url="https://x.example/a", page=HUB, fetched_at=FETCHED)
    assert isinstance(store.research.search(query), list)
    assert isinstance(store.research.relevant_for_account(1, [query]), list)
    assert store.research.count() == 1
    # The store logs (and swallows) an FTS error as a last resort; none may happen.
    assert not [r for r in caplog.records if "search failed" in r.getMessage()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_safe_query(store: Store, query: str) -> None:
    from precall.research import fts

    match = fts.match_query(query)
    if match is not None:  # straight to SQLite: a syntax error would raise here
        store.conn.execute("SELECT count(*) FROM research_fts WHERE research_fts MATCH ?", [match]).fetchone()
    assert isinstance(store.research.search(query), list)


def test_missing_item_is_a_clear_error(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no research item with id 42"):
        store.research.item(42)


def test_scoped_search_follows_sources_and_owners(store: Store) -> None:
    acme = store.accounts.create("Acme", industry="Logistics")
    source = add_source(store, "https://acme.example/news", account_id=acme.id)
    item, _ = store.research.save_page(source_id=source, url="https://acme.example/n", page=HUB, fetched_at=FETCHED)
    assert [h.id for h in store.research.search("Rotterdam", account_id=acme.id)] == [item.id]
    other = store.accounts.create("Globex")
    with store.write():  # the source moves to another account: the item follows
        store.conn.execute("UPDATE research_sources SET account_id=? WHERE id=?", [other.id, source])
    assert store.research.search("Rotterdam", account_id=acme.id) == []
    assert [h.id for h in store.research.search("Rotterdam", account_id=other.id)] == [item.id]
    with store.write():
        store.conn.execute("DELETE FROM research_sources WHERE id=?", [source])
    assert store.research.search("Rotterdam", account_id=other.id) == []
    assert [h.id for h in store.research.search("Rotterdam")] == [item.id]  # kept, just unscoped


def test_scope_tokens_are_not_matched_by_what_users_type(store: Store) -> None:
    acme = store.accounts.create("Acme")
    source = add_source(store, "https://acme.example/news", account_id=acme.id)
    store.research.save_page(source_id=source, url="https://acme.example/n", page=HUB, fetched_at=FETCHED)
    assert store.research.search(f"acct{acme.id}") == []


def test_only_the_newest_matches_are_ranked_when_very_many_match(store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from precall.store import research as research_module

    ids = []
    for n in range(6):
        saved, _ = store.research.save_page(source_id=None, url=f"https://x.example/{n}",
                                            page=page(f"Note {n}", "freight " * (n + 1) + f"unique{n}"),
                                            fetched_at=FETCHED)
        ids.append(saved.id)
    assert [h.id for h in store.research.search("freight")] == ids[::-1]  # most "freight" first
    monkeypatch.setattr(research_module, "RANK_WINDOW", 3)
    assert [h.id for h in store.research.search("freight")] == ids[:2:-1]  # the 3 newest, ranked


def test_find_by_url_uses_the_canonical_form(store: Store) -> None:
    item, _ = store.research.save_page(source_id=None, url="https://news.example/hub", page=HUB, fetched_at=FETCHED)
    found = store.research.find_by_url("HTTPS://news.example/hub?utm_campaign=x#top")
    assert found is not None and found.id == item.id
    assert store.research.find_by_url("https://news.example/other") is None


def test_versions_are_bounded_oldest_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from precall.store import research as research_module

    monkeypatch.setattr(research_module, "MAX_VERSIONS", 3)
    for n in range(6):
        store.research.save_page(source_id=None, url="https://news.example/live",
                                 page=page("Live", f"Update number {n}"), fetched_at=FETCHED + timedelta(minutes=n))
    item = store.research.find_by_url("https://news.example/live")
    assert item is not None and item.text == "Update number 5"
    assert [v.text for v in store.research.versions(item.id)] == ["Update number 4", "Update number 3",
                                                                   "Update number 2"]
