"""What ``store.repair`` promises, where the mutation run found nothing watching: the wording
of a check's summary, which errors count as damage, which file system holds the database
(read from real mounts where the machine allows mounting) and a restore to an empty path."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.errors import NotADatabaseError
from precall.store import Store
from precall.store.backup_rotation import MANUAL, BackupInfo, make_backup
from precall.store.repair import (
    CheckReport,
    RestoreResult,
    backup_advice,
    check_file,
    filesystem_type,
    is_damage,
    more_problems,
    restore_file,
    storage_warnings,
)


def mount(kind: str, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", kind, kind, str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a {kind} here: {done.stderr.strip()}")


@pytest.fixture
def mounts(tmp_path: Path) -> Iterator[list[Path]]:
    """Folders mounted by the test, unmounted (last first) afterwards."""
    mounted: list[Path] = []
    try:
        yield mounted
    finally:
        for folder in reversed(mounted):
            subprocess.run(["umount", "-l", str(folder)], check=False)


# --- the summary's words ----------------------------------------------------------------------------

def test_more_problems_counts_the_rest_until_the_listing_stops_at_20() -> None:
    assert more_problems(["a"]) == ""
    assert more_problems(["a", "b"]) == " and 1 more"
    assert more_problems([str(n) for n in range(19)]) == " and 18 more"
    assert more_problems([str(n) for n in range(20)]) == " and more"


def test_without_a_good_backup_the_advice_says_to_keep_the_file() -> None:
    assert backup_advice(None) == ("There is no good backup to restore; keep the file and ask for help "
                                   "before changing it.")


def test_a_damaged_report_names_the_first_problem_and_counts_the_rest(tmp_path: Path) -> None:
    report = CheckReport(tmp_path / "p.db", ("page 3 is broken", "page 4 is broken"))
    assert not report.ok
    assert report.summary() == (f"{tmp_path / 'p.db'} is damaged: page 3 is broken and 1 more. "
                                f"{backup_advice(None)}")
    headline = CheckReport(tmp_path / "p.db", ("empty",), headline=f"{tmp_path / 'p.db'} is empty")
    assert headline.summary() == f"{tmp_path / 'p.db'} is empty. {backup_advice(None)}"
    assert CheckReport(tmp_path / "p.db", ()).summary() == f"{tmp_path / 'p.db'} passed its integrity check."


def test_two_restore_results_compare_by_backup_and_kept_copy_only(tmp_path: Path) -> None:
    backup = BackupInfo(tmp_path / "b.db", datetime(2026, 1, 1, tzinfo=timezone.utc), MANUAL, 1)
    one = RestoreResult(backup, None, CheckReport(tmp_path / "p.db", ()))
    other = RestoreResult(backup, None, CheckReport(tmp_path / "p.db", ("damaged",)))
    assert one == other


# --- which errors are damage ------------------------------------------------------------------------

@pytest.mark.parametrize("error", [
    sqlite3.DatabaseError("database disk image is malformed"),
    sqlite3.DatabaseError("file is not a database"),
    sqlite3.OperationalError("Could not decode to UTF-8 column 'name' with text 'x'"),
    NotADatabaseError("p.db is damaged."),
])
def test_these_errors_mean_the_file_is_damaged(error: BaseException) -> None:
    assert is_damage(error)


@pytest.mark.parametrize("error", [
    sqlite3.OperationalError("database is locked"),
    sqlite3.OperationalError("no such table: accounts"),
    ValueError("malformed"),
])
def test_these_errors_do_not_mean_damage(error: BaseException) -> None:
    assert not is_damage(error)


# --- where the file lives ----------------------------------------------------------------------------

def test_a_synced_folder_is_named_in_the_warning(tmp_path: Path) -> None:
    warnings = storage_warnings(tmp_path / "Dropbox" / "precall.db", "wal")
    assert len(warnings) == 1 and "is in a synced folder (dropbox)." in warnings[0]


def test_the_file_system_is_the_one_of_the_deepest_mount_holding_the_path(tmp_path: Path,
                                                                          mounts: list[Path]) -> None:
    inner = tmp_path / "mnt"
    mount("ramfs", inner)
    mounts.append(inner)
    assert filesystem_type(inner / "p.db") == "ramfs"
    assert filesystem_type(inner) == "ramfs"
    # A folder whose name only starts like the mount point is not inside it.
    beside = tmp_path / "mntx"
    beside.mkdir()
    assert filesystem_type(beside / "p.db") == filesystem_type(tmp_path)
    assert filesystem_type(tmp_path) != "ramfs"


def test_of_two_file_systems_mounted_on_one_folder_the_visible_one_counts(tmp_path: Path,
                                                                         mounts: list[Path]) -> None:
    folder = tmp_path / "stacked"
    mount("tmpfs", folder)
    mounts.append(folder)
    mount("ramfs", folder)  # mounted over the tmpfs: files written now land on the ramfs
    mounts.append(folder)
    assert filesystem_type(folder / "p.db") == "ramfs"


def test_the_journal_mode_is_read_from_the_files_header(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Acme")
    assert not any("write-ahead" in w for w in check_file(db_path).warnings)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert any("journal mode is delete" in w for w in check_file(db_path).warnings)


# --- restoring where nothing is left -------------------------------------------------------------------

def test_restoring_where_no_file_is_left_keeps_nothing_aside(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Acme")
        backup = make_backup(store.conn, store.path, clock, MANUAL)
    db_path.unlink()
    result = restore_file(db_path, backup, clock)
    assert result.kept_as is None and result.after.ok
    assert result.summary() == f"Restored the backup of {backup.describe()} ({backup.path.name})."
    assert not list(db_path.parent.glob("*-before-restore-*"))


def test_reports_and_results_cannot_be_changed_after_the_fact(tmp_path: Path) -> None:
    backup = BackupInfo(tmp_path / "b.db", datetime(2026, 1, 1, tzinfo=timezone.utc), MANUAL, 1)
    report = CheckReport(tmp_path / "p.db", ())
    result = RestoreResult(backup, None, report)
    for frozen in (report, result):
        with pytest.raises(AttributeError):
            frozen.path = tmp_path  # type: ignore[misc]
