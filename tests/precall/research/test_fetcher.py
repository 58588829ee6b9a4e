"""The polite fetcher against local servers: robots, delays, parallel hosts, retries."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from precall.clock import FixedClock
from precall.net import BlockedAddressError, HttpStatusError, UnreachableError
from precall.research.fetcher import DisallowedByRobotsError, PoliteFetcher
from precall.research.politeness import PolitenessPolicy
from precall.research.sources import RobotsDecision
from tests.precall.net.local_servers import closed_port
from tests.precall.research.site_server import SiteServer


def make(session, policy: PolitenessPolicy, clock: FixedClock) -> PoliteFetcher:  # type: ignore[no-untyped-def]
    return PoliteFetcher(session, policy, clock)


def test_disallowed_path_is_never_requested(site: SiteServer, session, policy, clock) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /*.pdf$\nDisallow: /private/\n", "text/plain")
    site.add("/private/plan", "<p>secret</p>")
    site.add("/files/report.pdf", "<p>pdf</p>")
    site.add("/public", "<p>hello</p>")
    fetcher = make(session, policy, clock)
    for path in ("/private/plan", "/files/report.pdf"):
        with pytest.raises(DisallowedByRobotsError) as info:
            fetcher.fetch(site.url(path))
        assert info.value.decision == RobotsDecision.DISALLOWED
    assert fetcher.fetch(site.url("/public")).robots == RobotsDecision.ALLOWED
    assert site.paths() == ["/robots.txt", "/public"]  # robots.txt fetched once, nothing disallowed asked


def test_missing_robots_allows_and_failing_robots_disallows(site: SiteServer, other_site: SiteServer, session,
                                                             policy, clock) -> None:
    site.add("/page", "<p>a</p>")  # no robots.txt: 404
    other_site.add("/robots.txt", "oops", "text/plain", status=503)
    other_site.add("/page", "<p>b</p>")
    fetcher = make(session, policy, clock)
    assert fetcher.fetch(site.url("/page")).robots == RobotsDecision.NO_RULES
    with pytest.raises(DisallowedByRobotsError) as info:
        fetcher.fetch(other_site.url("/page"))
    assert info.value.decision == RobotsDecision.UNAVAILABLE
    assert other_site.paths() == ["/robots.txt"]
    # Only the good answer is kept for later runs; a failing robots.txt is asked again next time.
    assert [entry.outcome for entry in fetcher.fresh_robots] == ["allow_all"]


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def test_per_host_delay_is_kept_between_requests(site: SiteServer, session, policy, clock) -> None:
    for i in range(4):
        site.add(f"/p{i}", f"<p>{i}</p>")
    fetcher = make(session, replace(policy, per_host_delay=0.3), clock)
    for i in range(4):
        fetcher.fetch(site.url(f"/p{i}"))
    measured = gaps(site.times())
    assert len(measured) == 4  # robots.txt + 4 pages
    assert min(measured) >= 0.28, measured


def test_delay_holds_across_threads(site: SiteServer, session, policy, clock) -> None:
    for i in range(6):
        site.add(f"/t{i}", f"<p>{i}</p>")
    fetcher = make(session, replace(policy, per_host_delay=0.2), clock)
    threads = [threading.Thread(target=fetcher.fetch, args=(site.url(f"/t{i}"),)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert min(gaps(sorted(site.times()))) >= 0.18


def test_crawl_delay_is_honoured(site: SiteServer, session, policy, clock) -> None:
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.5\n", "text/plain")
    for i in range(3):
        site.add(f"/c{i}", "<p>c</p>")
    fetcher = make(session, policy, clock)  # policy delay 0.05: the host asks for more
    for i in range(3):
        fetcher.fetch(site.url(f"/c{i}"))
    assert min(gaps(site.times("/c"))) >= 0.48


def test_different_hosts_are_fetched_in_parallel(site: SiteServer, other_site: SiteServer, session, policy,
                                                 clock) -> None:
    for server in (site, other_site):
        for i in range(3):
            server.add(f"/x{i}", "<p>x</p>")
    fetcher = make(session, replace(policy, per_host_delay=0.6), clock)

    def crawl(server: SiteServer) -> None:
        for i in range(3):
            fetcher.fetch(server.url(f"/x{i}"))

    started = time.monotonic()
    threads = [threading.Thread(target=crawl, args=(s,)) for s in (site, other_site)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    # Each host: robots + 3 pages = 3 gaps of 0.6 s (1.8 s). One after the other: >= 3.6 s.
    assert 1.75 <= elapsed < 3.2, elapsed


def test_retries_429_then_503_honouring_retry_after(site: SiteServer, session, policy, clock) -> None:
    site.add("/busy", "<p>finally</p>", script=[(429, {"Retry-After": "1"}), (503, {"Retry-After": "0"})])
    fetcher = make(session, policy, clock)
    result = fetcher.fetch(site.url("/busy")).result
    assert result.body == b"<p>finally</p>"
    times = site.times("/busy")
    assert len(times) == 3
    assert times[1] - times[0] >= 0.95  # waited for Retry-After: 1
    assert fetcher.stats.retries == 2


def test_retries_are_bounded(site: SiteServer, session, policy, clock) -> None:
    site.add("/down", "<p>never</p>", script=[(503, {})] * 5)
    fetcher = make(session, replace(policy, max_retries=2), clock)
    with pytest.raises(HttpStatusError) as info:
        fetcher.fetch(site.url("/down"))
    assert info.value.status == 503
    assert len(site.times("/down")) == 3


def test_a_long_retry_after_is_reported_not_waited_for(site: SiteServer, session, policy, clock) -> None:
    site.add("/later", "<p>x</p>", script=[(429, {"Retry-After": "3600"})])
    fetcher = make(session, policy, clock)
    started = time.monotonic()
    with pytest.raises(HttpStatusError) as info:
        fetcher.fetch(site.url("/later"))
    assert time.monotonic() - started < 1.0
    assert "3600 s" in str(info.value)


def test_unreachable_host_fails_fast_afterwards(session, policy, clock) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    fetcher = make(session, policy, clock)
    with pytest.raises(UnreachableError):
        fetcher.fetch(base + "/a")
    started = time.monotonic()
    with pytest.raises(UnreachableError):
        fetcher.fetch(base + "/b")
    assert time.monotonic() - started < 0.05
    assert fetcher.stats.requests == 1


def test_private_hosts_are_refused_unless_allowed(site: SiteServer, session, policy, clock) -> None:
    site.add("/p", "<p>x</p>")
    fetcher = make(session, replace(policy, allow_private=False), clock)
    with pytest.raises(BlockedAddressError):
        fetcher.fetch(site.url("/p"))
    assert site.paths() == []


def _cached_5xx(origin: str, fetched_at):  # type: ignore[no-untyped-def]
    from precall.research.robots import RobotsCacheEntry

    return RobotsCacheEntry.from_response(origin, 503, b"", fetched_at)


def test_a_cached_5xx_robots_answer_is_used_until_it_expires(site: SiteServer, session, policy, clock) -> None:
    from datetime import timedelta

    from precall.research.robots import origin_of

    site.add("/page", "<p>a</p>")  # robots.txt is now missing (404): allow all
    origin = origin_of(site.url("/"))
    recent = _cached_5xx(origin, clock.now() - timedelta(minutes=50))
    fresh = PoliteFetcher(session, policy, clock, robots_cache={origin: recent})
    with pytest.raises(DisallowedByRobotsError):
        fresh.fetch(site.url("/page"))
    assert site.paths() == []  # within the hour: not asked again
    old = _cached_5xx(origin, clock.now() - timedelta(minutes=61))
    expired = PoliteFetcher(session, policy, clock, robots_cache={origin: old})
    assert expired.fetch(site.url("/page")).robots == RobotsDecision.NO_RULES
    assert site.paths() == ["/robots.txt", "/page"]


def test_a_robots_txt_that_resets_disallows_for_now_without_calling_the_host_down(site: SiteServer, session,
                                                                                  policy, clock) -> None:
    site.add("/robots.txt", "", "text/plain", reset=True)
    site.add("/page", "<p>a</p>")
    fetcher = make(session, policy, clock)
    for path in ("/page", "/other"):
        with pytest.raises(DisallowedByRobotsError) as info:
            fetcher.fetch(site.url(path))
        assert info.value.decision == RobotsDecision.UNAVAILABLE
    assert site.paths() == ["/robots.txt"]
    assert fetcher.fresh_robots == []  # not cached for later runs


def test_a_reset_on_one_path_leaves_the_hosts_other_paths_alone(site: SiteServer, session, policy, clock) -> None:
    from precall.net import HostUnreachableError

    site.add("/broken", "", reset=True)
    site.add("/fine", "<p>fine</p>")
    fetcher = make(session, policy, clock)
    with pytest.raises(UnreachableError) as info:
        fetcher.fetch(site.url("/broken"))
    assert not isinstance(info.value, HostUnreachableError)
    assert fetcher.fetch(site.url("/fine")).result.body == b"<p>fine</p>"


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/x", "http://[::1/x", "http://127.0.0.1:0/"])
def test_an_unusable_url_is_refused_by_the_fetcher_in_words(session, policy, clock, url: str) -> None:
    from precall.net import InvalidUrlError

    with pytest.raises(InvalidUrlError) as info:
        make(session, policy, clock).fetch(url)
    assert url[:12] in str(info.value)
