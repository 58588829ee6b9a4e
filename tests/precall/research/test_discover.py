"""Site exploration on a saved company home page."""

from __future__ import annotations

import pytest

from precall.research.discover import discover_site, same_site
from tests.precall.research.helpers import PAGES

HOME = "https://www.nordlicht-logistik.example/"
PAGE = (PAGES / "company_home.html").read_bytes()


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


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.acme.example/about", True),
        ("https://acme.example/about", True),  # www. aside
        ("https://acme.example:443/about", True),  # the default port written out
        ("https://acme.example:8443/about", False),  # another port is another server
        ("http://acme.example/about", False),  # another scheme
        ("https://acme.example:99999/about", False),  # unusable: not a site at all
        ("https://jobs.acme.example/", False),
        ("ftp://acme.example/about", False),
    ],
)
def test_same_site_is_same_scheme_host_and_port(url: str, expected: bool) -> None:
    assert same_site(url, "https://acme.example/") is expected


def test_links_to_other_ports_and_unusable_links_are_skipped_not_fatal() -> None:
    home = "https://acme.example/"
    html = b"""<html><head>
      <link rel="alternate" type="application/rss+xml" href="http://[::1/feed">
      <link rel="alternate" type="application/rss+xml" href="https://acme.example:99999/feed.xml">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    </head><body>
      <a href="https://acme.example:8080/about">About (admin port)</a>
      <a href="http://[::1/news">News</a>
      <a href="https://acme.example:99999/careers">Careers</a>
      <a href="https://acme.example/te am">Team</a>
      <a href="/products">Products</a>
      <a href="/about-us">About us</a>
    </body></html>"""
    found = discover_site(html, home)
    assert sorted(p.url for p in found.pages) == ["https://acme.example/about-us", "https://acme.example/products"]
    assert found.feeds == ("https://acme.example/feed.xml",)


def test_an_ipv6_home_page_finds_its_own_links() -> None:
    home = "http://[2001:db8::10]:8080/"
    html = b"<a href='/about'>About</a><a href='http://[2001:db8::10]/news'>News (port 80)</a>"
    found = discover_site(html, home)
    assert [p.url for p in found.pages] == ["http://[2001:db8::10]:8080/about"]
