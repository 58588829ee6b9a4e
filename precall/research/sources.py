"""Research sources as the rest of Precall sees them: what to follow, for whom, and
how the last fetch went. The store returns these; the fetcher takes them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class SourceKind(enum.StrEnum):
    PAGE = "page"  # one page, fetched as is
    FEED = "feed"  # RSS or Atom: its entries become items
    SITE = "site"  # a home page to explore: about, news, careers, team, products, feeds


class FetchStatus(enum.StrEnum):
    NEVER = "never"
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    PARTIAL = "partial"  # a site or feed where some pages failed
    DISALLOWED = "disallowed"  # robots.txt says no
    BLOCKED = "blocked"  # private address, wrong scheme or content type: will not change by retrying
    UNREACHABLE = "unreachable"  # offline, DNS, refused, timeouts
    ERROR = "error"  # the server answered with an error

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def succeeded(self) -> bool:
        return self in (FetchStatus.OK, FetchStatus.NOT_MODIFIED, FetchStatus.PARTIAL)


_STATUS_LABELS = {
    FetchStatus.NEVER: "not fetched yet",
    FetchStatus.OK: "fetched",
    FetchStatus.NOT_MODIFIED: "unchanged",
    FetchStatus.PARTIAL: "partly fetched",
    FetchStatus.DISALLOWED: "disallowed by robots.txt",
    FetchStatus.BLOCKED: "refused",
    FetchStatus.UNREACHABLE: "could not be reached",
    FetchStatus.ERROR: "server error",
}


class RobotsDecision(enum.StrEnum):
    UNKNOWN = ""
    ALLOWED = "allowed"  # rules say yes
    NO_RULES = "no_rules"  # robots.txt missing (4xx): everything allowed
    DISALLOWED = "disallowed"  # rules say no
    UNAVAILABLE = "unavailable"  # robots.txt 5xx or unreachable: nothing allowed for now

    @property
    def label(self) -> str:
        return _ROBOTS_LABELS[self]


_ROBOTS_LABELS = {
    RobotsDecision.UNKNOWN: "",
    RobotsDecision.ALLOWED: "allowed",
    RobotsDecision.NO_RULES: "no robots.txt",
    RobotsDecision.DISALLOWED: "disallowed",
    RobotsDecision.UNAVAILABLE: "unavailable",
}


@dataclass(frozen=True)
class ResearchSource:
    id: int
    url: str
    kind: SourceKind
    account_id: int | None
    industry_id: int | None
    #: The account's or industry's name.
    owner: str
    label: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_fetched_at: datetime | None = None
    last_success_at: datetime | None = None
    last_status: FetchStatus = FetchStatus.NEVER
    last_error: str = ""
    robots_decision: RobotsDecision = RobotsDecision.UNKNOWN
    failures: int = 0
    created_at: datetime | None = None
    item_count: int = 0

    @property
    def display_name(self) -> str:
        return self.label or self.url

    @property
    def scope(self) -> str:
        return "account" if self.account_id is not None else "industry"


@dataclass(frozen=True)
class PageState:
    """Conditional-GET state of one page found under a site or feed source."""

    url: str
    etag: str | None
    last_modified: str | None
    last_fetched_at: datetime | None
    last_status: str
    #: What the page is to its source: home, about, news, careers, leadership, products, feed, entry.
    role: str = "page"
