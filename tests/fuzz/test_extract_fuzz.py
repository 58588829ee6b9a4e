"""HTML extraction on hostile pages: never raises, never hangs, bounded memory, and what
comes out is plain, well-typed text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precall.research.extract import SUMMARY_CHARS, ExtractedPage, extract_page
from tests.fuzz.strategies import PAYLOADS, html_documents
from tests.fuzz.support import FUZZ, bounded, fuzz_loop

pytestmark = pytest.mark.fuzz
TESTS = Path(__file__).resolve().parents[1]
URL = "https://news.example.com/2026/11/acme-expands"
SECONDS, PEAK_MB = 15.0, 400


def check(page: ExtractedPage) -> None:
    assert isinstance(page, ExtractedPage)
    for name in ("title", "author", "summary", "text", "canonical_url", "site_name"):
        value = getattr(page, name)
        assert isinstance(value, str), name
        assert "\x00" not in value, f"{name} carries a NUL character"
    assert page.published is None or isinstance(page.published, date)
    assert len(page.summary) <= SUMMARY_CHARS + 10
    assert page.canonical_url == "" or page.canonical_url.startswith(("http://", "https://"))
    page.as_json()


@FUZZ
@given(html_documents())
def test_extract_page_survives_hostile_pages(doc: str | bytes) -> None:
    page, _ = bounded(lambda: extract_page(doc, URL), seconds=SECONDS, peak_mb=PEAK_MB, what="extract_page")
    check(page)


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deep_nesting_is_cut_before_parsing(depth: int) -> None:
    doc = "<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>"
    page, measured = bounded(lambda: extract_page(doc, URL), seconds=SECONDS, peak_mb=PEAK_MB, what="deep nesting")
    check(page)
    assert measured.seconds < SECONDS


def test_a_huge_page_is_bounded() -> None:
    doc = "<html><body><article>" + ("<p>" + "word " * 200 + "</p>") * 20_000 + "</article></body></html>"
    page, _ = bounded(lambda: extract_page(doc.encode(), URL), seconds=SECONDS, peak_mb=PEAK_MB, what="20 MB page")
    check(page)


def test_mutated_real_pages(tmp_path: Path) -> None:
    seeds = [p.read_bytes() for p in sorted(TESTS.glob("core/research_*/pages/*.html"))]
    seeds += ["<html><head><title>t</title></head><body><article><h1>Acme</h1><p>Text.</p></article></body></html>"
              .encode(), "".join(PAYLOADS).encode()]
    stats = fuzz_loop("extract_page", seeds, lambda data: check(extract_page(data, URL)), (),
                      time_limit_s=SECONDS, peak_mb=PEAK_MB, crash_dir=tmp_path)
    assert stats.failures == [], stats.failures


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    page, _ = bounded(lambda: extract_page(data, URL), seconds=SECONDS, peak_mb=PEAK_MB, what="extract_page bytes")
    check(page)
