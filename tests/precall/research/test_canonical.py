"""canonical_url for international and IPv6 hosts: one address per page, whatever way
the host is written, and always an address that can still be fetched."""

from __future__ import annotations

import pytest

from precall.net.urls import validate_url
from precall.research.canonical import canonical_url, choose_canonical


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Upper case, a trailing dot and the default port are the same host.
        ("HTTPS://WWW.Example.COM:443/a", "https://www.example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("http://example.com:80/a#top", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        # International names: Unicode, upper case, trailing dot and the A-label agree.
        ("https://münchen.de/x", "https://xn--mnchen-3ya.de/x"),
        ("https://MÜNCHEN.DE/x", "https://xn--mnchen-3ya.de/x"),
        ("https://münchen.de./x", "https://xn--mnchen-3ya.de/x"),
        ("https://xn--mnchen-3ya.de/x", "https://xn--mnchen-3ya.de/x"),
        ("https://bücher.example:8443/", "https://xn--bcher-kva.example:8443/"),
        # IDNA 2008 (what requests sends): ß stays ß, it is not folded to "ss".
        ("https://faß.de/", "https://xn--fa-hia.de/"),
        # IPv6 literals: brackets kept, one textual form, ports and zone ids kept.
        ("http://[2001:DB8:0:0::1]/a", "http://[2001:db8::1]/a"),
        ("http://[2001:db8::1]:80/a", "http://[2001:db8::1]/a"),
        ("http://[2001:db8::1]:8080/a?b=2&a=1", "http://[2001:db8::1]:8080/a?a=1&b=2"),
        ("https://[0:0:0:0:0:0:0:1]:8443/", "https://[::1]:8443/"),
        ("http://[fe80::1%25eth0]:8080/", "http://[fe80::1%25eth0]:8080/"),
        ("http://[::FFFF:192.0.2.1]/", "http://[::ffff:c000:201]/"),
    ],
)
def test_hosts_are_canonical(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected  # stable
    assert validate_url(expected) == expected  # and still a fetchable URL


@pytest.mark.parametrize("url", ["https://[::1", "https://example.com:99999/", "not a url", "ftp://example.com/"])
def test_unusable_urls_come_back_trimmed_not_raised(url: str) -> None:
    assert canonical_url(f"  {url} ") == url


def test_a_canonical_link_on_an_ipv6_or_international_host_stays_on_that_host() -> None:
    assert choose_canonical("http://[2001:db8::1]:8080/a?utm_source=x", "/b") == "http://[2001:db8::1]:8080/b"
    assert choose_canonical("https://münchen.de/a", "https://MÜNCHEN.de/b") == "https://xn--mnchen-3ya.de/b"
    assert choose_canonical("http://[2001:db8::1]/a", "http://[2001:db8::2]/b") == "http://[2001:db8::1]/a"
