"""The RFC 9309 robots.txt parser, against the cases urllib.robotparser gets wrong."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.robotparser import RobotFileParser

import pytest

from precall.research.robots import (
    ALLOW_ALL,
    DISALLOW_ALL,
    RULES,
    RobotsCacheEntry,
    RobotsRules,
    normalize,
    origin_of,
)
from precall.research.sources import RobotsDecision

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
BASE = "https://example.com"


def allows(text: str, path: str, agent: str = "precall") -> bool:
    return RobotsRules.parse(text).allows(BASE + path, agent)


def test_wildcard_and_end_anchor_which_the_stdlib_ignores() -> None:
    text = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /private*/secret\n"
    assert not allows(text, "/reports/q3.pdf")
    assert allows(text, "/reports/q3.pdf?download=1")  # $ anchors the end
    assert allows(text, "/reports/q3.pdfx")
    assert not allows(text, "/private-area/secret/page")
    assert allows(text, "/private-area/public")
    stdlib = RobotFileParser()
    stdlib.parse(text.splitlines())
    assert stdlib.can_fetch("precall", BASE + "/reports/q3.pdf")  # the bug we guard against


def test_longest_match_wins_and_allow_wins_ties() -> None:
    text = "User-agent: *\nDisallow: /news\nAllow: /news/public\nDisallow: /news/public/draft\n"
    assert not allows(text, "/news/2026")
    assert allows(text, "/news/public/story")
    assert not allows(text, "/news/public/draft-1")
    tie = "User-agent: *\nDisallow: /page\nAllow: /page\n"
    assert allows(tie, "/page")
    # Order does not matter: the stdlib takes the first match and gets this one wrong.
    order = "User-agent: *\nDisallow: /\nAllow: /about\n"
    assert allows(order, "/about/team")
    assert not allows(order, "/other")


def test_our_group_beats_star_and_groups_for_us_merge() -> None:
    text = (
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: Googlebot\nUser-agent: PRECALL\nDisallow: /a\n\n"
        "User-agent: precall/1.0\nDisallow: /b\n"
    )
    assert allows(text, "/c")
    assert not allows(text, "/a/x")
    assert not allows(text, "/b/y")
    assert not allows(text, "/c", agent="otherbot")


def test_no_matching_group_and_empty_disallow_allow_everything() -> None:
    assert allows("User-agent: otherbot\nDisallow: /\n", "/anything")
    assert allows("User-agent: *\nDisallow:\n", "/anything")
    assert allows("", "/anything")


def test_comments_case_and_junk_lines() -> None:
    text = "# hello\nUSER-AGENT: * # all\nDISALLOW: /tmp # temp\nnonsense line\nSitemap: https://example.com/s.xml\n"
    assert not allows(text, "/tmp/x")
    assert allows(text, "/ok")


def test_robots_txt_itself_is_always_allowed() -> None:
    assert allows("User-agent: *\nDisallow: /\n", "/robots.txt")


def test_percent_encoding_is_normalised() -> None:
    text = "User-agent: *\nDisallow: /caf%C3%A9\nDisallow: /%7Euser\n"
    assert not allows(text, "/café/menu")
    assert not allows(text, "/~user/home")
    assert normalize("/a%2fb") == "/a%2Fb"  # reserved characters stay encoded


def test_crawl_delay_of_the_matching_group() -> None:
    rules = RobotsRules.parse("User-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n\nUser-agent: other\nCrawl-delay: 9\n")
    assert rules.crawl_delay() == 2.5
    assert RobotsRules.parse("User-agent: *\nCrawl-delay: soon\n").crawl_delay() is None


def test_at_least_500_kib_are_parsed() -> None:
    filler = "".join(f"Disallow: /filler/{i:07d}\n" for i in range(20_000))  # about 540 KB
    text = "User-agent: *\n" + filler
    body = text.encode()[: 500 * 1024 - 30] + b"\nDisallow: /late\n"
    entry = RobotsCacheEntry.from_response(BASE, 200, body, NOW)
    assert len(body) > 500 * 1024 - 30
    assert not entry.rules().allows(BASE + "/late/page")


@pytest.mark.parametrize(
    "status, outcome, decision",
    [
        (200, RULES, RobotsDecision.ALLOWED),
        (404, ALLOW_ALL, RobotsDecision.NO_RULES),
        (403, ALLOW_ALL, RobotsDecision.NO_RULES),
        (500, DISALLOW_ALL, RobotsDecision.UNAVAILABLE),
        (503, DISALLOW_ALL, RobotsDecision.UNAVAILABLE),
        (429, DISALLOW_ALL, RobotsDecision.UNAVAILABLE),
        (None, DISALLOW_ALL, RobotsDecision.UNAVAILABLE),
    ],
)
def test_status_codes(status: int | None, outcome: str, decision: RobotsDecision) -> None:
    entry = RobotsCacheEntry.from_response(BASE, status, b"User-agent: *\nDisallow: /private\n", NOW)
    assert entry.outcome == outcome
    assert entry.rules().decision(BASE + "/page") == decision
    assert entry.expires_at - entry.fetched_at <= timedelta(hours=24)


def test_origin() -> None:
    assert origin_of("HTTPS://Example.COM:443/a?b") == "https://example.com"
    assert origin_of("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080"


def test_many_stars_cannot_stall_the_matcher() -> None:
    # A regex translation of '*' backtracked exponentially here (15 s for one URL).
    import time

    rules = RobotsRules.parse("User-agent: *\nDisallow: /" + "a*" * 12 + "b\n")
    started = time.perf_counter()
    assert rules.allows(BASE + "/" + "a" * 80)
    assert not rules.allows(BASE + "/" + "a" * 80 + "b/rest")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("pattern, path, matches", [
    ("/a*c", "/abc", True), ("/a*c", "/ab", False), ("/a*c$", "/abcd", False), ("/a*c$", "/abcc", True),
    ("/*", "/", True), ("*", "/anything", True), ("/fish$", "/fish", True), ("/fish$", "/fish/", False),
    ("/**x", "/yyx", True), ("/a$b", "/a$bc", True),
])
def test_glob_cases(pattern: str, path: str, matches: bool) -> None:
    from precall.research.robots import glob_match

    assert glob_match(pattern, path) is matches


def test_a_wildcard_at_the_start_of_a_pattern_matches_anywhere() -> None:
    text = "User-agent: *\nDisallow: *foo\nDisallow: *.php$\n"
    assert not allows(text, "/foo")
    assert not allows(text, "/a/b/foo/c")
    assert not allows(text, "/x?q=foo")
    assert not allows(text, "/index.php")
    assert allows(text, "/index.php?x=1")
    assert allows(text, "/bar")


def test_an_end_anchor_after_a_single_character() -> None:
    text = "User-agent: *\nDisallow: /a$\nDisallow: /$\n"
    assert not allows(text, "/a")
    assert allows(text, "/ab")
    assert allows(text, "/a/")
    assert not allows(text, "/")  # only the root itself
    assert allows(text, "/b")


def test_a_crawl_delay_does_not_leak_into_the_next_group() -> None:
    text = "User-agent: slowbot\nCrawl-delay: 5\nUser-agent: precall\nDisallow: /private\n"
    rules = RobotsRules.parse(text)
    assert rules.crawl_delay() is None
    assert rules.crawl_delay("slowbot") == 5
    assert not rules.allows(BASE + "/private/x")
    assert rules.allows(BASE + "/private/x", "slowbot")  # and our rules do not leak back into its group
    # The other way round: a delay after our group's rules belongs to the next agent's group only.
    text = "User-agent: precall\nDisallow: /x\nUser-agent: other\nCrawl-delay: 9\n"
    assert RobotsRules.parse(text).crawl_delay() is None


def test_a_cached_5xx_answer_expires_after_an_hour_a_good_one_after_a_day() -> None:
    failed = RobotsCacheEntry.from_response(BASE, 503, b"", NOW)
    assert failed.expires_at == NOW + timedelta(hours=1)
    unreachable = RobotsCacheEntry.from_response(BASE, None, b"", NOW)
    assert unreachable.expires_at == NOW + timedelta(hours=1)
    good = RobotsCacheEntry.from_response(BASE, 200, b"User-agent: *\nDisallow:\n", NOW)
    assert good.expires_at == NOW + timedelta(hours=24)
    missing = RobotsCacheEntry.from_response(BASE, 404, b"", NOW)
    assert missing.expires_at == NOW + timedelta(hours=24)


def test_origin_keeps_ipv6_brackets_and_port() -> None:
    assert origin_of("http://[::1]:8080/a") == "http://[::1]:8080"
    assert origin_of("https://[2001:DB8::1]/a") == "https://[2001:db8::1]"
    assert origin_of("https://[2001:db8::1]:443/a") == "https://[2001:db8::1]"
    assert origin_of("https://Example.COM./a") == "https://example.com"
