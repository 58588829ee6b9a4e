"""What ``store.backup_copy`` promises, where the mutation run found nothing watching: the
findings of a damaged file as they are listed, files SQLite cannot read, and a copy that
fails its check (or cannot be made) raising a ``BackupError`` and leaving nothing behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from precall.store.backup_copy import BackupError, backup_to, copy_problems, integrity_problems
from tests.precall.store.damage import corrupt, fill


@pytest.fixture
def damaged(db_path: Path, clock: FixedClock) -> Path:
    """A Precall database whose matrix items' root page is garbage."""
    with Store.open(db_path, clock=clock) as store:
        fill(store)
    corrupt(db_path)
    return db_path


def test_a_file_sqlite_cannot_read_is_one_finding(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    conn = sqlite3.connect(path)
    try:
        assert integrity_problems(conn) == ["cannot be read (file is not a database)"]
        assert copy_problems(conn) == ["cannot be read (file is not a database)"]
    finally:
        conn.close()


def test_a_damaged_file_lists_sqlites_findings_without_its_heading(damaged: Path) -> None:
    conn = sqlite3.connect(damaged)
    try:
        problems = integrity_problems(conn)
        assert problems and all(p and p == p.strip() for p in problems)
        assert not any(p.startswith("***") or p == "ok" for p in problems)
        assert len(integrity_problems(conn, limit=3)) <= 3
        assert copy_problems(conn) == problems
    finally:
        conn.close()


def test_a_migrations_table_of_another_shape_cannot_be_read_as_precalls(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    try:
        conn.execute("CREATE TABLE _sqlite_migrations(name TEXT)")
        assert copy_problems(conn) == ["cannot be read (no such column: migration_set)"]
    finally:
        conn.close()


def test_a_copy_of_a_foreign_database_is_refused_by_default_and_not_kept(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE notes(x)")
    target = tmp_path / "copies" / "b.db"
    try:
        with pytest.raises(BackupError, match=r"^The backup of the database failed its check \(has no Precall "
                                              r"schema \(no migrations table\)\); it was not kept"):
            backup_to(conn, target)
        assert list(target.parent.iterdir()) == []
        assert backup_to(conn, target, verify=False) == target  # asked not to check: kept
    finally:
        conn.close()


def test_a_failed_check_names_at_most_three_findings(damaged: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(damaged)
    try:
        assert len(integrity_problems(conn)) >= 4
        with pytest.raises(BackupError) as refused:
            backup_to(conn, tmp_path / "copies" / "b.db")
    finally:
        conn.close()
    listed = str(refused.value).split("failed its check (", 1)[1].rsplit("); it was not kept", 1)[0]
    assert listed.count("; ") == 2


def test_a_backup_folder_is_created_with_its_parents(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c" / "b.db"
    assert backup_to(store.conn, target) == target and target.exists()


def test_sqlites_refusal_to_copy_is_a_backup_error_naming_the_target(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "gone.db")
    conn.close()
    target = tmp_path / "copies" / "b.db"
    with pytest.raises(BackupError, match=rf"^Could not back up the database to {target}: Cannot operate on a "
                                          r"closed database\.\.$"):
        backup_to(conn, target)
    assert list(target.parent.iterdir()) == []
