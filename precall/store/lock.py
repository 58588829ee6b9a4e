"""One Precall process per database file: an OS-level lock with a named owner.

The lock is an advisory lock on ``<db>.lock`` held for as long as the Store is open.
The operating system drops it when the process dies, so a crash never leaves a stale
lock behind, and a second process is told who holds it rather than deleting it.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from precall.errors import DatabaseInUseError, StoreError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class InstanceLock:
    """The lock on ``<db>.lock``; ``acquire`` raises ``DatabaseInUseError`` naming its owner."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[bytes] | None = None

    def acquire(self, *, required: bool = True) -> bool:
        """Take the lock; False (no lock held) when it is not ``required`` and the folder
        cannot hold a lock file: a reader of a read-only folder, where no one can save."""
        try:
            # The lock sits beside the database, so a new --db folder must exist first.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")
        except OSError as exc:
            if not required and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return False
            raise StoreError(f"Cannot create the lock file {self.path}: {exc.strerror}.") from exc
        if not _try_lock(handle):
            owner = _read_owner(handle)
            handle.close()
            raise DatabaseInUseError(
                f"The database {self.path.with_suffix('')} is already open in another Precall"
                f"{owner}. Close that one first, or open a different file with --db."
            )
        handle.seek(0)
        handle.truncate()
        owner_info = {"pid": os.getpid(), "host": socket.gethostname()}
        handle.write(json.dumps(owner_info).encode())
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self._handle.seek(0)
            self._handle.truncate()
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None


def _read_owner(handle: IO[bytes]) -> str:
    try:
        handle.seek(0)
        info = json.loads(handle.read(512) or b"{}")
        return f" (process {int(info['pid'])} on {info['host']})"
    except (ValueError, KeyError, TypeError, OSError):
        return ""
