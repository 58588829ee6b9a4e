"""Finding the main text of a page: trafilatura first, then checks and fallbacks.

trafilatura is the best open-source extractor we measured, but it sometimes returns
nothing, a teaser, or keeps a few boilerplate lines (share buttons, cookie notices,
"related articles"). This module compares its output with the JSON-LD ``articleBody``
and with the paragraphs of ``<article>``/``<main>``, and removes leftover boilerplate
lines. Figures: ``tests/benchmarks/bench_extract.py``.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import trafilatura
from lxml import etree

from precall.research.dates import parse_date

log = logging.getLogger("precall.research")

# Lines that are page furniture, not article, when they stand alone.
_BOILERPLATE_LINE = re.compile(
    r"^(?:"
    r"(?:share|tweet|email|print|save|follow us|like us)(?: (?:this|on|via) [\w ]{0,20})?"
    r"|advertisement|sponsored(?: content)?|related(?: articles| stories| posts| content)?|read more|see also"
    r"|(?:sign up|subscribe)(?: (?:for|to) [\w ]{0,40})?|newsletter|comments?|leave a (?:comment|reply)"
    r"|(?:we|this (?:site|website)) uses? cookies.*|accept(?: all)?(?: cookies)?|cookie (?:settings|policy)"
    r"|(?:©|\(c\)|copyright) .{0,120}|all rights reserved\.?"
    r"|skip to (?:main )?content|back to top|previous(?: article)?|next(?: article)?"
    r")\.?$",
    re.IGNORECASE,
)
_MIN_GOOD_CHARS = 250


def _trafilatura(html: str, url: str) -> str:
    try:
        text = trafilatura.extract(
            html, url=url or None, include_comments=False, include_tables=True, include_images=False,
            include_links=False, favor_precision=False, favor_recall=False, deduplicate=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    return text or ""


def _paragraph_text(element: etree._Element) -> str:
    blocks: list[str] = []
    for node in element.iter("p", "h2", "h3", "h4", "li", "blockquote", "pre"):
        if not isinstance(node.tag, str):
            continue
        words = " ".join(node.text_content().split())
        if words and (node.tag != "li" or len(words) > 60):
            blocks.append(words)
    return "\n".join(blocks)


def container_text(tree: etree._Element) -> str:
    """The paragraphs of the page's ``<article>`` or ``<main>``, if it marks one up."""
    for tag in ("article", "main"):
        candidates = [e for e in tree.iter(tag)]
        if candidates:
            best = max(candidates, key=lambda e: len(e.text_content()))
            text = _paragraph_text(best)
            if len(text) >= _MIN_GOOD_CHARS:
                return text
    return ""


def strip_boilerplate(text: str) -> str:
    kept = [line for line in text.splitlines() if not (len(line) < 160 and _BOILERPLATE_LINE.match(line.strip()))]
    return "\n".join(kept).strip()


def _normalise(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_main_text(html: str, tree: etree._Element, url: str, *, article_body: str = "", title: str = "") -> str:
    """The article's text: paragraphs separated by newlines, boilerplate removed."""
    text = _normalise(_trafilatura(html, url))
    body = _normalise(article_body)
    if body and len(body) >= _MIN_GOOD_CHARS and len(body) > len(text) * 0.8:
        text = body
    if len(text) < _MIN_GOOD_CHARS:
        fallback = container_text(tree)
        if len(fallback) > len(text):
            text = fallback
    text = strip_boilerplate(text)
    if title and text.startswith(title):
        text = text[len(title):].lstrip("\n")
    return text


def find_published(tree: etree._Element) -> date | None:
    """A publication date from ``<time>`` elements when the metadata had none."""
    for element in tree.iter("time"):
        found = parse_date(element.get("datetime") or element.text_content())
        if found is not None:
            return found
    return None
