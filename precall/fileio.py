"""Writing files so that a crash never leaves a half-written one behind, and never
writes over something that is not an ordinary output file.

Every file Precall writes (exports, briefs, packs, PDFs) goes through here: write a
temp file beside the target, fsync it, then ``os.replace`` it into place.

``os.replace`` is atomic and blind: it would put an export in place of the live
database (also reached through ``dir/../p.db``, a hard link or a symlink), and, run as
root, turn ``/dev/null`` into a regular file. So before any write, ``check_output_path``
refuses an existing target that is not a regular file, and anything belonging to a
protected database: the file itself, its ``-wal``, ``-shm`` and ``-journal`` files, its
lock file and its backups folder. The command line and the app protect the database
they opened once (``protect_database``), so no caller can forget it.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from precall.errors import PrecallError
from precall.paths import backups_dir

# The files SQLite and Precall keep beside a database; a write to any of them loses data.
COMPANION_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock", ".users.lock")
COMPANION_NAMES = {"-wal": "the write-ahead log", "-shm": "the shared-memory file", "-journal": "the journal",
                   ".lock": "the lock file", ".users.lock": "the lock file"}

_protected: list[Path] = []
_protected_guard = threading.Lock()


def protect_database(db_path: Path | str) -> None:
    """From now on, refuse every write to ``db_path``'s files and backups folder."""
    with _protected_guard:
        _protected.append(Path(db_path).expanduser())


def unprotect_database(db_path: Path | str) -> None:
    with _protected_guard:
        try:
            _protected.remove(Path(db_path).expanduser())
        except ValueError:
            pass


@contextmanager
def protecting(db_path: Path | str) -> Iterator[None]:
    """Protect ``db_path`` for the duration of one command."""
    protect_database(db_path)
    try:
        yield
    finally:
        unprotect_database(db_path)


def check_output_path(path: Path | str, protect: Iterable[Path | str] = ()) -> Path:
    """``path`` (expanded) if a file may be written there; a one-line PrecallError if not."""
    target = Path(path).expanduser()
    with _protected_guard:
        databases = [*_protected, *(Path(p).expanduser() for p in protect)]
    for db_path in databases:
        _refuse_database_files(target, db_path)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise PrecallError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(mode):
        raise PrecallError(f"Cannot write {target}: it is {describe_mode(mode)}, not a regular file; name a file.")
    return target


def describe_mode(mode: int) -> str:
    """What a non-regular file is, in words ("a folder", "a FIFO", ...)."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((word for test, word in kinds if test(mode)), "a special file")


def _refuse_database_files(target: Path, db_path: Path) -> None:
    real = Path(os.path.realpath(target))
    target_stat = _stat_or_none(target)
    for suffix in COMPANION_SUFFIXES:
        companion = db_path.with_name(db_path.name + suffix)
        same_name = real == Path(os.path.realpath(companion))
        companion_stat = _stat_or_none(companion) if target_stat is not None else None
        # st_dev + st_ino catches a hard link, which no path comparison can.
        if same_name or (target_stat is not None and companion_stat is not None
                         and os.path.samestat(target_stat, companion_stat)):
            what = f"the database {db_path}" if not suffix else f"{COMPANION_NAMES[suffix]} of the database {db_path}"
            raise PrecallError(f"Cannot write {target}: it is {what}; choose another file.")
    folder = backups_dir(db_path)
    folder_stat = _stat_or_none(folder)
    real_folder = Path(os.path.realpath(folder))
    for parent in real.parents:
        parent_stat = _stat_or_none(parent) if folder_stat is not None else None
        if parent == real_folder or (folder_stat is not None and parent_stat is not None
                                     and os.path.samestat(parent_stat, folder_stat)):
            raise PrecallError(f"Cannot write {target}: it is inside the database's backups folder {folder}; "
                               "choose another folder.")


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def atomic_write_bytes(path: Path | str, data: bytes, *, protect: Iterable[Path | str] = ()) -> Path:
    """Write ``data`` to ``path`` all or nothing; refuses what ``check_output_path`` refuses."""
    protect = tuple(protect)
    target = check_output_path(path, protect)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PrecallError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # Again just before the rename: the target may have been swapped while we wrote.
        check_output_path(target, protect)
        os.replace(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise PrecallError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        raise
    _fsync_dir(folder)
    return target


def atomic_write_text(path: Path | str, text: str, *, protect: Iterable[Path | str] = ()) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), protect=protect)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
