"""Fetching one URL safely: ``make_session`` and ``safe_get``.

What the web does to naive clients (RELIABILITY.md, "The web") and the guard here:
redirects to loopback (each hop is checked, redirects are followed by hand), per-read
timeouts that let a slow server hang on (a whole-request ``Deadline``), compression
bombs (the DECODED size is capped while streaming), charset guessing (the body is
returned as bytes with the declared charset, for the parser to decide).
"""

from __future__ import annotations

import email.utils
import functools
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import ConnectTimeoutError as urllib3_ConnectTimeoutError
from urllib3.exceptions import DecodeError, NewConnectionError, ProtocolError, ReadTimeoutError

from precall import __version__
from precall.errors import Cancelled, ValidationError
from precall.net.addresses import resolve_checked
from precall.net.errors import (
    ConnectTimeoutError,
    ContentTypeError,
    DeadlineExceededError,
    FetchError,
    FetchTimeoutError,
    HostUnreachableError,
    HttpStatusError,
    InvalidUrlError,
    RedirectError,
    RedirectLoopError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnreachableError,
    UnsupportedSchemeError,
)
from precall.net.guard import Deadline, GuardedAdapter, RequestPolicy, request_policy
from precall.net.urls import validate_url

log = logging.getLogger("precall.net")

USER_AGENT = f"Precall/{__version__} (+https://precall.example/bot)"
MAX_BYTES = 10 * 1024 * 1024
#: HTML, XML and feeds: what research fetches. Other callers pass their own.
WEB_DOCUMENT_TYPES: tuple[str, ...] = (
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class HttpResult:
    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool
    #: The media type without parameters, lower case ("text/html"); "" if none was sent.
    content_type: str = ""
    #: The charset the server declared, if any. Never guessed here.
    charset: str | None = None
    redirects: tuple[str, ...] = ()
    elapsed: float = 0.0
    #: The body was cut at max_bytes (only when asked to truncate).
    truncated: bool = False


def make_session(user_agent: str | None = None) -> requests.Session:
    """A session whose connections check addresses and honour deadlines.

    ``trust_env`` is off: environment proxies and .netrc would route requests around
    the address checks and make tests depend on the machine.
    """
    session = requests.Session()
    session.trust_env = False
    session.headers["User-Agent"] = user_agent or USER_AGENT
    session.headers["Accept-Encoding"] = "gzip, deflate"
    adapter = GuardedAdapter(pool_connections=16, pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def safe_get(
    session: requests.Session,
    url: str,
    *,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = MAX_BYTES,
    total_deadline: float = 30.0,
    connect_timeout: float = 10.0,
    read_timeout: float = 15.0,
    max_redirects: int = 5,
    accept_types: tuple[str, ...] | None = WEB_DOCUMENT_TYPES,
    extra_headers: Mapping[str, str] | None = None,
    truncate: bool = False,
    abort: threading.Event | None = None,
) -> HttpResult:
    """GET ``url`` following at most ``max_redirects`` redirects; raise ``FetchError``.

    A 304 (with ``etag``/``last_modified`` given) comes back as ``not_modified=True``
    with an empty body. ``accept_types=None`` accepts any content type. With
    ``truncate`` a body over ``max_bytes`` is cut there (``truncated=True``) instead of
    refused: robots.txt, where only the first part must be read, is the use. Setting
    ``abort`` (another thread) ends the request at once with ``Cancelled``.
    """
    if max_bytes <= 0 or total_deadline <= 0 or max_redirects < 0:
        raise ValueError("max_bytes and total_deadline must be positive, max_redirects not negative")
    started = time.monotonic()
    deadline = Deadline(total_deadline, abort)
    policy = RequestPolicy(allow_private=allow_private, url=url, deadline=deadline)
    headers: dict[str, str] = dict(extra_headers or {})
    if accept_types:
        headers.setdefault("Accept", ", ".join(accept_types) + ", */*;q=0.1")
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    visited: list[str] = []
    current = url
    try:
        with request_policy(policy):
            while True:
                _check_url(current, allow_private=allow_private, deadline=deadline)
                visited.append(current)
                response = _send(session, current, headers, deadline, connect_timeout, read_timeout)
                try:
                    if response.status_code in _REDIRECTS:
                        current = _next_hop(response, current, visited, max_redirects)
                        continue
                    return _finish(response, url, current, visited, deadline, max_bytes, accept_types, started, truncate)
                finally:
                    response.close()
    finally:
        deadline.finish()


def _check_url(url: str, *, allow_private: bool, deadline: Deadline) -> None:
    """Refuse an unusable URL (``InvalidUrlError``) or a non-public host before asking."""
    try:
        checked = validate_url(url)
    except ValidationError as exc:
        scheme, colon, _rest = url.strip().partition(":")
        if colon and scheme.isascii() and scheme.isalnum() and scheme.lower() not in ("http", "https"):
            raise UnsupportedSchemeError(f"Refused {url!r}: only http and https addresses are fetched.", url) from exc
        raise InvalidUrlError(str(exc), url) from exc
    parts = urlsplit(checked)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    # The look-up counts against the whole-request deadline: a stuck resolver must
    # not hold a refresh past it.
    resolve_checked(parts.hostname or "", port, allow_private=allow_private, url=url, timeout=deadline.remaining())


def _send(
    session: requests.Session,
    url: str,
    headers: dict[str, str],
    deadline: Deadline,
    connect_timeout: float,
    read_timeout: float,
) -> requests.Response:
    remaining = deadline.remaining()
    if remaining <= 0:
        raise _out_of_time(deadline, url)
    timeout = (min(connect_timeout, remaining), min(read_timeout, remaining))
    try:
        return session.get(url, headers=headers, stream=True, allow_redirects=False, timeout=timeout)
    except ValueError as exc:
        # Even when not following, requests parses a redirect's Location to prepare the next
        # request; a server's "http://[::1" raises here, not in our own redirect check.
        raise RedirectError(f"{url} answered with an address that cannot be used ({exc}).", url) from exc
    except requests.exceptions.ConnectTimeout as exc:
        raise ConnectTimeoutError(f"Connecting to {_host(url)} timed out.", url) from exc
    except requests.exceptions.SSLError as exc:
        if deadline.expired:
            raise _out_of_time(deadline, url) from exc
        raise FetchError(
            f"The secure connection to {_host(url)} could not be verified ({_reason(exc)}); nothing was fetched.", url
        ) from exc
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
        if deadline.expired:
            raise _out_of_time(deadline, url) from exc
        if isinstance(exc, requests.exceptions.ReadTimeout):
            raise FetchTimeoutError(f"{_host(url)} stopped answering (read timeout).", url) from exc
        if _connect_failed(exc):
            raise HostUnreachableError(f"Could not connect to {_host(url)}: {_reason(exc)}.", url) from exc
        # Connected, then reset or answered with something that is not HTTP: this URL
        # failed, which says nothing about the host's other URLs.
        raise UnreachableError(f"{url} failed: {_reason(exc)}.", url) from exc
    except requests.exceptions.InvalidURL as exc:
        raise FetchError(f"{url!r} is not a valid web address.", url) from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"Fetching {url} failed: {_reason(exc)}.", url) from exc


def _connect_failed(exc: requests.exceptions.RequestException) -> bool:
    """Did the error happen while connecting (refused, no route), before any HTTP?"""
    inner = exc.args[0] if exc.args else None
    reason = getattr(inner, "reason", inner)
    return isinstance(reason, (NewConnectionError, urllib3_ConnectTimeoutError))


def _next_hop(response: requests.Response, current: str, visited: list[str], max_redirects: int) -> str:
    location = response.headers.get("Location")
    if not location:
        raise RedirectError(f"{current} redirects (HTTP {response.status_code}) without saying where to.", current)
    try:
        target = urljoin(current, location.strip())
    except ValueError:  # urljoin parses the target: "http://[::1" raises here
        raise RedirectError(f"{current} redirects to an unusable address ({location[:200]!r}).", current) from None
    if target in visited:
        raise RedirectLoopError(f"{visited[0]} redirects in a loop (back to {target}).", visited[0])
    if len(visited) > max_redirects:
        raise TooManyRedirectsError(f"{visited[0]} redirects more than {max_redirects} times.", visited[0])
    log.debug("redirect %s -> %s", current, target)
    return target


def _finish(
    response: requests.Response,
    url: str,
    final_url: str,
    visited: list[str],
    deadline: Deadline,
    max_bytes: int,
    accept_types: tuple[str, ...] | None,
    started: float,
    truncate: bool,
) -> HttpResult:
    status = response.status_code
    headers = CaseInsensitiveDict(response.headers)
    media_type, charset = parse_content_type(headers.get("Content-Type", ""))
    result = functools.partial(
        HttpResult,
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        etag=headers.get("ETag"),
        last_modified=headers.get("Last-Modified"),
        content_type=media_type,
        charset=charset,
        redirects=tuple(visited[1:]),
    )
    if status == 304:
        return result(body=b"", not_modified=True, elapsed=time.monotonic() - started)
    if not 200 <= status < 300:  # 4xx, 5xx, and 3xx that are not redirects (300, 305)
        raise HttpStatusError(
            f"{final_url} answered HTTP {status} {response.reason or ''}".rstrip() + ".",
            final_url,
            status=status,
            retry_after=parse_retry_after(headers.get("Retry-After")),
        )
    if accept_types is not None and media_type not in accept_types:
        shown = media_type or "no content type"
        raise ContentTypeError(
            f"{final_url} is {shown}, not a web page or feed; it was not downloaded.", final_url, content_type=media_type
        )
    body, truncated = _read_capped(response, final_url, deadline, max_bytes, truncate)
    return result(body=body, not_modified=False, elapsed=time.monotonic() - started, truncated=truncated)


def _read_capped(
    response: requests.Response, url: str, deadline: Deadline, max_bytes: int, truncate: bool
) -> tuple[bytes, bool]:
    declared = response.headers.get("Content-Length", "")
    if not truncate and declared.isdigit() and "Content-Encoding" not in response.headers and int(declared) > max_bytes:
        raise ResponseTooLargeError(f"{url} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit.", url)
    parts: list[bytes] = []
    size = 0
    try:
        # stream() decodes gzip/deflate in bounded steps, so a bomb never inflates in one go.
        for chunk in response.raw.stream(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > max_bytes and truncate:
                parts.append(chunk[: max_bytes - (size - len(chunk))])
                return b"".join(parts), True
            if size > max_bytes:
                raise ResponseTooLargeError(
                    f"{url} is larger than the {max_bytes:,}-byte limit (after decompression); it was not kept.", url
                )
            if deadline.expired:
                raise _out_of_time(deadline, url)
            parts.append(chunk)
    except (ProtocolError, ReadTimeoutError, DecodeError, OSError) as exc:
        if deadline.expired:
            raise _out_of_time(deadline, url) from exc
        if isinstance(exc, ReadTimeoutError):
            raise FetchTimeoutError(f"{_host(url)} stopped sending (read timeout).", url) from exc
        if isinstance(exc, DecodeError):
            raise FetchError(f"{url} sent a damaged compressed body.", url) from exc
        raise UnreachableError(f"The connection to {_host(url)} broke while reading: {_reason(exc)}.", url) from exc
    return b"".join(parts), False


def _out_of_time(deadline: Deadline, url: str) -> Exception:
    if deadline.aborted:
        return Cancelled()
    return DeadlineExceededError(f"Gave up on {url}: it took longer than {deadline.seconds:g} s.", url)


def parse_content_type(value: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'; charset None if absent."""
    pieces = [p.strip() for p in value.split(";")]
    media_type = pieces[0].lower() if pieces and pieces[0] else ""
    charset = None
    for piece in pieces[1:]:
        name, _, raw = piece.partition("=")
        if name.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("\"'").lower() or None
    return media_type, charset


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _reason(exc: BaseException) -> str:
    # requests wraps urllib3 wraps socket errors; the innermost message is the useful one.
    inner: BaseException = exc
    while inner.__cause__ is not None or (inner.args and isinstance(inner.args[0], BaseException)):
        inner = inner.__cause__ or inner.args[0]
    text = str(getattr(inner, "reason", None) or inner)
    return text.split("] ", 1)[-1] if "Errno" in text else text
