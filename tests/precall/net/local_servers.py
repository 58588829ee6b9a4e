"""Raw HTTP servers on loopback for what pytest-httpserver cannot do: drip bytes
slowly, stall, or send hand-made headers. Shared by the net and research tests."""

from __future__ import annotations

import requests

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# handler(conn, request_head) writes whatever it likes to conn.
RawHandler = Callable[[socket.socket, bytes], None]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


def has_ipv6_loopback() -> bool:
    """Can a server listen on [::1] here (some containers have no IPv6 at all)?"""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


def url_host(host: str) -> str:
    """``host`` as written in a URL: IPv6 literals in brackets."""
    return f"[{host}]" if ":" in host else host


@contextmanager
def raw_server(handler: RawHandler, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``handler`` on a fresh port; yields the base URL ("http://127.0.0.1:PORT")."""
    stop = threading.Event()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            conn: socket.socket = self.request
            conn.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    data = conn.recv(4096)
                    if not data:
                        return
                    head += data
                if not stop.is_set():
                    handler(conn, head)
            except OSError:
                pass

    server = (_Server6 if ":" in host else _Server)((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{url_host(host)}:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def drip(body_bytes: int = 10_000, interval: float = 0.2, content_type: str = "text/html") -> RawHandler:
    """Headers at once, then the body one byte per ``interval`` (a slow-drip server)."""

    def handler(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {body_bytes}\r\n\r\n".encode()
        )
        for _ in range(body_bytes):
            conn.sendall(b"x")
            time.sleep(interval)

    return handler


def drip_headers(interval: float = 0.2) -> RawHandler:
    """The status line and headers themselves, one byte per ``interval``."""

    def handler(conn: socket.socket, _head: bytes) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"y" * 10_000:
            conn.sendall(bytes([byte]))
            time.sleep(interval)

    return handler


def stall(seconds: float = 5.0) -> RawHandler:
    """Headers, then silence."""

    def handler(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n")
        time.sleep(seconds)

    return handler


def closed_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def reset_connection() -> RawHandler:
    """Close the connection with a TCP reset instead of answering."""

    def handler(conn: socket.socket, _head: bytes) -> None:
        import struct

        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    return handler


def get(session: "requests.Session", url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """``safe_get`` as these tests call it: local servers are allowed unless said otherwise."""
    from precall.net import safe_get

    kwargs.setdefault("allow_private", True)
    return safe_get(session, url, **kwargs)  # type: ignore[arg-type]
