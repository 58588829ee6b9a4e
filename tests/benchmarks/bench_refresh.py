"""Refreshing 40 research sources on 8 local hosts, each answer delayed 100 ms.

Measures (a) the wall time of a first refresh against the politeness lower bound: one
host's requests cannot be closer than the per-host delay, so with hosts in parallel
the refresh cannot end before ``delay × (requests per host − 1) + latency``; robots.txt
counts as a request (it is one, to the host); and (b) the bytes the servers send for an
immediate second refresh (conditional GET: 304s, robots.txt from the cache) against
the bytes of the first. The whole pipeline runs: plan from SQLite, polite fetching,
extraction, saving items.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from precall.clock import FixedClock
from precall.net import make_session
from precall.research.fetcher import FetchStats
from precall.research.politeness import PolitenessPolicy
from precall.research.refresh import apply_outcome, fetch_sources, load_plan
from precall.store import Store
from tests.benchmarks.common import result
from tests.precall.research.site_server import SiteServer, article

HOSTS = 8
SOURCES_PER_HOST = 5
LATENCY = 0.1
DELAY = 1.0  # the default per-host delay


def _sites() -> list[SiteServer]:
    sites = []
    for h in range(HOSTS):
        site = SiteServer(f"127.0.0.{h + 1}", latency=LATENCY).start()
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        for i in range(SOURCES_PER_HOST):
            body = " ".join(f"Host {h} story {i} sentence {n} about freight, ports and trucking." for n in range(150))
            site.add(f"/news/{i}", article(f"Story {i} from host {h}", body))
        sites.append(site)
    return sites


def _refresh(store: Store, policy: PolitenessPolicy, clock: FixedClock) -> tuple[float, FetchStats, int]:
    plan = load_plan(store)
    stats = FetchStats()
    saved = 0
    started = time.perf_counter()
    with make_session() as session:
        for outcome in fetch_sources(plan.sources, session, policy, clock=clock, robots_cache=plan.robots,
                                     stats=stats):
            saved += apply_outcome(store, outcome).saved
    return time.perf_counter() - started, stats, saved


def run() -> Iterator[dict[str, Any]]:
    sites = _sites()
    clock = FixedClock(datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc))
    policy = PolitenessPolicy(per_host_delay=DELAY, allow_private=True)
    try:
        with tempfile.TemporaryDirectory(prefix="precall-bench-refresh-") as tmp:
            with Store.open(Path(tmp) / "bench.db", clock=clock) as store:
                account = store.accounts.create("Bench Freight", industry="Logistics")
                for site in sites:
                    for i in range(SOURCES_PER_HOST):
                        store.sources.add(site.url(f"/news/{i}"), account_id=account.id)
                wall, stats, saved = _refresh(store, policy, clock)
                first_bytes = sum(s.bytes_sent for s in sites)
                requests_per_host = SOURCES_PER_HOST + 1  # robots.txt and the pages
                bound = DELAY * (requests_per_host - 1) + LATENCY
                yield result("refresh_40_sources_8_hosts_wall", wall, "s", bound, hosts=HOSTS, sources=HOSTS *
                             SOURCES_PER_HOST, per_host_delay_s=DELAY, latency_s=LATENCY, requests=stats.requests,
                             items_saved=saved, baseline_is="politeness lower bound")

                wall2, stats2, _saved2 = _refresh(store, policy, clock)
                second_bytes = sum(s.bytes_sent for s in sites) - first_bytes
                yield result("refresh_second_bytes", second_bytes, "bytes", first_bytes, requests=stats2.requests,
                             not_modified=stats2.not_modified, body_bytes=stats2.body_bytes,
                             baseline_is="bytes sent for the first refresh")
                yield result("refresh_second_wall", wall2, "s", DELAY * (SOURCES_PER_HOST - 1) + LATENCY,
                             baseline_is="politeness lower bound (robots.txt cached)")
    finally:
        for site in sites:
            site.stop()
