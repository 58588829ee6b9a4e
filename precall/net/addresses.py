"""Which network addresses Precall may reach, and resolving host names to check them.

Scraped pages and shared templates name URLs chosen by others; following one to
``127.0.0.1`` or ``192.168.1.1`` would let a web page probe the rep's own machine or
office network. So every address a host name resolves to is checked, on every hop.
"""

from __future__ import annotations

import ipaddress
import socket

from precall.net.errors import BlockedAddressError, UnreachableError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Python's is_private does not cover the shared (carrier-grade NAT) range.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def non_public_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address, or None if it is one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return non_public_reason(address.ipv4_mapped)
    if address.is_loopback:
        return "loopback (this computer)"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "carrier-grade NAT"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private network"
    if not address.is_global:
        return "reserved"
    return None


def resolve(host: str, port: int) -> list[tuple[int, str]]:
    """(family, address) pairs for ``host`` in the resolver's order; raises UnreachableError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnreachableError(f"The host name {host!r} could not be resolved ({exc.strerror}); are you offline?") from exc
    except UnicodeError as exc:
        raise UnreachableError(f"The host name {host!r} is not valid.") from exc
    seen: list[tuple[int, str]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        entry = (family, str(sockaddr[0]).split("%", 1)[0])
        if entry not in seen:
            seen.append(entry)
    return seen


def check_addresses(host: str, addresses: list[tuple[int, str]], *, allow_private: bool, url: str = "") -> None:
    """Refuse the host if ANY of its addresses is non-public (unless allowed).

    All of them, not just the first: a host answering with one public and one private
    address could otherwise be connected to the private one on a retry.
    """
    if allow_private:
        return
    for _family, text in addresses:
        reason = non_public_reason(ipaddress.ip_address(text))
        if reason is not None:
            raise BlockedAddressError(
                f"Refused to fetch {url or host}: {host} resolves to {text}, a {reason} address. "
                "Only public web sites are fetched unless local network addresses are allowed.",
                url,
                address=text,
                reason=reason,
            )


def resolve_checked(host: str, port: int, *, allow_private: bool, url: str = "") -> list[tuple[int, str]]:
    addresses = resolve(host, port)
    check_addresses(host, addresses, allow_private=allow_private, url=url)
    return addresses
