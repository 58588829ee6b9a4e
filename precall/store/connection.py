"""Opening the SQLite file safely: checks, pragmas and write transactions.

WAL with ``synchronous=FULL`` keeps every committed edit through a process kill or a
power cut; writes start with ``BEGIN IMMEDIATE`` so they wait on the busy timeout
instead of failing when a read lock would have to be upgraded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from precall.errors import NotADatabaseError, StoreError

log = logging.getLogger("precall.store")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def check_file(path: Path) -> None:
    """Refuse, in words, a path that cannot hold a Precall database."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(f"Cannot read {path}: permission denied.")
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise NotADatabaseError(f"{path} is not a Precall database (it is not an SQLite file).")
        if not os.access(path, os.W_OK):
            raise StoreError(f"{path} is read-only; Precall needs to save your edits there.")
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {parent}: {exc.strerror}.") from exc
    if not os.access(parent, os.W_OK):
        raise StoreError(f"The folder {parent} is read-only; Precall needs to write beside {path.name}.")


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode; transactions are opened explicitly."""
    check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message or "malformed" in message:
            raise NotADatabaseError(f"{path} is damaged or is not a Precall database ({message}).") from exc
        if "locked" in message or "busy" in message:
            raise StoreError(f"{path} is locked by another program; try again when it is closed.") from exc
        if "readonly" in message or "read-only" in message:
            raise StoreError(f"{path} is read-only; Precall needs to save your edits there.") from exc
        raise StoreError(f"Cannot open {path}: {message}.") from exc
    if mode != "wal":
        log.warning("journal mode is %s, not WAL, for %s (network or synced folder?)", mode, path)
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; nested use becomes a savepoint."""
    if conn.in_transaction:
        name = f"sp_{id(conn)}_{os.urandom(4).hex()}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"The database is busy or locked ({exc}); nothing was saved, try again.") from exc
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
