"""Check and repair: damage is found and named, a good backup goes back, nothing is deleted."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from precall.cli.context import CliContext
from precall.cli.main import main as cli_main
from precall.clock import FixedClock
from precall.errors import NotADatabaseError, StoreError
from precall.store import Store
from precall.store import migrations as schema
from precall.store.backup_rotation import MANUAL, list_backups, make_backup
from precall.store.repair import (
    check_file,
    explain_open_failure,
    find_backup,
    restore_file,
    restore_into,
    storage_warnings,
)
from tests.precall.store.damage import corrupt, integrity


def accounts_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM accounts ORDER BY name")]
    finally:
        conn.close()


def test_a_whole_database_passes(filled_db: Path) -> None:
    report = check_file(filled_db)
    assert report.ok and report.problems == ()
    assert "passed" in report.summary()


def test_damage_is_found_and_the_newest_good_backup_is_named(filled_db: Path, clock: FixedClock) -> None:
    with Store.open(filled_db, clock=clock) as store:
        good = make_backup(store.conn, store.path, clock)
    corrupt(filled_db)
    report = check_file(filled_db)
    assert not report.ok
    assert report.newest_good_backup == good
    assert str(good.path) in report.summary() and "damaged" in report.summary()


def test_a_file_that_is_not_a_database_is_reported_not_raised(db_path: Path) -> None:
    db_path.write_bytes(b"PK\x03\x04" + b"\x00" * 96)  # a zip file, say
    report = check_file(db_path)
    assert not report.ok and "SQLite" in report.problems[0]


def test_restore_file_puts_the_backup_back_and_keeps_the_damaged_file(filled_db: Path, clock: FixedClock) -> None:
    with Store.open(filled_db, clock=clock) as store:
        good = make_backup(store.conn, store.path, clock)
    corrupt(filled_db)
    damaged_bytes = filled_db.read_bytes()
    clock.advance(timedelta(hours=2))
    result = restore_file(filled_db, good, clock)
    assert result.after.ok and integrity(filled_db) == "ok"
    assert accounts_in(filled_db) == ["Acme"]
    assert result.kept_as is not None and result.kept_as.read_bytes() == damaged_bytes
    assert result.kept_as.parent == filled_db.parent
    assert good.path.exists(), "the backup itself stays for another time"
    assert "Restored the backup of" in result.summary() and str(result.kept_as) in result.summary()


def test_restore_file_moves_the_old_wal_with_the_kept_copy(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Before")
        good = make_backup(store.conn, store.path, clock)
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO accounts(name, created_at, updated_at) VALUES ('Only in WAL', 'x', 'x')")
    # Simulate a crash: the edit sits in the -wal, never checkpointed into the main file.
    wal = Path(str(db_path) + "-wal")
    saved_wal = wal.read_bytes()
    saved_main = db_path.read_bytes()
    writer.close()
    db_path.write_bytes(saved_main)
    wal.write_bytes(saved_wal)
    result = restore_file(db_path, good, clock)
    assert accounts_in(db_path) == ["Before"], "the old WAL was not replayed onto the restored file"
    assert result.kept_as is not None
    assert accounts_in(result.kept_as) == ["Before", "Only in WAL"], "the kept copy has its own WAL"


def test_restore_refuses_a_damaged_or_newer_backup_and_changes_nothing(filled_db: Path, clock: FixedClock) -> None:
    with Store.open(filled_db, clock=clock) as store:
        backup = make_backup(store.conn, store.path, clock)
    before = filled_db.read_bytes()
    conn = sqlite3.connect(backup.path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES (?, 'm999_x', 'x')",
                 [schema.MIGRATION_SET])
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer Precall"):
        restore_file(filled_db, backup, clock)
    corrupt(backup.path)
    with pytest.raises(StoreError, match="cannot be restored"):
        restore_file(filled_db, backup, clock)
    assert filled_db.read_bytes() == before
    assert list(filled_db.parent.glob("*before-restore*")) == []


def test_restore_into_an_open_store_replaces_its_content_in_place(store: Store, clock: FixedClock) -> None:
    store.accounts.create("Kept in backup")
    backup = make_backup(store.conn, store.path, clock)
    store.accounts.create("Made after the backup")
    clock.advance(timedelta(hours=1))
    result = restore_into(store, backup, clock)
    assert [a.name for a in store.accounts.list()] == ["Kept in backup"]
    assert result.after.ok
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert result.kept_as is not None
    assert accounts_in(result.kept_as) == ["Kept in backup", "Made after the backup"]
    store.accounts.create("Works after restore")


def test_restore_into_brings_an_older_backup_up_to_the_current_schema(store: Store, clock: FixedClock, tmp_path: Path) -> None:
    from sqlite_utils import Database

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    schema.build(schema.MODULES[:1]).apply(Database(conn))
    conn.execute("INSERT INTO accounts(name, created_at, updated_at) VALUES ('Old', 'x', 'x')")
    conn.close()
    backup = find_backup(store.path, old)
    restore_into(store, backup, clock)
    from precall.store.facade import applied_migrations

    assert applied_migrations(store.conn) == schema.known_names()
    assert [a.name for a in store.accounts.list()] == ["Old"]


def test_synced_and_network_folders_and_non_wal_modes_are_warned_about(tmp_path: Path) -> None:
    assert storage_warnings(tmp_path / "precall.db", "wal") == []
    dropbox = tmp_path / "Dropbox (Personal)" / "precall.db"
    assert any("synced folder" in w for w in storage_warnings(dropbox, "wal"))
    onedrive = tmp_path / "OneDrive - Contoso" / "Documents" / "precall.db"
    assert any("synced folder" in w for w in storage_warnings(onedrive, "wal"))
    icloud = tmp_path / "Library" / "Mobile Documents" / "com~apple~CloudDocs" / "precall.db"
    assert storage_warnings(icloud)
    assert any("write-ahead" in w for w in storage_warnings(tmp_path / "precall.db", "delete"))


def test_an_open_failure_message_names_the_newest_good_backup(store: Store, clock: FixedClock) -> None:
    made = make_backup(store.conn, store.path, clock, MANUAL)
    # The open path's refusals name the backup themselves; they pass through unchanged.
    assert explain_open_failure(store.path, NotADatabaseError("precall.db is damaged.")) == "precall.db is damaged."
    other = store.path.parent / "other.db"
    other.write_bytes(b"garbage")
    assert "no good backup" in explain_open_failure(other, sqlite3.DatabaseError("file is not a database"))
    assert explain_open_failure(store.path, StoreError("in use by process 7")) == "in use by process 7"
    malformed = explain_open_failure(store.path, sqlite3.DatabaseError("database disk image is malformed"))
    assert "is damaged (database disk image is malformed)" in malformed and str(made.path) in malformed
    assert explain_open_failure(store.path, sqlite3.OperationalError("database is locked")) == "database is locked"


def test_opening_a_damaged_file_through_the_store_gives_a_message_naming_the_backup(
    filled_db: Path, clock: FixedClock
) -> None:
    with Store.open(filled_db, clock=clock) as store:
        made = make_backup(store.conn, store.path, clock)
    with open(filled_db, "r+b") as handle:  # a damaged header page: SQLite refuses the file outright
        handle.seek(100)
        handle.write(b"\xff" * 3000)
    with pytest.raises(NotADatabaseError) as raised:
        Store.open(filled_db, clock=clock)
    message = explain_open_failure(filled_db, raised.value)
    assert "damaged" in message and str(made.path) in message


def run_cli(*argv: str, db: Path, clock: FixedClock) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(db_path=db, out=out, err=err, clock=clock)
    code = cli_main(["--db", str(db), *argv], ctx=ctx)
    return code, out.getvalue(), err.getvalue()


def test_cli_backup_now_list_check_and_repair(filled_db: Path, clock: FixedClock) -> None:
    code, out, _ = run_cli("backup", "now", db=filled_db, clock=clock)
    assert code == 0 and "verified" in out
    code, out, _ = run_cli("backup", "list", "--verify", db=filled_db, clock=clock)
    assert code == 0 and "made by hand" in out and out.rstrip().endswith("ok")
    code, out, _ = run_cli("check", db=filled_db, clock=clock)
    assert code == 0 and "passed" in out
    corrupt(filled_db)
    code, out, err = run_cli("check", db=filled_db, clock=clock)
    assert code == 1 and "damaged" in out and "newest good backup" in out and "--repair" in err
    clock.advance(timedelta(days=1))
    code, out, err = run_cli("check", "--repair", db=filled_db, clock=clock)
    assert code == 0, err
    assert "Restored the backup of" in out and "kept as" in out and integrity(filled_db) == "ok"
    with Store.open(filled_db, clock=clock) as store:
        assert len(store.matrix.items(store.accounts.by_name("Acme").id)) == 400


def test_cli_restore_from_a_chosen_backup_on_request(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("First")
        first = make_backup(store.conn, store.path, clock, MANUAL)
        store.accounts.create("Second")
    code, out, err = run_cli("check", "--from", first.path.name, db=db_path, clock=clock)
    assert code == 0, err
    assert accounts_in(db_path) == ["First"]
    code, out, err = run_cli("check", "--from", "no-such-backup.db", db=db_path, clock=clock)
    assert code == 1 and "no backup" in err
    code, out, _ = run_cli("backup", "list", "--json", db=db_path, clock=clock)
    assert code == 0 and first.path.name in out


def test_cli_check_on_a_missing_database_says_so(tmp_path: Path, clock: FixedClock) -> None:
    code, _, err = run_cli("check", db=tmp_path / "missing.db", clock=clock)
    assert code == 1 and "no database" in err
    assert list_backups(tmp_path / "missing.db") == []
    code, _, err = run_cli("check", "--repair", db=tmp_path / "missing.db", clock=clock)
    assert code == 1 and "no good backup" in err and not (tmp_path / "missing.db").exists()


def test_cli_repair_brings_back_a_deleted_database_from_its_backup(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Saved")
        make_backup(store.conn, store.path, clock)
    db_path.unlink()
    code, out, err = run_cli("check", "--repair", db=db_path, clock=clock)
    assert code == 0, err
    assert "looking for a backup" in out and accounts_in(db_path) == ["Saved"]
