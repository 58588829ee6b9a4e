"""Pages built to hurt: malformed, enormous, deeply nested, hostile JSON-LD.

Each would crash or stall an unguarded extractor (RELIABILITY.md: deep nesting is slow
everywhere, json.loads raises RecursionError near 1,000 levels, bs4 rejects some markup).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from precall.research import extract as extract_module
from precall.research import html_limits
from precall.research.extract import extract_page, parse_html
from precall.research.facts import json_depth, load_jsonld

ARTICLE = "<p>" + "Globex expands its Lisbon plant to build heat pumps for the Iberian market. " * 6 + "</p>"


@pytest.mark.parametrize("markup", [
    "", "   ", "<", "<<<>>>", "<html", "</div></div></body>", "<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>",
    "<html><body><p>unclosed <b>bold <i>italic <a href='x'>link", "<p>\x00nul\x00bytes</p>",
    "<!-- never closed comment <p>text", "<script>never closed script", "<table><tr><td><table><td>x",
    "<html><head><title>t</title><meta charset='no-such-charset'></head></html>", "<svg><foreignObject><p>x",
    "\ufeff<!DOCTYPE html><html lang=en>", "<p>" + "&#" * 1000 + "</p>", "<a href='\udcff'>bad surrogate</a>",
])
def test_malformed_markup_never_raises(markup: str) -> None:
    result = extract_page(markup, "https://x.example/")
    assert isinstance(result.text, str)


def test_malformed_bytes_never_raise() -> None:
    for data in (b"\xff\xfe\x00<\x00p", b"\x00" * 100, bytes(range(256)) * 20, b"<meta charset=utf-7><p>+ADw-"):
        assert isinstance(extract_page(data, "").text, str)


def test_when_lxml_rejects_the_markup_bs4_and_then_plain_text_take_over(monkeypatch: pytest.MonkeyPatch) -> None:
    real = extract_module.lxml.html.document_fromstring
    calls = {"n": 0}

    def flaky(html: str, *args: object, **kwargs: object) -> etree._Element:
        calls["n"] += 1
        if calls["n"] == 1:
            raise etree.ParserError("Document is empty")
        return real(html, *args, **kwargs)

    monkeypatch.setattr(extract_module.lxml.html, "document_fromstring", flaky)
    tree = parse_html("<p>Hello <b>world</b></p>")
    assert "Hello world" in tree.text_content()

    def always(*args: object, **kwargs: object) -> etree._Element:
        raise etree.ParserError("Document is empty")

    monkeypatch.setattr(extract_module.lxml.html, "document_fromstring", always)
    tree = parse_html("<p>Hello <b>world</b></p>")
    assert "Hello world" in tree.text_content()


def test_deep_nesting_is_cut_before_parsing_and_stays_fast() -> None:
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + ARTICLE + "</div>" * depth + "</body></html>"
    bounded = html_limits.bound_html(html)
    assert html_limits.max_nesting(bounded) <= html_limits.MAX_DEPTH + 2
    assert "Globex expands its Lisbon plant" in bounded
    start = time.perf_counter()
    result = extract_page(html, "https://x.example/")
    elapsed = time.perf_counter() - start
    assert "Globex expands its Lisbon plant" in result.text
    assert elapsed < 10, f"extracting a 100,000-deep page took {elapsed:.1f}s"


def test_text_after_a_block_deeper_than_libxml2_allows_is_kept() -> None:
    # extract_page parses first and bounds only when the tree is deep; libxml2 stops at
    # depth 256 and silently drops the rest of the page, so that check must re-bound.
    html = "<html><body>" + "<div>" * 300 + "<p>deep</p>" + "</div>" * 300 + ARTICLE + "</body></html>"
    assert html_limits.too_deep(parse_html(html))
    assert not html_limits.too_deep(parse_html("<html><body>" + "<div>" * 100 + "x</body></html>"))
    assert "Globex expands its Lisbon plant" in extract_page(html, "https://x.example/").text


def test_bounding_keeps_shallow_pages_unchanged() -> None:
    html = "<html><body>" + "<div><p>x</p></div>" * 500 + "</body></html>"
    assert html_limits.bound_html(html) == html


def test_nesting_inside_scripts_and_comments_is_not_counted() -> None:
    html = "<script>" + "<div>" * 500 + "</script><!--" + "<div>" * 500 + "--><p>ok</p>"
    assert html_limits.max_nesting(html) == 1
    assert html_limits.bound_html(html) == html


def test_huge_page_is_cut_to_the_size_cap() -> None:
    html = "<html><body>" + ARTICLE + "<p>" + "filler words " * 400_000 + "</p></body></html>"
    assert len(html) > html_limits.MAX_HTML_CHARS
    start = time.perf_counter()
    result = extract_page(html.encode("utf-8"), "https://x.example/")
    assert time.perf_counter() - start < 20
    assert "Globex expands" in result.text


def test_deeply_nested_json_ld_is_skipped_without_recursion_error() -> None:
    deep = '{"a":' * 50_000 + "1" + "}" * 50_000
    assert json_depth(deep) == 50_000
    assert load_jsonld(deep) is None
    html = (f'<html><head><script type="application/ld+json">{deep}</script>'
            '<script type="application/ld+json">{"@type": "Organization", "name": "Initech"}</script>'
            f"</head><body><article>{ARTICLE}</article></body></html>")
    result = extract_page(html, "https://x.example/")
    assert result.facts["name"] == "Initech"


def test_huge_and_wide_json_ld_is_bounded_in_time() -> None:
    wide = "[" + ",".join('{"@type": "Thing", "name": "n%d", "sameAs": ["https://x.example/%d"]}' % (i, i)
                          for i in range(200_000)) + "]"
    start = time.perf_counter()
    result = extract_page(f'<html><head><script type="application/ld+json">{wide}</script></head>'
                          f"<body>{ARTICLE}</body></html>", "")
    assert time.perf_counter() - start < 10
    assert result.facts == {}


def test_json_ld_with_brackets_inside_strings_is_measured_correctly() -> None:
    assert json_depth('{"a": "[[[[{{{{", "b": ["\\"]]]"]}') == 2
    assert load_jsonld('{"@type": "Organization", "name": "A [b] {c}"}') == {"@type": "Organization", "name": "A [b] {c}"}


def test_invalid_json_ld_is_ignored() -> None:
    assert load_jsonld("{not json") is None
    assert load_jsonld("<!-- {\"@type\": \"Thing\"} -->") == {"@type": "Thing"}


TAGS = ["<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<!--", "-->",
        '<script type="application/ld+json">{"@type": "Organization", "name": ', '"}</script>', "<meta charset=",
        "<title>", "</title>", "<h1>", "</h1>", "<br>", "<table><tr><td>", "&amp;", "&#x", "<", ">", '"', "'",
        "<a href='javascript:x'>", "</a>", "<time datetime='2026-13-45'>", "<html lang='pl'>", "\x00", "\ufeff"]


@pytest.mark.fuzz
@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=30)), max_size=80), st.sampled_from(["", "utf-8", "latin-1"]))
def test_fuzzed_markup_never_raises(parts: list[str], encoding: str) -> None:
    markup = "".join(parts)
    data: str | bytes = markup.encode(encoding, errors="replace") if encoding else markup
    page = extract_page(data, "https://fuzz.example/")
    assert isinstance(page.text, str) and isinstance(page.facts, dict)
