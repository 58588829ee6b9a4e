"""What ``net.errors`` promises callers: each failure's message, the URL and details it
carries, and which kinds are worth retrying (a refresh decides from ``transient``)."""

from __future__ import annotations

import pytest

from precall.errors import PrecallError
from precall.net.errors import (
    BlockedAddressError,
    ConnectTimeoutError,
    ContentTypeError,
    DeadlineExceededError,
    FetchError,
    FetchTimeoutError,
    HostUnreachableError,
    HttpStatusError,
    InvalidUrlError,
    RedirectLoopError,
    ResponseTooLargeError,
    UnreachableError,
)

URL = "https://example.org/page"


def test_every_fetch_error_is_a_user_facing_error_with_its_message_and_url() -> None:
    error = FetchError("Cannot fetch it.", URL)
    assert isinstance(error, PrecallError)
    assert str(error) == "Cannot fetch it." and error.url == URL
    assert FetchError("No URL.").url == ""


def test_details_travel_with_the_message() -> None:
    blocked = BlockedAddressError("Blocked.", URL, address="127.0.0.1", reason="loopback")
    assert (str(blocked), blocked.url, blocked.address, blocked.reason) == ("Blocked.", URL, "127.0.0.1", "loopback")
    kind = ContentTypeError("Not a page.", URL, content_type="application/zip")
    assert (str(kind), kind.url, kind.content_type) == ("Not a page.", URL, "application/zip")
    status = HttpStatusError("Gone.", URL, status=410, retry_after=30.0)
    assert (str(status), status.url, status.status, status.retry_after) == ("Gone.", URL, 410, 30.0)
    bare = HttpStatusError("Odd.")
    assert (bare.url, bare.status, bare.retry_after) == ("", 0, None)


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
def test_statuses_worth_retrying_are_transient(status: int) -> None:
    assert HttpStatusError("Try later.", URL, status=status).transient is True


@pytest.mark.parametrize("status", [0, 400, 401, 403, 404, 409, 410, 426, 430, 501, 505])
def test_other_statuses_are_not_transient(status: int) -> None:
    assert HttpStatusError("No.", URL, status=status).transient is False


def test_timeouts_and_broken_connections_are_transient_the_rest_is_not() -> None:
    for transient in (FetchTimeoutError, DeadlineExceededError, UnreachableError, HostUnreachableError,
                      ConnectTimeoutError):
        assert transient("x", URL).transient is True, transient
    for lasting in (FetchError, InvalidUrlError, RedirectLoopError, ResponseTooLargeError):
        assert lasting("x", URL).transient is False, lasting
    assert issubclass(ConnectTimeoutError, HostUnreachableError) and issubclass(ConnectTimeoutError, FetchTimeoutError)
