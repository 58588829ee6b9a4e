"""Loaded by every Precall process the adversarial suite starts (it is first on their
PYTHONPATH): a hostile case must never make the product reach the internet, so any
connection to a non-loopback address, and any DNS look-up of a name other than
localhost, fails the way an offline machine does (OSError)."""

from __future__ import annotations

import ipaddress
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _check(sock: socket.socket, address: object) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        try:
            ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        except ValueError:
            raise OSError(f"adversarial guard: may not resolve {address[0]!r}") from None
        if not ip.is_loopback:
            raise OSError(f"adversarial guard: may not reach {ip} (loopback only)")


def _connect(sock: socket.socket, address: object) -> object:
    _check(sock, address)
    return _real_connect(sock, address)


def _connect_ex(sock: socket.socket, address: object) -> object:
    _check(sock, address)
    return _real_connect_ex(sock, address)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    if host is not None and name.lower().rstrip(".") not in ("localhost", "localhost.localdomain"):
        try:
            ipaddress.ip_address(name.strip("[]").split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"adversarial guard: no DNS for {name!r}") from None
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.socket.connect = _connect  # type: ignore[method-assign]
socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]
