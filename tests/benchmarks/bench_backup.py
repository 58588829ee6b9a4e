"""Backups of a 5,000-meeting database (the start-up benchmark's generated file).

What a rep pays every 30 minutes: a verified automatic backup (SQLite's online backup
API into a temp file, integrity_check, rename) and its thinning. Baselines in the same
run: a plain file copy of the same database (what a backup must not be, but the floor
of what any copy costs) and the backup alone without its check. Also the full
``check_connection`` that Tools > Check and repair runs.

    python tests/benchmarks/run.py backup
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from precall.clock import SystemClock
from precall.store import Store
from precall.store.backup_copy import backup_to
from precall.store.backup_rotation import backup_and_rotate
from precall.store.repair import check_connection
from tests.benchmarks.bench_startup import database
from tests.benchmarks.common import median_ms, result

REPEAT = int(os.environ.get("PRECALL_BENCH_RUNS", "5"))


def run() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "precall.db"
        shutil.copyfile(database(), db)
        size_mb = db.stat().st_size / 1e6
        store = Store.open(db)
        try:
            clock = SystemClock()
            copy_ms = median_ms(lambda: shutil.copyfile(db, Path(folder) / "plain-copy.db"), repeat=REPEAT)
            unchecked_ms = median_ms(lambda: backup_to(store.conn, Path(folder) / "unchecked.db", verify=False),
                                     repeat=REPEAT)
            verified_ms = median_ms(lambda: backup_and_rotate(store.conn, store.path, clock), repeat=REPEAT)
            check_ms = median_ms(lambda: check_connection(store.conn, store.path), repeat=max(3, REPEAT // 2))
            quick_ms = median_ms(lambda: store.conn.execute("PRAGMA quick_check").fetchall(), repeat=REPEAT)
        finally:
            store.close()
        backups = len(list((Path(folder) / "backups").glob("*.db")))
        yield result("backup_verified_ms", verified_ms, "ms", copy_ms, db_mb=round(size_mb, 1),
                     baseline_is="plain file copy", backups_kept=backups)
        yield result("backup_check_overhead_ms", verified_ms, "ms", unchecked_ms,
                     baseline_is="online backup without integrity_check")
        yield result("check_and_repair_check_ms", check_ms, "ms", quick_ms,
                     baseline_is="PRAGMA quick_check alone (the start-up look)")
