"""Start-up: from process start to the main window shown with its meetings list filled,
on a generated database of 5,000 meetings, 200 accounts and 20,000 matrix items, against
a bare PySide6 QMainWindow shown in the same run. Median of several runs each, run
alternately in fresh processes (offscreen); peak memory is each child's ru_maxrss.

    python tests/benchmarks/run.py startup
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable

from tests.benchmarks.common import result

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS, MEETINGS, ITEMS = 200, 5_000, 20_000
ROLES_PER_ACCOUNT = 4
RUNS = int(os.environ.get("PRECALL_BENCH_RUNS", "5"))
GENERATOR_VERSION = 1

APP_CHILD = """
import resource, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from ui.application import build_window, create_qapplication
from ui.context import AppContext
app = create_qapplication()
ctx = AppContext.create(Path(sys.argv[1]))
window = build_window(ctx)
page = window.page("Meetings")
def ready(count):
    # Let the window lay out and paint the filled list before calling it shown.
    def report():
        window.repaint()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("READY", time.time(), rss, count, page.proxy.rowCount(), flush=True)
        app.quit()
    QTimer.singleShot(0, report)
page.loaded.connect(ready)
window.show()
app.exec()
ctx.close()
"""

BARE_CHILD = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
def report():
    window.repaint()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("READY", time.time(), rss, 0, 0, flush=True)
    app.quit()
window.show()
QTimer.singleShot(0, report)
app.exec()
"""


def generate(path: Path) -> None:
    """Bulk-insert the benchmark data through the real schema (Store.open migrates)."""
    from precall.clock import FixedClock
    from precall.store import Store

    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    rng = random.Random(42)
    tmp = path.with_suffix(".tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    with Store.open(tmp, clock=FixedClock(now)) as store:
        conn = store.conn
        with store.write():
            for n in range(ACCOUNTS):
                store.accounts.create(f"Account {n:03d}", f"https://account{n:03d}.example", f"Industry {n % 12}")
            accounts = [r[0] for r in conn.execute("SELECT id FROM accounts ORDER BY id")]
            conn.executemany(
                "INSERT INTO matrix_roles(account_id, name, position) VALUES (?, ?, ?)",
                [(a, name, p) for a in accounts for p, name in enumerate(["CFO", "COO", "IT Director", "VP Sales"]
                                                                            [:ROLES_PER_ACCOUNT])])
            roles: dict[int, list[int]] = {}
            for role_id, account_id in conn.execute("SELECT id, account_id FROM matrix_roles"):
                roles.setdefault(account_id, []).append(role_id)
            rows: dict[int, list[int]] = {}
            for row_id, account_id in conn.execute("SELECT id, account_id FROM matrix_rows"):
                rows.setdefault(account_id, []).append(row_id)
            items = []
            counters: dict[tuple[int, int], int] = {}
            statuses = ["assumed", "researched", "confirmed", "refuted"]
            for n in range(ITEMS):
                account = accounts[n % ACCOUNTS]
                role, row = rng.choice(roles[account]), rng.choice(rows[account])
                position = counters.get((role, row), 0)
                counters[(role, row)] = position + 1
                items.append((account, role, row, position, f"Assumption {n}: they care about lever {n % 97}",
                              statuses[n % 4], stamp, stamp))
            conn.executemany(
                "INSERT INTO matrix_items(account_id, role_id, row_id, position, text, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", items)
            meetings = []
            for n in range(MEETINGS):
                start = now + timedelta(days=rng.randint(-700, 300), hours=rng.randint(0, 9))
                meetings.append((accounts[n % ACCOUNTS], f"Meeting {n} about the {n % 31} plan",
                                 start.isoformat(timespec="seconds"),
                                 (start + timedelta(hours=1)).isoformat(timespec="seconds"),
                                 "Europe/Paris", stamp, stamp))
            conn.executemany(
                "INSERT INTO meetings(account_id, title, start_utc, end_utc, tz, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", meetings)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(tmp, path)


def database() -> Path:
    """The generated database, cached between runs in the temp dir."""
    # Its own folder: a later migration backs the file up beside it, in backups/.
    folder = Path(tempfile.gettempdir()) / "precall-bench-startup"
    folder.mkdir(exist_ok=True)
    path = folder / f"generated-v{GENERATOR_VERSION}.db"
    if not path.exists():
        generate(path)
    return path


def launch(code: str, db: Path | None, data_dir: str) -> tuple[float, float, int]:
    """Run one child; return (ms from spawn to READY, peak MB, meetings shown)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PRECALL_DATA_DIR": data_dir,
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    args = [sys.executable, "-c", code] + ([str(db)] if db else [])
    started = time.time()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("READY")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    _, when, rss_kb, _, shown = line.split()
    return (float(when) - started) * 1000, int(rss_kb) / 1024, int(shown)


def run() -> Iterable[dict[str, Any]]:
    db = database()
    data_dir = tempfile.mkdtemp(prefix="precall-bench-startup-")
    launch(APP_CHILD, db, data_dir)  # warm the OS file cache for both
    launch(BARE_CHILD, None, data_dir)
    app_ms, app_mb, bare_ms, bare_mb = [], [], [], []
    shown = 0
    for _ in range(RUNS):
        ms, mb, shown = launch(APP_CHILD, db, data_dir)
        app_ms.append(ms)
        app_mb.append(mb)
        ms, mb, _ = launch(BARE_CHILD, None, data_dir)
        bare_ms.append(ms)
        bare_mb.append(mb)
    if shown != MEETINGS:
        raise RuntimeError(f"the window listed {shown} meetings, expected {MEETINGS}")
    extra = {"runs": RUNS, "meetings": MEETINGS, "accounts": ACCOUNTS, "matrix_items": ITEMS,
             "samples_ms": [round(v) for v in app_ms], "baseline_samples_ms": [round(v) for v in bare_ms]}
    yield result("startup_to_filled_main_window", statistics.median(app_ms), "ms",
                 statistics.median(bare_ms), target_ratio=1.5, **extra)
    yield result("startup_peak_memory", max(app_mb), "MB", max(bare_mb))


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line))
