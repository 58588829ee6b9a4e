"""Finding the main text of a page: trafilatura first, then checks and fallbacks.

trafilatura is the best open-source extractor we measured, but it sometimes returns
nothing, a teaser, or keeps a few boilerplate lines (share buttons, cookie notices,
"related articles"). We ask it for precision (its balanced mode keeps comment threads
and sign-up boxes on real pages) and fall back to the balanced mode when that leaves
too little; then compare with the JSON-LD ``articleBody`` and with the paragraphs of
``<article>``/``<main>``, and remove leftover boilerplate lines and a trailing block
of story links (found by link density in the page, not by its wording). "Too little" is
measured with ``text_weight``, so a Chinese or Japanese lead is not mistaken for a
stub. Figures on 50 real pages: ``tests/benchmarks/bench_extract.py``.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import date

import lxml.html
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
    r"|(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,120}|all rights reserved\.?"
    r"|skip to (?:main )?content|back to top|previous(?: article)?|next(?: article)?"
    r")\.?$",
    re.IGNORECASE,
)
_MIN_GOOD_CHARS = 250
# Han, kana and Hangul syllables: one of them says about as much as a short word.
_DENSE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def text_weight(text: str) -> int:
    """Length of ``text`` for "is this enough text?" checks, in Latin-letter terms: a
    Japanese teaser of 235 characters is as long as an English one of 700."""
    return len(text) + 2 * len(_DENSE_CHAR.findall(text))


def _trafilatura(document: str | lxml.html.HtmlElement, url: str, *, precise: bool = True) -> str:
    # Given our parsed tree, trafilatura skips a second parse (it copies before cleaning).
    try:
        text = trafilatura.extract(
            document, url=url or None, include_comments=False, include_tables=True, include_images=False,
            include_links=False, favor_precision=precise, favor_recall=False, deduplicate=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    return text or ""


def _paragraph_text(element: lxml.html.HtmlElement) -> str:
    blocks: list[str] = []
    for node in element.iter("p", "h2", "h3", "h4", "li", "blockquote", "pre"):
        if not isinstance(node.tag, str):
            continue
        words = " ".join(node.text_content().split())
        if words and (node.tag != "li" or len(words) > 60):
            blocks.append(words)
    return "\n".join(blocks)


def container_text(tree: lxml.html.HtmlElement) -> str:
    """The paragraphs of the page's ``<article>`` or ``<main>``, if it marks one up."""
    for tag in ("article", "main"):
        candidates = [e for e in tree.iter(tag)]
        if candidates:
            best = max(candidates, key=lambda e: len(e.text_content()))
            text = _paragraph_text(best)
            if text_weight(text) >= _MIN_GOOD_CHARS:
                return text
    return ""


_LEAD_IN = re.compile(r"^(?:read more|related|see also|also read|more on this|recommended|watch|listen)\s*:", re.I)
_EDGE_LABEL = re.compile(r"^(?:tags?|topics?|filed under|categories|category|keywords|posted in|share this)\s*:", re.I)
_DATE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}"
                   r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})\b")
# "By Maria Jansen · 3 May" but not "By the end of the year, sales doubled": names are
# capitalised and a byline is not a sentence.
_NAME = r"[A-ZÀ-ÞĀ-Ž][\w.'’-]*"
_BYLINE = re.compile(rf"^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Dd]oor|[Dd]i|[Pp]or)\s+{_NAME}(?:\s+{_NAME}){{0,3}}"
                     rf"(?:\s+(?:and|und|et|&)\s+{_NAME}(?:\s+{_NAME}){{0,3}})?\s*(?:[·|,–-].{{0,60}})?$")
_CONTACT_HEADING = re.compile(r"^(?:media|press|investor)\s+(?:contacts?|enquiries|inquiries|relations)\s*:?$", re.I)
_CONTACT_DETAIL = re.compile(r"@[\w-]+\.\w|\+?\d[\d ()-]{7,}\d")
EDGE_LINES = 3


def strip_boilerplate(text: str) -> str:
    """Drop page furniture lines: anywhere when unmistakable (cookie notices, "Read
    more:" teasers), and at the start or end only when merely likely (datelines,
    bylines, tag lists, a press office's contact block)."""
    lines = [line for line in text.splitlines()
             if not (len(line) < 160 and (_BOILERPLATE_LINE.match(line.strip()) or _LEAD_IN.match(line.strip())))]
    for index, line in enumerate(lines):
        if _CONTACT_HEADING.match(line.strip()) and index >= len(lines) - 4 and \
                all(len(rest) < 200 for rest in lines[index + 1:]):
            lines = lines[:index]
            break

    def furniture(line: str) -> bool:
        words = line.split()
        if not words or len(line) > 120:
            return False
        if _EDGE_LABEL.match(line) or (_BYLINE.match(line) and not line.rstrip().endswith((".", "!", "?"))):
            return True
        dated = _DATE.search(line)
        return bool(dated) and len(words) <= 8 and not line.rstrip().endswith((".", "!", "?"))

    while lines and furniture(lines[0]) and len(lines) > 1:
        lines.pop(0)
    while lines and furniture(lines[-1]) and len(lines) > 1:
        lines.pop()
    return "\n".join(lines).strip()


_LINK_BLOCKS = ("li", "p", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td")
_SENTENCE_END = (".", "!", "?", "。", "！", "？", ":", ";")
_MIN_LINK_LINES = 2


def _link_share(tree: lxml.html.HtmlElement) -> dict[str, float]:
    """Text of each list item, paragraph and heading -> the share of it inside links."""
    shares: dict[str, float] = {}
    for element in tree.iter(*_LINK_BLOCKS):
        words = " ".join(element.text_content().split())
        if not words or len(words) > 300:
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        shares[words] = max(shares.get(words, 0.0), min(1.0, linked / len(words)))
    return shares


def drop_trailing_links(text: str, tree: lxml.html.HtmlElement) -> str:
    """Cut a block of links after the article ("More must-reads", "Recent articles",
    related stories): from the end up, at most two short lines (a sign-up prompt),
    then at least two lines that are links, then optionally one short heading. A line
    is a link when 40% of the page element with that text is link text, whatever the
    language, so this needs no list of headings; sentences and long lines stop it."""
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    shares = _link_share(tree)
    start, links, loose = len(lines), 0, 0
    for index in range(len(lines) - 1, 0, -1):
        core = lines[index][2:] if lines[index].startswith("- ") else lines[index]
        if shares.get(core, 0.0) >= 0.4:
            links, start = links + 1, index
            continue
        if len(core) >= 80 or core.rstrip().endswith(_SENTENCE_END):
            break
        if links:  # a short line above the links: their heading, and the block's top
            if links >= _MIN_LINK_LINES:
                start = index
            break
        loose += 1
        if loose > 2:
            break
        start = index
    if links < _MIN_LINK_LINES:
        return text
    return "\n".join(lines[:start])


def _drop_title(text: str, title: str) -> str:
    """The headline is not the article: drop it (and anything above it) when it is
    among the first lines, as extractors often keep the <h1>."""
    if not title:
        return text
    lines = text.split("\n")
    wanted = " ".join(title.split()).casefold()
    for index, line in enumerate(lines[:EDGE_LINES]):
        if " ".join(line.split()).casefold() == wanted:
            return "\n".join(lines[index + 1:])
    return text


def _normalise(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def article_body_text(body: str) -> str:
    """JSON-LD ``articleBody`` as plain text: some sites put (escaped) HTML in it."""
    if "&" in body:
        body = html.unescape(body)
    if "<" not in body or ">" not in body:
        return body
    try:
        fragment = lxml.html.fragment_fromstring(body, create_parent="div")
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return re.sub(r"<[^>]{0,500}>", " ", body)
    for bad in fragment.xpath(".//script|.//style|.//figure|.//figcaption"):
        bad.drop_tree()
    for block in fragment.xpath(".//p|.//h2|.//h3|.//h4|.//li|.//br|.//blockquote"):
        block.tail = "\n" + (block.tail or "")
    return fragment.text_content()


def extract_main_text(html: str, tree: lxml.html.HtmlElement, url: str, *, article_body: str = "", title: str = "") -> str:
    """The article's text: paragraphs separated by newlines, boilerplate removed."""
    document = tree if isinstance(tree, lxml.html.HtmlElement) else html
    # Precision first: on real pages it drops comment threads, sign-up boxes and paywall
    # prompts that the balanced mode keeps (F1 0.919 -> 0.937 on the 50 real pages of
    # bench_extract). When that leaves too little, the balanced mode gets its chance.
    text = _normalise(_trafilatura(document, url))
    if text_weight(text) < _MIN_GOOD_CHARS:
        balanced = _normalise(_trafilatura(document, url, precise=False))
        if len(balanced) > len(text):
            text = balanced
    body = _normalise(article_body_text(article_body))
    if body and text_weight(body) >= _MIN_GOOD_CHARS and len(body) > len(text) * 0.8:
        text = body
    if text_weight(text) < _MIN_GOOD_CHARS:
        fallback = container_text(tree)
        if len(fallback) > len(text):
            text = fallback
    return strip_boilerplate(drop_trailing_links(_drop_title(text, title), tree))


def find_published(tree: lxml.html.HtmlElement) -> date | None:
    """A publication date from ``<time>`` elements when the metadata had none."""
    for element in tree.iter("time"):
        found = parse_date(element.get("datetime") or element.text_content())
        if found is not None:
            return found
    return None
