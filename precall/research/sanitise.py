"""Making research text safe to show in a Qt text widget (or a brief).

Qt's text widgets never fetch remote images but do read local files (``file:`` URLs
and absolute paths), and deep nesting makes ``setHtml`` take minutes (RELIABILITY.md).
So HTML is bounded (size, depth) first, then cleaned by nh3 with a tag allowlist, no
images at all, http(s) links only and relative URLs denied (nh3 would keep
``/etc/passwd``). Run this on a worker thread, never on the GUI thread.
"""

from __future__ import annotations

import html
import re

import nh3

from precall.research.html_limits import bound_html

MAX_DISPLAY_CHARS = 400_000
MAX_DISPLAY_DEPTH = 40
ALLOWED_TAGS = frozenset({"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                          "code", "b", "strong", "i", "em", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
                          "small", "sub", "sup", "div", "span"})
_URL = re.compile(r"\bhttps?://[^\s<>\"']{3,2000}")


def sanitise_html(fragment: str) -> str:
    """A bounded, cleaned HTML fragment: no scripts, styles, images or non-web links."""
    bounded = bound_html(fragment, max_chars=MAX_DISPLAY_CHARS, max_depth=MAX_DISPLAY_DEPTH)
    return nh3.clean(
        bounded,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object", "svg", "math"},
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def text_to_html(text: str) -> str:
    """Plain text as escaped paragraphs, with bare http(s) addresses made links."""
    text = text[:MAX_DISPLAY_CHARS]
    paragraphs = []
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            continue
        escaped = html.escape(block, quote=True)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append(f"<p>{linked}</p>")
    return "\n".join(paragraphs)
