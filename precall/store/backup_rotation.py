"""Rotating automatic backups in ``backups/`` beside the database, and finding them again.

The set of backups: when to make one, which to keep, how to list and verify them. Making
and checking a single copy is ``backup_copy``.

How Anki and Zotero protect user data, and a little more: a backup is taken with
SQLite's online backup API (``backup_copy.backup_to``), checked with ``integrity_check``
before it counts, and only then may older ones be thinned; a failed backup leaves the
old ones untouched. Thinning keeps the newest few, one a day for a week, one a week
for a month and one a month for half a year. Backups made by hand or before a
migration are never thinned away.

File names carry what they are and when (UTC):
``<db stem>-auto-20261122T090000Z.db``, ``-manual-``, ``-before-m002_x-``.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from precall.clock import Clock
from precall.paths import backups_dir
from precall.store import migrations as schema
from precall.store.backup_copy import backup_to, copy_problems, remove_stale_partials, unique_backup_path
from precall.store.connection import read_only_connection

log = logging.getLogger("precall.store.backups")

AUTO = "auto"
MANUAL = "manual"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class ThinningPolicy:
    keep_last: int = 10
    daily_for_days: int = 7
    weekly_for_weeks: int = 4
    monthly_for_months: int = 6

    def __post_init__(self) -> None:
        if self.keep_last < 1:
            raise ValueError("keep_last must be at least 1: the newest good backup is always kept")


DEFAULT_POLICY = ThinningPolicy()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    kind: str
    size: int

    @property
    def thinnable(self) -> bool:
        return self.kind == AUTO

    def describe(self) -> str:
        """How the user sees it: its local date and time and what made it."""
        local = self.created.astimezone()
        what = {AUTO: "automatic", MANUAL: "made by hand"}.get(self.kind, self.kind.replace("-", " ", 1))
        return f"{local:%Y-%m-%d %H:%M} ({what}, {self.size / 1024:.0f} KB)"


def _name_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(db_path.stem)}-(?P<kind>auto|manual|before-[A-Za-z0-9_]+)-"
        rf"(?P<stamp>\d{{8}}T\d{{6}}Z)(?:-(?P<n>\d+))?\.db$"
    )


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first (other databases' files in the folder are ignored)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_path)
    found: list[tuple[BackupInfo, int]] = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match is None or not path.is_file():
            continue
        created = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=timezone.utc)
        found.append((BackupInfo(path, created, match["kind"], path.stat().st_size), int(match["n"] or 0)))
    found.sort(key=lambda pair: (pair[0].created, pair[1]), reverse=True)
    return [info for info, _ in found]


def make_backup(conn: sqlite3.Connection, db_path: Path, clock: Clock, kind: str = AUTO) -> BackupInfo:
    """A verified copy of the open database; raises ``BackupError`` and keeps nothing if it is bad."""
    if kind not in (AUTO, MANUAL):
        raise ValueError(f"unknown backup kind {kind!r}")
    created = clock.now().astimezone(timezone.utc).replace(microsecond=0)
    remove_stale_partials(backups_dir(db_path), db_path.stem)
    target = unique_backup_path(backups_dir(db_path), f"{db_path.stem}-{kind}-{created:{STAMP_FORMAT}}")
    backup_to(conn, target)
    log.info("backed up %s to %s", db_path, target)
    return BackupInfo(target, created, kind, target.stat().st_size)


def backups_to_thin(backups: list[BackupInfo], now: datetime, policy: ThinningPolicy = DEFAULT_POLICY) -> list[BackupInfo]:
    """The automatic backups the policy no longer needs; never the newest one."""
    automatic = sorted((b for b in backups if b.thinnable), key=lambda b: b.created, reverse=True)
    keep: set[Path] = {b.path for b in automatic[: policy.keep_last]}

    def newest_per(bucket_of: Callable[[datetime], Hashable], within: timedelta) -> None:
        seen: set[Hashable] = set()
        for backup in automatic:  # newest first, so the first of a bucket is its newest
            if now - backup.created > within:
                continue
            bucket = bucket_of(backup.created)
            if bucket not in seen:
                seen.add(bucket)
                keep.add(backup.path)

    newest_per(lambda t: t.date(), timedelta(days=policy.daily_for_days))
    newest_per(lambda t: t.isocalendar()[:2], timedelta(weeks=policy.weekly_for_weeks))
    newest_per(lambda t: (t.year, t.month), timedelta(days=31 * policy.monthly_for_months))
    return [b for b in automatic if b.path not in keep]


def rotate(db_path: Path, now: datetime, policy: ThinningPolicy = DEFAULT_POLICY) -> list[BackupInfo]:
    """Delete the automatic backups the policy no longer needs; returns what was removed."""
    removed = []
    for backup in backups_to_thin(list_backups(db_path), now, policy):
        try:
            backup.path.unlink()
            removed.append(backup)
        except OSError as exc:  # a backup we cannot delete costs space, not data
            log.warning("could not remove old backup %s: %s", backup.path, exc)
    return removed


def backup_and_rotate(conn: sqlite3.Connection, db_path: Path, clock: Clock, kind: str = AUTO,
                      policy: ThinningPolicy = DEFAULT_POLICY) -> BackupInfo:
    """Make a verified backup, then thin; if the backup fails nothing old is removed."""
    made = make_backup(conn, db_path, clock, kind)
    rotate(db_path, clock.now(), policy)
    return made


def verify_backup(path: Path) -> list[str]:
    """Problems with a backup file, read without changing it; empty when it is a whole Precall database."""
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        conn = read_only_connection(path.resolve())
    except sqlite3.Error as exc:
        return [f"cannot be opened ({exc})"]
    try:
        return copy_problems(conn)
    finally:
        conn.close()


def restorable_problems(path: Path) -> list[str]:
    """A backup can be restored if it is whole, Precall's and not from a newer Precall."""
    problems = verify_backup(path)
    if problems:
        return problems
    conn = read_only_connection(path.resolve())
    try:
        applied = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET])]
    except sqlite3.DatabaseError as exc:
        return [f"cannot be read ({exc})"]
    finally:
        conn.close()
    unknown = [name for name in applied if name not in schema.known_names()]
    if unknown:
        return [f"it was written by a newer Precall (schema changes {', '.join(unknown)})"]
    return []


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup this Precall can restore now (files can rot after they were made)."""
    for backup in list_backups(db_path):
        if not restorable_problems(backup.path):
            return backup
        log.warning("backup %s failed its check; skipping it", backup.path)
    return None


class AutoBackup:
    """Decides when an automatic backup is due; lives with the Store on the database worker.

    A backup is due when the database changed since the last one this process made
    (``total_changes`` counts every row this connection wrote; ``data_version`` moves
    when another process, a command beside the app, committed), or when there is no
    automatic backup at all yet.
    """

    def __init__(self, policy: ThinningPolicy = DEFAULT_POLICY) -> None:
        self.policy = policy
        self._changes_at_last_backup: tuple[int, int] | None = None

    def due(self, conn: sqlite3.Connection, db_path: Path) -> bool:
        if self._changes_at_last_backup is None:
            return conn.total_changes > 0 or not any(b.kind == AUTO for b in list_backups(db_path))
        return _changes(conn) != self._changes_at_last_backup

    def run(self, conn: sqlite3.Connection, db_path: Path, clock: Clock, *, force: bool = False) -> BackupInfo | None:
        """Back up if due (or ``force``); returns the new backup or None if none was needed."""
        if not force and not self.due(conn, db_path):
            self._changes_at_last_backup = _changes(conn)
            return None
        made = backup_and_rotate(conn, db_path, clock, AUTO, self.policy)
        self._changes_at_last_backup = _changes(conn)
        return made


def _changes(conn: sqlite3.Connection) -> tuple[int, int]:
    """What this connection wrote, and how often other connections committed."""
    return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])
