"""parse_feed: RSS 2.0, Atom, missing dates, hostile content; never any I/O of its own."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precall.research.feeds import looks_like_feed, parse_feed, parse_feed_document

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Logistics Today</title><link>https://logistics.example/</link>
  <item>
    <title>Rail freight volumes rise 8% in Q3</title>
    <link>https://logistics.example/news/rail-q3?utm_source=rss</link>
    <pubDate>Tue, 03 Nov 2026 07:15:00 +0100</pubDate>
    <dc:creator>Sam Okafor</dc:creator>
    <description>&lt;p&gt;European &lt;b&gt;rail&lt;/b&gt; freight grew for the third quarter running.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Port congestion eases</title>
    <link>/news/ports</link>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Fertigung Nachrichten</title>
  <link href="https://fertigung.example/"/>
  <entry>
    <title type="html">Größere Aufträge für Zulieferer</title>
    <link rel="alternate" href="https://fertigung.example/2026/auftraege"/>
    <id>tag:fertigung.example,2026:1</id>
    <updated>2026-10-30T12:00:00Z</updated>
    <author><name>Jörg Weber</name></author>
    <summary type="html">&lt;p&gt;Die Auftragsbücher füllen sich.&lt;/p&gt;</summary>
  </entry>
</feed>""".encode("utf-8")


def test_rss_entries() -> None:
    entries = parse_feed(RSS, "https://logistics.example/feed.xml")
    assert [e.title for e in entries] == ["Rail freight volumes rise 8% in Q3", "Port congestion eases"]
    first, second = entries
    assert first.url == "https://logistics.example/news/rail-q3?utm_source=rss"
    assert first.published == datetime(2026, 11, 3, 6, 15, tzinfo=timezone.utc)
    assert first.author == "Sam Okafor"
    assert first.summary == "European rail freight grew for the third quarter running."
    assert second.url == "https://logistics.example/news/ports"  # relative link resolved against the feed
    assert second.published is None  # a missing date stays missing, never "now"


def test_atom_entries() -> None:
    feed = parse_feed_document(ATOM, "https://fertigung.example/atom.xml")
    assert feed.title == "Fertigung Nachrichten"
    (entry,) = feed.entries
    assert entry.title == "Größere Aufträge für Zulieferer"
    assert entry.url == "https://fertigung.example/2026/auftraege"
    assert entry.published == datetime(2026, 10, 30, 12, 0, tzinfo=timezone.utc)
    assert entry.author == "Jörg Weber"
    assert entry.summary == "Die Auftragsbücher füllen sich."


def test_script_in_summary_is_removed_with_its_content() -> None:
    feed = RSS.replace(b"&lt;/p&gt;</description>",
                       b"&lt;script&gt;steal(document.cookie)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
                       b"&lt;/p&gt;</description>")
    summary = parse_feed(feed, "https://logistics.example/feed.xml")[0].summary
    assert "steal" not in summary and "alert" not in summary and "<" not in summary
    assert summary.startswith("European rail freight")


def test_javascript_links_are_dropped() -> None:
    feed = RSS.replace(b"https://logistics.example/news/rail-q3?utm_source=rss", b"javascript:alert(1)")
    entries = parse_feed(feed, "https://logistics.example/feed.xml")
    assert not entries[0].url.startswith("javascript")


def test_bytes_naming_a_local_file_are_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    assert parse_feed(str(secret).encode(), "https://x.example/feed") == []


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET-MARKER")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t</title>
<item><title>a &xxe; b</title><link>https://x.example/a</link><description>&xxe;</description></item>
</channel></rss>""".encode()
    entries = parse_feed(xxe, "https://x.example/feed")
    assert all("SECRET-MARKER" not in e.title + e.summary for e in entries)


def test_a_str_url_is_refused_rather_than_fetched() -> None:
    with pytest.raises(ValueError):
        parse_feed("https://example.com/feed.xml", "https://example.com/feed.xml")  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [b"", b"not a feed", b"<html><body>hi</body></html>", b"<rss><channel><item>",
                                  b"\xff\xfe\x00\x00garbage"])
def test_garbage_gives_no_entries_and_no_error(data: bytes) -> None:
    assert isinstance(parse_feed(data, "https://x.example/"), list)


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS) and looks_like_feed(ATOM)
    assert looks_like_feed(b"\xef\xbb\xbf<!-- generator --><rss version='2.0'>")
    assert not looks_like_feed(b"<!DOCTYPE html><html>")


FEED_PARTS = [b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<channel>", b"<item>", b"</item>", b"<title>",
              b"</title>", b"<link>", b"</link>", b"<pubDate>", b"</pubDate>", b"<feed xmlns='http://www.w3.org/2005/Atom'>",
              b"<entry>", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"<![CDATA[", b"]]>", b"\xff\xfe", b"&#0;"]


@pytest.mark.fuzz
@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FEED_PARTS), st.binary(max_size=20)), max_size=60))
def test_fuzzed_feeds_never_raise(parts: list[bytes]) -> None:
    for entry in parse_feed(b"".join(parts), "https://fuzz.example/feed"):
        assert entry.url == "" or entry.url.startswith(("http://", "https://"))


# Real-world shapes of the prolog before the root element: each used to make the feed
# read as a page (its entries then never became items).
WORDPRESS_STYLED = b"""<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="https://blog.example/wp-content/plugins/pretty-feed/style.xsl"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Blog</title><link>https://blog.example/</link>
<item><title>Warehouse automation in 2026</title><link>https://blog.example/2026/automation/</link>
<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate><description>Robots.</description></item>
</channel></rss>"""
RSS_091_DOCTYPE = b"""<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old news</title><link>https://old.example/</link>
<item><title>Port strike ends</title><link>https://old.example/strike</link></item></channel></rss>"""
ATOM_BOM_COMMENT_CSS = (b"\xef\xbb\xbf\r\n  <!-- generator=\"Blogger\" -->\n"
                        b"<?xml-stylesheet href=\"/feed.css\" type=\"text/css\"?>\n"
                        b"<!DOCTYPE feed [<!ENTITY nbsp \"&#160;\">]>\n"
                        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Team blog</title>"
                        b"<entry><title>Q3 results</title><link href=\"https://team.example/q3\"/>"
                        b"<id>tag:team.example,2026:q3</id><updated>2026-11-01T10:00:00Z</updated></entry></feed>")
PREFIXED_ATOM = (b"<?xml version='1.0'?><atom:feed xmlns:atom='http://www.w3.org/2005/Atom'><atom:entry>"
                 b"<atom:title>Prefixed</atom:title><atom:link href='https://p.example/1'/></atom:entry></atom:feed>")
XHTML_PAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="/site.css" type="text/css"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>About us</title></head><body><p>rss feed</p></body></html>"""


@pytest.mark.parametrize("data, title", [
    (WORDPRESS_STYLED, "Warehouse automation in 2026"), (RSS_091_DOCTYPE, "Port strike ends"),
    (ATOM_BOM_COMMENT_CSS, "Q3 results"), (PREFIXED_ATOM, "Prefixed"),
    ('<?xml version="1.0" encoding="utf-16"?>\n<?xml-stylesheet href="s.xsl"?><rss version="2.0"><channel>'
     '<item><title>Wide</title><link>https://w.example/1</link></item></channel></rss>'.encode("utf-16"), "Wide"),
])
def test_feeds_with_a_doctype_stylesheet_bom_or_comment_are_feeds(data: bytes, title: str) -> None:
    assert looks_like_feed(data)
    assert [e.title for e in parse_feed(data, "https://x.example/feed")] == [title]


@pytest.mark.parametrize("data", [
    XHTML_PAGE, b"<!DOCTYPE html><!-- rss --><html><body><rss>", b"<?xml-stylesheet href='x'?><html>",
    b"", b"<", b"<!--never closed <rss>", b"<?xml never closed <rss>", b"<!DOCTYPE rss [ never closed <rss>",
    b" " * 20_000 + b"<rss>",
])
def test_pages_and_broken_prologs_are_not_feeds(data: bytes) -> None:
    assert not looks_like_feed(data)


@pytest.mark.parametrize("data", [b"<!doctype" + b"[]" * 8000, b"<!doctype" + b"[" * 16000, b"<?" * 8000,
                                  b"<!--" * 4000, b"<!doctype a [" + b"x]" * 8000])
def test_prolog_scan_stays_fast_on_hostile_input(data: bytes) -> None:
    import time

    started = time.perf_counter()
    looks_like_feed(data)
    assert time.perf_counter() - started < 0.5
