"""What is at a database path, found before Precall writes a byte to it.

SQLite opens a 0-byte file as a new empty database and happily adds tables to another
program's file. So every open looks first, reading only (``read_only_connection``):
a path with nothing at it may become a new database; a Precall database is opened;
everything else is refused in words that name the problem and the newest good backup
(``precall check --repair`` restores it, keeping the refused file aside).
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from precall.errors import NewerDatabaseError, NotADatabaseError, StoreError
from precall.store import migrations as schema
from precall.store.connection import SQLITE_HEADER, read_only_connection

if TYPE_CHECKING:
    from precall.store.backup_rotation import BackupInfo

MISSING = "missing"  # nothing there yet: a new database may be made
PRECALL = "precall"  # a Precall database this version can open
EMPTY = "empty"
NOT_SQLITE = "not-sqlite"
FOREIGN = "foreign"
DAMAGED = "damaged"
NEWER = "newer"
STRAY_WAL = "stray-wal"

# A file that starts with this many zero bytes holds nothing (a sync tool's placeholder).
ZERO_PROBE = 65536


@dataclass(frozen=True)
class Finding:
    path: Path
    kind: str
    #: What is wrong, to follow the file's name ("is empty (0 bytes)"); empty when usable.
    problem: str = ""

    @property
    def usable(self) -> bool:
        return self.kind in (MISSING, PRECALL)

    def sentence(self) -> str:
        return f"{self.path} {self.problem}"


def diagnose(path: Path) -> Finding:
    """Look at ``path`` (absolute) without changing it or leaving anything beside it."""
    wal = Path(str(path) + "-wal")
    has_wal = wal.is_file() and wal.stat().st_size > 0
    if not path.exists():
        if has_wal:
            return Finding(path, STRAY_WAL, f"is missing, but its write-ahead log {wal.name} is there "
                                            "(the database file was moved or deleted)")
        return Finding(path, MISSING)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(ZERO_PROBE)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    # A 0-byte file beside a log may be a database whose pages all still sit in the log.
    if not has_wal:
        if size == 0:
            return Finding(path, EMPTY, "is empty (0 bytes)")
        if not head.strip(b"\x00"):
            return Finding(path, EMPTY, f"is empty (it holds only zero bytes, {size} of them)")
    if size and not head.startswith(SQLITE_HEADER):
        return Finding(path, NOT_SQLITE, "is not a Precall database (it is not an SQLite file)")
    if size:
        cut = _cut_short(head, size)
        if cut:
            return Finding(path, DAMAGED, f"is damaged: it is cut short ({cut})")
    return _look_inside(path)


def _cut_short(head: bytes, size: int) -> str:
    """Why the file is shorter than its own header says, or ""."""
    if size < 100:
        return f"{size} bytes, less than an SQLite header"
    raw_page = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if raw_page == 1 else raw_page
    if page_size < 512 or page_size & (page_size - 1):
        return ""  # a damaged header: SQLite itself will say what is wrong
    if size % page_size:
        return f"{size} bytes is not a whole number of {page_size}-byte pages"
    change_counter, pages = struct.unpack(">II", head[24:32])
    valid_for = struct.unpack(">I", head[92:96])[0]
    if valid_for == change_counter and pages * page_size > size:
        return f"{size} bytes of the {pages * page_size} its header counts"
    return ""


def _look_inside(path: Path) -> Finding:
    try:
        conn = read_only_connection(path)
    except sqlite3.Error as exc:
        return Finding(path, DAMAGED, f"is damaged and cannot be opened ({exc})")
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        if not tables:
            return Finding(path, EMPTY, "is empty (an SQLite file with no tables)")
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [row[0] for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [schema.MIGRATION_SET])]
        if not applied:
            listed = ", ".join(tables[:4]) + (", …" if len(tables) > 4 else "")
            return Finding(path, FOREIGN, f"is not a Precall database (it is another program's SQLite file, "
                                          f"with the tables {listed})")
        unknown = [name for name in applied if name not in schema.known_names()]
        if unknown:
            return Finding(path, NEWER, f"was written by a newer Precall (it has schema changes "
                                        f"{', '.join(unknown)} that this version does not know)")
        return Finding(path, PRECALL)
    except sqlite3.DatabaseError as exc:
        return Finding(path, DAMAGED, f"is damaged ({exc})")
    finally:
        conn.close()


def restore_advice(backup: "BackupInfo | None") -> str:
    """What to do about a file Precall refused to open; '' when there is no backup."""
    if backup is None:
        return ""
    return (f"The newest good backup is from {backup.describe()}: {backup.path}. "
            "'precall check --repair' restores it and keeps this file aside.")


def refusal(finding: Finding) -> StoreError:
    """The error for a file Precall will not open, naming the newest good backup."""
    from precall.store.backup_rotation import newest_good_backup

    if finding.usable:
        raise ValueError(f"{finding.path} is usable; there is nothing to refuse")
    good = newest_good_backup(finding.path)
    advice = restore_advice(good)
    if finding.kind == NEWER:
        return NewerDatabaseError(f"{finding.sentence()}. Update Precall to open it; the file was not changed."
                                  + (f" {advice}" if advice else ""))
    if advice:
        return NotADatabaseError(f"{finding.sentence()}. {advice}")
    if finding.kind in (EMPTY, NOT_SQLITE, FOREIGN):
        return NotADatabaseError(f"{finding.sentence()} and there is no backup; move it away to start a new "
                                 "database, or choose another file with --db.")
    return NotADatabaseError(f"{finding.sentence()} and there is no good backup to restore; keep the file "
                             "and ask for help before changing it.")


def refuse_unless_usable(path: Path) -> Finding:
    """``diagnose``, raising ``refusal`` for anything but a Precall database or nothing."""
    finding = diagnose(path)
    if not finding.usable:
        raise refusal(finding)
    return finding
