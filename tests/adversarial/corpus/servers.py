"""Hostile HTTP servers on 127.0.0.1, one port per robots.txt behaviour, each routing
paths to the raw handlers of ``tests/precall/net/local_servers.py`` or to the ones below."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from tests.precall.net.local_servers import RawHandler, drip, raw_server, stall

PAGE = (b"<!doctype html><html><head><title>Quarterly results \x1b]0;pwned\x07\x1b[2J</title>"
        b"<meta charset='utf-8'></head><body><article><h1>Results</h1>"
        + b"<p>Revenue grew in the third quarter, the company said on Tuesday. " * 20 + b"</p></article></body></html>")
FEED = (b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>News</title>"
        b"<item><title>Item one</title><link>http://127.0.0.1:1/a</link></item></channel></rss>")
ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:srv-1@example\r\n"
       b"DTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\nSUMMARY:Call \x1b]0;title\x07 \x9b2J\r\n"
       b"ATTENDEE;CN=Dana:mailto:dana@northwind-foods.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def respond(status: str, body: bytes, content_type: str = "text/html; charset=utf-8",
            extra: str = "") -> RawHandler:
    def handler(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                     f"Connection: close\r\n{extra}\r\n".encode("latin-1") + body)
    return handler


def raw(data: bytes) -> RawHandler:
    def handler(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(data)
    return handler


def reset(conn: socket.socket, _head: bytes) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


def gzip_bomb(conn: socket.socket, _head: bytes) -> None:
    body = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def huge(conn: socket.socket, _head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    chunk = b"<p>" + b"a" * 65_533
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        conn.sendall(chunk)  # until the client hangs up (cap) or 15 s pass


def redirect(to: str) -> RawHandler:
    return respond("302 Found", b"", extra=f"Location: {to}\r\n")


# Codecs Python's codecs.lookup() accepts that are not text encodings (issue 10, item 8).
NON_TEXT_CHARSETS = ("base64", "zlib", "rot13", "hex", "idna", "punycode", "uu", "quopri", "bz2",
                     "base64_codec", "utf-7", "x-unknown-charset", "unicode_escape", "raw_unicode_escape")

ROUTES: dict[str, RawHandler] = {
    "/ok": respond("200 OK", PAGE),
    "/ok2": respond("200 OK", PAGE.replace(b"Results", b"Second")),
    "/feed": respond("200 OK", FEED, "application/rss+xml"),
    "/feed-doctype": respond("200 OK", FEED.replace(b"<rss", b"<!DOCTYPE rss [<!ENTITY x 'y'>]><rss"),
                             "application/rss+xml"),
    "/feed-stylesheet": respond("200 OK", FEED.replace(b"?><rss", b"?><?xml-stylesheet href='s.xsl'?><rss"),
                                "text/xml"),
    "/feed-xxe": respond("200 OK", FEED.replace(b"<rss", b"<!DOCTYPE r [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><rss")
                         .replace(b"Item one", b"&e;"), "application/rss+xml"),
    "/laughs": respond("200 OK", b"<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaaaaaaaa'>"
                       + b"".join(b"<!ENTITY %c '%s'>" % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8))
                       + b"]><rss><channel><title>&i;</title></channel></rss>", "application/rss+xml"),
    "/reset": reset,
    "/empty": raw(b""),
    "/garbage": raw(b"NOT HTTP AT ALL\r\n\r\n\x00\xff"),
    "/status-999": respond("999 Weird", PAGE),
    "/status-500": respond("500 Internal Server Error", b"oops"),
    "/status-404": respond("404 Not Found", b"gone"),
    "/status-204": respond("204 No Content", b""),
    "/retry-after": respond("503 Service Unavailable", b"", extra="Retry-After: 86400\r\n"),
    "/gzip-bomb": gzip_bomb,
    "/huge": huge,
    "/wrong-type": respond("200 OK", b"\x89PNG\r\n\x1a\n" + b"\0" * 1000, "image/png"),
    "/no-type": raw(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n<html>hi</html>     "),
    "/length-lies": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>short"),
    "/bad-header": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Bad: \xff\xfe\x00\r\n\r\n<html></html>"),
    "/redirect-loop": redirect("/redirect-loop"),
    "/redirect-file": redirect("file:///etc/passwd"),
    "/redirect-js": redirect("javascript:alert(1)"),
    "/redirect-bad-port": redirect("http://127.0.0.1:99999/x"),
    "/redirect-v6": redirect("http://[::1"),
    "/drip": drip(body_bytes=200, interval=0.5),
    "/stall": stall(40),
    "/escape-title": respond("200 OK", PAGE),
    "/nul": respond("200 OK", b"<html><head><title>a\x00b\x9b2J</title></head><body>\x00\x00</body></html>"),
    "/ics": respond("200 OK", ICS, "text/calendar"),
    "/ics-huge": huge,
    "/template": respond("200 OK", b"{}", "application/json"),
    "/deep": respond("200 OK", b"<div>" * 100_000 + b"x"),
}
for label in NON_TEXT_CHARSETS:
    ROUTES[f"/charset/{label}"] = respond("200 OK", PAGE, f"text/html; charset={label}")

ROBOTS: dict[str, bytes | RawHandler | None] = {
    "plain": None,  # 404: allow all
    "robots-wild": b"User-agent: *\nDisallow: /*\nAllow: /ok$\nCrawl-delay: 99999\n",
    "robots-binary": bytes(range(256)) * 200,
    "robots-huge": b"User-agent: *\n" + b"Disallow: /x\n" * 200_000,
    "robots-500": "500",
    "robots-loop": "loop",
    "robots-drip": "drip",
}


def _robots_handler(kind: bytes | str | None) -> RawHandler:
    if kind is None:
        return respond("404 Not Found", b"")
    if kind == "500":
        return respond("500 Internal Server Error", b"")
    if kind == "loop":
        return redirect("/robots.txt")
    if kind == "drip":
        return drip(body_bytes=100, interval=0.5, content_type="text/plain")
    assert isinstance(kind, bytes)
    return respond("200 OK", kind, "text/plain")


def router(robots: RawHandler, routes: dict[str, RawHandler]) -> RawHandler:
    def handler(conn: socket.socket, head: bytes) -> None:
        try:
            path = head.split(b" ", 2)[1].decode("latin-1").split("?")[0]
        except IndexError:
            return
        if path == "/robots.txt":
            robots(conn, head)
            return
        routes.get(path, respond("404 Not Found", b"no such page"))(conn, head)
    return handler


@contextmanager
def hostile_servers() -> Iterator[dict[str, str]]:
    """Every server, by name; "plain" is the one most cases use."""
    with ExitStack() as stack:
        urls = {name: stack.enter_context(raw_server(router(_robots_handler(kind), ROUTES)))
                for name, kind in ROBOTS.items()}
        yield urls
