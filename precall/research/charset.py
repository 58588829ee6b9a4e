"""Turning the raw bytes of a fetched page into text without mojibake.

requests decodes ``text/html`` with no charset as ISO-8859-1 (RELIABILITY.md), so
pages reach the extractor as bytes and are decoded here, in the order browsers use:
a byte-order mark, the charset the server declared, ``<meta charset>`` or its
``http-equiv`` form in the first bytes, then a statistical guess (charset-normalizer),
and UTF-8 with replacement characters as the last resort. Never Latin-1 by default.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re

import charset_normalizer

log = logging.getLogger("precall.research")

# Browsers look for <meta charset> in the first 1024 bytes; real pages often put long
# <script> or <style> blocks first, so look a little further.
META_SCAN_BYTES = 8192
# charset-normalizer is slow on large inputs; a sample is as telling as the whole.
DETECT_SAMPLE_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)

# WHATWG Encoding Standard: these labels mean windows-1252 in practice.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "iso8859-1": "cp1252", "x-sjis": "shift_jis", "gb2312": "gb18030",
            "gbk": "gb18030", "unicode": "utf-8", "utf8": "utf-8", "x-user-defined": "cp1252"}


def normalise_encoding(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None if it is unknown or unsafe.

    Unsafe: Python's registry also answers to base64, zlib, rot13, hex, uu, quopri,
    bz2 (not text encodings: decoding "text" with them raises or makes noise), and to
    codecs no HTML page can be sniffed in (EBCDIC code pages, idna, punycode,
    "undefined", the escape codecs). A page naming one is read as if it named none.
    """
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a label with a NUL byte
        return None
    # A page cannot really be UTF-16 if we found its <meta> as ASCII bytes; and
    # UTF-7 is a known XSS vector. Treat both as UTF-8, as browsers do.
    if codec.name.startswith(("utf-16", "utf-32", "utf-7")):
        return "utf-8"
    return codec.name if _usable_for_html(codec.name) else None


# Not charsets of any web page, though Python counts them as text encodings.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "unicode_escape", "raw_unicode_escape"})
# The bytes every HTML page starts with must decode to themselves: that is what lets a
# <meta charset> be found at all, and what EBCDIC and friends fail.
_ASCII_PROBE = b'<!doctype html><html lang="en"><meta charset="x"> A-Z a-z 0-9 /?=&;:.,()'


@functools.lru_cache(maxsize=None)
def _usable_for_html(codec_name: str) -> bool:
    codec = codecs.lookup(codec_name)
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
        return False
    try:
        if _ASCII_PROBE.decode(codec.name) != _ASCII_PROBE.decode("ascii"):
            return False
        # Every byte value must decode with replacement (idna, punycode and
        # "undefined" raise whatever the error handler).
        bytes(range(256)).decode(codec.name, errors="replace")
    except (UnicodeError, LookupError, TypeError, ValueError):
        return False
    return True


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def declared_in_markup(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag (either form) declares near the start, if any."""
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return normalise_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _declared_xml(data: bytes) -> str | None:
    match = re.match(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})["']""", data[:512])
    return normalise_encoding(match.group(1).decode("ascii", "ignore")) if match else None


# Legacy single-byte code pages by the page's language, for when statistics alone
# cannot tell them apart (short or repetitive text): browsers fall back the same way.
_LEGACY_BY_LANGUAGE = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be", "mk"), "cp1251"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    "el": "cp1253", "tr": "cp1254", "he": "cp1255", "ar": "cp1256", "fa": "cp1256", "vi": "cp1258",
}
_HTML_LANG = re.compile(rb"""<html[^>]{0,400}?\blang\s*=\s*["']?([a-zA-Z]{2})""", re.IGNORECASE)
#: How much more "chaos" than the best guess we accept to pick the language's code page.
_CHAOS_TOLERANCE = 0.15


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess on a sample, or None when it has none.

    Among near-equal single-byte guesses, the page's ``lang`` decides, and
    windows-1252 (the web's default) wins when there is no such hint."""
    if not data:
        return None
    sample = data[:DETECT_SAMPLE_BYTES]
    try:
        matches = list(charset_normalizer.from_bytes(sample))
    except Exception:  # a detector failure must never cost us the page
        log.debug("charset detection failed", exc_info=True)
        return None
    if not matches:
        return None
    best = matches[0]
    lang = _HTML_LANG.search(sample)
    preferred = _LEGACY_BY_LANGUAGE.get(lang.group(1).decode("ascii").lower(), "cp1252") if lang else "cp1252"
    for match in matches:
        if normalise_encoding(match.encoding) == preferred and match.chaos <= best.chaos + _CHAOS_TOLERANCE:
            return preferred
    return normalise_encoding(best.encoding)


def detect_encoding(data: bytes, declared: str | None = None) -> str:
    """The codec to decode ``data`` with; ``declared`` is the HTTP header's charset."""
    bom = bom_encoding(data)
    if bom is not None:
        return bom[0]
    for candidate in (normalise_encoding(declared), declared_in_markup(data), _declared_xml(data)):
        if candidate is not None:
            return candidate
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # Truncated in the middle of a multi-byte sequence is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    return guess_encoding(data) or "utf-8"


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes to text; never raises on bad bytes (they become U+FFFD)."""
    bom = bom_encoding(data)
    if bom is not None:
        return data[bom[1]:].decode(bom[0], errors="replace")
    encoding = detect_encoding(data, declared)
    return data.decode(encoding, errors="replace")
