"""The longest GUI event-loop stall while the Research page refreshes 40 sources.

A 1 ms QTimer records when the event loop gets to run; the longest gap between two
ticks during a refresh of 40 sources on 8 local hosts (100 ms latency each) is the
stall a rep would feel (target < 50 ms). Baseline in the same run: the same timer on
the same page with no refresh running, for the same length of time.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tests.benchmarks.common import result

HOSTS = 8
SOURCES_PER_HOST = 5
LATENCY = 0.1
DELAY = 0.25  # shorter than the default 1 s to keep the run short; stalls do not depend on it


def _longest_gap(app: Any, seconds: float | None, until: Any = None) -> tuple[float, float]:
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    while True:
        app.processEvents()
        time.sleep(0.0005)
        elapsed = time.perf_counter() - started
        if (seconds is not None and elapsed >= seconds) or (until is not None and until()) or elapsed > 60:
            break
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return (max(gaps) if gaps else elapsed), elapsed


def run() -> Iterator[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from precall.clock import FixedClock
    from precall.store import Store
    from tests.precall.research.site_server import SiteServer, article
    from ui.context import AppContext
    from ui.research.page import ResearchPage

    app = QApplication.instance() or QApplication([])
    sites: list[SiteServer] = []
    for h in range(HOSTS):
        site = SiteServer(f"127.0.0.{h + 1}", latency=LATENCY).start()
        for i in range(SOURCES_PER_HOST):
            body = " ".join(f"Host {h} story {i} sentence {n} about freight and ports." for n in range(150))
            site.add(f"/news/{i}", article(f"Story {i} from host {h}", body))
        sites.append(site)
    clock = FixedClock(datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc))
    try:
        with tempfile.TemporaryDirectory(prefix="precall-bench-stall-") as tmp:
            db = Path(tmp) / "bench.db"
            with Store.open(db, clock=clock) as store:
                account = store.accounts.create("Bench Freight", industry="Logistics")
                for site in sites:
                    for i in range(SOURCES_PER_HOST):
                        store.sources.add(site.url(f"/news/{i}"), account_id=account.id)
            ctx = AppContext.create(db, clock=clock)
            ctx.settings.setValue("research/allow_private", True)
            ctx.settings.setValue("research/per_host_delay", DELAY)
            page = ResearchPage(ctx)
            page.resize(1200, 700)
            page.show()
            _longest_gap(app, None, until=lambda: page.model.rowCount() == HOSTS * SOURCES_PER_HOST)
            done: list[object] = []
            page.refresher.finished.connect(done.append)
            page.refresh()
            stall, duration = _longest_gap(app, None, until=lambda: bool(done))
            idle, _ = _longest_gap(app, duration)
            page.close()
            ctx.close()
            report = done[0] if done else None
            applied = len(getattr(report, "applied", []))
            yield result("gui_longest_stall_during_refresh", stall * 1000, "ms", idle * 1000,
                         refresh_s=round(duration, 2), sources_saved=applied, target_ms=50,
                         baseline_is="longest gap of the same timer with no refresh running")
    finally:
        for site in sites:
            site.stop()
