"""Copies of the database made with SQLite's online backup API (never a file copy,
which can catch a half-written page), each verified before it counts.

A copy is written to ``<name>.partial``, checked with ``PRAGMA integrity_check`` and
only then renamed into place, so a bad copy never takes the place of a good one.

This module makes and checks ONE copy; which copies to keep, list and thin is
``backup_rotation``.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from precall.errors import StoreError
from precall.fileio import _fsync_dir
from precall.paths import backups_dir
from precall.store.connection import SafeConnection, full_disk_error, is_full
from precall.store.migrations import MIGRATION_SET


# Tables every Precall database has had since its first migration.
CORE_TABLES = frozenset({"accounts", "contacts", "meetings"})


class BackupError(StoreError):
    """A backup could not be made, or the copy did not pass its check (nothing was kept)."""


def integrity_problems(conn: sqlite3.Connection, check: str = "integrity_check", limit: int = 20) -> list[str]:
    """The findings of ``PRAGMA integrity_check`` (or ``quick_check``), one per line; empty when whole."""
    if check not in ("integrity_check", "quick_check"):
        raise ValueError(f"unknown check {check!r}")
    try:
        rows = conn.execute(f"PRAGMA {check}({int(limit)})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"cannot be read ({exc})"]
    # SQLite heads each database's list with "*** in database main ***"; keep the findings.
    return [line.strip() for row in rows if row[0] != "ok" for line in str(row[0]).splitlines()
            if line.strip() and not line.startswith("*** in database")]


def copy_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """What is wrong with a database copy: empty when it is whole and is Precall's.

    Whole is not enough: an empty file or another program's database passes SQLite's
    check, so a copy must also carry Precall's schema (its migrations and its tables).
    """
    problems = integrity_problems(conn, "integrity_check", limit)
    if problems:
        return problems
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables:
            return ["has no Precall schema (no migrations table)"]
        applied = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
    except sqlite3.DatabaseError as exc:
        return [f"cannot be read ({exc})"]
    if not applied:
        return ["has no Precall schema (none of Precall's migrations were applied)"]
    missing = sorted(CORE_TABLES - tables)
    if missing:
        return [f"has an incomplete Precall schema (missing tables {', '.join(missing)})"]
    return []


def backup_to(conn: sqlite3.Connection, target: Path, *, verify: bool = True) -> Path:
    """Write a consistent, verified copy of ``conn`` to ``target`` via a temp file and rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    try:
        dest = sqlite3.connect(str(tmp), isolation_level=None, factory=SafeConnection)
        try:
            conn.backup(dest)
            # One self-contained file: no -wal beside the copy.
            dest.execute("PRAGMA journal_mode = DELETE")
            problems = copy_problems(dest) if verify else []
        finally:
            dest.close()
        if problems:
            raise BackupError(
                f"The backup of the database failed its check ({'; '.join(problems[:3])}); "
                "it was not kept, and older backups were left as they were."
            )
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        if is_full(exc):
            raise BackupError(f"{full_disk_error(target.parent, exc)} The backup {target.name} was not made; "
                              "older backups were left as they were.") from exc
        if isinstance(exc, sqlite3.Error):
            raise BackupError(f"Could not back up the database to {target}: {exc}.") from exc
        raise BackupError(f"Could not write the backup {target}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    return target


def unique_backup_path(folder: Path, stem: str) -> Path:
    """``<stem>.db``, or ``<stem>-1.db`` … if taken: a backup never overwrites another."""
    target = folder / f"{stem}.db"
    counter = 1
    while target.exists():
        target = folder / f"{stem}-{counter}.db"
        counter += 1
    return target


def remove_stale_partials(folder: Path, db_stem: str) -> None:
    """Half-written copies left by a crash; safe to remove while we hold the instance lock."""
    if not folder.is_dir():
        return
    for stale in folder.glob(f"{glob.escape(db_stem)}-*.db.partial"):
        try:
            stale.unlink()
        except OSError:
            pass


def backup_before_migration(conn: sqlite3.Connection, db_path: Path, pending: list[str]) -> Path:
    remove_stale_partials(backups_dir(db_path), db_path.stem)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return backup_to(conn, unique_backup_path(backups_dir(db_path), f"{db_path.stem}-before-{pending[0]}-{stamp}"))

