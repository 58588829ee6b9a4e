"""robots.txt from hostile servers: parsing never raises, answers come fast, and the
matcher agrees with a plain reference reading of RFC 9309's ``*`` and ``$``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precall.research.robots import RobotsRules, normalize
from tests.fuzz.support import FUZZ, bounded, fuzz_loop

pytestmark = pytest.mark.fuzz

PATH_CHARS = st.sampled_from(list("/abc.-_?=&%*$é~ 09"))
patterns = st.text(PATH_CHARS, min_size=1, max_size=24)
paths = st.text(PATH_CHARS.filter(lambda c: c not in "*$"), max_size=40).map(lambda p: "/" + p)
line_kinds = st.sampled_from(["User-agent", "user-agent", "Allow", "Disallow", "disallow", "Crawl-delay",
                              "Sitemap", "Host", "useragent", "Crawl_delay", "junk"])
lines = st.tuples(line_kinds, st.one_of(patterns, st.sampled_from(["*", "precall", "Precall/1.0", "googlebot",
                                                                    "", "1e309", "-5", "nan", "0.5", "10"])))


def reference_match(pattern: str, path: str) -> bool:
    """RFC 9309 matching by dynamic programming: ``*`` any run, trailing ``$`` the end."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    reach = [True] + [False] * len(path)  # reach[j]: body[:i] can match path[:j]
    for char in body:
        if char == "*":
            for j in range(1, len(path) + 1):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j - 1] and path[j - 1] == char for j in range(1, len(path) + 1)]
    return reach[len(path)] if anchored else any(reach)


@FUZZ
@given(st.lists(lines, max_size=30), paths)
def test_any_robots_txt_parses_and_answers_quickly(entries: list[tuple[str, str]], path: str) -> None:
    text = "\n".join(f"{key}: {value}" for key, value in entries)
    rules, _ = bounded(lambda: RobotsRules.parse(text), seconds=2, peak_mb=50, what="robots parse")
    answer, _ = bounded(lambda: rules.allows("https://site.example" + path), seconds=2, peak_mb=50,
                        what="robots allows")
    assert isinstance(answer, bool)
    delay = rules.crawl_delay()
    assert delay is None or 0 <= delay < 86_400


@FUZZ
@given(patterns, paths)
def test_matching_agrees_with_the_reference_reading(pattern: str, path: str) -> None:
    pattern, path = normalize(pattern), normalize(path)
    rules = RobotsRules.parse(f"User-agent: *\nDisallow: {pattern}\n")
    assert rules.allows("https://site.example" + path) == (not reference_match(pattern, path)), (pattern, path)


def test_mutated_robots_files(tmp_path) -> None:  # noqa: ANN001
    seeds = [b"User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nCrawl-delay: 2\n",
             b"User-agent: precall\nUser-agent: other\nDisallow: /*.pdf$\n\nUser-agent: *\nDisallow: /\n",
             b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /a%3cb\r\nSitemap: https://x/s.xml\r\n"]

    def call(data: bytes) -> None:
        rules = RobotsRules.parse(data.decode("utf-8", errors="replace"))
        for url in ("https://x.example/", "https://x.example/private/ok", "https://x.example/a.pdf?x=1"):
            assert isinstance(rules.allows(url), bool)

    # The limit allows for tracemalloc, which makes re.compile of a 140 KB pattern ~10x slower.
    stats = fuzz_loop("robots", seeds, call, (), time_limit_s=20, peak_mb=100, crash_dir=tmp_path)
    assert stats.failures == [], stats.failures


def test_a_pattern_with_many_stars_cannot_stall_the_matcher() -> None:
    # Found by this suite: the regex-based matcher took 15 s on 'Disallow: /a*a*a*a*a*a*a*a*b' and a
    # 60-character path (exponential backtracking); robots.py now matches wildcards in linear steps.
    rules = RobotsRules.parse("User-agent: *\nDisallow: /" + "a*" * 12 + "b\n")
    bounded(lambda: rules.allows("https://site.example/" + "a" * 80), seconds=1, peak_mb=50, what="robots ReDoS")
