"""A small web site on loopback for research tests and benchmarks: routes with bodies,
ETags answered with 304, scripted status sequences (429 then 200), a fixed latency,
and a log of every request with its arrival time and the bytes sent back."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    #: Statuses to answer first, one per request, before the normal answer (e.g. [429, 503]).
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    #: Answer with a TCP reset instead of a response (a broken path on a working host).
    reset: bool = False


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    status: int
    bytes_sent: int


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up (a cancelled refresh, a stopped site) are expected here.
        pass


class _CountingWriter:
    def __init__(self, raw: Any, site: "SiteServer") -> None:
        self._raw = raw
        self._site = site

    def write(self, data: bytes) -> int:
        with self._site._lock:
            self._site._wire_bytes += len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class SiteServer:
    def __init__(self, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        self.host = host
        self.latency = latency
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._connections: list[socket.socket] = []
        self._wire_bytes = 0

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kwargs: object) -> Route:
        route = Route(body.encode() if isinstance(body, str) else body, content_type, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def url(self, path: str = "/") -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._server.server_address[1]}{path}"

    @property
    def bytes_sent(self) -> int:
        """Bytes written to clients: status lines, headers and bodies."""
        with self._lock:
            return self._wire_bytes

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def times(self, path_prefix: str = "") -> list[float]:
        with self._lock:
            return [h.at for h in self.hits if h.path.startswith(path_prefix)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                self.wfile = _CountingWriter(self.wfile, site)  # every byte on the wire, headers included
                with site._lock:
                    site._connections.append(self.connection)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                arrived = time.monotonic()
                if site.latency:
                    time.sleep(site.latency)
                route = site.routes.get(self.path.split("#")[0])
                headers: dict[str, str] = {}
                body = b""
                if route is not None and route.reset:
                    with site._lock:
                        site.hits.append(Hit(arrived, self.path, dict(self.headers), 0, 0))
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if route is None:
                    status, body, headers["Content-Type"] = 404, b"not found", "text/plain"
                elif route.script:
                    status, extra = route.script.pop(0)
                    headers.update(extra)
                    body = b"busy"
                    headers["Content-Type"] = "text/plain"
                else:
                    status = route.status
                    headers["Content-Type"] = route.content_type
                    headers.update(route.headers)
                    body = route.body
                    if route.etag:
                        tag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                        headers["ETag"] = tag
                        if self.headers.get("If-None-Match") == tag:
                            status, body = 304, b""
                # Logged before answering, so a test that has its answer sees the hit.
                head_size = sum(len(k) + len(v) + 4 for k, v in headers.items()) + 40
                with site._lock:
                    site.hits.append(Hit(arrived, self.path, dict(self.headers), status, head_size + len(body)))
                self.send_response(status)
                for name, value in headers.items():
                    if status == 304 and name == "Content-Type":
                        continue
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        return Handler

    def start(self) -> "SiteServer":
        self._server = _QuietServer((self.host, 0), self._handler())
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and drop kept-alive connections too, like a host going offline."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


@contextmanager
def running_site(host: str = "127.0.0.1", latency: float = 0.0) -> Iterator[SiteServer]:
    site = SiteServer(host, latency).start()
    try:
        yield site
    finally:
        site.stop()


def article(title: str, text: str, published: str = "2026-11-01") -> str:
    paragraphs = "".join(f"<p>{text} Paragraph {i} says more about {title.lower()}.</p>" for i in range(4))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published}'></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>")


def rss(base: str, entries: list[tuple[str, str, str]]) -> str:
    """entries: (path, title, summary)."""
    items = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><description>{s}</description>"
        f"<pubDate>Mon, 0{i + 1} Nov 2026 10:00:00 GMT</pubDate></item>"
        for i, (p, t, s) in enumerate(entries)
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>News</title><link>{base}/</link>{items}</channel></rss>"


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """A local web site on 127.0.0.1 (import it into a conftest to use it)."""
    with running_site("127.0.0.1") as server:
        yield server


@pytest.fixture
def other_site() -> Iterator[SiteServer]:
    """A second site on another loopback address: another host to the politeness rules."""
    with running_site("127.0.0.2") as server:
        yield server
