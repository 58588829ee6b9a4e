"""Turning one web page into a research item: title, date, author, summary, main text
and organisation facts. Pure and offline: give it the page, it never fetches anything.

    page = extract_page(raw_bytes_or_text, "https://example.com/news/1")

Bytes are decoded with a real charset detection (``charset``), the markup is bounded
before parsing (size and nesting, see ``html_limits``), parsed with a fallback chain
so malformed markup never raises, and its main text comes from trafilatura, checked
against the JSON-LD ``articleBody`` and a plain ``<article>``/``<main>`` reading
(``main_text``), keeping whichever looks like the article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from precall.research import html_limits, main_text
from precall.research.charset import decode_html
from precall.research.dates import parse_date
from precall.research.facts import read_metadata, social_links

log = logging.getLogger("precall.research")

SUMMARY_CHARS = 400


@dataclass(frozen=True)
class ExtractedPage:
    """What one page says, cleaned. Empty strings mean "not found"."""

    title: str
    published: date | None
    author: str
    summary: str
    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    #: The page's own ``<link rel=canonical>`` (or og:url), absolute, if it gave one.
    canonical_url: str = ""
    site_name: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "published": self.published.isoformat() if self.published else None,
                "author": self.author or None, "summary": self.summary, "text": self.text, "facts": self.facts,
                "canonical_url": self.canonical_url or None, "site_name": self.site_name or None}


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


def parse_html(html: str) -> lxml.html.HtmlElement:
    """An lxml tree for any input; broken markup degrades, it never raises."""
    html = _XML_DECLARATION.sub("", html).replace("\x00", "")
    try:
        tree = lxml.html.document_fromstring(html or "<html></html>")
        if tree is not None:
            return tree
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        log.debug("lxml rejected the markup; trying BeautifulSoup", exc_info=True)
    try:
        from bs4 import BeautifulSoup
        from bs4.builder import ParserRejectedMarkup

        try:
            soup = BeautifulSoup(html, "html.parser")
            return lxml.html.document_fromstring(str(soup) or "<html></html>")
        except (ParserRejectedMarkup, etree.ParserError, ValueError, etree.XMLSyntaxError, AssertionError):
            pass
    except ImportError:  # bs4 is a dependency, but a missing fallback must not hide the page
        pass
    text = re.sub(r"<[^>]{0,2000}>", " ", html)
    body = lxml.html.Element("body")
    paragraph = lxml.html.Element("p")
    paragraph.text = " ".join(text.split())
    body.append(paragraph)
    root = lxml.html.Element("html")
    root.append(body)
    return root


def _clean_title(raw: str, site_name: str, headings: list[str]) -> str:
    title = " ".join(raw.split())
    for heading in headings:  # the <h1> is usually the title without the site's name
        if heading and len(heading) > 10 and heading in title:
            return heading
    if site_name and site_name in title and title != site_name:
        parts = [p for p in _TITLE_SEPARATORS.split(title) if p and p != site_name]
        if parts:
            return max(parts, key=len)
    return title


def _summarise(description: str, text: str) -> str:
    if description:
        return description[:SUMMARY_CHARS]
    first = text.strip().split("\n", 1)[0]
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first[:SUMMARY_CHARS]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > SUMMARY_CHARS // 3 else cut.rsplit(" ", 1)[0] + "…"


def _absolute(url: str, base: str) -> str:
    if not url:
        return ""
    try:
        joined = urljoin(base, url)
    except ValueError:
        return ""
    return joined if urlsplit(joined).scheme in ("http", "https") else ""


def extract_page(html: str | bytes, url: str, *, charset: str | None = None) -> ExtractedPage:
    """Extract a page; ``html`` may be raw bytes (decoded here; ``charset`` is the
    server's declared one, if any) or text. Never fetches, never raises on bad markup."""
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html), charset)
    if not isinstance(html, str):
        raise ValueError("extract_page needs the page as str or bytes")
    whole, html = html, html[: html_limits.MAX_HTML_CHARS]
    tree = parse_html(html)
    if html_limits.too_deep(tree):  # rare: bound the markup itself and parse again
        html = html_limits.bound_html(whole)
        tree = parse_html(html)
    metadata = read_metadata(tree)
    headings = [" ".join(h.text_content().split()) for h in tree.iter("h1")][:3]
    title_element = tree.find(".//title")
    raw_title = metadata.title or (title_element.text_content() if title_element is not None else "") or \
        (headings[0] if headings else "")
    title = _clean_title(raw_title, metadata.site_name, headings)
    text = main_text.extract_main_text(html, tree, url, article_body=metadata.article_body, title=title)
    published = parse_date(metadata.published) or main_text.find_published(tree)
    facts = dict(metadata.facts)
    profiles = social_links(tree)
    if profiles:
        known = facts.setdefault("social_profiles", [])
        known.extend(p for p in profiles if p not in known)
    return ExtractedPage(
        title=title[:500],
        published=published,
        author=metadata.author[:200],
        summary=_summarise(metadata.description, text),
        text=text,
        facts=facts,
        canonical_url=_absolute(metadata.canonical, url),
        site_name=metadata.site_name,
    )
