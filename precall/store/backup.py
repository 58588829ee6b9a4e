"""Copies of the database made with SQLite's online backup API (never a file copy,
which can catch a half-written page)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from precall.paths import backups_dir


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``conn`` to ``target`` via a temp file and rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    tmp.replace(target)
    return target


def backup_before_migration(conn: sqlite3.Connection, db_path: Path, pending: list[str]) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"{db_path.stem}-before-{pending[0]}-{stamp}.db"
    return backup_to(conn, backups_dir(db_path) / name)
