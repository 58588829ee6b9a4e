"""The Store: the one way into the database, with a manager per area.

``Store.open(path)`` takes the instance lock, looks at the file before writing to it
(refusing empty, foreign, damaged and newer files: ``diagnose``), creates a new
database only where nothing is at the path, backs the file up if a migration is about
to run and applies migrations.
A Store belongs to the thread that opened it (in the app, the database worker).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from precall.clock import Clock, SystemClock, utc_iso
from precall.errors import DiskFullError, NewerDatabaseError, NotADatabaseError, StoreError
from precall.store import migrations as schema
from precall.store.connection import (
    can_write,
    check_access,
    connect,
    full_disk_error,
    is_full,
    no_room_beside,
    usable_path,
    write_transaction,
)
from precall.store.diagnose import DAMAGED, MISSING, PRECALL, Finding, refusal, refuse_unless_usable
from precall.store.lock import InstanceLock, Role

if TYPE_CHECKING:
    from sqlite_utils import Database

    from precall.store.accounts import AccountRepo
    from precall.store.briefs import BriefRepo
    from precall.store.calendar import CalendarRepo
    from precall.store.checklists import ChecklistRepo
    from precall.store.feedback import FeedbackRepo
    from precall.store.followups import FollowUpRepo
    from precall.store.matrix import MatrixRepo
    from precall.store.meetings import MeetingRepo
    from precall.store.plans import PlanRepo
    from precall.store.research import ResearchRepo
    from precall.store.sources import SourceRepo
    from precall.store.subscriptions import SubscriptionRepo
    from precall.store.templates import TemplateRepo

log = logging.getLogger("precall.store")


class Store:
    """The database facade. Managers are created on first use, so that opening the
    database at start-up does not import what only some features need."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock, lock: InstanceLock | None) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self._lock = lock
        #: Opened with a read-only connection: every write raises a one-line StoreError.
        self.read_only = False

    @cached_property
    def db(self) -> "Database":
        from sqlite_utils import Database

        return Database(self.conn)

    @cached_property
    def accounts(self) -> "AccountRepo":
        from precall.store.accounts import AccountRepo

        return AccountRepo(self)

    @cached_property
    def meetings(self) -> "MeetingRepo":
        from precall.store.meetings import MeetingRepo

        return MeetingRepo(self)

    @cached_property
    def matrix(self) -> "MatrixRepo":
        from precall.store.matrix import MatrixRepo

        return MatrixRepo(self)

    @cached_property
    def research(self) -> "ResearchRepo":
        from precall.store.research import ResearchRepo

        return ResearchRepo(self)

    @cached_property
    def sources(self) -> "SourceRepo":
        from precall.store.sources import SourceRepo

        return SourceRepo(self)

    @cached_property
    def calendar(self) -> "CalendarRepo":
        from precall.store.calendar import CalendarRepo

        return CalendarRepo(self)

    @cached_property
    def briefs(self) -> "BriefRepo":
        from precall.store.briefs import BriefRepo

        return BriefRepo(self)

    @cached_property
    def plans(self) -> "PlanRepo":
        from precall.store.plans import PlanRepo

        return PlanRepo(self)

    @cached_property
    def checklists(self) -> "ChecklistRepo":
        from precall.store.checklists import ChecklistRepo

        return ChecklistRepo(self)

    @cached_property
    def followups(self) -> "FollowUpRepo":
        from precall.store.followups import FollowUpRepo

        return FollowUpRepo(self)

    @cached_property
    def templates(self) -> "TemplateRepo":
        from precall.store.templates import TemplateRepo

        return TemplateRepo(self)

    @cached_property
    def subscriptions(self) -> "SubscriptionRepo":
        from precall.store.subscriptions import SubscriptionRepo

        return SubscriptionRepo(self)

    @cached_property
    def feedback(self) -> "FeedbackRepo":
        from precall.store.feedback import FeedbackRepo

        return FeedbackRepo(self)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        clock: Clock | None = None,
        lock: bool = True,
        migrate: bool = True,
        read_only: bool = False,
        role: Role = Role.APP,
    ) -> "Store":
        """Open (or, where nothing is at ``path`` yet, create) a Precall database.

        Anything else at ``path`` (an empty, foreign, damaged or newer file) is refused
        before a byte is written, naming the newest good backup. ``read_only``: the caller
        only reads, so a file or folder that cannot be written is opened read-only (no
        migrations, and no lock file where none can be made) instead of being refused.
        ``role``: ``Role.APP`` (one per file) or ``Role.COMMAND`` (beside the app and other
        commands; see ``precall.store.lock``). Migrations run only when no one else has
        the file open.
        """
        if role is Role.MAINTENANCE:
            raise ValueError("a Store is opened by the app or a command; a restore takes the lock itself")
        path = usable_path(path)
        if not read_only:
            check_access(path)  # "read-only" says more than "cannot create the lock file"
        instance_lock = InstanceLock(path) if lock else None
        if instance_lock is not None and not instance_lock.acquire(role, required=not read_only):
            instance_lock = None
        try:
            finding = refuse_unless_usable(path)
            # A file that cannot be written, or a full disk, still serves a caller who only reads.
            reading_only = read_only and finding.kind == PRECALL and (not can_write(path) or no_room_beside(path))
            if finding.kind == MISSING:
                create_database(path)
            try:
                conn = connect(path, read_only=reading_only)
            except NotADatabaseError as exc:  # damage past what the first look reads
                raise refusal(Finding(path, DAMAGED, f"is damaged ({exc.__cause__ or exc})")) from exc
            except DiskFullError:
                if not read_only or reading_only:
                    raise
                # Opening for writing needs room (the WAL's shared-memory file); a reader
                # needs none, so a full disk still lets the rep read their meetings.
                reading_only = True
                conn = connect(path, read_only=True)
            try:
                if reading_only:
                    refuse_pending_read_only(conn, path)
                elif migrate:
                    shared = instance_lock is not None and not instance_lock.exclusive
                    prepare_schema(conn, path, blocked_by=instance_lock.holder() if shared and instance_lock else None)
                if instance_lock is not None:
                    instance_lock.share()
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if instance_lock is not None:
                instance_lock.release()
            raise
        store = cls(conn, path, clock or SystemClock(), instance_lock)
        store.read_only = reading_only
        return store

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """Group writes into one transaction; when it returns the edit is durable."""
        with write_transaction(self.conn, self.path):
            yield

    def now_iso(self) -> str:
        return utc_iso(self.clock.now())

    def now(self) -> datetime:
        return self.clock.now()

    def data_version(self) -> int:
        """A number that changes when another connection (another process: a command
        beside the app) commits to the file; this connection's own commits leave it."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def is_empty(self) -> bool:
        accounts: int = self.conn.execute("SELECT count(*) FROM accounts").fetchone()[0]
        return accounts == 0


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [schema.MIGRATION_SET]
    )
    return [row[0] for row in rows]


def prepare_schema(conn: sqlite3.Connection, path: Path, *, blocked_by: str | None = None) -> None:
    """Bring the schema up to date; ``blocked_by`` names who else has the file open,
    in which case a pending migration is refused rather than run under their feet."""
    applied = applied_migrations(conn)
    known = schema.known_names()
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer Precall (it has schema changes {', '.join(unknown)} "
            "that this version does not know). Update Precall to open it; the file was not changed."
        )
    pending = [name for name in known if name not in applied]
    if not pending:
        return
    if blocked_by is not None:
        raise StoreError(f"{path} needs a schema update for this version of Precall ({', '.join(pending)}), "
                         f"which cannot run while {blocked_by} has it open. Close it and try again; "
                         "the file was not changed.")
    if applied:
        from precall.store.backup_copy import backup_before_migration

        copy = backup_before_migration(conn, path, pending)
        log.info("backed up %s to %s before migrating %s", path, copy, pending)
    from sqlite_utils import Database

    try:
        schema.build().apply(Database(conn))
    except sqlite3.Error as exc:
        if is_full(exc):
            raise full_disk_error(path, exc) from exc
        raise StoreError(f"Could not update the database schema of {path}: {exc}. The file is unchanged.") from exc


def refuse_pending_read_only(conn: sqlite3.Connection, path: Path) -> None:
    pending = [name for name in schema.known_names() if name not in applied_migrations(conn)]
    if pending:
        raise StoreError(f"{path} is read-only and was saved by an older Precall; its schema needs an update "
                         "before this version can read it. Make the file writable and open it once.")


def create_database(path: Path) -> None:
    """A new database, built under a temporary name and renamed into place when whole,
    so a crash while creating never leaves a half-made file that the next open refuses."""
    from sqlite_utils import Database

    from precall.fileio import _fsync_dir

    partial = path.with_name(f".{path.name}.new")
    leftovers = (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    conn = connect(partial)
    try:
        # Built with a rollback journal, not WAL: every commit lands in the file itself, so
        # nothing can stay behind in a log that a silent checkpoint failure at close (a
        # full disk) would leave, and a new file needs half the room. The next open turns
        # WAL on.
        conn.execute("PRAGMA journal_mode=DELETE")
        schema.build().apply(Database(conn))
    except sqlite3.Error as exc:
        conn.close()
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        if is_full(exc):
            raise full_disk_error(path, exc) from exc
        raise StoreError(f"Could not create the database {path}: {exc}.") from exc
    conn.close()
    try:
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        if is_full(exc):
            raise full_disk_error(path, exc) from exc
        raise StoreError(f"Could not create the database {path}: {exc.strerror or exc}.") from exc
    _fsync_dir(path.parent)
