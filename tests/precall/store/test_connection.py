"""Write transactions that fail for real, SQLite's refusals in words, a full disk, and
read-only files: each on a real SQLite file (and a real small tmpfs where mounting works)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.errors import StoreError
from precall.store import Store
from precall.store import connection
from precall.store.backup_copy import BackupError
from precall.store.backup_rotation import MANUAL, make_backup
from precall.store.connection import open_error, read_only_connection

ROOT = Path(__file__).resolve().parents[3]


def precall(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "small"
    mount_tmpfs(folder, "2m")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path, clock: FixedClock) -> Iterator[Path]:
    """A folder holding a Precall database with one account, remounted read-only
    (root ignores file modes, not a read-only mount)."""
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "8m")
    try:
        with Store.open(folder / "p.db", clock=clock) as store:
            store.accounts.create("Acme")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / "p.db"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_commit_that_fails_raises_and_keeps_nothing(store: Store) -> None:
    # A deferred foreign key is checked at COMMIT: the commit itself fails, for real.
    with store.write():
        store.conn.execute("CREATE TABLE t_parent(id INTEGER PRIMARY KEY)")
        store.conn.execute("CREATE TABLE t_child(p INTEGER REFERENCES t_parent(id) DEFERRABLE INITIALLY DEFERRED)")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        with store.write():
            store.conn.execute("INSERT INTO t_child(p) VALUES (42)")
    assert not store.conn.in_transaction
    assert store.conn.execute("SELECT count(*) FROM t_child").fetchone()[0] == 0


def test_a_failed_nested_write_raises_and_undoes_only_itself(store: Store) -> None:
    account = store.accounts.create("Acme")
    with store.write():
        store.accounts.update(account.id, notes="outer")
        with pytest.raises(RuntimeError, match="inner"):
            with store.write():
                store.accounts.update(account.id, website="https://inner.example")
                raise RuntimeError("inner failed")
    saved = store.accounts.get(account.id)
    assert saved.notes == "outer" and saved.website == ""


def test_opening_a_file_another_program_has_locked_says_so(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")  # switching back to WAL then needs the lock
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(StoreError, match=f"^{db_path} is locked by another program; try again when it is closed"):
            Store.open(db_path, lock=False)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_sqlites_read_only_refusal_is_worded(store: Store) -> None:
    reader = read_only_connection(store.path)
    try:
        with pytest.raises(sqlite3.OperationalError) as refused:
            reader.execute("INSERT INTO industries(name) VALUES ('x')")
    finally:
        reader.close()
    message = str(open_error(store.path, refused.value))
    assert message == f"{store.path} is read-only; Precall needs to save your edits there."


def test_undecodable_sqlite_messages_become_database_errors(db_path: Path) -> None:
    from tests.precall.store.test_diagnose import flip_schema_bytes

    Store.open(db_path).close()
    flip_schema_bytes(db_path)
    conn = read_only_connection(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="malformed database schema"):
            conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def test_a_full_disk_rolls_back_and_says_so_in_one_line(small_disk: Path, clock: FixedClock) -> None:
    db = small_disk / "p.db"
    with Store.open(db, clock=clock) as store:
        account = store.accounts.create("Acme", notes="before")
        with pytest.raises(StoreError) as full:
            for n in range(200):
                with store.write():
                    store.conn.execute("INSERT INTO industries(name) VALUES (?)", [f"{n}" + "x" * 100_000])
        assert str(full.value) == f"The disk is full: {db}; nothing was changed. Free some space and try again."
        assert not store.conn.in_transaction
        assert store.accounts.get(account.id).notes == "before"
        with pytest.raises(BackupError, match="The disk is full"):
            make_backup(store.conn, store.path, clock, MANUAL)
    assert not list((small_disk / "backups").glob("*.partial"))
    with Store.open(db, clock=clock) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.accounts.get(account.id).notes == "before"


@pytest.mark.parametrize("name", ["/", "x" * 300 + ".db"])
def test_paths_that_can_never_be_a_database_are_a_store_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / name)


def test_a_read_only_database_serves_reads_and_refuses_writes(read_only_folder: Path) -> None:
    with Store.open(read_only_folder, read_only=True) as store:
        assert store.read_only and [a.name for a in store.accounts.list()] == ["Acme"]
        with pytest.raises(StoreError, match="is read-only; nothing was changed"):
            store.accounts.create("Beta")
    with pytest.raises(StoreError, match=f"^{read_only_folder} is read-only; Precall needs to save your edits there"):
        Store.open(read_only_folder)


def test_read_only_commands_work_on_a_read_only_file(read_only_folder: Path) -> None:
    for command in (["meeting", "list"], ["search", "Acme"], ["research", "list"], ["template", "list"],
                    ["backup", "list"], ["check"]):
        result = precall(read_only_folder, *command)
        assert result.returncode == 0, (command, result.stderr)
    written = precall(read_only_folder, "demo")
    assert written.returncode == 1 and "read-only" in written.stderr
    assert len(written.stderr.strip().splitlines()) == 1 and "internal error" not in written.stderr
