"""Refreshing research sources, split along the threading rules.

* ``load_plan(store, ...)``: database thread. What to fetch and the cached robots.txt.
* ``fetch_sources(sources, session, policy, progress)``: network thread(s) only, never
  the Store. Sources are grouped by host; hosts are fetched in parallel on a small
  pool, each host's sources one after another (the throttle keeps the per-host delay
  either way). Yields one ``SourceOutcome`` per source as it completes.
* ``apply_outcome(store, outcome)``: database thread. Fetch state and items, in one
  transaction per source, so a cancelled or crashed refresh loses nothing saved.

The command line runs all three in one thread; the app runs the fetching on the
network pool and hands each outcome to the database worker.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Mapping

import requests

from precall.clock import Clock, SystemClock
from precall.errors import Cancelled, NotFoundError, PrecallError, ValidationError
from precall.net import (
    BlockedAddressError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    InvalidUrlError,
    RedirectError,
    ResponseTooLargeError,
    UnreachableError,
)
from precall.net.urls import validate_url
from precall.progress import Progress
from precall.research.fetch_types import FetchedPage, SourceToFetch
from precall.research.fetcher import DisallowedByRobotsError, FetchStats, PoliteFetcher
from precall.research.politeness import PolitenessPolicy
from precall.research.robots import RobotsCacheEntry, origin_of
from precall.research.sources import FetchStatus, PageState, RobotsDecision, SourceKind

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.research.refresh")


@dataclass(frozen=True)
class RefreshPlan:
    sources: tuple[SourceToFetch, ...]
    robots: dict[str, RobotsCacheEntry]


@dataclass(frozen=True)
class SourceOutcome:
    source_id: int
    url: str
    name: str
    status: FetchStatus
    fetched_at: datetime
    error: str = ""
    robots: RobotsDecision = RobotsDecision.UNKNOWN
    etag: str | None = None
    last_modified: str | None = None
    pages: tuple[FetchedPage, ...] = ()
    page_states: tuple[PageState, ...] = ()
    #: robots.txt answers fetched during the refresh, cached when this outcome is applied.
    robots_entries: tuple[RobotsCacheEntry, ...] = ()

    @property
    def reached(self) -> bool:
        return self.status not in (FetchStatus.UNREACHABLE,)


@dataclass(frozen=True)
class AppliedOutcome:
    outcome: SourceOutcome
    saved: int = 0
    changed: int = 0
    skipped: bool = False  # the source was removed while it was being fetched


def load_plan(
    store: "Store",
    *,
    account_id: int | None = None,
    industry_id: int | None = None,
    source_ids: Sequence[int] | None = None,
) -> RefreshPlan:
    """The sources to refresh (all when no filter is given) with their page state and the robots cache."""
    if source_ids is not None:
        sources = [store.sources.get(source_id) for source_id in source_ids]
    elif account_id is not None:
        sources = store.sources.for_account_and_industry(account_id)
    else:
        sources = store.sources.list(industry_id=industry_id)
    return RefreshPlan(
        tuple(SourceToFetch(s, store.sources.page_states(s.id)) for s in sources),
        store.sources.robots_cache(store.now()),
    )


def fetch_sources(
    sources: Sequence[SourceToFetch],
    session: requests.Session,
    policy: PolitenessPolicy,
    progress: Progress | None = None,
    *,
    clock: Clock | None = None,
    robots_cache: Mapping[str, RobotsCacheEntry] | None = None,
    stats: FetchStats | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Iterator[SourceOutcome]:
    """Fetch every source politely; yield outcomes as they complete. Raises Cancelled.

    ``on_start(source_id)`` is called from a fetching thread as each source begins.
    """
    progress = progress or Progress()
    clock = clock or SystemClock()
    stop = threading.Event()
    # Set on cancel: waits end and requests in flight are cut off at once.
    fetcher = PoliteFetcher(session, policy, clock, robots_cache=dict(robots_cache or {}), abort=stop)
    by_host: dict[str, list[SourceToFetch]] = {}
    unusable: list[SourceOutcome] = []
    for item in sources:
        # A source stored by an older version or imported from a shared template may
        # carry a URL nothing can fetch (port 99999, "https://[::1"): it is reported
        # as that source's error, and every other source is still fetched.
        problem = url_problem(item.source.url)
        if problem is not None:
            unusable.append(SourceOutcome(item.source.id, item.source.url, item.source.display_name,
                                          FetchStatus.BLOCKED, clock.now(), error=problem,
                                          etag=item.source.etag, last_modified=item.source.last_modified))
            continue
        by_host.setdefault(origin_of(item.source.url), []).append(item)
    total = len(sources)
    progress.report(0, total, f"Refreshing {total} source{'s' if total != 1 else ''}")
    done = 0
    for outcome in unusable:
        done += 1
        progress.report(done, total, f"{outcome.name}: {outcome.status.label}")
        yield outcome
    if not by_host:
        return
    results: queue.Queue[SourceOutcome | None] = queue.Queue()

    def work(items: list[SourceToFetch]) -> None:
        try:
            for item in items:
                if stop.is_set() or progress.cancelled:
                    return
                if on_start is not None:
                    on_start(item.source.id)
                results.put(fetch_one(fetcher, item, clock))
        except Cancelled:
            return
        finally:
            results.put(None)

    pool = ThreadPoolExecutor(max_workers=min(policy.max_workers, len(by_host)), thread_name_prefix="precall-fetch")
    running = len(by_host)
    try:
        for items in by_host.values():
            pool.submit(work, items)
        while running:
            try:
                got = results.get(timeout=0.05)
            except queue.Empty:
                if progress.cancelled:
                    stop.set()
                progress.check()
                continue
            if got is None:
                running -= 1
                continue
            outcome = replace(got, robots_entries=tuple(fetcher.take_fresh_robots()))
            done += 1
            progress.report(done, total, f"{outcome.name}: {outcome.status.label}")
            yield outcome
        progress.check()
    finally:
        stop.set()
        # Workers see the stop within a sleep slice and requests in flight are aborted,
        # so no fetching thread outlives the refresh.
        pool.shutdown(wait=True, cancel_futures=True)
        if stats is not None:
            stats.requests, stats.body_bytes = fetcher.stats.requests, fetcher.stats.body_bytes
            stats.not_modified, stats.retries = fetcher.stats.not_modified, fetcher.stats.retries


def fetch_one(fetcher: PoliteFetcher, item: SourceToFetch, clock: Clock) -> SourceOutcome:
    """Fetch one source; every failure becomes an outcome, never an exception (except Cancelled)."""
    from precall.research.fetch_kinds import fetch_feed_source, fetch_page_source, fetch_site_source

    source = item.source
    base = SourceOutcome(source.id, source.url, source.display_name, FetchStatus.ERROR, clock.now(),
                         etag=source.etag, last_modified=source.last_modified)
    try:
        if source.kind == SourceKind.FEED:
            result = fetch_feed_source(fetcher, item)
        elif source.kind == SourceKind.SITE:
            result = fetch_site_source(fetcher, item)
        else:
            result = fetch_page_source(fetcher, item)
    except Cancelled:
        raise
    except DisallowedByRobotsError as exc:
        return replace(base, status=FetchStatus.DISALLOWED, error=str(exc), robots=exc.decision)
    except BlockedAddressError as exc:
        hint = ' Allow them with "Allow local network addresses" on the Research page or --allow-private.'
        return replace(base, status=FetchStatus.BLOCKED, error=str(exc) + hint)
    except FetchError as exc:
        return replace(base, status=status_for(exc), error=str(exc))
    except Exception:  # a bug in parsing one page must not stop the whole refresh
        log.exception("refreshing source %s (%s) failed", source.id, source.url)
        return replace(base, error="Precall could not read what this source sent (an internal error; see the log).")
    return replace(base, fetched_at=clock.now(), **result)


def url_problem(url: str) -> str | None:
    """Why a source's stored URL cannot be fetched at all, or None when it can be."""
    try:
        validate_url(url)
    except ValidationError as exc:
        return f"This source's address cannot be fetched: {exc} Remove it and add it again with a correct address."
    return None


def status_for(error: FetchError) -> FetchStatus:
    if isinstance(error, (UnreachableError, FetchTimeoutError)):
        return FetchStatus.UNREACHABLE
    if isinstance(error, (BlockedAddressError, InvalidUrlError, ContentTypeError, ResponseTooLargeError,
                          RedirectError)):
        return FetchStatus.BLOCKED
    if isinstance(error, HttpStatusError):
        return FetchStatus.ERROR
    return FetchStatus.ERROR


def apply_outcome(store: "Store", outcome: SourceOutcome) -> AppliedOutcome:
    """Save one source's outcome: robots cache, items, page state and fetch state."""
    saved = changed = 0
    with store.write():
        if outcome.robots_entries:
            store.sources.save_robots(outcome.robots_entries)
        try:
            store.sources.get(outcome.source_id)
        except NotFoundError:
            return AppliedOutcome(outcome, skipped=True)
        for fetched in outcome.pages:
            try:
                with store.write():
                    _item, was_changed = store.research.save_page(
                        source_id=outcome.source_id, url=fetched.url, page=fetched.page, fetched_at=outcome.fetched_at
                    )
            except PrecallError as exc:
                log.warning("could not save %s from source %s: %s", fetched.url, outcome.source_id, exc)
                continue
            saved += 1
            changed += int(was_changed)
        if outcome.page_states:
            store.sources.save_page_states(outcome.source_id, outcome.page_states)
        store.sources.record_fetch(
            outcome.source_id, fetched_at=outcome.fetched_at, status=outcome.status, error=outcome.error,
            robots_decision=outcome.robots, etag=outcome.etag, last_modified=outcome.last_modified,
        )
    return AppliedOutcome(outcome, saved, changed)
