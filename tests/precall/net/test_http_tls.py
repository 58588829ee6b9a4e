"""HTTPS through the guarded connections: certificate checked against the host name
(not the address we connect to), and the same deadline and address rules as http."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer

from precall.net import BlockedAddressError, DeadlineExceededError, FetchError, make_session, safe_get

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[HTTPServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def session(certificate: tuple[Path, Path]) -> Iterator[requests.Session]:
    s = make_session()
    s.verify = str(certificate[0])
    yield s
    s.close()


def test_https_page_with_verified_certificate(session, tls_server: HTTPServer) -> None:
    tls_server.expect_request("/").respond_with_data("<p>secure</p>", content_type="text/html")
    url = tls_server.url_for("/")
    assert url.startswith("https://localhost:")
    result = safe_get(session, url, allow_private=True)
    assert result.body == b"<p>secure</p>"


def test_untrusted_certificate_is_an_error(tls_server: HTTPServer) -> None:
    tls_server.expect_request("/").respond_with_data("<p>x</p>", content_type="text/html")
    with make_session() as untrusting, pytest.raises(FetchError) as info:
        safe_get(untrusting, tls_server.url_for("/"), allow_private=True)
    assert "could not be verified" in str(info.value) and not info.value.transient


def test_https_loopback_refused_by_default(session, tls_server: HTTPServer) -> None:
    with pytest.raises(BlockedAddressError):
        safe_get(session, tls_server.url_for("/"))
    assert tls_server.log == []


def test_https_slow_drip_hits_the_deadline(session, tls_server: HTTPServer) -> None:
    from werkzeug import Response

    def slow() -> Iterator[bytes]:
        for _ in range(200):
            time.sleep(0.05)
            yield b"x"

    tls_server.expect_request("/slow").respond_with_response(Response(slow(), content_type="text/html"))
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError):
        safe_get(session, tls_server.url_for("/slow"), allow_private=True, total_deadline=1.0)
    assert time.monotonic() - started < 2.5
