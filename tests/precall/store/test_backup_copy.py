"""Verified database copies: checks, unique names, stale partial copies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from precall.store import Store
from precall.store.backup_copy import (
    backup_before_migration,
    backup_to,
    backups_dir,
    copy_problems,
    integrity_problems,
    remove_stale_partials,
    unique_backup_path,
)


def test_a_whole_database_has_no_problems_and_unknown_checks_are_refused(store: Store) -> None:
    assert integrity_problems(store.conn) == []
    assert integrity_problems(store.conn, "quick_check") == []
    assert copy_problems(store.conn) == []
    with pytest.raises(ValueError, match="unknown check 'vacuum'"):
        integrity_problems(store.conn, "vacuum")


def test_a_foreign_database_is_named_as_not_precalls(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE notes(x)")
    assert copy_problems(conn) == ["has no Precall schema (no migrations table)"]
    conn.close()


def test_a_backup_is_one_whole_file_with_nothing_left_beside_it(store: Store, tmp_path: Path) -> None:
    target = backup_to(store.conn, tmp_path / "copies" / "b.db")
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.db"]
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy_problems(copy) == []
    copy.close()


def test_backup_names_never_overwrite_an_existing_backup(tmp_path: Path) -> None:
    assert unique_backup_path(tmp_path, "p") == tmp_path / "p.db"
    (tmp_path / "p.db").touch()
    assert unique_backup_path(tmp_path, "p") == tmp_path / "p-1.db"
    (tmp_path / "p-1.db").touch()
    assert unique_backup_path(tmp_path, "p") == tmp_path / "p-2.db"


def test_only_this_databases_partial_copies_are_removed(tmp_path: Path) -> None:
    remove_stale_partials(tmp_path / "missing", "p")  # no folder yet: nothing to do
    for name in ("p-1.db.partial", "p-2.db.partial", "p-1.db", "q-1.db.partial"):
        (tmp_path / name).touch()
    remove_stale_partials(tmp_path, "p")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p-1.db", "q-1.db.partial"]


def test_the_migration_backup_names_the_first_pending_step_and_clears_old_partials(store: Store) -> None:
    folder = backups_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f"{store.path.stem}-before-m009-20260101T000000Z.db.partial"
    stale.touch()
    made = backup_before_migration(store.conn, store.path, ["m010_next", "m011_later"])
    assert made.name.startswith(f"{store.path.stem}-before-m010_next-") and made.exists()
    assert not stale.exists()
