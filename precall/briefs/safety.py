"""Making text from research pages and from the user inert in a brief.

Everything shown is escaped; a link is kept only if it is an absolute http(s) URL, so
``javascript:``, ``file:`` and ``data:`` links never appear in a brief or its exports.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#|~!&$^])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """Text without control characters (they break PDF text and Markdown alike)."""
    return _CONTROL.sub("", value or "")


def one_line(value: str | None) -> str:
    return _SPACES.sub(" ", clean_text(value)).strip()


def esc(value: str | None) -> str:
    """Text for HTML content or attribute values."""
    return html.escape(clean_text(value), quote=True)


def safe_url(value: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None."""
    text = one_line(value)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Percent-encode what could end an attribute or a Markdown link target.
    return quote(text, safe=":/?#[]@!$&'*+,;=%-._~")


def md_escape(value: str | None) -> str:
    """Inline Markdown text: specials backslash-escaped, on one line."""
    return _MD_SPECIALS.sub(r"\\\1", one_line(value))


def md_paragraph(value: str | None) -> str:
    """A Markdown paragraph that keeps line breaks but cannot start a list or heading."""
    lines = [_MD_SPECIALS.sub(r"\\\1", _SPACES.sub(" ", line).strip()) for line in clean_text(value).splitlines()]
    text = "  \n".join(line for line in lines if line)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)
