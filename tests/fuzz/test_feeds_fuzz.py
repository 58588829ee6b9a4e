"""RSS/Atom from hostile servers: parse_feed never raises, never hangs, keeps memory
bounded, and what it returns is plain text with only http(s) links."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precall.research.feeds import MAX_ENTRIES, MAX_SUMMARY_CHARS, FeedEntry, parse_feed
from tests.fuzz.strategies import PAYLOADS, markup, texts
from tests.fuzz.support import FUZZ, bounded, fuzz_loop

pytestmark = pytest.mark.fuzz
URL = "https://news.example.com/feed.xml"
# Generous: feedparser's sanitiser is pure Python and tracemalloc slows it 5-10x (a linear 1.4 s for
# 700 KB of nested markup becomes ~10 s); a real hang still trips it.
SECONDS, PEAK_MB = 30.0, 300

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Acme news</title><link>https://acme.example</link>
<item><title>Acme opens a plant</title><link>https://acme.example/news/1</link>
<pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate><description>&lt;p&gt;Big &lt;b&gt;news&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Second</title><link>/news/2</link><author>jo@acme.example (Jo)</author></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><link href="https://acme.example/"/>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title><link href="https://acme.example/a"/>
<updated>2026-11-20T10:00:00Z</updated><content type="html">&lt;script&gt;alert(1)&lt;/script&gt;Body</content></entry>
</feed>"""
BOMBS = [
    # Billion laughs: entity expansion must be refused or capped, not expanded.
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
    '<rss><channel><item><title>&h;</title><link>https://x.example/</link></item></channel></rss>',
    # External entity: must never read a local file.
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<rss><channel><item><title>&x;</title><link>https://x.example/</link></item></channel></rss>',
]


def check(entries: list[FeedEntry]) -> None:
    assert isinstance(entries, list) and len(entries) <= MAX_ENTRIES
    for entry in entries:
        assert entry.url == "" or entry.url.startswith(("http://", "https://")), entry.url
        # Text may hold a literal "<script>" (an escaped one in the feed); it is made inert
        # where it is shown (see test_render_safety), not here.
        assert all(isinstance(text, str) for text in (entry.title, entry.author, entry.summary))
        assert len(entry.summary) <= MAX_SUMMARY_CHARS and len(entry.title) <= 500
        assert "root:" not in entry.title, "an external entity was resolved"
        assert entry.published is None or isinstance(entry.published, datetime)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 8))):
        link = draw(st.one_of(st.sampled_from(["https://acme.example/x", "/relative", "javascript:alert(1)",
                                               "file:///etc/passwd", "//evil.example/x", "", "http://[::1"]), texts))
        items.append(f"<item><title>{draw(texts)}</title><link>{link}</link>"
                     f"<pubDate>{draw(st.one_of(texts, st.just('Sun, 22 Nov 2026 09:00:00 GMT')))}</pubDate>"
                     f"<description><![CDATA[{draw(markup(6))}{draw(st.sampled_from(PAYLOADS))}]]></description>"
                     f"</item>")
    doc = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{draw(texts)}</title>{''.join(items)}"
    if draw(st.booleans()):
        doc += "</channel></rss>"
    return doc.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")


def parse_and_check(data: bytes) -> None:
    check(parse_feed(data, URL))


@FUZZ
@given(feeds())
def test_parse_feed_survives_hostile_feeds(data: bytes) -> None:
    bounded(lambda: parse_and_check(data), seconds=SECONDS, peak_mb=PEAK_MB, what="parse_feed")


@FUZZ
@given(st.binary(max_size=4096))
def test_parse_feed_survives_arbitrary_bytes(data: bytes) -> None:
    bounded(lambda: parse_and_check(data), seconds=SECONDS, peak_mb=PEAK_MB, what="parse_feed bytes")


@pytest.mark.parametrize("bomb", BOMBS, ids=["billion-laughs", "external-entity"])
def test_entity_bombs_are_not_expanded(bomb: str) -> None:
    entries, _ = bounded(lambda: parse_feed(bomb.encode(), URL), seconds=SECONDS, peak_mb=PEAK_MB, what="bomb")
    check(entries)
    assert all(len(e.title) < 10_000 for e in entries)


def test_mutated_feeds(tmp_path: Path) -> None:
    # The entity bombs have their own test; as seeds they would eat the loop's time (2 s each).
    seeds = [RSS.encode(), ATOM.encode()]
    stats = fuzz_loop("parse_feed", seeds, parse_and_check, (), time_limit_s=SECONDS, peak_mb=PEAK_MB,
                      crash_dir=tmp_path)
    assert stats.failures == [], stats.failures


def test_a_character_reference_beyond_unicode_is_survived() -> None:
    check(parse_feed(b"<rss><channel><item><title>a &#x110000; b</title></item></channel></rss>", URL))


def test_an_undecodable_encoding_name_is_survived() -> None:
    check(parse_feed(b'<?xml version="1.0" encoding="\x81"?><rss/>', URL))
