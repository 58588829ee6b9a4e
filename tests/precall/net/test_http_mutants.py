"""What ``net.http.safe_get`` promises, where the mutation run found nothing watching, each
against a real server on loopback: every redirect status is followed, the Accept header is
sent, a host that never lets us connect or never answers is told apart from a broken URL,
and the size cap holds at its exact edge, with and without truncation."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
import requests

from precall.net import (
    ResponseTooLargeError,
    parse_content_type,
    parse_retry_after,
)
from precall.net.errors import ConnectTimeoutError, FetchTimeoutError, RedirectError
from tests.precall.net.local_servers import get, raw_server, stall


def page(body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
            .encode() + body)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_followed_and_recorded(session: requests.Session, status: int) -> None:
    def handler(conn: socket.socket, head: bytes) -> None:
        if head.startswith(b"GET /start "):
            conn.sendall(f"HTTP/1.1 {status} Moved\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n".encode())
        else:
            conn.sendall(page(b"arrived"))

    with raw_server(handler) as url:
        result = get(session, url + "/start")
    assert result.body == b"arrived" and result.final_url == url + "/end"
    assert result.redirects == (url + "/end",)
    assert 0 <= result.elapsed < 10


def test_the_accepted_types_are_sent_as_the_accept_header(session: requests.Session) -> None:
    seen: list[bytes] = []

    def handler(conn: socket.socket, head: bytes) -> None:
        seen.append(head)
        conn.sendall(page(b"ok"))

    with raw_server(handler) as url:
        get(session, url + "/", accept_types=("text/html", "application/rss+xml"))
    assert b"\r\nAccept: text/html, application/rss+xml, */*;q=0.1\r\n" in seen[0]


def test_a_not_modified_answer_is_timed_from_the_start(session: requests.Session) -> None:
    def handler(conn: socket.socket, head: bytes) -> None:
        assert b"If-None-Match: \"v1\"" in head
        conn.sendall(b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\n\r\n")

    with raw_server(handler) as url:
        result = get(session, url + "/", etag='"v1"')
    assert result.not_modified and result.body == b"" and 0 <= result.elapsed < 10


def test_a_host_that_never_lets_us_connect_is_a_connect_timeout(session: requests.Session) -> None:
    # A listening socket that never accepts, its one-connection queue already full: the
    # next connection attempt is never answered (the SYN is dropped).
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=2)
    try:
        with pytest.raises(ConnectTimeoutError) as info:
            get(session, f"http://127.0.0.1:{port}/", connect_timeout=0.3, total_deadline=10.0)
    finally:
        filler.close()
        listener.close()
    assert str(info.value) == f"Connecting to 127.0.0.1:{port} timed out."
    assert info.value.transient


def test_a_server_that_never_answers_is_a_read_timeout_not_a_broken_url(session: requests.Session) -> None:
    def silent(conn: socket.socket, _head: bytes) -> None:
        conn.recv(1)  # waits: no status line ever comes

    with raw_server(silent) as url:
        with pytest.raises(FetchTimeoutError) as info:
            get(session, url + "/", read_timeout=0.3, total_deadline=10.0)
    assert str(info.value) == f"{url.removeprefix('http://')} stopped answering (read timeout)."


def test_a_body_that_stops_coming_is_a_read_timeout_naming_the_host(session: requests.Session) -> None:
    with raw_server(stall(3.0)) as url:
        with pytest.raises(FetchTimeoutError) as info:
            get(session, url + "/", read_timeout=0.3, total_deadline=10.0)
    assert str(info.value) == f"{url.removeprefix('http://')} stopped sending (read timeout)."


def test_a_declared_length_over_the_cap_is_refused_before_reading(session: requests.Session) -> None:
    with raw_server(lambda conn, _head: conn.sendall(page(b"x" * 2000))) as url:
        with pytest.raises(ResponseTooLargeError) as info:
            get(session, url + "/", max_bytes=1000)
    assert str(info.value) == f"{url}/ is 2,000 bytes, over the 1,000-byte limit."


def test_a_body_of_exactly_the_cap_is_kept(session: requests.Session) -> None:
    def chunked(conn: socket.socket, _head: bytes) -> None:  # no Content-Length: only the read counts
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"3e8\r\n" + b"x" * 1000 + b"\r\n0\r\n\r\n")

    with raw_server(chunked) as url:
        result = get(session, url + "/", max_bytes=1000)
    assert len(result.body) == 1000 and result.truncated is False


def test_a_truncated_body_is_cut_at_the_cap_and_says_so(session: requests.Session) -> None:
    with raw_server(lambda conn, _head: conn.sendall(page(b"y" * 5000))) as url:
        result = get(session, url + "/", max_bytes=1000, truncate=True)
    assert result.body == b"y" * 1000 and result.truncated is True


def test_a_redirect_to_a_broken_ipv6_literal_is_refused_in_words(session: requests.Session) -> None:
    def handler(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x\r\nContent-Length: 0\r\n\r\n")

    with raw_server(handler) as url:
        with pytest.raises(RedirectError, match="answered with an address that cannot be used"):
            get(session, url + "/")


def test_parse_helpers_edges() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    # "-0000" means UTC with no zone known: parsed as a naive time, still read as UTC.
    assert parse_retry_after("Sun, 22 Nov 2026 09:01:00 -0000", now) == 60.0
    assert parse_retry_after("Sun, 22 Nov 2026 08:00:00 GMT", now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_content_type("; charset=utf-8") == ("", "utf-8")
    assert parse_content_type("text/plain; charset=") == ("text/plain", None)
