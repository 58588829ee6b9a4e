"""What ``net.guard`` promises, where the mutation run found nothing watching: a deadline's
edges and its cancel, sockets left alone once a request is finished, and a guarded session
used outside ``safe_get`` (strict by default; with a policy but no deadline it still works,
also on a kept-alive connection)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from pytest_httpserver import HTTPServer

from precall.net import BlockedAddressError, make_session
from precall.net.guard import Deadline, RequestPolicy, request_policy
from tests.precall.net.local_servers import raw_server


def still_open(sock: socket.socket) -> bool:
    try:
        sock.sendall(b"x")
    except OSError:
        return False
    return True


def test_a_deadline_needs_a_positive_number_of_seconds() -> None:
    with pytest.raises(ValueError, match="positive number of seconds"):
        Deadline(0)
    Deadline(0.5).finish()


def test_a_deadline_expires_on_time_and_not_before() -> None:
    deadline = Deadline(0.2)
    try:
        assert not deadline.expired and not deadline.aborted
        assert 0 < deadline.remaining() <= 0.2
        time.sleep(0.3)
        assert deadline.expired and deadline.remaining() == 0.0
    finally:
        deadline.finish()


def test_a_cancel_shuts_the_sockets_at_once_not_at_the_deadline() -> None:
    abort = threading.Event()
    deadline = Deadline(30, abort)
    ours, theirs = socket.socketpair()
    try:
        deadline.attach(ours)
        abort.set()
        assert deadline.aborted and deadline.expired and deadline.remaining() == 0.0
        started = time.monotonic()
        while still_open(ours) and time.monotonic() - started < 5:
            time.sleep(0.02)
        assert time.monotonic() - started < 1.0
    finally:
        deadline.finish()
        ours.close()
        theirs.close()


def test_an_expired_deadline_shuts_the_sockets_attached_to_it() -> None:
    deadline = Deadline(0.1)
    ours, theirs = socket.socketpair()
    try:
        deadline.attach(ours)
        time.sleep(0.4)
        assert not still_open(ours)
        late, other = socket.socketpair()  # attached after expiry: shut at once
        deadline.attach(late)
        assert not still_open(late)
        late.close()
        other.close()
    finally:
        deadline.finish()
        ours.close()
        theirs.close()


def test_a_finished_request_leaves_its_sockets_alone() -> None:
    deadline = Deadline(0.1)
    deadline.finish()
    ours, theirs = socket.socketpair()
    try:
        deadline.attach(ours)  # a pooled connection reused later must not be shut by this deadline
        time.sleep(0.3)
        assert still_open(ours)
    finally:
        ours.close()
        theirs.close()


def test_a_bare_guarded_session_refuses_private_addresses(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("secret")
    session = make_session()
    try:
        with pytest.raises(BlockedAddressError):
            session.get(httpserver.url_for("/"), timeout=5)
    finally:
        session.close()
    assert httpserver.log == []


def test_a_policy_without_a_deadline_connects_and_reuses_its_connection() -> None:
    heads: list[bytes] = []

    def keep_alive(conn: socket.socket, head: bytes) -> None:  # two requests on one connection
        for n in (b"1", b"2"):
            heads.append(head)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\n" + n)
            head = b""
            while n == b"1" and b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data

    session = make_session()
    try:
        with raw_server(keep_alive) as url, request_policy(RequestPolicy(allow_private=True)) as policy:
            assert session.get(url + "/one", timeout=5).text == "1"
            assert session.get(url + "/two", timeout=5).text == "2"
    finally:
        session.close()
    assert len(heads) == 2, "the second request went over the first connection"
    assert policy.connected == ["127.0.0.1"]


def test_without_a_deadline_a_slow_look_up_is_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(1.3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    def answer(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")

    session = make_session()
    try:
        with raw_server(answer) as url, request_policy(RequestPolicy(allow_private=True)):
            monkeypatch.setattr(socket, "getaddrinfo", slow)
            assert session.get(url + "/", timeout=5).text == "ok"
    finally:
        session.close()
