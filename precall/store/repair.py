"""Check and repair: is the database whole, and putting a good backup back if it is not.

Restoring never deletes anything: the current file (with its ``-wal``) is kept beside
the database as ``<stem>-before-restore-<when>.db`` and the user is told the date of
the backup that replaced it. Two ways in:

* ``restore_file`` swaps files while no Store has the database open (the command line,
  which holds the instance lock). The swap is one ``os.replace``, so a crash leaves
  either the old file or the restored one at the path, never neither.
* ``restore_into`` writes the backup into an open Store's connection with the online
  backup API (one transaction), so the app can repair without closing its worker.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from precall.clock import Clock
from precall.errors import NotADatabaseError, PrecallError, StoreError
from precall.fileio import _fsync_dir
from precall.paths import backups_dir
from precall.store.backup_copy import copy_problems, integrity_problems
from precall.store.backup_rotation import (
    STAMP_FORMAT,
    BackupInfo,
    list_backups,
    newest_good_backup,
    restorable_problems,
    verify_backup,
)
from precall.store.connection import read_only_connection
from precall.store.diagnose import MISSING, diagnose

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.store.repair")

# Folder names of file-syncing services: SQLite's WAL needs shared memory and locks
# that these (and network file systems) do not provide across machines.
SYNCED_FOLDER_MARKERS = (
    "dropbox", "onedrive", "icloud drive", "iclouddrive", "mobile documents", "cloudstorage",
    "google drive", "googledrive", "my drive", "box sync", "nextcloud", "owncloud", "pcloud",
    "syncthing", "resilio sync", "synologydrive", "seafile", "megasync",
)
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "afs", "9p", "davfs", "fuse.rclone",
    "ceph", "glusterfs", "fuse.glusterfs", "lustre", "fuse.s3fs",
})


@dataclass(frozen=True)
class CheckReport:
    path: Path
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    newest_good_backup: BackupInfo | None = None
    #: The problem as a sentence, for a file that is not a damaged database (empty, foreign...).
    headline: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return f"{self.path} passed its integrity check."
        first = self.headline or f"{self.path} is damaged: {self.problems[0]}{more_problems(self.problems)}"
        return f"{first}. {backup_advice(self.newest_good_backup)}"


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    kept_as: Path | None
    after: CheckReport = field(compare=False)

    def summary(self) -> str:
        kept = f" The previous file was kept as {self.kept_as}." if self.kept_as else ""
        return f"Restored the backup of {self.backup.describe()} ({self.backup.path.name}).{kept}"


def more_problems(problems: tuple[str, ...] | list[str]) -> str:
    """" and 3 more" after the first problem; checks stop listing at 20, so past that just "and more"."""
    if len(problems) >= 20:
        return " and more"
    return f" and {len(problems) - 1} more" if len(problems) > 1 else ""


def backup_advice(backup: BackupInfo | None) -> str:
    if backup is None:
        return "There is no good backup to restore; keep the file and ask for help before changing it."
    return (f"The newest good backup is from {backup.describe()}: {backup.path}. "
            "Restore it with 'precall check --repair' or Tools > Check and repair.")


def storage_warnings(db_path: Path, journal_mode: str | None = None) -> list[str]:
    """Reasons to worry about where the file lives: synced or network folders, no WAL."""
    warnings = []
    parts = [part.lower() for part in db_path.resolve().parts]
    synced = next((part for part in parts if any(part.startswith(m) for m in SYNCED_FOLDER_MARKERS)), None)
    if synced is not None:
        warnings.append(
            f"{db_path} is in a synced folder ({synced}). Syncing an open database can corrupt it; "
            "keep it in a local folder and let Precall's backups go to the synced one instead."
        )
    fs_type = filesystem_type(db_path)
    if fs_type in NETWORK_FILESYSTEMS or str(db_path).startswith("\\\\"):
        warnings.append(
            f"{db_path} is on a network file system ({fs_type or 'network share'}); SQLite cannot lock it "
            "safely across machines. Keep the database on a local disk."
        )
    if journal_mode is not None and journal_mode.lower() != "wal":
        warnings.append(
            f"{db_path} could not use write-ahead logging (journal mode is {journal_mode}); the folder may be "
            "on a network or synced drive. Edits are still saved, but keep the file on a local disk."
        )
    return warnings


def filesystem_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (Linux only; None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):  # the last of equal ones is the visible one
            best, best_type = mount_point, fields[2]
    return best_type


def check_connection(conn: sqlite3.Connection, db_path: Path, journal_mode: str | None = None) -> CheckReport:
    """Integrity and foreign keys of an open database, plus where-it-lives warnings."""
    problems = copy_problems(conn)
    if not problems:
        try:
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as exc:
            broken, problems = [], [f"cannot check links between records ({exc})"]
        tables = sorted({row[0] for row in broken})
        if broken:
            problems.append(f"{len(broken)} records point to records that no longer exist (in {', '.join(tables)})")
    mode = None
    if not problems:
        mode = journal_mode or conn.execute("PRAGMA journal_mode").fetchone()[0]
    good = newest_good_backup(db_path) if problems else None
    return CheckReport(db_path, tuple(problems), tuple(storage_warnings(db_path, mode)), good)


def quick_look(store: "Store") -> CheckReport:
    """A fast check for the start of the app (``quick_check`` skips index cross-checks)."""
    problems = tuple(integrity_problems(store.conn, "quick_check"))
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0] if not problems else None
    good = newest_good_backup(store.path) if problems else None
    return CheckReport(store.path, problems, tuple(storage_warnings(store.path, mode)), good)


def check_file(db_path: Path) -> CheckReport:
    """Check a database that no Store has open (the caller holds the instance lock).

    First what is at the path (``diagnose``: empty, foreign, damaged, newer, a log
    without its database), then SQLite's integrity check, all read-only.
    """
    finding = diagnose(db_path)
    if finding.kind == MISSING:
        raise StoreError(f"There is no database at {db_path}.")
    if not finding.usable:
        return CheckReport(db_path, (finding.problem,), tuple(storage_warnings(db_path)),
                           newest_good_backup(db_path), headline=finding.sentence())
    try:
        conn = read_only_connection(db_path)
    except sqlite3.Error as exc:
        return CheckReport(db_path, (f"cannot be opened ({exc})",), (), newest_good_backup(db_path))
    try:
        return check_connection(conn, db_path, journal_mode=_journal_mode_of(db_path))
    finally:
        conn.close()


def _journal_mode_of(db_path: Path) -> str:
    """From the header (bytes 18-19 are 2 in WAL mode): a read-only look cannot ask SQLite."""
    with open(db_path, "rb") as handle:
        header = handle.read(20)
    return "wal" if header[18:20] == b"\x02\x02" else "delete"


def is_damage(error: BaseException) -> bool:
    """An error that means the file itself is damaged (not busy, locked or missing)."""
    if isinstance(error, NotADatabaseError):
        return True
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "could not decode to utf-8" in text)


def explain_open_failure(db_path: Path, error: BaseException) -> str:
    """The message for a database that failed to open or to read; damage names the newest good backup.

    Also for ``sqlite3.DatabaseError`` raised later, mid-command ("database disk image is
    malformed"), which would otherwise surface as an internal error.
    """
    if isinstance(error, NotADatabaseError) or not is_damage(error) or not db_path.exists():
        return str(error)  # the open path's refusals already name the newest good backup
    return f"{db_path} is damaged ({error}). {backup_advice(newest_good_backup(db_path))}"


def find_backup(db_path: Path, choice: str | Path) -> BackupInfo:
    """A backup named by file name (from ``precall backup list``) or by path."""
    wanted = Path(choice).expanduser()
    for backup in list_backups(db_path):
        if backup.path.name == wanted.name and (wanted.parent == Path(".") or wanted.resolve() == backup.path.resolve()):
            return backup
    if wanted.is_file():
        stat = wanted.stat()
        return BackupInfo(wanted.resolve(), datetime.fromtimestamp(stat.st_mtime, timezone.utc), "chosen file", stat.st_size)
    raise PrecallError(f"There is no backup {choice!r}; 'precall backup list' shows the ones in {backups_dir(db_path)}.")


def _refuse_unusable(backup: BackupInfo) -> None:
    problems = restorable_problems(backup.path)
    if problems:
        raise StoreError(f"The backup {backup.path.name} cannot be restored: {'; '.join(problems[:3])}. "
                         "Nothing was changed.")


def kept_aside_path(db_path: Path, clock: Clock) -> Path:
    stamp = clock.now().strftime(STAMP_FORMAT)
    candidate = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}.db")
    counter = 1
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}-{counter}.db")
        counter += 1
    return candidate


def restore_file(db_path: Path, backup: BackupInfo, clock: Clock) -> RestoreResult:
    """Put ``backup`` in place of a database no Store has open (hold the instance lock)."""
    _refuse_unusable(backup)
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup.path, incoming)
    with open(incoming, "rb+") as handle:
        os.fsync(handle.fileno())
    problems = verify_backup(incoming)
    if problems:
        incoming.unlink()
        raise StoreError(f"The copy of {backup.path.name} failed its check ({problems[0]}); nothing was changed.")
    kept: Path | None = None
    wal = Path(str(db_path) + "-wal")
    if db_path.exists() or wal.exists():
        kept = kept_aside_path(db_path, clock)
    if db_path.exists() and kept is not None:
        _keep_aside(db_path, kept)
    # The old -wal would be replayed onto the restored file: it travels with the kept copy,
    # also when it is all that is left of a database that was moved or deleted.
    if wal.exists() and kept is not None:
        os.replace(wal, Path(str(kept) + "-wal"))
    Path(str(db_path) + "-shm").unlink(missing_ok=True)
    os.replace(incoming, db_path)
    _fsync_dir(db_path.parent)
    log.info("restored %s from %s; previous file kept as %s", db_path, backup.path, kept)
    return RestoreResult(backup, kept, check_file(db_path))


def _keep_aside(db_path: Path, kept: Path) -> None:
    """A second name for the current file: a hard link where possible, else a copy."""
    try:
        os.link(db_path, kept)
    except OSError:
        _copy_whole(db_path, kept)


def _copy_whole(source: Path, target: Path) -> None:
    """Copy through a temp name and rename, so a crash never leaves a half copy named as kept."""
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)


def restore_into(store: "Store", backup: BackupInfo, clock: Clock) -> RestoreResult:
    """Replace the contents of an open Store with ``backup``, keeping the current file aside.

    Runs on the thread that owns the Store, outside any transaction; the copy into the
    live connection is one transaction, then pending migrations bring it up to date.
    """
    from precall.store.facade import prepare_schema

    if store.conn.in_transaction:
        raise ValueError("restore_into needs the Store outside a transaction")
    _refuse_unusable(backup)
    kept = kept_aside_path(store.path, clock)
    # Only this thread writes, so a plain copy of the file and its WAL is consistent,
    # even when the pages are damaged and SQLite itself could not read them. The WAL
    # goes first: a kept file never appears without the log that completes it.
    wal = Path(str(store.path) + "-wal")
    if wal.exists():
        _copy_whole(wal, Path(str(kept) + "-wal"))
    _copy_whole(store.path, kept)
    source = read_only_connection(backup.path.resolve())
    try:
        source.backup(store.conn)
    except sqlite3.Error as exc:
        raise StoreError(f"Could not restore {backup.path.name}: {exc}. The previous file is kept as {kept}.") from exc
    finally:
        source.close()
    store.conn.execute("PRAGMA foreign_keys = ON")
    prepare_schema(store.conn, store.path)
    log.info("restored %s from %s into the open store; previous file kept as %s", store.path, backup.path, kept)
    return RestoreResult(backup, kept, check_connection(store.conn, store.path))
