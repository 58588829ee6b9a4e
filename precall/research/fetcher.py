"""The polite fetcher: robots.txt first, then a turn from the host throttle, then
``safe_get``, with bounded retries when a server says it is busy.

Thread-safe: a refresh's workers share one fetcher, so robots.txt is fetched once per
origin and the per-host delay holds across all of them. It never touches the Store:
robots.txt answers fetched here are handed back (``fresh_robots``) for the database
thread to save.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TypedDict, Unpack

import requests

from precall.clock import Clock
from precall.errors import ValidationError
from precall.net import (
    WEB_DOCUMENT_TYPES,
    FetchError,
    FetchTimeoutError,
    HttpResult,
    HostUnreachableError,
    HttpStatusError,
    InvalidUrlError,
    RedirectError,
    UnreachableError,
    safe_get,
)
from precall.net.urls import validate_url
from precall.research.politeness import HostThrottle, PolitenessPolicy
from precall.research.robots import DISALLOW_ALL, MAX_ROBOTS_BYTES, RobotsCacheEntry, RobotsRules, origin_of
from precall.research.sources import RobotsDecision

log = logging.getLogger("precall.research.fetch")

#: Busy or overloaded: worth another try after a pause.
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class _GetOptions(TypedDict, total=False):
    """What a fetch may set per request on top of the policy (see ``safe_get``)."""

    etag: str | None
    last_modified: str | None
    accept_types: tuple[str, ...] | None
    max_bytes: int
    truncate: bool


class DisallowedByRobotsError(FetchError):
    """robots.txt does not let Precall fetch this URL (or could not be read: RFC 9309
    says a server error on robots.txt means "nothing for now")."""

    def __init__(self, message: str, url: str, decision: RobotsDecision) -> None:
        super().__init__(message, url)
        self.decision = decision


@dataclass
class FetchStats:
    requests: int = 0
    body_bytes: int = 0
    not_modified: int = 0
    retries: int = 0


@dataclass(frozen=True)
class PoliteResponse:
    result: HttpResult
    robots: RobotsDecision


class PoliteFetcher:
    def __init__(
        self,
        session: requests.Session,
        policy: PolitenessPolicy,
        clock: Clock,
        *,
        robots_cache: dict[str, RobotsCacheEntry] | None = None,
        abort: threading.Event | None = None,
    ) -> None:
        self.session = session
        self.policy = policy
        self.clock = clock
        self._abort = abort or threading.Event()
        self.throttle = HostThrottle(self._abort.is_set)
        self.stats = FetchStats()
        self._lock = threading.Lock()
        self._robots: dict[str, RobotsCacheEntry] = dict(robots_cache or {})
        self._rules: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._fresh: dict[str, RobotsCacheEntry] = {}
        self._dead: dict[str, HostUnreachableError] = {}

    @property
    def fresh_robots(self) -> list[RobotsCacheEntry]:
        """robots.txt answers fetched during this run, to be cached in the database."""
        with self._lock:
            return list(self._fresh.values())

    def take_fresh_robots(self) -> list[RobotsCacheEntry]:
        with self._lock:
            fresh, self._fresh = list(self._fresh.values()), {}
            return fresh

    # robots.txt ---------------------------------------------------------------
    def rules_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt fetch per origin, however many workers ask
            with self._lock:
                if origin in self._rules:
                    return self._rules[origin]
                cached = self._robots.get(origin)
            if cached is None or cached.expires_at <= self.clock.now():
                cached = self._fetch_robots(origin)
                with self._lock:
                    self._robots[origin] = cached
                    # A failing robots.txt blocks the host for this run only: the next
                    # refresh asks again rather than staying blocked from a cached 503.
                    if cached.outcome != DISALLOW_ALL:
                        self._fresh[origin] = cached
            rules = cached.rules()
            with self._lock:
                self._rules[origin] = rules
            return rules

    def _fetch_robots(self, origin: str) -> RobotsCacheEntry:
        url = origin + "/robots.txt"
        self._check_alive(origin, url)
        self.throttle.wait_turn(origin, self.policy.per_host_delay)
        status: int | None
        body = b""
        try:
            result = self._get(url, accept_types=None, max_bytes=MAX_ROBOTS_BYTES, truncate=True)
            status, body = result.status, result.body
        except HttpStatusError as exc:
            status = exc.status
        except RedirectError:
            status = 404  # RFC 9309 2.3.1.2: too many redirects may be read as "unavailable" (allow)
        except HostUnreachableError as exc:
            self._mark_dead(origin, exc)
            raise
        except (UnreachableError, FetchTimeoutError) as exc:
            # The host answers but robots.txt did not come through (reset, stalled):
            # RFC 9309 2.3.1.4 reads that as "disallow all" for now. Not cached past
            # this run, and it says nothing about the host being down.
            log.info("robots.txt of %s could not be read: %s", origin, exc)
            status = None
        entry = RobotsCacheEntry.from_response(origin, status, body, self.clock.now())
        log.info("robots.txt of %s: HTTP %s -> %s", origin, status, entry.outcome)
        return entry

    # pages ------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept_types: tuple[str, ...] | None = WEB_DOCUMENT_TYPES,
    ) -> PoliteResponse:
        """Fetch ``url`` if robots.txt allows, waiting for the host's turn; raise FetchError.

        Failure is per URL: only a host that cannot be reached at all (its name does
        not resolve, connecting is refused or times out) makes its other URLs fail
        at once, as ``HostUnreachableError``; a reset or a bad answer on one path
        does not.
        """
        try:
            validate_url(url)
        except ValidationError as exc:
            raise InvalidUrlError(str(exc), url) from exc
        origin = origin_of(url)
        self._check_alive(origin, url)
        rules = self.rules_for(url)
        decision = rules.decision(url)
        if not rules.allows(url):
            why = "its robots.txt disallows it" if decision == RobotsDecision.DISALLOWED else \
                "its robots.txt could not be read (server error or no answer), which means no fetching for now"
            raise DisallowedByRobotsError(f"Not fetching {url}: {why}.", url, decision)
        crawl_delay = min(rules.crawl_delay() or 0.0, self.policy.max_crawl_delay)
        delay = max(self.policy.per_host_delay, crawl_delay)
        attempt = 0
        while True:
            self.throttle.wait_turn(origin, delay)
            try:
                result = self._get(url, etag=etag, last_modified=last_modified, accept_types=accept_types)
                return PoliteResponse(result, decision)
            except HttpStatusError as exc:
                if exc.status not in RETRY_STATUSES or attempt >= self.policy.max_retries:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else self.policy.backoff * (2 ** attempt)
                if wait > self.policy.max_retry_wait:
                    raise HttpStatusError(
                        f"{url} is busy (HTTP {exc.status}) and asked to come back in {wait:.0f} s; try again later.",
                        url, status=exc.status, retry_after=wait,
                    ) from exc
                attempt += 1
                with self._lock:
                    self.stats.retries += 1
                log.info("%s answered %s; retry %d in %.1f s", url, exc.status, attempt, wait)
                self.throttle.push_back(origin, wait)
            except HostUnreachableError as exc:
                self._mark_dead(origin, exc)
                raise

    def _get(self, url: str, **kwargs: Unpack[_GetOptions]) -> HttpResult:
        policy = self.policy
        with self._lock:
            self.stats.requests += 1
        options: _GetOptions = {"max_bytes": policy.max_bytes, **kwargs}
        result = safe_get(
            self.session, url, allow_private=policy.allow_private, total_deadline=policy.total_deadline,
            connect_timeout=policy.connect_timeout, read_timeout=policy.read_timeout, abort=self._abort,
            **options,
        )
        with self._lock:
            self.stats.body_bytes += len(result.body)
            self.stats.not_modified += int(result.not_modified)
        return result

    # hosts that are down --------------------------------------------------------------
    def _mark_dead(self, origin: str, error: HostUnreachableError) -> None:
        # Offline or host down: later URLs of the origin fail at once instead of each waiting.
        with self._lock:
            self._dead.setdefault(origin, error)

    def _check_alive(self, origin: str, url: str) -> None:
        with self._lock:
            dead = self._dead.get(origin)
        if dead is not None:
            # Said as it is: this URL was not asked for, because its host was not reachable.
            raise HostUnreachableError(f"Not requested: the host is unreachable ({dead}).", url)
