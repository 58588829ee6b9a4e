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
