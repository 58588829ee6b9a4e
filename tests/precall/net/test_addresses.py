"""Which addresses count as non-public."""

from __future__ import annotations

import ipaddress

import pytest

from precall.net.addresses import check_addresses, non_public_reason
from precall.net.errors import BlockedAddressError


@pytest.mark.parametrize(
    "address, reason",
    [
        ("127.0.0.1", "loopback"),
        ("127.5.6.7", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
    ],
)
def test_non_public(address: str, reason: str) -> None:
    assert reason in (non_public_reason(ipaddress.ip_address(address)) or "")


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


def test_one_private_address_among_public_ones_blocks_the_host() -> None:
    import socket

    pairs = [(socket.AF_INET, "93.184.216.34"), (socket.AF_INET, "10.0.0.5")]
    with pytest.raises(BlockedAddressError):
        check_addresses("mixed.example", pairs, allow_private=False)
    check_addresses("mixed.example", pairs, allow_private=True)


@pytest.mark.parametrize(
    "address, reason",
    [
        # 6to4 (2002::/16) carries an IPv4 address in bits 16-48: the relay delivers there.
        ("2002:7f00:1::", "loopback"),
        ("2002:7f00::", "loopback"),
        ("2002:a00:1::", "private"),
        ("2002:ac10:1::", "private"),
        ("2002:c0a8:101::", "private"),
        ("2002:a9fe:a9fe::", "link-local"),
        ("2002:6440:1::", "carrier-grade NAT"),
        # IPv4-mapped and the deprecated IPv4-compatible form.
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::127.0.0.1", "loopback"),
        ("::10.0.0.1", "private"),
        # Teredo (2001::/32): client address stored inverted, server in the clear.
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),
        ("2001:0:a00:1:8000:63bf:a2ff:fffe", "private"),
        # NAT64 (RFC 6052 well-known prefix, and RFC 8215 local-use prefix).
        ("64:ff9b::7f00:1", "loopback"),
        ("64:ff9b::a00:1", "private"),
        ("64:ff9b::c0a8:101", "private"),
        ("64:ff9b:1::a00:1", "private"),
        # Site-local (deprecated but still routed inside some networks).
        ("fec0::1", "site-local"),
        ("feff:ffff::1", "site-local"),
    ],
)
def test_ipv6_forms_of_non_public_ipv4_and_site_local_are_non_public(address: str, reason: str) -> None:
    assert reason in (non_public_reason(ipaddress.ip_address(address)) or "")


@pytest.mark.parametrize("address", ["2002:5db8:d822::1", "64:ff9b::5db8:d822", "::ffff:93.184.216.34"])
def test_ipv6_forms_of_a_public_ipv4_stay_public(address: str) -> None:
    # A NAT64 network (IPv6-only mobile networks) reaches every IPv4 site this way.
    assert non_public_reason(ipaddress.ip_address(address)) is None


def test_a_stuck_resolver_is_cut_off_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time

    from precall.net.addresses import resolve
    from precall.net.errors import DeadlineExceededError

    def stuck(*args: object, **kwargs: object) -> list[object]:
        time.sleep(3)  # the environment's resolver hanging, not our code
        return []

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError) as info:
        resolve("stuck.example", 443, timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert "stuck.example" in str(info.value)


def test_an_unknown_name_means_the_host_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from precall.net.addresses import resolve
    from precall.net.errors import HostUnreachableError

    def unknown(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    for timeout in (None, 5.0):
        with pytest.raises(HostUnreachableError):
            resolve("nowhere.example", 443, timeout=timeout)
