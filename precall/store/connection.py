"""Opening the SQLite file safely: checks, pragmas, write transactions and SQLite's words.

WAL with ``synchronous=FULL`` keeps every committed edit through a process kill or a
power cut; writes start with ``BEGIN IMMEDIATE`` so they wait on the busy timeout
instead of failing when a read lock would have to be upgraded.

Every connection Precall makes is a ``SafeConnection``: SQLite's error messages can
quote bytes from a damaged page, which Python's sqlite3 fails to decode and raises as
``UnicodeDecodeError``. Here, in one place, they become the ``sqlite3.DatabaseError``
they are, with the text decoded leniently.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from precall.errors import DiskFullError, StoreError

log = logging.getLogger("precall.store")

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another process's (the app's, or a command's) to finish:
#: their transactions last milliseconds, so this is plenty, and a stuck one is named.
BUSY_TIMEOUT_MS = 5000


def _as_database_error(exc: UnicodeDecodeError) -> sqlite3.DatabaseError:
    """SQLite's own message, whose bytes Python could not decode, as the error it is."""
    raw = exc.object if isinstance(exc.object, bytes) else bytes(exc.object)
    return sqlite3.DatabaseError(raw.decode("utf-8", errors="replace"))


class SafeCursor(sqlite3.Cursor):
    """A cursor whose every step turns an undecodable SQLite message into a DatabaseError."""

    def execute(self, sql: str, parameters: Any = (), /) -> "SafeCursor":
        try:
            return super().execute(sql, parameters)
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> "SafeCursor":
        try:
            return super().executemany(sql, seq_of_parameters)
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except UnicodeDecodeError as exc:
            raise _as_database_error(exc) from exc


class SafeConnection(sqlite3.Connection):
    """``sqlite3.Connection`` whose statements run through ``SafeCursor``."""

    def cursor(self, factory: Any = SafeCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> SafeCursor:
        cursor: SafeCursor = self.cursor()
        return cursor.execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> SafeCursor:
        cursor: SafeCursor = self.cursor()
        return cursor.executemany(sql, seq_of_parameters)


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row the INSERT just run on ``cursor`` added."""
    rowid = cursor.lastrowid
    if rowid is None:  # only before the cursor ran any statement: a bug in the caller
        raise TypeError("inserted_id() on a cursor that ran no statement")
    return rowid


def is_full(error: BaseException) -> bool:
    """SQLITE_FULL, or ENOSPC/EDQUOT from the operating system."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    return isinstance(error, sqlite3.Error) and "database or disk is full" in str(error)


def is_busy(error: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection held the file past the busy timeout."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(error)
    return "database is locked" in text or "database is busy" in text


def busy_error(path: Path | None) -> StoreError:
    """The one line for a write that waited its busy timeout out."""
    where = f" {path}" if path is not None else ""
    return StoreError(f"The database{where} is busy: another Precall is saving to it. Nothing was saved; "
                      "try again.")


def full_disk_error(path: Path | None, error: BaseException) -> StoreError:
    where = f": {path}" if path is not None else ""
    return DiskFullError(f"The disk is full{where}; nothing was changed. Free some space and try again.")


def usable_path(path: Path | str) -> Path:
    """The absolute path, refused in words if it can never be a database file."""
    try:
        resolved = Path(path).expanduser().resolve()
        if resolved.is_dir():
            raise StoreError(f"{resolved} is a folder, not a database file.")
        if resolved.exists() and not resolved.is_file():
            raise StoreError(f"{resolved} is not a regular file; a database must be one.")
    except OSError as exc:
        raise StoreError(f"Cannot use {path} as a database: {exc.strerror or exc}.") from exc
    except RuntimeError as exc:  # a symlink loop
        raise StoreError(f"Cannot use {path} as a database: {exc}.") from exc
    # The lock files beside it add ".users.lock"; a name that leaves no room for it cannot work.
    if len(resolved.name.encode()) + len(".users.lock") > 255:
        raise StoreError(f"The file name {resolved.name[:40]}… is too long for a database ({len(resolved.name)} characters).")
    return resolved


def can_write(path: Path) -> bool:
    """Whether Precall could save edits to ``path`` (an existing file) and beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def check_access(path: Path) -> None:
    """Refuse, in words, a file or folder Precall could not write to."""
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(f"Cannot read {path}: permission denied.")
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


def read_only_connection(path: Path) -> SafeConnection:
    """Reading without writing a byte: not the file, nor a ``-wal`` or ``-shm`` beside it.

    Without a ``-wal`` the file is opened ``immutable`` (no locks, no side files). With
    one, its committed pages count, so SQLite must read it (and may keep a ``-shm``).
    """
    wal = Path(str(path) + "-wal")
    # On a full disk SQLite cannot make the -shm file a WAL reader needs; an empty log
    # holds nothing, and no writer can add to it there, so the file alone is the truth.
    alone = not wal.exists() or (_size(wal) == 0 and no_room_beside(path))
    query = "mode=ro&immutable=1" if alone else "mode=ro"
    conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, isolation_level=None, factory=SafeConnection)
    # Text from a damaged page is still worth showing; a strict decode would hide the finding.
    conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return conn


def open_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """SQLite's refusal to open ``path``, in words."""
    from precall.errors import NotADatabaseError

    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return NotADatabaseError(f"{path} is damaged or is not a Precall database ({message}).")
    if "locked" in message or "busy" in message:
        return StoreError(f"{path} is locked by another program; try again when it is closed.")
    if "readonly" in message or "read-only" in message:
        return StoreError(f"{path} is read-only; Precall needs to save your edits there.")
    if is_full(exc) or ("disk I/O error" in message and no_room_beside(path)):
        # Opening in WAL creates the -shm file; on a full disk SQLite calls that an I/O error.
        return full_disk_error(path, exc)
    return StoreError(f"Cannot open {path}: {message}.")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def no_room_beside(path: Path) -> bool:
    """Whether the disk holding ``path`` is (all but) full."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode; transactions are opened explicitly.

    ``read_only``: a ``read_only_connection`` (no WAL switch, nothing written); the
    caller has checked the file is a sound Precall database.
    """
    if not read_only:
        check_access(path)
    try:
        if read_only:
            conn: sqlite3.Connection = read_only_connection(path)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   factory=SafeConnection)
        conn.execute("PRAGMA foreign_keys = ON")
        mode = "wal"
        if not read_only:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    if mode != "wal":
        log.warning("journal mode is %s, not WAL, for %s (network or synced folder?)", mode, path)
    return conn


def _write_failed(conn: sqlite3.Connection, path: Path | None, exc: BaseException) -> BaseException:
    """The error to raise for a failed write, after rolling back whatever it began."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    if is_full(exc):
        return full_disk_error(path, exc)
    if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
        return StoreError(f"{path or 'The database'} is read-only; nothing was changed.")
    if is_busy(exc):
        return busy_error(path)
    return exc


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path | None = None) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; nested use becomes a savepoint.

    A failure rolls everything back and raises: a full disk or a read-only file as a
    one-line ``StoreError``, anything else as it was.
    """
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
        if "readonly" in str(exc) or is_full(exc) or is_busy(exc):
            raise _write_failed(conn, path, exc) from exc
        raise
    try:
        yield
    except BaseException as exc:
        failure = _write_failed(conn, path, exc)
        if failure is exc:
            raise
        raise failure from exc
    else:
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            failure = _write_failed(conn, path, exc)
            if failure is exc:
                raise
            raise failure from exc
