"""What ``store.lock`` promises, where the mutation run found nothing watching: a folder
that cannot hold a lock file (read-only: a reader goes on without one; anything else is
refused in words), letting others in after a migration, and a look at the app lock that
another command is taking at the same moment."""

from __future__ import annotations

import fcntl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from precall.errors import DatabaseInUseError, StoreError
from precall.store import Store
from precall.store.lock import InstanceLock, Role, app_owner


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A read-only mounted folder (root ignores file modes, not a read-only mount)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("role", [Role.APP, Role.COMMAND])
def test_a_read_only_folder_holds_no_lock_and_a_reader_goes_on(read_only_folder: Path, role: Role) -> None:
    lock = InstanceLock(read_only_folder / "p.db")
    assert lock.acquire(role, required=False) is False
    assert not lock.exclusive
    with pytest.raises(StoreError, match=rf"^Cannot create the lock file {read_only_folder}/p\.db\.(users\.)?lock: "
                                         r"Read-only file system\.$"):
        lock.acquire(role)


def test_a_lock_file_that_cannot_be_made_for_another_reason_is_refused_even_for_a_reader(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    lock = InstanceLock(not_a_folder / "p.db")
    with pytest.raises(StoreError, match=r"^Cannot create the lock file .*p\.db\.lock: "):
        lock.acquire(Role.APP, required=False)
    with pytest.raises(StoreError, match=r"^Cannot create the lock file .*p\.db\.users\.lock: "):
        lock.acquire(Role.COMMAND, required=False)


def test_sharing_ends_being_alone_once_and_lets_the_others_in(db_path: Path) -> None:
    Store.open(db_path).close()
    lock = InstanceLock(db_path)
    assert lock.acquire(Role.COMMAND) and lock.exclusive
    lock.share()
    assert lock.exclusive is False
    lock.share()  # nothing left to give up
    assert lock.exclusive is False
    other = InstanceLock(db_path)
    try:
        assert other.acquire(Role.COMMAND) and other.exclusive is False
    finally:
        other.release()
        lock.release()


def test_a_released_lock_lets_a_restore_in(db_path: Path) -> None:
    Store.open(db_path).close()
    lock = InstanceLock(db_path)
    lock.acquire(Role.APP)
    lock.release()
    restore = InstanceLock(db_path)
    try:
        assert restore.acquire(Role.MAINTENANCE) and restore.exclusive
    finally:
        restore.release()


def test_no_lock_file_means_no_app(tmp_path: Path) -> None:
    assert app_owner(tmp_path / "never-opened.db.lock") is None


def test_two_commands_looking_at_the_app_lock_at_once_both_see_no_app(db_path: Path) -> None:
    Store.open(db_path).close()
    lock_file = db_path.with_name(db_path.name + ".lock")
    with open(lock_file, "rb") as looking:  # another command's look, held for its instant
        fcntl.flock(looking.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        assert app_owner(lock_file) is None


def test_a_reader_that_cannot_make_the_app_lock_takes_no_lock_at_all(tmp_path: Path, read_only_folder: Path) -> None:
    # The app lock's name points into a read-only place; the users lock beside it could be made.
    db = tmp_path / "p.db"
    (tmp_path / "p.db.lock").symlink_to(read_only_folder / "p.db.lock")
    lock = InstanceLock(db)
    assert lock.acquire(Role.APP, required=False) is False
    assert not lock.exclusive
    other = InstanceLock(db)  # nothing held: a restore may take the file at once
    try:
        assert other.acquire(Role.MAINTENANCE)
    finally:
        other.release()


def test_taking_a_lock_file_that_is_not_open_is_a_programming_error(tmp_path: Path) -> None:
    from precall.store.lock import _Held

    with pytest.raises(ValueError, match="is not open"):
        _Held(tmp_path / "p.db.lock").take(shared=True)


def test_an_app_lock_left_by_a_crashed_app_is_rewritten_with_the_new_owner(db_path: Path) -> None:
    Store.open(db_path).close()
    lock_file = db_path.with_name(db_path.name + ".lock")
    lock_file.write_text('{"pid": 1, "host": "gone"} and whatever a crash left behind')
    with Store.open(db_path):
        with pytest.raises(DatabaseInUseError, match=r"already open in another Precall \(process \d+ on "):
            Store.open(db_path)
        assert "gone" not in lock_file.read_text()
