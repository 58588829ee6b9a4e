"""The connection-level half of safe fetching: address checks at connect time and a
whole-request deadline that can interrupt a blocked read.

``safe_get`` checks each hop's host name before it asks for it, but DNS may answer
differently a moment later (rebinding). So the connections themselves resolve the
host once, check every address and connect to a checked one. They also register
their socket with the request's ``Deadline``: requests' timeouts bound each read, not
the whole request, and a server dripping a byte a second would otherwise keep a
request alive for hours. When the deadline passes, the watchdog shuts the socket
down, which wakes the blocked read.

The policy for the current request travels in a context variable, because urllib3
builds connections deep inside ``Session.get`` on the calling thread.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from precall.net.addresses import resolve_checked

log = logging.getLogger("precall.net")


class Deadline:
    """A point in time after which the sockets of one request are shut down; also
    when ``abort`` is set first (the user cancelled), so a cancel never waits out a
    slow request."""

    _POLL = 0.05

    def __init__(self, seconds: float, abort: threading.Event | None = None) -> None:
        if seconds <= 0:
            raise ValueError("a deadline needs a positive number of seconds")
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self._abort = abort
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._finished = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="precall-net-deadline", daemon=True)
        self._watchdog.start()

    @property
    def expired(self) -> bool:
        return self._expired or time.monotonic() >= self.expires_at or self.aborted

    @property
    def aborted(self) -> bool:
        return self._abort is not None and self._abort.is_set()

    def remaining(self) -> float:
        return 0.0 if self.aborted else max(0.0, self.expires_at - time.monotonic())

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            if self._finished.is_set():
                return
            self._sockets.append(sock)
            expired = self._expired
        if expired:
            _shutdown(sock)

    def finish(self) -> None:
        """Stop the watchdog; after this it never touches a socket again."""
        with self._lock:
            self._finished.set()
            self._sockets.clear()

    def _watch(self) -> None:
        while True:
            left = self.expires_at - time.monotonic()
            step = left if self._abort is None else min(left, self._POLL)
            if self._finished.wait(max(step, 0.0)):
                return
            if time.monotonic() >= self.expires_at or self.aborted:
                break
        with self._lock:
            if self._finished.is_set():
                return
            self._expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    # The plain socket method on purpose: SSLSocket.shutdown drops its SSL object,
    # which races with the read blocked in the fetching thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@dataclass
class RequestPolicy:
    allow_private: bool = False
    url: str = ""
    deadline: Deadline | None = None
    #: Addresses actually connected to, for logs and tests.
    connected: list[str] = field(default_factory=list)


_POLICY: contextvars.ContextVar[RequestPolicy | None] = contextvars.ContextVar("precall_net_policy", default=None)


@contextlib.contextmanager
def request_policy(policy: RequestPolicy) -> Iterator[RequestPolicy]:
    token = _POLICY.set(policy)
    try:
        yield policy
    finally:
        _POLICY.reset(token)


def _current_policy() -> RequestPolicy:
    # A guarded session used outside safe_get gets the strict default.
    return _POLICY.get() or RequestPolicy()


class _GuardedConnectionMixin:
    """Resolve, check every address, connect to a checked one, attach to the deadline."""

    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        policy = _current_policy()
        host = getattr(self, "_dns_host", self.host)
        # The look-up counts against the request's deadline (no deadline: a bare session).
        timeout = policy.deadline.remaining() if policy.deadline is not None else None
        addresses = resolve_checked(host, self.port, allow_private=policy.allow_private, url=policy.url, timeout=timeout)
        last_error: OSError | None = None
        for _family, address in addresses:
            try:
                sock = urllib3_connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except socket.timeout as exc:
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
            except OSError as exc:
                last_error = exc
                continue
            policy.connected.append(address)
            if policy.deadline is not None:
                policy.deadline.attach(sock)
            return sock
        # The mixin is always mixed into an HTTPConnection, which mypy cannot see from here.
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> None:
        # A kept-alive connection from the pool was made under an earlier request's
        # deadline; put it under this one's.
        policy = _current_policy()
        if self.sock is not None and policy.deadline is not None:
            policy.deadline.attach(self.sock)
        super().request(*args, **kwargs)  # type: ignore[misc]  # the connection class mixed in has request()


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections are address-checked and deadline-bound."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool,
            "https": GuardedHTTPSConnectionPool,
        }
