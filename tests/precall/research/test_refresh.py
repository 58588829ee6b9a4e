"""Refreshing sources end to end: local sites, a real Store, the real extractor."""

from __future__ import annotations

from dataclasses import replace

import pytest

from precall.errors import Cancelled
from precall.progress import Progress
from precall.research.fetcher import FetchStats
from precall.research.politeness import PolitenessPolicy
from precall.research.refresh import apply_outcome, fetch_sources, load_plan
from precall.research.sources import FetchStatus, RobotsDecision, SourceKind
from precall.store import Store
from tests.precall.net.local_servers import closed_port
from tests.precall.research.site_server import SiteServer, article, rss


def refresh(store: Store, session, policy: PolitenessPolicy, clock, stats: FetchStats | None = None,  # type: ignore[no-untyped-def]
            progress: Progress | None = None, **scope: int) -> dict[int, FetchStatus]:
    plan = load_plan(store, **scope)
    statuses = {}
    for outcome in fetch_sources(plan.sources, session, policy, progress, clock=clock, robots_cache=plan.robots,
                                 stats=stats):
        apply_outcome(store, outcome)
        statuses[outcome.source_id] = outcome.status
    return statuses


@pytest.fixture
def account_id(store: Store) -> int:
    return store.accounts.create("Acme Freight", industry="Logistics").id


def test_page_refresh_then_conditional_refresh_moves_almost_nothing(store, site: SiteServer, session, policy, clock,
                                                                     account_id) -> None:
    site.add("/news/q3", article("Acme opens a hub in Rotterdam", "Acme Freight opened a new cross-dock hub."))
    source = store.sources.add(site.url("/news/q3"), account_id=account_id)
    assert refresh(store, session, policy, clock) == {source.id: FetchStatus.OK}
    items = store.research.items_for_source(source.id)
    assert [i.title for i in items] == ["Acme opens a hub in Rotterdam"]
    after = store.sources.get(source.id)
    assert after.etag and after.last_status == FetchStatus.OK and after.robots_decision == RobotsDecision.NO_RULES
    assert after.item_count == 1 and after.last_success_at == clock.now()
    first_bytes = site.bytes_sent

    stats = FetchStats()
    assert refresh(store, session, policy, clock, stats) == {source.id: FetchStatus.NOT_MODIFIED}
    second_bytes = site.bytes_sent - first_bytes
    assert second_bytes < 400, second_bytes
    assert site.paths()[-1] == "/news/q3" and "/robots.txt" not in site.paths()[2:]  # robots came from the cache
    assert stats.not_modified == 1 and stats.body_bytes == 0
    assert len(store.research.items_for_source(source.id)) == 1


def test_feed_entries_become_items_and_newest_pages_are_fetched(store, site: SiteServer, session, policy, clock,
                                                                 account_id) -> None:
    entries = [(f"/posts/{i}", f"Post {i}", f"Summary of post {i} about freight.") for i in range(5)]
    site.add("/feed.xml", rss(site.url("").rstrip("/"), entries), "application/rss+xml")
    for path, title, _summary in entries:
        site.add(path, article(title, f"The full text of {title.lower()} is long."))
    source = store.sources.add(site.url("/feed.xml"), kind=SourceKind.FEED, account_id=account_id)
    assert refresh(store, session, replace(policy, feed_entry_pages=2), clock) == {source.id: FetchStatus.OK}
    fetched_pages = [p for p in site.paths() if p.startswith("/posts/")]
    assert sorted(fetched_pages) == ["/posts/3", "/posts/4"]  # the two newest
    items = {i.title: store.research.item(i.id) for i in store.research.items_for_source(source.id)}
    assert set(items) == {f"Post {i}" for i in range(5)}
    assert "full text" in items["Post 4"].text
    assert items["Post 0"].text == "Summary of post 0 about freight."

    # Unchanged feed: one conditional request and nothing rewritten.
    before = len(site.paths())
    assert refresh(store, session, policy, clock) == {source.id: FetchStatus.NOT_MODIFIED}
    assert site.paths()[before:] == ["/feed.xml"]


def test_site_exploration_stays_on_site_and_bounded(store, site: SiteServer, session, policy, clock,
                                                     account_id) -> None:
    links = "".join(f"<a href='{href}'>{text}</a>" for href, text in [
        ("/about-us", "About us"), ("/newsroom", "Newsroom"), ("/careers", "Careers"), ("/leadership", "Our team"),
        ("/products", "Products"), ("/privacy", "Privacy"), ("https://elsewhere.example/about", "About them"),
        ("/brochure.pdf", "Products brochure"),
    ])
    site.add("/", f"<html><head><title>Acme</title><link rel='alternate' type='application/rss+xml' "
                  f"href='/feed.xml'></head><body>{links}<p>Acme moves freight.</p></body></html>")
    for path in ("/about-us", "/newsroom", "/careers", "/leadership", "/products"):
        site.add(path, article(path.strip("/").title(), f"All about {path}."))
    site.add("/feed.xml", rss(site.url("").rstrip("/"), [("/newsroom/1", "Hub opened", "A hub.")]),
             "application/rss+xml")
    source = store.sources.add(site.url("/"), kind=SourceKind.SITE, account_id=account_id)
    assert refresh(store, session, replace(policy, site_max_pages=5), clock) == {source.id: FetchStatus.OK}
    asked = [p for p in site.paths() if p != "/robots.txt"]
    assert asked[0] == "/" and len(asked) == 5  # home + 4 more, the bound
    assert "/privacy" not in asked and "/brochure.pdf" not in asked
    roles = {s.role for s in store.sources.page_states(source.id).values()}
    assert roles <= {"about", "news", "careers", "leadership", "products", "feed"}

    # Unchanged home page: the pages found last time are revisited, conditionally.
    before = len(site.paths())
    assert refresh(store, session, replace(policy, site_max_pages=5), clock) == {source.id: FetchStatus.NOT_MODIFIED}
    assert len(site.paths()) - before == 5
    assert all(h.status == 304 for h in site.hits[before:])

    # A changed home page is explored again (here with the default bound: every page and the feed).
    site.routes["/"].body += b"<p>Now hiring.</p>"
    assert refresh(store, session, policy, clock) == {source.id: FetchStatus.OK}
    assert {"/about-us", "/newsroom", "/careers", "/leadership", "/products", "/feed.xml"} <= set(site.paths())
    assert any(i.title == "Hub opened" for i in store.research.items_for_source(source.id))


def test_offline_refresh_reports_unreachable_and_keeps_items(store, site: SiteServer, session, policy, clock,
                                                             account_id) -> None:
    site.add("/a", article("Stored earlier", "This text was fetched while online."))
    source = store.sources.add(site.url("/a"), account_id=account_id)
    refresh(store, session, policy, clock)
    etag = store.sources.get(source.id).etag
    site.stop()  # offline now
    dead = store.sources.add(f"http://127.0.0.1:{closed_port()}/b", account_id=account_id)
    assert refresh(store, session, policy, clock) == {source.id: FetchStatus.UNREACHABLE,
                                                      dead.id: FetchStatus.UNREACHABLE}
    kept = store.sources.get(source.id)
    assert kept.etag == etag and "Could not connect" in kept.last_error and kept.failures == 1
    assert kept.last_success_at is not None
    [item] = store.research.items_for_source(source.id)
    assert "fetched while online" in store.research.item(item.id).text


def test_refusals_are_recorded_per_source(store, site: SiteServer, session, policy, clock, account_id) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /members/\n", "text/plain")
    site.add("/members/list", "<p>x</p>")
    site.add("/deck.pdf", b"%PDF-1.4", "application/pdf")
    disallowed = store.sources.add(site.url("/members/list"), account_id=account_id)
    wrong_type = store.sources.add(site.url("/deck.pdf"), account_id=account_id)
    result = refresh(store, session, policy, clock)
    assert result == {disallowed.id: FetchStatus.DISALLOWED, wrong_type.id: FetchStatus.BLOCKED}
    assert store.sources.get(disallowed.id).robots_decision == RobotsDecision.DISALLOWED
    assert "application/pdf" in store.sources.get(wrong_type.id).last_error
    assert "/members/list" not in site.paths()


def test_private_address_refused_by_default(store, site: SiteServer, session, policy, clock, account_id) -> None:
    site.add("/x", "<p>x</p>")
    source = store.sources.add(site.url("/x"), account_id=account_id)
    assert refresh(store, session, replace(policy, allow_private=False), clock) == {source.id: FetchStatus.BLOCKED}
    error = store.sources.get(source.id).last_error
    assert "loopback" in error and "--allow-private" in error
    assert site.paths() == []


def test_charsets_reach_the_extractor_as_bytes(store, site: SiteServer, session, policy, clock, account_id) -> None:
    text = "Zürich – Müller & Söhne expand to São Paulo"
    html = f"<html><head><meta charset='utf-8'><title>{text}</title></head><body><article><p>{text}. " * 3 + \
        "</p></article></body></html>"
    site.add("/utf8-undeclared", html.encode("utf-8"), "text/html")  # no charset in the header
    site.add("/latin1", html.replace("utf-8", "iso-8859-1").replace(" – ", " - ").encode("iso-8859-1"),
             "text/html; charset=iso-8859-1")
    a = store.sources.add(site.url("/utf8-undeclared"), account_id=account_id)
    b = store.sources.add(site.url("/latin1"), account_id=account_id)
    refresh(store, session, policy, clock)
    assert store.research.items_for_source(a.id)[0].title == text
    assert store.research.items_for_source(b.id)[0].title == text.replace(" – ", " - ")


def test_cancel_stops_the_refresh_and_keeps_what_was_saved(store, site: SiteServer, session, policy, clock,
                                                           account_id) -> None:
    for i in range(6):
        site.add(f"/n{i}", article(f"News {i}", "Some text."))
        store.sources.add(site.url(f"/n{i}"), account_id=account_id)
    progress = Progress()
    plan = load_plan(store)
    applied = 0
    with pytest.raises(Cancelled):
        for outcome in fetch_sources(plan.sources, session, replace(policy, per_host_delay=0.3), progress,
                                     clock=clock):
            apply_outcome(store, outcome)
            applied += 1
            if applied == 2:
                progress.cancel()
    assert applied == 2
    assert sum(1 for s in store.sources.list() if s.last_status == FetchStatus.OK) == 2
    assert len(site.paths()) <= 4  # robots + 2 pages (+ at most one in flight)


def test_removed_during_refresh_is_skipped(store, site: SiteServer, session, policy, clock, account_id) -> None:
    site.add("/gone", article("Gone", "Soon removed."))
    source = store.sources.add(site.url("/gone"), account_id=account_id)
    plan = load_plan(store)
    outcomes = list(fetch_sources(plan.sources, session, policy, clock=clock))
    store.sources.remove(source.id)
    assert apply_outcome(store, outcomes[0]).skipped


def test_cancel_cuts_off_a_stalled_request_and_leaves_no_threads(store, session, policy, clock,
                                                                  account_id) -> None:
    import threading
    import time

    from tests.precall.net.local_servers import raw_server, stall

    with raw_server(stall(10.0)) as url:
        store.sources.add(url + "/slow", account_id=account_id)
        plan = load_plan(store)
        progress = Progress()
        threading.Timer(0.5, progress.cancel).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            list(fetch_sources(plan.sources, session, replace(policy, read_timeout=30), progress, clock=clock))
        assert time.monotonic() - started < 2.0
    assert not [t for t in threading.enumerate() if t.name.startswith("precall-fetch")]


def test_pages_robots_disallows_are_skipped_not_failures(store, site: SiteServer, session, policy, clock,
                                                          account_id) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /team\nDisallow: /posts/1\n", "text/plain")
    site.add("/", "<html><body><a href='/about'>About</a><a href='/team'>Our team</a></body></html>")
    site.add("/about", article("About Acme", "Acme moves freight."))
    site.add("/team", article("Team", "Secret."))
    entries = [("/posts/0", "Post 0", "Zero."), ("/posts/1", "Post 1", "One.")]
    site.add("/feed.xml", rss(site.url("").rstrip("/"), entries), "application/rss+xml")
    site.add("/posts/0", article("Post 0", "Full text of post zero."))
    site_source = store.sources.add(site.url("/"), kind=SourceKind.SITE, account_id=account_id)
    feed_source = store.sources.add(site.url("/feed.xml"), kind=SourceKind.FEED, account_id=account_id)
    assert refresh(store, session, policy, clock) == {site_source.id: FetchStatus.OK, feed_source.id: FetchStatus.OK}
    assert "/team" not in site.paths() and "/posts/1" not in site.paths()
    titles = {i.title for i in store.research.items_for_source(feed_source.id)}
    assert titles == {"Post 0", "Post 1"}  # the disallowed entry keeps its summary
    assert store.sources.get(site_source.id).last_error == ""
    assert refresh(store, session, policy, clock) == {site_source.id: FetchStatus.NOT_MODIFIED,
                                                      feed_source.id: FetchStatus.NOT_MODIFIED}


def _insert_unchecked_source(db_path, url: str, account_id: int) -> int:  # type: ignore[no-untyped-def]
    """A source as an older version or a shared template could have stored it, bypassing today's check."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        cur = conn.execute(
            "INSERT INTO research_sources(url, kind, account_id, label, created_at) VALUES (?, 'page', ?, '', ?)",
            [url, account_id, "2026-11-01T00:00:00Z"],
        )
        new_id = int(cur.lastrowid or 0)
    conn.close()
    return new_id


@pytest.mark.parametrize("bad_url", ["http://127.0.0.1:99999/x", "https://[::1/x", "http://exa mple.com/"])
def test_a_stored_unusable_url_is_that_sources_error_and_the_others_are_fetched(
        store, db_path, site: SiteServer, session, policy, clock, account_id, bad_url: str) -> None:
    site.add("/a", article("First", "Acme Freight opened a hub."))
    site.add("/b", article("Second", "Acme Freight hired a CFO."))
    good_a = store.sources.add(site.url("/a"), account_id=account_id)
    bad = _insert_unchecked_source(db_path, bad_url, account_id)
    good_b = store.sources.add(site.url("/b"), account_id=account_id)
    result = refresh(store, session, policy, clock)
    assert result == {good_a.id: FetchStatus.OK, bad: FetchStatus.BLOCKED, good_b.id: FetchStatus.OK}
    error = store.sources.get(bad).last_error
    assert bad_url[:15] in error and "cannot be fetched" in error
    assert {"/a", "/b"} <= set(site.paths())


def test_a_reset_on_one_path_fails_only_that_source(store, site: SiteServer, session, policy, clock,
                                                    account_id) -> None:
    paths = [f"/p{i}" for i in range(12)]
    for path in paths:
        site.add(path, article(f"Page {path}", "Acme Freight news for the rep."))
    site.routes["/p3"].reset = True
    sources = {path: store.sources.add(site.url(path), account_id=account_id) for path in paths}
    result = refresh(store, session, policy, clock)
    assert result[sources["/p3"].id] == FetchStatus.UNREACHABLE
    assert all(result[sources[p].id] == FetchStatus.OK for p in paths if p != "/p3"), result
    assert set(paths) <= set(site.paths())  # every other path was really requested
    assert "/p3" in store.sources.get(sources["/p3"].id).last_error


def test_a_host_that_refuses_connections_is_asked_once_and_reported_honestly(store, session, policy, clock,
                                                                              account_id) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    first = store.sources.add(base + "/a", account_id=account_id)
    others = [store.sources.add(base + f"/b{i}", account_id=account_id) for i in range(3)]
    stats = FetchStats()
    result = refresh(store, session, policy, clock, stats)
    assert set(result.values()) == {FetchStatus.UNREACHABLE}
    assert stats.requests == 1  # robots.txt was refused: the host is down, nothing else is asked
    assert "Could not connect" in store.sources.get(first.id).last_error
    for source in others:
        assert "Not requested: the host is unreachable" in store.sources.get(source.id).last_error


def test_an_ipv6_literal_source_is_fetched_with_its_robots_txt(store, session, policy, clock, account_id) -> None:
    from tests.precall.net.local_servers import has_ipv6_loopback
    from tests.precall.research.site_server import running_site

    if not has_ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback")
    with running_site("::1") as site6:
        site6.add("/robots.txt", "User-agent: *\nDisallow: /private\n", "text/plain")
        site6.add("/news", article("Over IPv6", "Acme Freight runs on IPv6 now."))
        source = store.sources.add(site6.url("/news"), account_id=account_id)
        assert source.url.startswith("http://[::1]:")
        assert refresh(store, session, policy, clock) == {source.id: FetchStatus.OK}
        assert site6.paths() == ["/robots.txt", "/news"]
    assert store.sources.get(source.id).robots_decision == RobotsDecision.ALLOWED


@pytest.mark.parametrize("label", ["base64", "zlib", "rot13", "hex", "idna", "punycode", "uu", "quopri", "bz2"])
def test_a_non_text_charset_label_is_read_as_a_page_not_a_server_error(store, site: SiteServer, session, policy,
                                                                        clock, account_id, label: str) -> None:
    site.add("/odd", article("Odd charset", "Acme Freight declared a strange charset."),
             content_type=f"text/html; charset={label}")
    source = store.sources.add(site.url("/odd"), account_id=account_id)
    assert refresh(store, session, policy, clock) == {source.id: FetchStatus.OK}
    [item] = store.research.items_for_source(source.id)
    assert item.title == "Odd charset"
