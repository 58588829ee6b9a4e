"""Canonical URLs, the cases the mutation run found unchecked: blank query values kept,
UTS 46 mapping of international hosts, an unparsable declared canonical."""

from __future__ import annotations

from precall.research.canonical import canonical_url, choose_canonical


def test_blank_query_values_are_kept_and_sorted() -> None:
    assert canonical_url("https://x.example/p?b=1&a=&utm_source=x") == "https://x.example/p?a=&b=1"


def test_international_hosts_are_mapped_before_encoding() -> None:
    # Full-width letters are valid only after UTS 46 mapping, as requests sends them.
    assert canonical_url("https://ｂücher.example/") == "https://xn--bcher-kva.example/"


def test_an_unparsable_declared_canonical_is_ignored() -> None:
    assert choose_canonical("https://a.example/p?utm_source=x", "http://[::1") == "https://a.example/p"
