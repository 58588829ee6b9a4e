"""Why a fetch failed, in words a rep can act on.

Every failure of ``safe_get`` is a ``FetchError`` (a ``PrecallError``), so callers can
show the message as is, and the subclass says what kind of failure it was: callers
decide from the class whether to retry (``transient``) or to report a host as
unreachable (``UnreachableError``).
"""

from __future__ import annotations

from precall.errors import PrecallError


class FetchError(PrecallError):
    """A URL could not be fetched; ``url`` is the address that failed."""

    #: Worth trying again later (timeouts, 429/503, dropped connections).
    transient = False

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class InvalidUrlError(FetchError):
    """The URL itself is not usable (bad port, broken IPv6 literal, control characters...):
    nothing was requested, and retrying will not help."""


class UnsupportedSchemeError(InvalidUrlError):
    """Only http and https are fetched (no file:, ftp:, data: ...)."""


class BlockedAddressError(FetchError):
    """The host resolves to loopback, a private network or another non-public range."""

    def __init__(self, message: str, url: str = "", address: str = "", reason: str = "") -> None:
        super().__init__(message, url)
        self.address = address
        self.reason = reason


class RedirectError(FetchError):
    """A redirect that cannot be followed (no Location, loop, too many)."""


class RedirectLoopError(RedirectError):
    pass


class TooManyRedirectsError(RedirectError):
    pass


class ResponseTooLargeError(FetchError):
    """The decoded body grew past the cap (also catches compression bombs)."""


class FetchTimeoutError(FetchError):
    """Connecting or reading took too long."""

    transient = True


class DeadlineExceededError(FetchTimeoutError):
    """The whole request (all hops, headers and body) ran past its total deadline."""


class ContentTypeError(FetchError):
    """The server sent a kind of document Precall does not read here."""

    def __init__(self, message: str, url: str = "", content_type: str = "") -> None:
        super().__init__(message, url)
        self.content_type = content_type


class HttpStatusError(FetchError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(self, message: str, url: str = "", status: int = 0, retry_after: float | None = None) -> None:
        super().__init__(message, url)
        self.status = status
        self.retry_after = retry_after

    # The base class says it per class; an HTTP status says it per error, so a property
    # stands in for the class attribute (mypy refuses a property over a plain attribute).
    @property
    def transient(self) -> bool:  # type: ignore[override]
        return self.status in (408, 425, 429, 500, 502, 503, 504)


class UnreachableError(FetchError):
    """No answer for this URL: the connection broke or was reset, or the host is down."""

    transient = True


class HostUnreachableError(UnreachableError):
    """The HOST itself cannot be reached: its name does not resolve, or connecting to it
    was refused or timed out. Only this says anything about the host's other URLs; a
    reset or a bad answer on one path says nothing about the others."""


class ConnectTimeoutError(HostUnreachableError, FetchTimeoutError):
    """Connecting to the host (not reading from it) timed out."""
