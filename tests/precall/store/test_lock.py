"""Who may open a database at the same time: one app, any number of commands beside it;
migrations and restores only alone with the file, refused in words otherwise."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from precall.errors import DatabaseInUseError, StoreError
from precall.store import Store
from precall.store import migrations as schema
from precall.store.lock import InstanceLock, Role, app_owner


def older_database(db_path: Path) -> str:
    """A file as the previous Precall left it: every migration but the newest applied."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    schema.build(schema.MODULES[:-1]).apply(Database(conn))
    conn.close()
    return schema.known_names()[-1]


def test_commands_open_beside_the_app_and_beside_each_other(db_path: Path) -> None:
    with Store.open(db_path) as app:
        with Store.open(db_path, role=Role.COMMAND) as first, Store.open(db_path, role=Role.COMMAND) as second:
            first.accounts.create("Written by a command")
            assert [a.name for a in second.accounts.list()] == ["Written by a command"]
            assert [a.name for a in app.accounts.list()] == ["Written by a command"]


def test_a_second_app_is_refused_naming_the_first_even_beside_commands(db_path: Path) -> None:
    with Store.open(db_path, role=Role.COMMAND), Store.open(db_path):
        with pytest.raises(DatabaseInUseError, match=r"already open in another Precall \(process \d+ on "):
            Store.open(db_path)


def test_the_app_lock_names_its_owner_only_while_held(db_path: Path) -> None:
    lock_file = db_path.with_name(db_path.name + ".lock")
    with Store.open(db_path):
        assert app_owner(lock_file) is not None and "process" in (app_owner(lock_file) or "")
    assert app_owner(lock_file) is None
    with Store.open(db_path, role=Role.COMMAND):
        assert app_owner(lock_file) is None, "a command is not an app"


def test_a_command_does_not_migrate_under_the_running_app(db_path: Path) -> None:
    last = older_database(db_path)
    with Store.open(db_path, migrate=False):
        before = db_path.read_bytes()
        with pytest.raises(StoreError, match=rf"needs a schema update .*{last}.* while the Precall app "
                                             r"\(process \d+ on .*\) has it open"):
            Store.open(db_path, role=Role.COMMAND)
        assert db_path.read_bytes() == before
    with Store.open(db_path, role=Role.COMMAND) as store:  # alone with the file now: it migrates
        assert last in [row[0] for row in store.conn.execute("SELECT name FROM _sqlite_migrations")]


def test_the_app_does_not_migrate_under_a_running_command(db_path: Path) -> None:
    older_database(db_path)
    with Store.open(db_path, role=Role.COMMAND, migrate=False):
        with pytest.raises(StoreError, match="cannot run while another Precall command has it open"):
            Store.open(db_path)
    Store.open(db_path).close()


def test_a_restore_is_refused_while_the_app_or_a_command_uses_the_file(db_path: Path) -> None:
    Store.open(db_path).close()
    for role in (Role.APP, Role.COMMAND):
        with Store.open(db_path, role=role):
            lock = InstanceLock(db_path)
            with pytest.raises(DatabaseInUseError, match="nothing was restored"):
                lock.acquire(Role.MAINTENANCE)
    lock = InstanceLock(db_path)
    assert lock.acquire(Role.MAINTENANCE) and lock.exclusive
    lock.release()


def test_opening_waits_for_a_restore_to_finish_then_opens(db_path: Path) -> None:
    Store.open(db_path).close()
    restore = InstanceLock(db_path)
    restore.acquire(Role.MAINTENANCE)
    threading.Timer(0.3, restore.release).start()
    started = time.monotonic()
    with Store.open(db_path, role=Role.COMMAND):
        assert time.monotonic() - started >= 0.25


def test_opening_gives_up_in_words_when_a_restore_takes_too_long(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import precall.store.lock as lock_module

    Store.open(db_path).close()
    monkeypatch.setattr(lock_module, "USERS_WAIT_S", 0.2)
    restore = InstanceLock(db_path)
    restore.acquire(Role.MAINTENANCE)
    try:
        with pytest.raises(DatabaseInUseError, match="is busy: another Precall is updating or restoring it"):
            Store.open(db_path, role=Role.COMMAND)
    finally:
        restore.release()


def test_a_write_that_waits_out_the_busy_timeout_is_one_line_and_changes_nothing(db_path: Path) -> None:
    with Store.open(db_path) as app, Store.open(db_path, role=Role.COMMAND) as command:
        app.conn.execute("PRAGMA busy_timeout = 100")
        with command.write():
            command.accounts.create("Held by the command")
            with pytest.raises(StoreError, match=r"^The database .* is busy: another Precall is saving to it\. "
                                                 r"Nothing was saved; try again\.$"):
                app.accounts.create("Waits too long")
        assert [a.name for a in app.accounts.list()] == ["Held by the command"]


def test_a_store_cannot_be_opened_in_the_restore_role(db_path: Path) -> None:
    with pytest.raises(ValueError):
        Store.open(db_path, role=Role.MAINTENANCE)
