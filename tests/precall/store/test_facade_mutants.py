"""What ``Store.open`` and the facade promise, where the mutation run found nothing watching:
every manager is there, a refused file leaves no lock behind, an older file migrates when
alone, a read-only folder and a full disk still serve a reader (and refuse a writer)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from precall.errors import DiskFullError, NotADatabaseError
from precall.store import Store
from precall.store import migrations as schema
from precall.store.lock import Role
from tests.precall.store.test_connection import mount_tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "small"
    mount_tmpfs(folder, "4m")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_every_manager_is_there(store: Store) -> None:
    from precall.store.feedback import FeedbackRepo
    from precall.store.matrix import MatrixRepo
    from precall.store.research import ResearchRepo

    assert isinstance(store.matrix, MatrixRepo) and store.matrix is store.matrix
    assert isinstance(store.research, ResearchRepo)
    assert isinstance(store.feedback, FeedbackRepo)
    assert isinstance(store.data_version(), int)


def test_a_store_is_never_opened_in_the_restore_role(db_path: Path) -> None:
    with pytest.raises(ValueError, match="restore takes the lock itself"):
        Store.open(db_path, role=Role.MAINTENANCE)
    assert not db_path.exists()


def test_a_refused_file_leaves_no_lock_behind(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(NotADatabaseError):
        Store.open(db_path)
    db_path.unlink()
    with Store.open(db_path) as store:  # the app lock of the failed open was let go
        assert store.is_empty()


def test_an_older_file_migrates_when_alone_and_shares_afterwards(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    schema.build(schema.MODULES[:-1]).apply(Database(conn))
    conn.close()
    with Store.open(db_path, role=Role.COMMAND) as first:
        assert schema.known_names()[-1] in [r[0] for r in first.conn.execute("SELECT name FROM _sqlite_migrations")]
        with Store.open(db_path, role=Role.COMMAND) as second:  # the first one let others in
            assert second.is_empty()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "8m")
    try:
        with Store.open(folder / "p.db") as store:
            store.accounts.create("Acme")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / "p.db"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_reader_opens_a_database_in_a_read_only_folder(read_only_folder: Path) -> None:
    with Store.open(read_only_folder, read_only=True) as store:
        assert store.read_only and [a.name for a in store.accounts.list()] == ["Acme"]


def test_a_full_disk_serves_a_reader_and_refuses_a_writer(small_disk: Path) -> None:
    db = small_disk / "p.db"
    with Store.open(db) as store:
        store.accounts.create("Acme")
    filler = small_disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    with pytest.raises(DiskFullError):
        Store.open(db)
    with Store.open(db, read_only=True) as store:
        assert store.read_only and [a.name for a in store.accounts.list()] == ["Acme"]


def test_a_new_database_is_whole_before_it_takes_its_name(tmp_path: Path) -> None:
    from precall.store.diagnose import PRECALL, diagnose
    from precall.store.facade import create_database

    path = tmp_path / "new.db"
    create_database(path)
    assert diagnose(path).kind == PRECALL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]
