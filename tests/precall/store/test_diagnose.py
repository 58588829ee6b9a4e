"""Every kind of file that is not a sound Precall database, through the real command line:
refused before anything is written, named by ``check`` with the newest good backup, and
put right by ``check --repair`` with the bad file kept aside."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from precall.store import migrations as schema
from precall.store.backup_rotation import MANUAL, BackupInfo, make_backup
from precall.store.diagnose import DAMAGED, EMPTY, FOREIGN, MISSING, NEWER, NOT_SQLITE, PRECALL, STRAY_WAL, diagnose

ROOT = Path(__file__).resolve().parents[3]


def precall(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def saved_with_backup(db: Path, clock: FixedClock) -> BackupInfo:
    """A database holding the account "Kept", and a good backup of it."""
    with Store.open(db, clock=clock) as store:
        store.accounts.create("Kept")
        made = make_backup(store.conn, store.path, clock, MANUAL)
    return made


def accounts_in(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM accounts")]
    finally:
        conn.close()


def flip_schema_bytes(db: Path) -> None:
    """Flip bytes in the middle of the file, inside a table's CREATE statement: SQLite's
    messages then quote bytes that are not UTF-8."""
    data = bytearray(db.read_bytes())
    at = data.index(b"CREATE TABLE meetings") + len(b"CREATE TABLE meetings ")
    for i in range(at, at + 6):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def make_empty(db: Path) -> None:
    db.write_bytes(b"")


def make_zeros(db: Path) -> None:
    db.write_bytes(b"\x00" * 8192)


def make_truncated(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])


def make_header_damage(db: Path) -> None:
    with open(db, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 3000)


def make_not_sqlite(db: Path) -> None:
    db.write_text("my notes, not a database\n" * 20)


def make_foreign(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('another program')")
    conn.commit()
    conn.close()


def make_newer(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')",
                 [schema.MIGRATION_SET])
    conn.commit()
    conn.close()


def make_stray_wal(db: Path) -> None:
    """Only the write-ahead log is left: the database file itself was moved or deleted."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO industries(name) VALUES ('Only in the log')")
    wal = Path(f"{db}-wal").read_bytes()
    conn.close()
    db.unlink()
    Path(f"{db}-wal").write_bytes(wal)


KINDS: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # name: (damage, what diagnose calls it, words the message must contain)
    "empty": (make_empty, EMPTY, "is empty (0 bytes)"),
    "zeros": (make_zeros, EMPTY, "only zero bytes"),
    "truncated": (make_truncated, DAMAGED, "cut short"),
    "header": (make_header_damage, DAMAGED, "is damaged"),
    "flipped": (flip_schema_bytes, DAMAGED, "malformed database schema"),
    "not-sqlite": (make_not_sqlite, NOT_SQLITE, "not an SQLite file"),
    "foreign": (make_foreign, FOREIGN, "is not a Precall database"),
    "newer": (make_newer, NEWER, "newer Precall"),
    "stray-wal": (make_stray_wal, STRAY_WAL, "write-ahead log"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_refused_named_by_check_and_repaired(kind: str, db_path: Path, clock: FixedClock) -> None:
    backup = saved_with_backup(db_path, clock)
    damage, verdict, words = KINDS[kind]
    damage(db_path)
    assert diagnose(db_path).kind == verdict
    before = db_path.read_bytes() if db_path.exists() else None

    opened = precall(db_path, "meeting", "list")
    assert opened.returncode == 1, opened.stdout
    assert words in opened.stderr and str(backup.path) in opened.stderr and "precall check --repair" in opened.stderr
    assert "internal error" not in opened.stderr and len(opened.stderr.strip().splitlines()) == 1
    assert (db_path.read_bytes() if db_path.exists() else None) == before, "a refused file is not touched"

    checked = precall(db_path, "check")
    assert checked.returncode == 1, checked.stderr
    assert words in checked.stdout and str(backup.path) in checked.stdout and "--repair" in checked.stderr

    repaired = precall(db_path, "check", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Restored the backup" in repaired.stdout and "kept as" in repaired.stdout
    assert accounts_in(db_path) == ["Kept"]
    kept = sorted(db_path.parent.glob(f"{db_path.stem}-before-restore-*"))
    assert kept, "the bad file is kept aside, never deleted"
    if before is not None:
        assert kept[0].read_bytes() == before


def test_repair_from_a_chosen_backup_survives_undecodable_damage(db_path: Path, clock: FixedClock) -> None:
    backup = saved_with_backup(db_path, clock)
    flip_schema_bytes(db_path)
    result = precall(db_path, "check", "--repair", "--from", backup.path.name)
    assert result.returncode == 0, result.stderr
    assert "UnicodeDecodeError" not in result.stderr and accounts_in(db_path) == ["Kept"]


def test_an_empty_file_without_backups_says_to_move_it_away(db_path: Path) -> None:
    db_path.write_bytes(b"")
    result = precall(db_path, "meeting", "list")
    assert result.returncode == 1
    assert f"{db_path} is empty (0 bytes) and there is no backup; move it away to start a new database" in result.stderr
    assert db_path.read_bytes() == b"" and not Path(f"{db_path}-wal").exists()


def test_a_foreign_database_is_left_byte_for_byte_alone(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('another program')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    result = precall(db_path, "demo")
    assert result.returncode == 1 and f"{db_path} is not a Precall database" in result.stderr
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)) == \
        [db_path.name, f"{db_path.name}.users.lock"], "no -wal or -shm is left beside it"


def test_only_a_path_with_nothing_there_becomes_a_new_database(db_path: Path) -> None:
    assert diagnose(db_path).kind == MISSING
    result = precall(db_path, "demo")
    assert result.returncode == 0, result.stderr
    assert diagnose(db_path).kind == PRECALL
    assert not db_path.with_name(f".{db_path.name}.new").exists()


def test_the_automatic_backup_never_counts_a_copy_without_precall_tables(tmp_path: Path, clock: FixedClock) -> None:
    from precall.store.backup_copy import BackupError, backup_to

    empty = sqlite3.connect(tmp_path / "blank.db")
    try:
        with pytest.raises(BackupError, match="no Precall schema"):
            backup_to(empty, tmp_path / "backups" / "blank-auto-20261122T090000Z.db")
    finally:
        empty.close()
    assert not list((tmp_path / "backups").glob("*.db"))
