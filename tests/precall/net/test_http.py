"""safe_get against real servers on loopback: every trap from RELIABILITY.md "The web"."""

from __future__ import annotations

import gzip
import ipaddress
import time
import tracemalloc
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from precall.errors import PrecallError
from precall.net import (
    USER_AGENT,
    BlockedAddressError,
    ContentTypeError,
    DeadlineExceededError,
    FetchTimeoutError,
    HttpStatusError,
    InvalidUrlError,
    RedirectLoopError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnreachableError,
    UnsupportedSchemeError,
    parse_content_type,
    parse_retry_after,
    safe_get,
)
from precall.net import addresses
from tests.precall.net.local_servers import closed_port, drip, drip_headers, get, raw_server, stall


def test_fetches_bytes_with_declared_charset_and_user_agent(session, httpserver: HTTPServer) -> None:
    body = "<html><body>Caf\u00e9 M\u00fcller</body></html>".encode("utf-8")
    httpserver.expect_request("/page", headers={"User-Agent": USER_AGENT}).respond_with_data(
        body, content_type="text/html; charset=UTF-8", headers={"ETag": '"v1"'}
    )
    result = get(session, httpserver.url_for("/page"))
    assert result.status == 200
    assert result.body == body
    assert result.charset == "utf-8"
    assert result.content_type == "text/html"
    assert result.etag == '"v1"'
    assert not result.not_modified


def test_missing_or_wrong_charset_is_handed_over_as_raw_bytes(session, httpserver: HTTPServer) -> None:
    # requests would decode this as ISO-8859-1 and produce mojibake; we never decode.
    body = '<html><head><meta charset="utf-8"></head><body>Z\u00fcrich \u2013 \u65e5\u672c</body></html>'.encode()
    httpserver.expect_request("/nocharset").respond_with_data(body, content_type="text/html")
    httpserver.expect_request("/wrong").respond_with_data(body, content_type="text/html; charset=iso-8859-1")
    plain = get(session, httpserver.url_for("/nocharset"))
    assert plain.body == body and plain.charset is None
    wrong = get(session, httpserver.url_for("/wrong"))
    assert wrong.body == body and wrong.charset == "iso-8859-1"


def test_loopback_is_refused_by_default_before_any_request(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("secret", content_type="text/html")
    with pytest.raises(BlockedAddressError) as info:
        safe_get(session, httpserver.url_for("/"))
    assert "loopback" in str(info.value)
    assert isinstance(info.value, PrecallError)
    assert httpserver.log == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "localhost"])
def test_disguised_loopback_addresses_are_refused(session, host: str) -> None:
    # Refused as loopback, or earlier as not a valid IPv4 address (numeric shorthands).
    with pytest.raises((BlockedAddressError, InvalidUrlError)):
        safe_get(session, f"http://{host}:1/")


@pytest.fixture
def loopback_1_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.1 stand in for a public web site; every other address keeps its class."""
    real = addresses.non_public_reason

    def fake(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        return None if str(address) == "127.0.0.1" else real(address)

    monkeypatch.setattr(addresses, "non_public_reason", fake)


def test_redirect_to_loopback_is_refused(session, loopback_1_is_public: None) -> None:
    hits: list[bytes] = []

    def internal(conn, head):  # type: ignore[no-untyped-def]
        hits.append(head)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\nsecret")

    with raw_server(internal, host="127.0.0.2") as internal_url:
        def public(conn, head):  # type: ignore[no-untyped-def]
            conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {internal_url}/admin\r\nContent-Length: 0\r\n\r\n".encode())

        with raw_server(public) as public_url:
            with pytest.raises(BlockedAddressError) as info:
                safe_get(session, public_url + "/")
    assert "127.0.0.2" in str(info.value)
    assert hits == []


def test_connection_guard_refuses_even_when_the_hop_check_is_bypassed(
    session, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS may answer differently at connect time than at the check: the connection checks again.
    import precall.net.http as http_module

    monkeypatch.setattr(http_module, "resolve_checked", lambda *a, **k: [])
    httpserver.expect_request("/").respond_with_data("secret", content_type="text/html")
    with pytest.raises(BlockedAddressError):
        safe_get(session, httpserver.url_for("/"))
    assert httpserver.log == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "data:text/html,hi", "javascript:alert(1)"])
def test_only_http_and_https(session, url: str) -> None:
    with pytest.raises(UnsupportedSchemeError):
        safe_get(session, url, allow_private=True)


def test_redirect_to_file_scheme_is_refused(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(UnsupportedSchemeError):
        get(session, httpserver.url_for("/"))


def test_redirects_are_followed_and_recorded(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=307, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data("<p>done</p>", content_type="text/html")
    result = get(session, httpserver.url_for("/a"))
    assert result.body == b"<p>done</p>"
    assert result.final_url == httpserver.url_for("/c")
    assert result.url == httpserver.url_for("/a")
    assert len(result.redirects) == 2


def test_redirect_loop(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(RedirectLoopError):
        get(session, httpserver.url_for("/a"))


def test_too_many_redirects(session, httpserver: HTTPServer) -> None:
    for i in range(10):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(TooManyRedirectsError):
        get(session, httpserver.url_for("/r0"), max_redirects=3)
    assert len(httpserver.log) == 4  # the first request and three redirects, then stop


def test_oversized_response_is_refused(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"a" * 50_000, content_type="text/html")
    with pytest.raises(ResponseTooLargeError):
        get(session, httpserver.url_for("/big"), max_bytes=10_000)


def test_oversized_chunked_response_without_length(session, httpserver: HTTPServer) -> None:
    def generate() -> Iterator[bytes]:
        for _ in range(100):
            yield b"b" * 1000

    httpserver.expect_request("/stream").respond_with_response(Response(generate(), content_type="text/html"))
    with pytest.raises(ResponseTooLargeError):
        get(session, httpserver.url_for("/stream"), max_bytes=10_000)


def test_gzip_bomb_is_stopped_at_the_cap_with_bounded_memory(session, httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB inflated
    assert len(bomb) < 300_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError):
            get(session, httpserver.url_for("/bomb"), max_bytes=2 * 1024 * 1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_gzip_body_within_the_cap_is_decoded(session, httpserver: HTTPServer) -> None:
    page = b"<html>" + b"hello " * 1000 + b"</html>"
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(page), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    assert get(session, httpserver.url_for("/gz")).body == page


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/octet-stream", ""])
def test_wrong_content_type_is_refused(session, httpserver: HTTPServer, content_type: str) -> None:
    response = Response(b"%PDF-1.4", status=200)
    if content_type:
        response.headers["Content-Type"] = content_type
    else:
        del response.headers["Content-Type"]
    httpserver.expect_request("/doc").respond_with_response(response)
    with pytest.raises(ContentTypeError):
        get(session, httpserver.url_for("/doc"))
    assert get(session, httpserver.url_for("/doc"), accept_types=None).body == b"%PDF-1.4"


@pytest.mark.parametrize("content_type", ["application/rss+xml", "application/atom+xml; charset=utf-8", "text/xml"])
def test_feed_types_are_accepted(session, httpserver: HTTPServer, content_type: str) -> None:
    httpserver.expect_request("/feed").respond_with_data("<rss/>", content_type=content_type)
    assert get(session, httpserver.url_for("/feed")).body == b"<rss/>"


def test_conditional_get_returns_not_modified(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p", headers={"If-None-Match": '"abc"'}).respond_with_data("", status=304)
    httpserver.expect_request("/q", headers={"If-Modified-Since": "Sat, 21 Nov 2026 10:00:00 GMT"}).respond_with_data(
        "", status=304
    )
    result = get(session, httpserver.url_for("/p"), etag='"abc"')
    assert result.not_modified and result.status == 304 and result.body == b""
    assert get(session, httpserver.url_for("/q"), last_modified="Sat, 21 Nov 2026 10:00:00 GMT").not_modified


def test_a_3xx_that_is_not_a_redirect_is_not_read_as_a_page(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/choices").respond_with_data("<p>pick one</p>", status=300, content_type="text/html")
    with pytest.raises(HttpStatusError) as info:
        get(session, httpserver.url_for("/choices"))
    assert info.value.status == 300


def test_http_errors_carry_status_and_retry_after(session, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/busy").respond_with_data("later", status=503, headers={"Retry-After": "7"})
    with pytest.raises(HttpStatusError) as missing:
        get(session, httpserver.url_for("/missing"))
    assert missing.value.status == 404 and not missing.value.transient
    with pytest.raises(HttpStatusError) as busy:
        get(session, httpserver.url_for("/busy"))
    assert busy.value.status == 503 and busy.value.retry_after == 7.0 and busy.value.transient


def test_slow_drip_body_hits_the_total_deadline(session) -> None:
    with raw_server(drip(interval=0.1)) as url:
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError):
            get(session, url + "/", total_deadline=1.0, read_timeout=5.0)
        assert time.monotonic() - started < 2.0


def test_slow_drip_headers_hit_the_total_deadline(session) -> None:
    # The watchdog must interrupt the header read too, not only the body loop.
    with raw_server(drip_headers(interval=0.1)) as url:
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError):
            get(session, url + "/", total_deadline=1.0, read_timeout=5.0)
        assert time.monotonic() - started < 2.0


def test_stalled_server_hits_the_read_timeout(session) -> None:
    with raw_server(stall(3.0)) as url:
        started = time.monotonic()
        with pytest.raises(FetchTimeoutError):
            get(session, url + "/", read_timeout=0.5, total_deadline=10.0)
        assert time.monotonic() - started < 2.0


def test_refused_connection_is_unreachable(session) -> None:
    with pytest.raises(UnreachableError) as info:
        get(session, f"http://127.0.0.1:{closed_port()}/")
    assert info.value.transient


def test_kept_alive_connection_still_gets_the_new_deadline(session) -> None:
    requests_seen: list[bytes] = []

    def handler(conn, head):  # type: ignore[no-untyped-def]
        requests_seen.append(head)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok")
        head = b""
        while b"\r\n\r\n" not in head:
            data = conn.recv(4096)
            if not data:
                return
            head += data
        drip(interval=0.1)(conn, head)

    with raw_server(handler) as url:
        assert get(session, url + "/one").body == b"ok"
        with pytest.raises(DeadlineExceededError):
            get(session, url + "/two", total_deadline=0.8)


def test_parse_helpers() -> None:
    assert parse_content_type('text/HTML; Charset="UTF-8"') == ("text/html", "utf-8")
    assert parse_content_type("") == ("", None)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    from datetime import datetime, timezone

    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    assert parse_retry_after("Sun, 22 Nov 2026 09:00:30 GMT", now) == 30.0


def test_abort_ends_a_slow_request_at_once(session) -> None:
    import threading

    from precall.errors import Cancelled

    abort = threading.Event()
    with raw_server(drip(interval=0.1)) as url:
        threading.Timer(0.3, abort.set).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            get(session, url + "/", total_deadline=20.0, abort=abort)
        assert time.monotonic() - started < 1.0


def test_dns_lookup_counts_against_the_total_deadline(session, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def stuck(*args: object, **kwargs: object) -> list[object]:
        time.sleep(4)  # a resolver that hangs (the environment, not our code)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError):
        get(session, "http://slow-dns.example/", total_deadline=0.5)
    assert time.monotonic() - started < 1.5


def test_a_reset_on_one_url_is_not_a_host_failure(session) -> None:
    from precall.net import HostUnreachableError
    from tests.precall.net.local_servers import reset_connection

    with raw_server(reset_connection()) as url:
        with pytest.raises(UnreachableError) as info:
            get(session, url + "/broken")
    assert not isinstance(info.value, HostUnreachableError)


def test_a_response_that_is_not_http_is_not_a_host_failure(session) -> None:
    from precall.net import HostUnreachableError

    def garbage(conn, head):  # type: ignore[no-untyped-def]
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")

    with raw_server(garbage) as url:
        with pytest.raises(UnreachableError) as info:
            get(session, url + "/odd")
    assert not isinstance(info.value, HostUnreachableError)


def test_a_refused_connection_is_a_host_failure(session) -> None:
    from precall.net import HostUnreachableError

    with pytest.raises(HostUnreachableError):
        get(session, f"http://127.0.0.1:{closed_port()}/")


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://[::1/", "http://127.0.0.1:0/", "http://a b/"])
def test_an_unusable_url_is_refused_in_words_before_any_request(session, url: str) -> None:
    with pytest.raises(InvalidUrlError) as info:
        safe_get(session, url, allow_private=True)
    assert url.strip("/")[:12] in str(info.value)


def test_a_redirect_to_an_unusable_url_is_refused_in_words(session) -> None:
    def redirect(conn, head):  # type: ignore[no-untyped-def]
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:99999/x\r\nContent-Length: 0\r\n\r\n")

    with raw_server(redirect) as url:
        with pytest.raises(InvalidUrlError) as info:
            get(session, url + "/")
    assert "99999" in str(info.value)


def test_an_ipv6_literal_url_is_fetched(session) -> None:
    from tests.precall.net.local_servers import has_ipv6_loopback

    if not has_ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback")

    def ok(conn, head):  # type: ignore[no-untyped-def]
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok")

    with raw_server(ok, host="::1") as url:
        assert url.startswith("http://[::1]:")
        assert get(session, url + "/").body == b"ok"
