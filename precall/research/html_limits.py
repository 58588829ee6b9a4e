"""Bounding scraped HTML before any parser, sanitiser or Qt widget sees it.

Deep nesting is slow everywhere (RELIABILITY.md: ``QTextDocument.setHtml`` took over
150 s and ``nh3.clean`` 16 s at 100,000 nested divs), and a page can be arbitrarily
large. ``bound_html`` cuts the input to a size cap and drops the tags that would nest
deeper than a depth cap, keeping their text, in one linear pass over the markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

#: Characters of HTML kept; real article pages are well under this.
MAX_HTML_CHARS = 3_000_000
#: Element nesting kept; real pages rarely exceed 60.
MAX_DEPTH = 120

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
# The start of a comment or of a tag. Comments and raw-text elements are skipped whole by
# ``_tags`` (a "<div>" inside a script or a comment does not count as nesting), with a
# plain search for their end: one lazy pattern over a megabyte of inline script was a
# fifth of the time of extracting a page.
_OPEN = re.compile(r"<(?:(!--)|(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})\b[^>]*?(/?)>)", re.DOTALL)
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
_RAW_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}


def _tags(html: str) -> Iterator[tuple[int, int, bool, str]]:
    """(start, end, closing, name) of each tag that opens or closes an element."""
    position, length = 0, len(html)
    while True:
        match = _OPEN.search(html, position)
        if match is None:
            return
        if match.group(1):
            end = html.find("-->", match.end())
            position = length if end < 0 else end + 3
            continue
        closing, name, self_closing = bool(match.group(2)), match.group(3).lower(), match.group(4)
        if not closing and name in _RAW_TEXT_END:
            end_tag = _RAW_TEXT_END[name].search(html, match.end())
            position = length if end_tag is None else end_tag.end()
            continue
        position = match.end()
        if name not in _VOID and not self_closing:
            yield match.start(), match.end(), closing, name


def bound_html(html: str, *, max_chars: int = MAX_HTML_CHARS, max_depth: int = MAX_DEPTH) -> str:
    """``html`` with tags nested deeper than ``max_depth`` removed, cut to ``max_chars``.

    Nesting is removed before cutting (on at most 4 × ``max_chars``), so a page padded
    with thousands of wrappers keeps the text inside them."""
    html = html[: max_chars * 4]
    if html.count("<") >= max_depth:  # fewer tags cannot nest that deep: the common case, free
        html = _drop_deep_tags(html, max_depth)
    return html[:max_chars]


def _drop_deep_tags(html: str, max_depth: int) -> str:
    out: list[str] = []
    depth = 0
    dropped = 0  # open tags removed, whose close tags must be removed too
    last = 0
    for start, end, closing, _name in _tags(html):
        if closing:
            if dropped and depth >= max_depth:
                dropped -= 1
                out.append(html[last:start])
                last = end
            elif depth:
                depth -= 1
            continue
        if depth >= max_depth:
            dropped += 1
            out.append(html[last:start])
            # Keep a space where a block used to start, so words do not run together.
            out.append(" ")
            last = end
        else:
            depth += 1
    if last == 0:
        return html
    out.append(html[last:])
    return "".join(out)


def max_nesting(html: str) -> int:
    """The deepest element nesting in ``html`` (approximate, for tests and logging)."""
    depth = deepest = 0
    for _start, _end, closing, _name in _tags(html):
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def too_deep(tree: etree._Element, max_depth: int = MAX_DEPTH) -> bool:
    """Whether a parsed page nests ``max_depth`` elements or more. Checking the tree
    lxml built (a tenth of the time of ``bound_html``) lets ordinary pages skip the
    markup pass; libxml2 itself stops at depth 256 and drops the rest of the page, so a
    page this deep must be bounded and parsed again to keep its text."""
    return bool(tree.xpath(f"boolean(//*[count(ancestor::*) >= {int(max_depth)}])"))
