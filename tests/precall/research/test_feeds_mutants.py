"""feeds.py's limits and fall-backs, each pinned (the mutation run found them unchecked):
the caps on bytes, entries and text, the date fall-backs, links and the sanitiser."""

from __future__ import annotations

from datetime import datetime, timezone

from precall.research.feeds import (
    MAX_ENTRIES,
    MAX_FEED_BYTES,
    MAX_SUMMARY_CHARS,
    _link,
    _when,
    html_to_text,
    looks_like_feed,
    parse_feed,
    parse_feed_document,
)

URL = "https://news.example/feed.xml"


def _rss(items: str, title: str = "News") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://news.example/</link>{items}</channel></rss>").encode("utf-8")


def _item(n: int, extra: str = "") -> str:
    return f"<item><title>Story {n}</title><link>https://news.example/{n}</link>{extra}</item>"


def test_html_to_text_keeps_to_its_limit_and_reads_only_a_bounded_prefix() -> None:
    assert html_to_text("plain   words  here", 5) == "plain"
    assert html_to_text("<p>one</p> <p>two</p>") == "one two"
    # Only limit * 20 characters are parsed: text after that is never reached.
    assert html_to_text("<b>x</b>" + " " * 300 + "<b>y</b>", 10) == "x"
    assert html_to_text("<b>x</b>" + " " * 100 + "<b>y</b>", 10) == "x y"


def test_summary_is_capped() -> None:
    (entry,) = parse_feed(_rss(_item(1, f"<description>{'a' * 3000}</description>")), URL)
    assert len(entry.summary) == MAX_SUMMARY_CHARS == 2000


def test_feed_title_is_capped_at_500() -> None:
    feed = parse_feed_document(_rss(_item(1), title="T" * 600), URL)
    assert feed.title == "T" * 500
    assert feed.url == "https://news.example/"


def test_at_most_500_entries() -> None:
    entries = parse_feed(_rss("".join(_item(n) for n in range(MAX_ENTRIES + 3))), URL)
    assert len(entries) == MAX_ENTRIES == 500
    assert entries[-1].title == "Story 499"


def test_only_the_first_10_mib_are_read() -> None:
    # The second entry starts a few KiB past the cap: it is never seen.
    head = _rss(_item(1)).split(b"</channel>")[0]
    padding = b"<!--" + b"x" * (MAX_FEED_BYTES - len(head) + 4096) + b"-->"
    data = head + padding + _item(2).encode() + b"</channel></rss>"
    assert MAX_FEED_BYTES == 10 * 1024 * 1024
    assert [e.title for e in parse_feed(data, URL)] == ["Story 1"]


def test_content_stands_in_for_a_missing_summary() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title>Only content</title><link href="https://news.example/c"/><id>urn:x:1</id>
    <content type="html">&lt;p&gt;The body text.&lt;/p&gt;</content></entry></feed>"""
    (entry,) = parse_feed(atom, URL)
    assert entry.summary == "The body text."


def test_the_sanitiser_drops_applets_with_their_content() -> None:
    # feedparser's sanitiser removes applet, script and style together with their content;
    # our own tag stripping drops only scripts and styles.
    summary = "&lt;p&gt;Visible&lt;/p&gt;&lt;applet&gt;hidden applet text&lt;/applet&gt;"
    (entry,) = parse_feed(_rss(_item(1, f"<description>{summary}</description>")), URL)
    assert entry.summary == "Visible"


def test_an_undated_entry_has_no_date() -> None:
    (entry,) = parse_feed(_rss(_item(1)), URL)
    assert entry.published is None
    assert _when({}) is None


def test_dates_fall_back_field_by_field() -> None:
    assert _when({"published": "not a date", "updated": "2026-10-30T12:00:00Z"}) == datetime(
        2026, 10, 30, 12, tzinfo=timezone.utc)
    assert _when({"published": "not a date"}) is None
    # A parsed date out of range is skipped for the next one.
    assert _when({"published_parsed": (99999, 1, 1, 0, 0, 0, 0, 1, 0),
                  "updated_parsed": (2026, 1, 2, 3, 4, 5, 4, 2, 0)}) == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_empty_or_odd_links_are_no_link() -> None:
    assert _link({"link": ""}, URL) == ""
    assert _link({"link": 42}, URL) == ""  # type: ignore[dict-item]
    assert _link({"link": " /a "}, URL) == "https://news.example/a"
    assert _link({"links": [{"rel": "enclosure", "href": "https://x.example/e"}]}, URL) == ""
    assert _link({"links": [{"href": "https://x.example/alt"}]}, URL) == "https://x.example/alt"
    assert _link({"id": "https://x.example/id", "guidislink": False}, URL) == ""
    assert _link({"id": "https://x.example/id"}, URL) == "https://x.example/id"


def test_prefixed_roots_count_by_their_local_name() -> None:
    assert looks_like_feed(b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not looks_like_feed(b"<html:html><rss>")
    assert not looks_like_feed(b"just text")


def test_content_stands_in_for_an_empty_description() -> None:
    item = ('<item><title>Body only</title><link>https://news.example/b</link><description></description>'
            '<content:encoded><![CDATA[<p>The full body.</p>]]></content:encoded></item>')
    data = _rss(item).replace(b'<rss version="2.0">',
                              b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">')
    (entry,) = parse_feed(data, URL)
    assert entry.summary == "The full body."
