"""How hard Precall may knock: the politeness policy and the per-host throttle.

One ``PolitenessPolicy`` holds every network knob of a refresh (calibre's recipes keep
theirs in one base for the same reason). ``HostThrottle`` spaces requests to the same
host by at least the policy's delay (or the host's Crawl-delay, or the wait its
Retry-After asked for), while different hosts proceed in parallel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from precall.errors import Cancelled
from precall.net import MAX_BYTES


@dataclass(frozen=True)
class PolitenessPolicy:
    #: At least this long between two requests to one host (seconds).
    per_host_delay: float = 1.0
    #: A robots.txt Crawl-delay above this is capped: a refresh must end some day.
    max_crawl_delay: float = 30.0
    #: Hosts fetched at the same time (threads mostly waiting on the network or the delay).
    max_workers: int = 8
    #: Extra tries after a 429/503/timeout.
    max_retries: int = 2
    #: Back-off before retry n (n = 1, 2, ...) when the server gave no Retry-After.
    backoff: float = 2.0
    #: A Retry-After longer than this is not waited for: the source is reported instead.
    max_retry_wait: float = 30.0
    allow_private: bool = False
    max_bytes: int = MAX_BYTES
    total_deadline: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    #: Pages fetched for one site source (home page included).
    site_max_pages: int = 20
    #: Newest entries of a feed whose pages are fetched for their full text.
    feed_entry_pages: int = 3

    def __post_init__(self) -> None:
        if self.per_host_delay < 0 or self.max_workers < 1 or self.max_retries < 0:
            raise ValueError("per_host_delay must be >= 0, max_workers >= 1, max_retries >= 0")
        if self.site_max_pages < 1 or self.feed_entry_pages < 0:
            raise ValueError("site_max_pages must be >= 1 and feed_entry_pages >= 0")


class HostThrottle:
    """Hands out turns per host: one request at a time, spaced by the delay."""

    def __init__(self, is_cancelled: Callable[[], bool] = lambda: False, sleep_slice: float = 0.05) -> None:
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_at: dict[str, float] = {}
        self._is_cancelled = is_cancelled
        self._slice = sleep_slice

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str, delay: float) -> None:
        """Block until ``host`` may be asked again, then book the next slot ``delay`` later."""
        with self._host_lock(host):
            while True:
                with self._lock:
                    wait = self._next_at.get(host, 0.0) - time.monotonic()
                if wait <= 0:
                    break
                self.sleep(min(wait, self._slice))
            with self._lock:
                self._next_at[host] = time.monotonic() + delay

    def push_back(self, host: str, seconds: float) -> None:
        """The host asked us to wait (Retry-After): no request before then."""
        with self._lock:
            self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + seconds)

    def sleep(self, seconds: float) -> None:
        """Sleep in slices so a cancel is noticed quickly."""
        end = time.monotonic() + seconds
        while True:
            if self._is_cancelled():
                raise Cancelled()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, self._slice))
