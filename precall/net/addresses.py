"""Which network addresses Precall may reach, and resolving host names to check them.

Scraped pages and shared templates name URLs chosen by others; following one to
``127.0.0.1`` or ``192.168.1.1`` would let a web page probe the rep's own machine or
office network. So every address a host name resolves to is checked, on every hop.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from typing import Any

from precall.net.errors import BlockedAddressError, DeadlineExceededError, FetchError, HostUnreachableError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Python's is_private does not cover the shared (carrier-grade NAT) range.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
# IPv6 ranges that carry an IPv4 address inside: reaching them reaches that IPv4
# address (through a relay or a translator), so the IPv4 address is what gets checked.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: a site's own translator
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """(what kind of embedding, IPv4 address) for every IPv4 address ``address`` carries."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if address.ipv4_mapped is not None:
        found.append(("IPv4-mapped", address.ipv4_mapped))
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        found.append(("IPv4-compatible", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    if address.sixtofour is not None:
        found.append(("6to4", address.sixtofour))
    if address.teredo is not None:
        server, client = address.teredo
        found += [("Teredo", client), ("Teredo", server)]
    if address in _NAT64:
        found.append(("NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    return found


def non_public_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address, or None if it is one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        for kind, inner in embedded:
            reason = non_public_reason(inner)
            if reason is not None:
                return f"{kind}-wrapped {reason}"
        if embedded and embedded[0][0] in ("IPv4-mapped", "NAT64"):
            return None  # a translator's view of a public IPv4 address: as public as it is
        if address.is_site_local:
            return "site-local (private network)"
        if address in _NAT64_LOCAL:
            return "private network (local NAT64)"
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


def resolve(host: str, port: int, *, timeout: float | None = None) -> list[tuple[int, str]]:
    """(family, address) pairs for ``host`` in the resolver's order.

    Raises HostUnreachableError when the name does not resolve, and
    DeadlineExceededError when the look-up takes longer than ``timeout`` seconds:
    ``getaddrinfo`` has no timeout of its own and a stuck resolver can block it for
    minutes, so with a timeout it runs in a daemon thread that is abandoned (it ends
    when the resolver gives up) rather than waited for.
    """
    if timeout is None:
        infos = _getaddrinfo(host, port)
    else:
        if timeout <= 0:
            raise DeadlineExceededError(f"No time was left to look up the host name {host!r}.")
        box: list[Any] = []
        done = threading.Event()

        def look_up() -> None:
            try:
                box.append(_getaddrinfo(host, port))
            except BaseException as exc:  # handed to the waiting thread, which re-raises it
                box.append(exc)
            finally:
                done.set()

        threading.Thread(target=look_up, name="precall-net-resolve", daemon=True).start()
        if not done.wait(timeout):
            raise DeadlineExceededError(f"Looking up the host name {host!r} took longer than {timeout:.3g} s; gave up.")
        if isinstance(box[0], BaseException):
            raise box[0]
        infos = box[0]
    seen: list[tuple[int, str]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        entry = (family, str(sockaddr[0]).split("%", 1)[0])
        if entry not in seen:
            seen.append(entry)
    return seen


def _getaddrinfo(host: str, port: int) -> list[Any]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HostUnreachableError(
            f"The host name {host!r} could not be resolved ({exc.strerror}); are you offline?"
        ) from exc
    except UnicodeError as exc:
        raise HostUnreachableError(f"The host name {host!r} is not valid.") from exc


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


def resolve_checked(
    host: str, port: int, *, allow_private: bool, url: str = "", timeout: float | None = None
) -> list[tuple[int, str]]:
    """``resolve`` then ``check_addresses``; ``timeout`` bounds the look-up (see ``resolve``)."""
    try:
        addresses = resolve(host, port, timeout=timeout)
    except FetchError as exc:
        exc.url = exc.url or url
        raise
    check_addresses(host, addresses, allow_private=allow_private, url=url)
    return addresses
