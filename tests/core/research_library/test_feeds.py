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
