"""Reading RSS and Atom feeds into entries, offline and sanitised.

feedparser is given the bytes wrapped in a stream: handed a ``str`` that looks like a
URL it would fetch it itself, and handed ``bytes`` that name a file it would read that
file. Summaries come out as plain text (feedparser's sanitiser first drops scripts and
styles with their content; the remaining tags are then stripped).
"""

from __future__ import annotations

import calendar
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from precall.research.dates import parse_datetime

log = logging.getLogger("precall.research")

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 500
MAX_SUMMARY_CHARS = 2_000


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: datetime | None
    author: str
    summary: str


@dataclass(frozen=True)
class Feed:
    title: str
    url: str  # the site the feed is about, if it says
    entries: tuple[FeedEntry, ...]


def html_to_text(fragment: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    """Plain text of an HTML fragment, without the content of scripts and styles."""
    if not fragment or "<" not in fragment:
        return " ".join((fragment or "").split())[:limit]
    try:
        root = lxml.html.fragment_fromstring(fragment[: limit * 20], create_parent="div")
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return ""
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        bad.drop_tree()
    return " ".join(root.text_content().split())[:limit]


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
            except (OverflowError, ValueError, TypeError):
                continue
    for key in ("published", "updated", "dc_date"):
        if entry.get(key):
            found = parse_datetime(str(entry.get(key)))
            if found is not None:
                return found
    return None


def _link(entry: Any, base: str) -> str:
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", []) if link.get("rel", "alternate") == "alternate"]
    candidates.append(entry.get("id") if str(entry.get("guidislink", "")) != "False" else None)
    for candidate in candidates:
        if not candidate or not isinstance(candidate, str):
            continue
        try:
            absolute = urljoin(base, candidate.strip())
        except ValueError:
            continue
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
    return ""


def parse_feed_document(data: bytes, url: str) -> Feed:
    """The feed's title, site link and entries (newest as the feed orders them)."""
    if not isinstance(data, (bytes, bytearray)):
        raise ValueError("parse_feed needs the feed's raw bytes")
    stream = io.BytesIO(bytes(data[:MAX_FEED_BYTES]))
    try:
        parsed = feedparser.parse(stream, response_headers={"content-location": url}, sanitize_html=True,
                                  resolve_relative_uris=True)
    except (ValueError, LookupError) as exc:
        # feedparser lets a few hostile inputs escape its own error handling: a character
        # reference beyond U+10FFFF (chr() raises) or an undecodable encoding name in the
        # XML declaration (UnicodeDecodeError is a ValueError). Unreadable, like any bozo feed.
        log.info("feed %s could not be read: %s", url, exc)
        return Feed(title="", url="", entries=())
    if parsed.get("bozo") and not parsed.entries:
        log.info("feed %s could not be read: %s", url, parsed.get("bozo_exception"))
    entries: list[FeedEntry] = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = _link(entry, url)
        summary = entry.get("summary") or ""
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value", "")
        title = html_to_text(entry.get("title", ""), 500)
        if not link and not title:
            continue
        entries.append(FeedEntry(
            url=link,
            title=title,
            published=_when(entry),
            author=html_to_text(entry.get("author", ""), 200),
            summary=html_to_text(summary),
        ))
    feed = parsed.get("feed", {})
    return Feed(title=html_to_text(feed.get("title", ""), 500), url=_link(feed, url), entries=tuple(entries))


def parse_feed(data: bytes, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed given as bytes; never touches the network."""
    return list(parse_feed_document(data, url).entries)


def looks_like_feed(data: bytes) -> bool:
    """A cheap test on the first bytes: is this RSS, Atom or RDF rather than a page?

    Skips what may come before the root element, in any order: a byte-order mark,
    whitespace, the XML declaration, processing instructions (``<?xml-stylesheet?>``,
    which many blogs use to style their feed for browsers), comments and a DOCTYPE
    (RSS 0.91's, with or without an internal subset). Then the root element decides,
    by its local name, so ``<atom:feed>`` counts and an XHTML ``<html>`` does not."""
    head = _utf8_head(data[:PROLOG_BYTES])
    position = 0
    while True:
        match = _PROLOG.match(head, position)
        if match is None:
            break
        if match.end() == position:
            break
        position = match.end()
    root = _ROOT.match(head, position)
    return root is not None and root.group(1).rsplit(b":", 1)[-1].lower() in _FEED_ROOTS


PROLOG_BYTES = 16_384
_FEED_ROOTS = (b"rss", b"feed", b"rdf")
# One piece of the prolog: whitespace, a processing instruction (the XML declaration is
# one), a comment, or a DOCTYPE whose internal subset [...] may itself contain '>'.
_PROLOG = re.compile(rb"""\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[[^\]]*\][^>\[]*)*>""", re.IGNORECASE | re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _utf8_head(head: bytes) -> bytes:
    """The first bytes without a byte-order mark; UTF-16 text re-encoded so one scan fits all."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")
