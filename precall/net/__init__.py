"""Generic safe HTTP for everything Precall fetches (research, calendars, templates).

    session = make_session()
    result = safe_get(session, url, etag=stored_etag)   # raises FetchError subclasses

Only http(s); public addresses only unless ``allow_private``; every redirect hop
checked; decoded size capped; a whole-request deadline; bytes plus declared charset.
"""

from typing import TYPE_CHECKING

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
    RedirectError,
    RedirectLoopError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnreachableError,
    UnsupportedSchemeError,
)
# The HTTP half pulls in requests, urllib3 and ssl (about 90 ms and 20 MB): loaded when first
# asked for, so code that only checks a URL (precall.net.urls) does not slow the app's start.
_HTTP_NAMES = frozenset({"MAX_BYTES", "USER_AGENT", "WEB_DOCUMENT_TYPES", "HttpResult", "make_session",
                         "parse_content_type", "parse_retry_after", "safe_get"})


if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from precall.net.http import (
        MAX_BYTES,
        USER_AGENT,
        WEB_DOCUMENT_TYPES,
        HttpResult,
        make_session,
        parse_content_type,
        parse_retry_after,
        safe_get,
    )


def __getattr__(name: str) -> object:
    if name in _HTTP_NAMES:
        from precall.net import http

        return getattr(http, name)
    raise AttributeError(f"module 'precall.net' has no attribute {name!r}")


__all__ = [
    "BlockedAddressError",
    "ConnectTimeoutError",
    "ContentTypeError",
    "DeadlineExceededError",
    "FetchError",
    "FetchTimeoutError",
    "HttpResult",
    "HostUnreachableError",
    "HttpStatusError",
    "InvalidUrlError",
    "MAX_BYTES",
    "RedirectError",
    "RedirectLoopError",
    "ResponseTooLargeError",
    "TooManyRedirectsError",
    "USER_AGENT",
    "UnreachableError",
    "UnsupportedSchemeError",
    "WEB_DOCUMENT_TYPES",
    "make_session",
    "parse_content_type",
    "parse_retry_after",
    "safe_get",
]
