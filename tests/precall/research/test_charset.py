"""charset.py: every encoding label a page can declare leads to text, never to a crash.

Python's codec registry also holds codecs that are not text encodings (base64, zlib,
rot13, hex, uu, quopri, bz2...) and text codecs a page cannot be written in for HTML
sniffing (EBCDIC code pages, idna, punycode, "undefined"). A page declaring one of
them must be decoded as if it declared nothing.
"""

from __future__ import annotations

import codecs
import encodings
import encodings.aliases
import pkgutil

import pytest

from precall.research.charset import decode_html, detect_encoding, normalise_encoding
from precall.research.extract import extract_page


def all_labels() -> list[str]:
    modules = {m.name for m in pkgutil.iter_modules(encodings.__path__) if not m.name.startswith("_")}
    labels = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | modules
    labels -= {"aliases"}
    return sorted(labels)


LABELS = all_labels()
NON_TEXT = ["base64", "base_64", "zlib", "zip", "rot13", "rot_13", "hex", "hex_codec", "uu", "quopri",
            "quoted_printable", "bz2", "bz2_codec"]
NOT_FOR_HTML = ["idna", "punycode", "undefined", "cp037", "cp500", "cp1140", "cp273", "cp424", "cp875", "cp1026",
                "unicode_escape", "raw_unicode_escape"]
PAGE = "<html><head>{meta}<title>Ärger über Öl</title></head><body><article><p>{text}</p></article></body></html>"
TEXT = "Nordlicht Logistik eröffnet ein neues Lager in Köln. " * 4


def test_the_labels_cover_what_python_knows() -> None:
    assert len(LABELS) > 400
    assert set(NON_TEXT) <= set(LABELS)


@pytest.mark.parametrize("label", NON_TEXT + NOT_FOR_HTML)
def test_non_text_and_non_ascii_compatible_codecs_are_not_used(label: str) -> None:
    assert normalise_encoding(label) is None


@pytest.mark.parametrize("label", ["utf-8", "UTF8", "windows-1252", "latin1", "shift_jis", "euc-kr", "koi8-r",
                                   "gb2312", "big5", "iso-8859-15", "cp1251"])
def test_real_web_charsets_are_still_used(label: str) -> None:
    name = normalise_encoding(label)
    assert name is not None and codecs.lookup(name)._is_text_encoding


def test_every_label_declared_in_the_header_or_the_page_never_raises() -> None:
    body = PAGE.format(meta="", text=TEXT).encode("utf-8")
    extracted: set[str] = set()
    for label in LABELS:
        in_page = PAGE.format(meta=f'<meta charset="{label}">', text=TEXT).encode("utf-8")
        in_http_equiv = PAGE.format(meta=f'<meta http-equiv="Content-Type" content="text/html; charset={label}">',
                                    text=TEXT).encode("utf-8")
        for data, declared in ((body, label), (in_page, None), (in_http_equiv, None)):
            encoding = detect_encoding(data, declared)
            assert codecs.lookup(encoding)._is_text_encoding, (label, encoding)
            text = decode_html(data, declared)
            assert isinstance(text, str), label
        # The extractor sees the label only through decode_html (checked above for every
        # label); run it whole once per codec the labels name, to keep this test quick.
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            codec = label
        if codec not in extracted:
            extracted.add(codec)
            page = extract_page(body, "https://acme.example/news", charset=label)
            assert "Nordlicht" in page.text, label


@pytest.mark.parametrize("label", NON_TEXT + ["idna", "punycode"])
def test_a_page_declaring_a_non_text_codec_is_read_as_utf8(label: str) -> None:
    data = PAGE.format(meta=f'<meta charset="{label}">', text=TEXT).encode("utf-8")
    page = extract_page(data, "https://acme.example/news")
    assert page.title == "Ärger über Öl"
    page = extract_page(PAGE.format(meta="", text=TEXT).encode("utf-8"), "https://acme.example/", charset=label)
    assert page.title == "Ärger über Öl"
