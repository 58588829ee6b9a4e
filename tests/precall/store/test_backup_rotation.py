"""Rotating, verified backups: a bad copy never counts and never pushes out a good one."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from precall.store.backup_copy import BackupError, backup_to
from precall.store.backup_rotation import (
    AUTO,
    MANUAL,
    AutoBackup,
    BackupInfo,
    ThinningPolicy,
    backup_and_rotate,
    backups_to_thin,
    list_backups,
    make_backup,
    newest_good_backup,
    rotate,
    verify_backup,
)
from tests.precall.store.damage import corrupt, fill, integrity


def test_a_backup_is_a_verified_single_file_copy_with_the_edits(store: Store, clock: FixedClock) -> None:
    account_id = fill(store, items=20)
    made = make_backup(store.conn, store.path, clock)
    assert made.kind == AUTO and made.created == clock.now()
    assert made.path.parent == store.path.parent / "backups"
    assert not Path(str(made.path) + "-wal").exists()
    assert verify_backup(made.path) == []
    copy = sqlite3.connect(made.path)
    assert copy.execute("SELECT count(*) FROM matrix_items WHERE account_id=?", [account_id]).fetchone()[0] == 20
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert list_backups(store.path) == [made]


def test_backups_made_in_the_same_second_never_overwrite_each_other(store: Store, clock: FixedClock) -> None:
    first = make_backup(store.conn, store.path, clock)
    store.accounts.create("Second")
    second = make_backup(store.conn, store.path, clock)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert list_backups(store.path)[0] == second


def test_a_damaged_database_gives_no_backup_and_keeps_the_good_ones(filled_db: Path, clock: FixedClock) -> None:
    with Store.open(filled_db, clock=clock) as store:
        good = make_backup(store.conn, store.path, clock)
    corrupt(filled_db)
    assert integrity(filled_db) != "ok"
    conn = sqlite3.connect(filled_db, isolation_level=None)
    clock.advance(timedelta(hours=1))
    with pytest.raises(BackupError, match="failed its check"):
        backup_and_rotate(conn, filled_db, clock, policy=ThinningPolicy(keep_last=1))
    conn.close()
    assert list_backups(filled_db) == [good]
    assert verify_backup(good.path) == []
    assert not list((filled_db.parent / "backups").glob("*.partial"))


def test_backup_to_refuses_a_copy_without_precall_schema(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE t(x)")
    with pytest.raises(BackupError, match="no Precall schema"):
        backup_to(conn, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    conn.close()


def test_newest_good_backup_skips_one_that_rotted(store: Store, clock: FixedClock) -> None:
    fill(store, items=300)
    older = make_backup(store.conn, store.path, clock)
    clock.advance(timedelta(minutes=30))
    newer = make_backup(store.conn, store.path, clock)
    corrupt(newer.path)
    assert verify_backup(newer.path)
    assert newest_good_backup(store.path) == older


def _series(now: datetime, every: timedelta, count: int, kind: str = AUTO) -> list[BackupInfo]:
    return [BackupInfo(Path(f"/b/{kind}-{i}.db"), now - every * i, kind, 1) for i in range(count)]


def test_thinning_keeps_recent_daily_weekly_and_monthly_backups() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    backups = _series(now, timedelta(minutes=30), 48 * 200)  # every 30 minutes for 200 days
    policy = ThinningPolicy(keep_last=10, daily_for_days=7, weekly_for_weeks=4, monthly_for_months=6)
    thinned = {b.path for b in backups_to_thin(backups, now, policy)}
    kept = [b for b in backups if b.path not in thinned]
    assert backups[0] in kept, "the newest is always kept"
    assert backups[:10] == kept[:10]
    kept_days = {b.created.date() for b in kept if now - b.created <= timedelta(days=7)}
    assert len(kept_days) >= 7
    assert len({b.created.isocalendar()[:2] for b in kept if now - b.created <= timedelta(weeks=4)}) >= 4
    assert len({(b.created.year, b.created.month) for b in kept}) >= 6
    assert len(kept) < 40, f"thinning keeps a bounded number, not {len(kept)}"
    assert min(b.created for b in kept) > now - timedelta(days=31 * 6 + 1)


def test_thinning_never_touches_backups_made_by_hand_or_before_a_migration() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    manual = _series(now, timedelta(days=40), 5, MANUAL)
    migration = _series(now, timedelta(days=60), 3, "before-m002_x")
    automatic = _series(now, timedelta(hours=1), 100)
    thinned = backups_to_thin(manual + migration + automatic, now, ThinningPolicy(keep_last=1))
    assert thinned and all(b.kind == AUTO for b in thinned)


def test_rotate_deletes_only_what_the_policy_drops(store: Store, clock: FixedClock) -> None:
    made = []
    for _ in range(6):
        made.append(backup_and_rotate(store.conn, store.path, clock, policy=ThinningPolicy(3, 0, 0, 0)))
        store.accounts.create(f"Account {len(made)}")
        clock.advance(timedelta(minutes=30))
    manual = make_backup(store.conn, store.path, clock, MANUAL)
    assert rotate(store.path, clock.now(), ThinningPolicy(3, 0, 0, 0)) == []
    remaining = list_backups(store.path)
    assert [b.path for b in remaining] == [manual.path] + [b.path for b in reversed(made[-3:])]


def test_auto_backup_runs_only_when_the_database_changed(store: Store, clock: FixedClock) -> None:
    auto = AutoBackup()
    first = auto.run(store.conn, store.path, clock)
    assert first is not None, "the first look backs up a database that has no automatic backup"
    clock.advance(timedelta(minutes=30))
    assert auto.run(store.conn, store.path, clock) is None
    store.accounts.create("Changed")
    clock.advance(timedelta(minutes=30))
    second = auto.run(store.conn, store.path, clock)
    assert second is not None and second.created > first.created
    assert auto.run(store.conn, store.path, clock) is None
    assert auto.run(store.conn, store.path, clock, force=True) is not None


def test_auto_backup_counts_what_a_command_beside_the_app_wrote(db_path: Path, clock: FixedClock) -> None:
    from precall.store.lock import Role

    with Store.open(db_path, clock=clock) as app:
        auto = AutoBackup()
        assert auto.run(app.conn, app.path, clock) is not None
        clock.advance(timedelta(minutes=30))
        assert auto.run(app.conn, app.path, clock) is None
        with Store.open(db_path, clock=clock, role=Role.COMMAND) as command:
            command.accounts.create("Written by a command")
        clock.advance(timedelta(minutes=30))
        assert auto.run(app.conn, app.path, clock) is not None, "the command's edit is backed up too"
        assert auto.run(app.conn, app.path, clock) is None


def test_a_fresh_process_with_an_unchanged_database_and_a_backup_does_not_back_up_again(
    db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock=clock) as store:
        assert AutoBackup().run(store.conn, store.path, clock) is not None
    with Store.open(db_path, clock=clock) as store:
        assert AutoBackup().run(store.conn, store.path, clock) is None
    assert len(list_backups(db_path)) == 1


def test_backups_of_other_databases_in_the_folder_are_not_listed(tmp_path: Path, clock: FixedClock) -> None:
    with Store.open(tmp_path / "work.db", clock=clock) as work, Store.open(tmp_path / "work-old.db", clock=clock) as old:
        mine = make_backup(work.conn, work.path, clock)
        make_backup(old.conn, old.path, clock)
        assert list_backups(work.path) == [mine]
        assert len(list_backups(old.path)) == 1
