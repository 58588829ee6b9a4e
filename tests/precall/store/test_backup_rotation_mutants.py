"""What ``store.backup_rotation`` promises, where the mutation run found nothing watching:
which automatic backups thinning keeps (the newest few, then one a day, a week, a month;
never a manual one), how a folder of backups is listed, and when an automatic backup is due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from precall.clock import FixedClock
from precall.paths import backups_dir
from precall.store import Store
from precall.store.backup_rotation import (
    AUTO,
    MANUAL,
    AutoBackup,
    BackupInfo,
    ThinningPolicy,
    backups_to_thin,
    list_backups,
    make_backup,
    newest_good_backup,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)  # a Sunday
POLICY = ThinningPolicy(keep_last=1, daily_for_days=2, weekly_for_weeks=3, monthly_for_months=2)


def auto(hours_ago: float, kind: str = AUTO) -> BackupInfo:
    created = NOW - timedelta(hours=hours_ago)
    return BackupInfo(Path(f"/b/{kind}-{hours_ago}.db"), created, kind, 1024)


def kept(backups: list[BackupInfo]) -> list[float]:
    thinned = {b.path for b in backups_to_thin(backups, NOW, POLICY)}
    return sorted((NOW - b.created).total_seconds() / 3600 for b in backups if b.path not in thinned)


def test_the_newest_backups_are_kept_not_the_oldest() -> None:
    policy = ThinningPolicy(keep_last=2, daily_for_days=0, weekly_for_weeks=0, monthly_for_months=0)
    backups = [auto(300), auto(1), auto(200), auto(2)]
    assert sorted(b.path.name for b in backups_to_thin(backups, NOW, policy)) == ["auto-200.db", "auto-300.db"]


def test_one_backup_a_day_then_one_a_week_is_kept() -> None:
    # Within two days: the newest of each day. Then, up to three weeks: the newest of each
    # ISO week (Friday 13 and Saturday 14 November share a week; only the Saturday one stays).
    backups = [auto(1), auto(3), auto(25), auto(26), auto(24 * 8), auto(24 * 9)]
    assert kept(backups) == [1, 25, 24 * 8]


def test_manual_backups_are_never_thinned() -> None:
    backups = [auto(1), auto(24 * 200, MANUAL), auto(24 * 300, MANUAL)]
    assert backups_to_thin(backups, NOW, POLICY) == []
    assert auto(1).thinnable and not auto(1, MANUAL).thinnable


def test_a_folder_of_backups_lists_this_databases_files_newest_first(store: Store, clock: FixedClock) -> None:
    first = make_backup(store.conn, store.path, clock, MANUAL)
    second = make_backup(store.conn, store.path, clock, MANUAL)  # same second: "-1" after the stamp
    clock.advance(timedelta(hours=1))
    third = make_backup(store.conn, store.path, clock, AUTO)
    folder = backups_dir(store.path)
    (folder / f"other-auto-{NOW:%Y%m%dT%H%M%SZ}.db").write_bytes(b"another database's backup")
    (folder / f"{store.path.stem}-auto-20261101T000000Z.db").mkdir()  # a folder with a backup's name
    listed = list_backups(store.path)
    assert [b.path for b in listed] == [third.path, second.path, first.path]
    assert listed[0] == third and listed[0].created == clock.now()
    assert newest_good_backup(store.path) == third


def test_an_automatic_backup_is_due_after_a_change_only(store: Store, clock: FixedClock) -> None:
    auto_backup = AutoBackup()
    assert auto_backup.due(store.conn, store.path)  # no automatic backup yet
    made = auto_backup.run(store.conn, store.path, clock)
    assert made is not None and made.kind == AUTO
    assert not auto_backup.due(store.conn, store.path)
    assert auto_backup.run(store.conn, store.path, clock) is None
    store.accounts.create("Acme")
    assert auto_backup.due(store.conn, store.path)
    clock.advance(timedelta(minutes=5))
    assert auto_backup.run(store.conn, store.path, clock) is not None
    assert auto_backup.run(store.conn, store.path, clock, force=True) is not None
