"""Who may use a database file at the same time: one app, any number of commands.

Two advisory locks beside the database, both dropped by the operating system when a
process dies, so a crash never leaves a stale lock and no one deletes another's lock:

* ``<db>.lock``, the app lock: the desktop app holds it exclusively for its lifetime
  and writes its process id and host into it, so a second app is told who holds the
  file. Commands never hold it; they only look at it to name the app in a refusal.
* ``<db>.users.lock``, the users lock: every process using the file (app or command)
  holds it shared, so SQLite's WAL and ``BEGIN IMMEDIATE`` arbitrate their reads and
  writes. Work that must be alone with the file takes it exclusively: a schema
  migration (held only while opening, when no one else was there) and a restore
  (``Role.MAINTENANCE``, refused while anyone else uses the file).
"""

from __future__ import annotations

import enum
import errno
import json
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO

from precall.errors import DatabaseInUseError, StoreError

log = logging.getLogger("precall.store")

#: How long opening waits for another process's migration or restore to finish.
USERS_WAIT_S = 15.0
#: How long the app retries its lock: a command looking at it holds it for a moment.
APP_RETRY_S = 0.5

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Windows byte-range locks are exclusive only and block reads of the bytes they
    # cover, so they sit far past the owner text: a shared lock is one of SLOTS bytes,
    # an exclusive lock covers them all.
    BASE = 1 << 20
    SLOTS = 64

    def _try_lock(handle: IO[bytes], shared: bool) -> tuple[int, int] | None:
        spans = [(BASE + 1 + k, 1) for k in range(SLOTS)] if shared else [(BASE, SLOTS + 1)]
        for offset, length in spans:
            try:
                handle.seek(offset)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, length)
                return offset, length
            except OSError:
                continue
        return None

    def _unlock(handle: IO[bytes], span: tuple[int, int]) -> None:
        handle.seek(span[0])
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, span[1])

else:
    import fcntl

    # flock locks belong to the open file, not the process: two Stores in one process
    # (a test beside the app's worker) see each other as two users, as they should.
    def _try_lock(handle: IO[bytes], shared: bool) -> tuple[int, int] | None:
        try:
            fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return 0, 0
        except BlockingIOError:
            return None

    def _unlock(handle: IO[bytes], span: tuple[int, int]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class Role(enum.Enum):
    """What a process opening the database is."""

    #: The desktop app: one per file; shares the file with commands.
    APP = "app"
    #: A command-line process: beside the app and other commands.
    COMMAND = "command"
    #: A restore: alone with the file, refused while anyone else uses it.
    MAINTENANCE = "maintenance"


class _Held:
    """One lock file and the lock this process holds on it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[bytes] | None = None
        self.span: tuple[int, int] | None = None

    def open(self, *, required: bool) -> bool:
        try:
            # The lock sits beside the database, so a new --db folder must exist first.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered: nothing is left to flush at close, which a full disk would refuse.
            self.handle = open(self.path, "a+b", buffering=0)
        except OSError as exc:
            if not required and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return False
            raise StoreError(f"Cannot create the lock file {self.path}: {exc.strerror}.") from exc
        return True

    def take(self, *, shared: bool, wait_s: float = 0.0) -> bool:
        """Lock (or change the lock) without blocking longer than ``wait_s``."""
        if self.handle is None:
            raise ValueError(f"{self.path} is not open")
        deadline = time.monotonic() + wait_s
        while True:
            if self.span is not None and sys.platform == "win32":  # pragma: no cover
                _unlock(self.handle, self.span)  # Windows cannot convert a lock in place
                self.span = None
            span = _try_lock(self.handle, shared)
            if span is not None:
                self.span = span
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def close(self) -> None:
        if self.handle is None:
            return
        try:
            if self.span is not None:
                _unlock(self.handle, self.span)
        finally:
            self.handle.close()
            self.handle = None
            self.span = None


class InstanceLock:
    """The locks one Store (or one restore) holds on a database file."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self.users_path = db_path.with_name(db_path.name + ".users.lock")
        self._app = _Held(self.path)
        self._users = _Held(self.users_path)
        #: Alone with the file: a migration may run now.
        self.exclusive = False

    def acquire(self, role: Role = Role.APP, *, required: bool = True) -> bool:
        """Take the locks of ``role``; False (no lock held) when it is not ``required``
        and the folder cannot hold a lock file: a reader of a read-only folder, where no
        one can save. Refusals are ``DatabaseInUseError`` naming the holder."""
        try:
            if role is Role.APP and not self._acquire_app(required=required):
                return False
            if not self._users.open(required=required):
                self._app.close()
                return False
            if self._users.take(shared=False):
                self.exclusive = True
            elif role is Role.MAINTENANCE:
                raise DatabaseInUseError(f"{self._db_name()} is in use by {self.holder()}; nothing was restored. "
                                         "Close it first and try again.")
            elif not self._users.take(shared=True, wait_s=USERS_WAIT_S):
                raise DatabaseInUseError(f"{self._db_name()} is busy: another Precall is updating or restoring it. "
                                         "Try again in a moment.")
        except BaseException:
            self.release()
            raise
        return True

    def share(self) -> None:
        """Done being alone (the schema is up to date): let others in beside us."""
        if not self.exclusive:
            return
        self.exclusive = False
        if not self._users.take(shared=True):
            self.release()
            raise DatabaseInUseError(f"{self._db_name()} is busy: another Precall took it while this one opened. "
                                     "Try again in a moment.")

    def holder(self) -> str:
        """Who else uses the file, in words: the app (naming its process) or a command."""
        owner = app_owner(self.path) if self._app.span is None else None  # not this app itself
        if owner is not None:
            return f"the Precall app{owner}"
        return "another Precall command"

    def release(self) -> None:
        self.exclusive = False
        try:
            if self._app.handle is not None:
                self._app.handle.seek(0)
                self._app.handle.truncate()
        finally:
            self._app.close()
            self._users.close()

    def _acquire_app(self, *, required: bool) -> bool:
        if not self._app.open(required=required):
            return False
        # A command looking at the app lock holds it for an instant: retry briefly.
        if not self._app.take(shared=False, wait_s=APP_RETRY_S):
            handle = self._app.handle
            owner = _read_owner(handle) if handle is not None else ""
            self._app.close()
            raise DatabaseInUseError(
                f"The database {self._db_name()} is already open in another Precall"
                f"{owner}. Close that one first, or open a different file with --db."
            )
        handle = self._app.handle
        if handle is None:
            raise ValueError("the app lock is not open")
        handle.seek(0)
        handle.truncate()
        try:
            handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode())
        except OSError as exc:
            # A full disk: the lock is held all the same; only a second app's refusal
            # loses the words naming this process.
            log.warning("could not write the owner of %s: %s", self.path, exc)
        return True

    def _db_name(self) -> Path:
        return self.path.with_suffix("")


def app_owner(lock_path: Path) -> str | None:
    """" (process N on HOST)" (or "") when a desktop app holds ``lock_path``, else None."""
    probe = _Held(lock_path)
    try:
        probe.handle = open(lock_path, "rb")
    except OSError:
        return None  # no lock file: no app has ever opened this file here
    try:
        if probe.take(shared=True):
            return None
        return _read_owner(probe.handle)
    finally:
        probe.close()


def _read_owner(handle: IO[bytes]) -> str:
    try:
        handle.seek(0)
        info = json.loads(handle.read(512) or b"{}")
        return f" (process {int(info['pid'])} on {info['host']})"
    except (ValueError, KeyError, TypeError, OSError):
        return ""
