"""What ``net.addresses`` promises, where the mutation run found nothing watching: the exact
reason each kind of non-public address is refused (also inside IPv6 wrappers), the public
addresses that are let through, and look-ups with and without a time limit."""

from __future__ import annotations

import ipaddress
import socket
import time
from typing import Any

import pytest

from precall.net.addresses import non_public_reason, resolve, resolve_checked
from precall.net.errors import BlockedAddressError, HostUnreachableError


@pytest.mark.parametrize(("address", "reason"), [
    ("0.0.0.0", "unspecified"),
    ("10.0.0.1", "private network"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("::7f00:1", "IPv4-compatible-wrapped loopback (this computer)"),
    ("64:ff9b::7f00:1", "NAT64-wrapped loopback (this computer)"),
    ("64:ff9b::a00:1", "NAT64-wrapped private network"),
    ("64:ff9b:1::1", "private network (local NAT64)"),
    ("::ffff:127.0.0.1", "IPv4-mapped-wrapped loopback (this computer)"),
])
def test_each_non_public_address_is_named_for_what_it_is(address: str, reason: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["8.8.8.8", "::ffff:8.8.8.8", "64:ff9b::808:808", "2606:4700:4700::1111",
                                     "2001:4860:4860::8888"])
def test_public_addresses_and_translators_views_of_them_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


def test_a_look_up_with_a_short_time_limit_still_answers() -> None:
    assert (socket.AF_INET, "127.0.0.1") in resolve("127.0.0.1", 80, timeout=0.5)
    assert resolve("127.0.0.1", 80) == resolve("127.0.0.1", 80, timeout=5)


def test_a_slow_resolver_is_waited_for_without_a_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    assert resolve_checked("127.0.0.1", 80, allow_private=True) == [(socket.AF_INET, "127.0.0.1")]


def test_a_name_that_does_not_resolve_is_a_host_failure_naming_the_url() -> None:
    url = "https://nothing-here.invalid/page"
    with pytest.raises(HostUnreachableError, match="'nothing-here.invalid' could not be resolved") as info:
        resolve_checked("nothing-here.invalid", 443, allow_private=False, url=url)
    assert info.value.url == url


def test_a_refusal_names_the_url_it_was_asked_for() -> None:
    url = "http://127.0.0.1:8080/x"
    with pytest.raises(BlockedAddressError) as info:
        resolve_checked("127.0.0.1", 8080, allow_private=False, url=url)
    assert str(info.value).startswith(f"Refused to fetch {url}: 127.0.0.1 resolves to 127.0.0.1, a loopback")
    with pytest.raises(BlockedAddressError, match="^Refused to fetch 127.0.0.1: "):
        resolve_checked("127.0.0.1", 8080, allow_private=False)
