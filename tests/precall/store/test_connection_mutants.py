"""What ``store.connection`` promises, line by line, where the mutation run found nothing
watching: SQLite's refusals in words, paths that can never be a database, the safe cursor's
every step, and a write that fails always raising (a failed save must never look saved)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from precall.errors import DiskFullError, NotADatabaseError, StoreError
from precall.store import Store, connection
from precall.store.connection import (
    connect,
    full_disk_error,
    is_busy,
    is_full,
    no_room_beside,
    open_error,
    usable_path,
    write_transaction,
)


def error_with_code(kind: type[sqlite3.Error], text: str, code: int) -> sqlite3.Error:
    """An error as SQLite raises it: its message and its extended result code."""
    error = kind(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


# --- SQLite's refusals to open a file, in words ----------------------------------------------------

@pytest.mark.parametrize("text", ["file is not a database", "database disk image is malformed"])
def test_a_damaged_or_foreign_file_is_named_as_such(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.db"
    error = open_error(path, sqlite3.DatabaseError(text))
    assert isinstance(error, NotADatabaseError)
    assert str(error) == f"{path} is damaged or is not a Precall database ({text})."


@pytest.mark.parametrize("text", ["database is locked", "database is busy", "database table is locked"])
def test_a_file_locked_by_another_program_is_named_as_such(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.db"
    error = open_error(path, sqlite3.OperationalError(text))
    assert type(error) is StoreError
    assert str(error) == f"{path} is locked by another program; try again when it is closed."


def test_a_read_only_refusal_to_open_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    error = open_error(path, sqlite3.OperationalError("attempt to write a readonly database"))
    assert str(error) == f"{path} is read-only; Precall needs to save your edits there."


def test_a_full_disk_refusal_to_open_is_a_disk_full_error(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    error = open_error(path, sqlite3.OperationalError("database or disk is full"))
    assert isinstance(error, DiskFullError) and str(error).startswith(f"The disk is full: {path};")


def test_any_other_refusal_to_open_quotes_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    error = open_error(path, sqlite3.OperationalError("unable to open database file"))
    assert type(error) is StoreError
    assert str(error) == f"Cannot open {path}: unable to open database file."


def test_full_disk_error_without_a_path_names_no_path() -> None:
    error = full_disk_error(None, OSError(errno.ENOSPC, "No space left on device"))
    assert str(error) == "The disk is full; nothing was changed. Free some space and try again."


# --- what counts as busy or full ---------------------------------------------------------------------

def test_busy_is_read_from_sqlites_code_when_it_gives_one() -> None:
    # The extended code of a shared-cache lock (SQLITE_LOCKED_SHAREDCACHE) is still "locked".
    assert is_busy(error_with_code(sqlite3.OperationalError, "database table is locked", 6 | (1 << 8)))
    assert is_busy(error_with_code(sqlite3.OperationalError, "whatever the words", sqlite3.SQLITE_BUSY))
    # A code that is not busy wins over words that look like it (a message quoting data).
    assert not is_busy(error_with_code(sqlite3.OperationalError, "database is locked", sqlite3.SQLITE_ERROR))


def test_busy_falls_back_to_sqlites_words_without_a_code() -> None:
    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert is_busy(sqlite3.OperationalError("database is busy"))
    assert not is_busy(sqlite3.OperationalError("no such table: x"))
    assert not is_busy(sqlite3.IntegrityError("database is locked"))


def test_full_is_enospc_edquot_or_sqlites_words() -> None:
    assert is_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert not is_full(OSError(errno.EACCES, "Permission denied"))
    assert is_full(sqlite3.OperationalError("database or disk is full"))
    assert not is_full(ValueError("database or disk is full"))


def test_no_room_means_less_than_64_kib_free(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def free(n: int) -> object:
        return lambda _path: shutil._ntuple_diskusage(1 << 30, (1 << 30) - n, n)  # type: ignore[attr-defined]

    monkeypatch.setattr(shutil, "disk_usage", free(64 * 1024))
    assert not no_room_beside(tmp_path / "p.db")
    monkeypatch.setattr(shutil, "disk_usage", free(64 * 1024 - 1))
    assert no_room_beside(tmp_path / "p.db")


# --- paths that can never be a database -------------------------------------------------------------

def test_a_name_that_leaves_no_room_for_the_lock_file_is_refused(tmp_path: Path) -> None:
    name = "x" * 250  # a legal file name, but not with ".users.lock" after it
    with pytest.raises(StoreError, match=r"is too long for a database \(250 characters\)"):
        usable_path(tmp_path / name)
    assert usable_path(tmp_path / ("x" * 244)) == (tmp_path / ("x" * 244)).resolve()


def test_an_os_refusal_of_the_path_is_quoted_in_words(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 300) / "p.db"
    with pytest.raises(StoreError) as refused:
        usable_path(path)
    assert str(refused.value) == f"Cannot use {path} as a database: {os.strerror(errno.ENAMETOOLONG)}."


def test_a_new_file_in_an_existing_folder_is_usable(tmp_path: Path) -> None:
    assert usable_path(tmp_path / "new.db") == tmp_path.resolve() / "new.db"


def test_a_special_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="is not a regular file"):
        usable_path(fifo)


def test_an_unreadable_file_is_refused_before_opening(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access",
                        lambda p, mode: False if (mode == os.R_OK and Path(p) == db_path) else real_access(p, mode))
    with pytest.raises(StoreError, match=f"^Cannot read {db_path}: permission denied.$"):
        connect(db_path)


# --- the connection and its cursor ---------------------------------------------------------------------

def test_the_busy_timeout_is_set_on_read_only_connections_too(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 1234)
    conn = connect(db_path, read_only=True)
    try:
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    finally:
        conn.close()


def test_the_safe_cursor_returns_itself_and_pages_rows(store: Store) -> None:
    conn = store.conn
    conn.execute("CREATE TEMP TABLE t(n INTEGER)")
    inserted = conn.executemany("INSERT INTO t(n) VALUES (?)", [(n,) for n in range(5)])
    assert inserted is not None and inserted.rowcount == 5
    cursor = conn.cursor()
    cursor.arraysize = 2
    assert cursor.execute("SELECT n FROM t ORDER BY n") is cursor
    assert cursor.fetchmany() == [(0,), (1,)]
    assert cursor.fetchmany(1) == [(2,)]
    assert next(cursor) == (3,)
    assert cursor.fetchall() == [(4,)]
    assert cursor.executemany("INSERT INTO t(n) VALUES (?)", [(9,)]) is cursor


# --- a write that fails always raises ---------------------------------------------------------------

def test_a_failure_inside_a_write_is_raised_as_it_was(store: Store) -> None:
    with pytest.raises(KeyError, match="inside") as raised:
        with write_transaction(store.conn, store.path):
            store.conn.execute("INSERT INTO industries(name) VALUES ('kept?')")
            raise KeyError("inside")
    assert raised.value.__cause__ is None, "re-raised as it was, not chained to itself"
    assert not store.conn.in_transaction
    assert store.conn.execute("SELECT count(*) FROM industries WHERE name='kept?'").fetchone()[0] == 0


def test_a_write_that_waits_out_the_busy_timeout_is_worded_busy(db_path: Path) -> None:
    Store.open(db_path).close()
    first = connect(db_path)
    second = connect(db_path)
    try:
        second.execute("PRAGMA busy_timeout = 50")
        first.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match=rf"^The database {db_path} is busy: another Precall is saving"):
            with write_transaction(second, db_path):
                pass
        first.execute("ROLLBACK")
        with write_transaction(second, db_path):  # free again: the same call goes through
            second.execute("CREATE TABLE t_busy(n INTEGER)")
    finally:
        first.close()
        second.close()


def test_a_busy_error_inside_a_write_becomes_the_busy_line(store: Store) -> None:
    with pytest.raises(StoreError, match=r"is busy: another Precall is saving to it\. Nothing was saved"):
        with write_transaction(store.conn, store.path):
            raise sqlite3.OperationalError("database is locked")
    assert not store.conn.in_transaction


def test_a_read_only_error_inside_a_write_becomes_one_line(store: Store) -> None:
    with pytest.raises(StoreError, match=rf"^{store.path} is read-only; nothing was changed\.$"):
        with write_transaction(store.conn, store.path):
            raise sqlite3.OperationalError("attempt to write a readonly database")


def test_a_commit_that_fails_is_raised_as_it_was(store: Store) -> None:
    with store.write():
        store.conn.execute("CREATE TABLE t_parent(id INTEGER PRIMARY KEY)")
        store.conn.execute("CREATE TABLE t_child(p INTEGER REFERENCES t_parent(id) DEFERRABLE INITIALLY DEFERRED)")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY") as raised:
        with write_transaction(store.conn, store.path):
            store.conn.execute("INSERT INTO t_child(p) VALUES (42)")  # checked at COMMIT: the commit fails
    assert raised.value.__cause__ is None
    assert not store.conn.in_transaction
