"""Bounding scraped HTML before any parser, sanitiser or Qt widget sees it.

Deep nesting is slow everywhere (RELIABILITY.md: ``QTextDocument.setHtml`` took over
150 s and ``nh3.clean`` 16 s at 100,000 nested divs), and a page can be arbitrarily
large. ``bound_html`` cuts the input to a size cap and drops the tags that would nest
deeper than a depth cap, keeping their text, in one linear pass over the markup.
"""

from __future__ import annotations

import re

#: Characters of HTML kept; real article pages are well under this.
MAX_HTML_CHARS = 3_000_000
#: Element nesting kept; real pages rarely exceed 60.
MAX_DEPTH = 120

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
# Tags, comments and raw-text elements; raw text is skipped whole so a "<div>" inside a
# script or a comment does not count as nesting.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


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
    for match in _TOKEN.finditer(html):
        raw_text, closing, name, self_closing = match.group(1), match.group(2), match.group(3), match.group(4)
        if raw_text or name is None:
            continue
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if closing:
            if dropped and depth >= max_depth:
                dropped -= 1
                out.append(html[last:match.start()])
                last = match.end()
            elif depth:
                depth -= 1
            continue
        if depth >= max_depth:
            dropped += 1
            out.append(html[last:match.start()])
            # Keep a space where a block used to start, so words do not run together.
            out.append(" ")
            last = match.end()
        else:
            depth += 1
    if last == 0:
        return html
    out.append(html[last:])
    return "".join(out)


def max_nesting(html: str) -> int:
    """The deepest element nesting in ``html`` (approximate, for tests and logging)."""
    depth = deepest = 0
    for match in _TOKEN.finditer(html):
        raw_text, closing, name, self_closing = match.group(1), match.group(2), match.group(3), match.group(4)
        if raw_text or name is None or name.lower() in _VOID or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest
