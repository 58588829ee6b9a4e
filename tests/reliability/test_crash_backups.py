"""Backups and restores killed half-way: a backup file that exists is always a good one,
and after a killed restore the database is either the old file or the backup, whole.

Cross-cutting (tests/reliability/): real processes killed, not one module's unit tests."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from precall.store import Store
from precall.store.backup_rotation import list_backups, make_backup, verify_backup
from tests.precall.store.damage import fill
from tests.reliability.test_crash_safety import integrity, spawn, wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
KILLS = int(os.environ.get("PRECALL_BACKUP_KILLS", "25"))


@pytest.mark.slow
def test_killing_backups_never_leaves_a_bad_backup(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path) as store:
        fill(store, items=200)
    rng = random.Random(3)
    made = checked = 0
    for kill in range(KILLS):
        proc = spawn("backups", str(db_path))
        buffer = bytearray()
        wait_for(proc, b"READY\n", buffer)
        time.sleep(rng.uniform(0, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        made += (bytes(buffer) + out).count(b"BACKUP ")
        assert integrity(db_path) == "ok", f"kill {kill}"
        for backup in list_backups(db_path):
            assert verify_backup(backup.path) == [], f"kill {kill}: {backup.path.name} is listed but bad"
            checked += 1
    with Store.open(db_path) as store:  # the next backup clears what a kill left half-written
        make_backup(store.conn, store.path, store.clock)
    assert not list((db_path.parent / "backups").glob("*.partial"))
    with capsys.disabled():
        print(f"\ncrash-backups: kills={KILLS} backups_made={made} backups_checked={checked} bad_backups=0")
    assert made > KILLS, "backups were being made when the kills landed"


def names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM accounts")}
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["restore", "restore-into"])
def test_a_restore_killed_half_way_leaves_the_old_file_or_the_backup(mode: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``restore``: files swapped by the command line; ``restore-into``: the app's restore
    through the open connection."""
    db = tmp_path / "precall.db"
    with Store.open(db) as store:
        fill(store, items=400, account="In the backup")
        backup = make_backup(store.conn, store.path, store.clock)
        store.accounts.create("Only in the current file")
    started = time.monotonic()
    proc = spawn(mode, str(db), str(backup.path))
    _, err = proc.communicate(timeout=60)
    full_run = time.monotonic() - started
    assert proc.returncode == 0 and names(db) == {"In the backup"}, err.decode()
    with Store.open(db) as store:
        store.accounts.create("Only in the current file")
    rng = random.Random(9)
    outcomes = {"old": 0, "restored": 0}
    for kill in range(KILLS):
        proc = spawn(mode, str(db), str(backup.path))
        buffer = bytearray()
        wait_for(proc, b"READY\n", buffer)
        time.sleep(rng.uniform(0, full_run / 3))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert integrity(db) == "ok", f"kill {kill}"
        found = names(db)
        if found == {"In the backup", "Only in the current file"}:
            outcomes["old"] += 1
        else:
            assert found == {"In the backup"}, f"kill {kill}: {found}"
            outcomes["restored"] += 1
            with Store.open(db) as store:  # back to the "current" state for the next round
                store.accounts.create("Only in the current file")
        kept = [p for p in tmp_path.glob("precall-before-restore-*.db") if not p.name.endswith("-wal")]
        for path in kept:
            assert integrity(path) == "ok", f"kill {kill}: the kept copy {path.name} is damaged"
    with capsys.disabled():
        print(f"\ncrash-{mode}: kills={KILLS} old_file={outcomes['old']} restored={outcomes['restored']} "
              f"half_restored=0 integrity_failures=0")
    assert outcomes["old"] and outcomes["restored"], "kills landed both before and after the swap"
