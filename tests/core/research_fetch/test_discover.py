"""Site exploration on a saved company home page."""

from __future__ import annotations

from pathlib import Path

import pytest

from precall.research.discover import discover_site, same_site

HOME = "https://www.nordlicht-logistik.example/"
PAGE = (Path(__file__).parent / "pages" / "company_home.html").read_bytes()


def by_category(max_pages: int = 20) -> dict[str, list[str]]:
    found = discover_site(PAGE, HOME, max_pages=max_pages)
    grouped: dict[str, list[str]] = {}
    for page in found.pages:
        grouped.setdefault(page.category, []).append(page.url.removeprefix(HOME.rstrip("/")))
    return grouped


def test_finds_the_pages_a_rep_wants() -> None:
    found = by_category()
    assert "/about" in found["about"] and "/unternehmen/ueber-uns" in found["about"]
    assert {"/newsroom", "/press"} <= set(found["news"])
    assert "/karriere" in found["careers"]
    assert found["leadership"] == ["/company/leadership"]
    assert "/solutions/" in found["products"]


def test_same_site_only_and_no_documents_or_mail() -> None:
    urls = [p.url for p in discover_site(PAGE, HOME).pages]
    assert all(same_site(url, HOME) for url in urls)
    assert not any(url.endswith(".pdf") or "partner.example" in url or "linkedin" in url for url in urls)
    assert not any("jobs.nordlicht" in url for url in urls)  # another host, even of the same company


def test_bounded_per_category_and_in_total() -> None:
    found = by_category()
    assert all(len(urls) <= 3 for urls in found.values())
    assert len(discover_site(PAGE, HOME, max_pages=4).pages) == 3
    assert discover_site(PAGE, HOME, max_pages=1).pages == ()


def test_advertised_feeds() -> None:
    feeds = discover_site(PAGE, HOME).feeds
    assert feeds == ("https://www.nordlicht-logistik.example/presse/feed.rss",
                     "https://blog.nordlicht-logistik.example/atom.xml")


@pytest.mark.parametrize("html", [b"", b"<html", b"\x00\xff\xfe garbage", "<div>" * 50_000])
def test_broken_pages_give_an_empty_map_not_an_error(html: bytes | str) -> None:
    found = discover_site(html, HOME)
    assert found.feeds == ()
