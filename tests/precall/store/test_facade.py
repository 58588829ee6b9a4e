"""Opening the database: migrations, backups, locks and files that are not ours."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database

from precall.errors import DatabaseInUseError, NewerDatabaseError, NotADatabaseError, StoreError
from precall.store import Store
from precall.store import migrations as schema
from precall.store.facade import applied_migrations


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_open_creates_schema_with_wal_and_foreign_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert applied_migrations(store.conn) == schema.known_names()


def test_applying_migrations_twice_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    before = dump(db_path)
    Store.open(db_path).close()
    assert dump(db_path) == before
    db = Database(sqlite3.connect(db_path))
    schema.build().apply(db)
    db.close()
    assert dump(db_path) == before


def test_upgrading_a_first_schema_database_keeps_its_data(db_path: Path, data_dir: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    first = schema.build(schema.MODULES[:1])
    first.apply(Database(conn))
    conn.execute(
        "INSERT INTO accounts(name, website, notes, created_at, updated_at) VALUES "
        "('Acme', 'https://acme.example', 'kept', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    conn.close()
    with Store.open(db_path) as store:
        account = store.accounts.by_name("Acme")
        assert account is not None and account.notes == "kept"
        assert applied_migrations(store.conn) == schema.known_names()
    if len(schema.MODULES) > 1:
        backups = list((db_path.parent / "backups").glob("*.db"))
        assert backups, "a copy is kept before migrating an existing database"
        copy = sqlite3.connect(backups[0])
        assert copy.execute("SELECT name FROM accounts").fetchall() == [("Acme",)]
        copy.close()


def test_database_from_a_newer_precall_is_refused_and_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')",
        [schema.MIGRATION_SET],
    )
    conn.commit()
    conn.close()
    before = dump(db_path)
    with pytest.raises(NewerDatabaseError, match="newer Precall"):
        Store.open(db_path)
    assert dump(db_path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_kept(db_path: Path) -> None:
    db_path.write_text("these are my notes, not a database\n" * 10)
    with pytest.raises(NotADatabaseError, match="not a Precall database"):
        Store.open(db_path)
    assert db_path.read_text().startswith("these are my notes")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False, reason="root ignores file modes")
def test_a_read_only_file_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        Store.open(db_path)


def test_a_read_only_file_is_refused_even_for_root(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if (mode == os.W_OK and Path(p) == db_path) else real_access(p, mode))
    with pytest.raises(StoreError, match="read-only"):
        Store.open(db_path)


def test_a_second_instance_gets_a_clear_message(db_path: Path) -> None:
    first = Store.open(db_path)
    try:
        with pytest.raises(DatabaseInUseError, match=r"already open in another Precall \(process \d+"):
            Store.open(db_path)
    finally:
        first.close()
    Store.open(db_path).close()  # the lock is released with the first


def test_a_second_process_is_refused_while_the_first_holds_the_file(db_path: Path, tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from precall.store import Store
            s = Store.open({str(db_path)!r})
            print("open", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            with pytest.raises(DatabaseInUseError, match=f"process {holder.pid}"):
                Store.open(db_path)
        finally:
            holder.kill()
    Store.open(db_path).close()  # a dead owner leaves no stale lock


def test_a_locked_database_gives_a_message_not_a_hang(db_path: Path) -> None:
    Store.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(db_path, lock=False) as store:
            store.conn.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(StoreError, match="is busy: another Precall is saving to it"):
                with store.write():
                    pass
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_failed_write_leaves_nothing_half_written(store: Store) -> None:
    account = store.accounts.create("Acme")
    with pytest.raises(RuntimeError):
        with store.write():
            store.accounts.update(account.id, notes="half")
            raise RuntimeError("crash in the middle")
    assert store.accounts.get(account.id).notes == ""


def test_a_database_in_a_folder_that_does_not_exist_yet_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "precall.db"
    with Store.open(path) as store:
        assert store.is_empty()
    assert path.exists()
