"""Exploring a company site from its home page: which links lead to the pages a rep
wants before a call (about, news or press, careers, leadership, products) and which
feeds the site advertises. Pure: give it the home page, it fetches nothing.

Bounded by design: depth 1 (only links on the home page), same site only (same
scheme, host with or without ``www.``, and port: another port is another server), at
most ``max_pages`` pages including the home page. A link that is not a usable URL
(port 99999, a broken IPv6 literal...) is skipped, never fatal.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from precall.net.urls import is_valid_url
from precall.research.html_limits import bound_html
from precall.research.charset import decode_html

log = logging.getLogger("precall.research.discover")

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
#: Most links of one kind worth fetching: a site can have a hundred product pages.
PER_CATEGORY = 3
MAX_FEEDS = 3

# Words in the link text or the URL path that say what a page is (a few languages).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "about": ("about", "about-us", "who-we-are", "company", "our-story", "ueber-uns", "uber-uns", "über uns",
              "a-propos", "à propos", "quienes-somos", "chi-siamo", "over-ons", "unternehmen"),
    "news": ("news", "press", "newsroom", "media", "press-releases", "blog", "insights", "announcements",
             "presse", "actualites", "actualités", "noticias", "nieuws", "aktuelles"),
    "careers": ("careers", "career", "jobs", "join-us", "work-with-us", "vacancies", "karriere", "emplois",
                "carrieres", "empleo", "werken-bij"),
    "leadership": ("leadership", "team", "our-team", "management", "executives", "board", "our-people",
                   "founders", "vorstand", "geschäftsführung", "direction", "equipo"),
    "products": ("products", "product", "solutions", "services", "platform", "pricing", "produkte", "produits",
                 "productos", "leistungen", "offerings"),
}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SKIP_EXTENSIONS = re.compile(r"\.(pdf|jpe?g|png|gif|svg|webp|zip|mp4|mp3|docx?|xlsx?|pptx?)$", re.IGNORECASE)
_WORD = re.compile(r"[\w\u00c0-\u024f]+(?:[-\s][\w\u00c0-\u024f]+)*")


@dataclass(frozen=True)
class DiscoveredPage:
    url: str
    category: str
    link_text: str
    score: int


@dataclass(frozen=True)
class SiteMap:
    home_url: str
    pages: tuple[DiscoveredPage, ...]
    feeds: tuple[str, ...]


def site_key(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, home_url: str) -> bool:
    """Same scheme, host (``www.`` aside) and port; False for anything unusable."""
    try:
        a, b = urlsplit(url), urlsplit(home_url)
        a_port, b_port = a.port or _DEFAULT_PORTS.get(a.scheme.lower()), b.port or _DEFAULT_PORTS.get(b.scheme.lower())
    except ValueError:
        return False
    return (a.scheme.lower() in _DEFAULT_PORTS and a.scheme.lower() == b.scheme.lower() and a_port == b_port
            and site_key(a.hostname or "") == site_key(b.hostname or ""))


def _absolute(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``, without fragment; None if it is not a usable URL."""
    try:
        url = urldefrag(urljoin(base, href))[0]
    except ValueError:  # urllib refuses some malformed links (e.g. "http://[::1")
        return None
    return url if is_valid_url(url) else None


def _score(category_words: tuple[str, ...], text: str, path: str) -> int:
    score = 0
    text = text.lower().strip()
    segments = [s for s in path.lower().strip("/").split("/") if s]
    for word in category_words:
        if text == word or text == word.replace("-", " "):
            score = max(score, 5)
        elif word.replace("-", " ") in text and len(text) < 40:
            score = max(score, 3)
        if segments and segments[-1].split(".")[0] == word:
            score = max(score, 4 + (1 if len(segments) == 1 else 0))
        elif word in segments:
            score = max(score, 2)
    return score


def discover_site(html: bytes | str, home_url: str, *, charset: str | None = None, max_pages: int = 20) -> SiteMap:
    """Candidate pages (best first, at most ``max_pages - 1`` besides the home page) and feeds."""
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html), charset)
    try:
        tree = lxml.html.document_fromstring(bound_html(html) or "<html></html>")
    except (etree.ParserError, ValueError) as exc:
        log.info("home page %s could not be parsed: %s", home_url, exc)
        return SiteMap(home_url, (), ())
    base = home_url
    for element in tree.iter("base"):
        if element.get("href"):
            base = _absolute(home_url, element.get("href") or "") or home_url
            break
    feeds = _feeds(tree, base, home_url)
    home = urldefrag(home_url)[0]
    best: dict[str, DiscoveredPage] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = _absolute(base, href)
        if url is None or url == home or not same_site(url, home_url) or _SKIP_EXTENSIONS.search(urlsplit(url).path):
            continue
        text = " ".join((anchor.text_content() or anchor.get("title") or anchor.get("aria-label") or "").split())
        path = urlsplit(url).path
        for category, words in CATEGORIES.items():
            score = _score(words, text, path)
            if score and (url not in best or best[url].score < score):
                best[url] = DiscoveredPage(url, category, text[:200], score)
    chosen: list[DiscoveredPage] = []
    per_category: dict[str, int] = {}
    for page in sorted(best.values(), key=lambda p: (-p.score, len(p.url), p.url)):
        if per_category.get(page.category, 0) >= PER_CATEGORY:
            continue
        per_category[page.category] = per_category.get(page.category, 0) + 1
        chosen.append(page)
    room = max(0, max_pages - 1)
    return SiteMap(home_url, tuple(chosen[:room]), feeds)


def _feeds(tree: etree._Element, base: str, home_url: str) -> tuple[str, ...]:
    """Feeds advertised with <link rel="alternate" type="application/rss+xml" href=...>."""
    found: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            url = _absolute(base, href)
            if url is not None and url not in found:
                found.append(url)
    # Feeds may live on a feed host (feeds.example.com); they are still the site's own.
    return tuple(found[:MAX_FEEDS])
