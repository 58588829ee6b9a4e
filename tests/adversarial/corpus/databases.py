"""Database states a case can start from: the demo, nothing, and the ways a file goes bad
(truncated, zeroed, flipped bytes, another program's, a newer Precall's, a WAL without its
database, a folder, an over-long name, read-only, a full disk)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Callable

from tests.adversarial.harness import DbState, Env

BACKUP_NAME = "precall-manual-20261120T000000Z.db"


def _demo(env: Env, path: Path | None = None) -> Path:
    path = path or env.db
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(env.demo_db, path)
    return path


def demo(env: Env) -> DbState:
    return DbState(_demo(env))


def demo_with_backup(env: Env) -> DbState:
    _demo(env, env.db.parent / "backups" / BACKUP_NAME)
    return DbState(_demo(env))


def new(env: Env) -> DbState:
    env.db.parent.mkdir(parents=True, exist_ok=True)
    return DbState(env.db)


def zero(env: Env) -> DbState:
    env.db.parent.mkdir(parents=True, exist_ok=True)
    env.db.write_bytes(b"")
    return DbState(env.db)


def zero_with_backups(env: Env) -> DbState:
    state = zero(env)
    _demo(env, env.db.parent / "backups" / BACKUP_NAME)
    return DbState(state.path, untouchable=True, must_fail=True, sound=False)


def truncated(at: int | float, must_fail: bool = False) -> Callable[[Env], DbState]:
    def make(env: Env) -> DbState:
        path = _demo(env)
        data = path.read_bytes()
        cut = int(len(data) * at) if isinstance(at, float) else at
        path.write_bytes(data[:cut])
        _demo(env, env.db.parent / "backups" / BACKUP_NAME)
        return DbState(path, must_fail=must_fail, sound=False)
    return make


def flipped(offsets: tuple[int | float, ...], must_fail: bool = False) -> Callable[[Env], DbState]:
    def make(env: Env) -> DbState:
        path = _demo(env)
        data = bytearray(path.read_bytes())
        for at in offsets:
            start = int(len(data) * at) if isinstance(at, float) else at
            for i in range(start, min(start + 64, len(data))):
                data[i] ^= 0xA5
        path.write_bytes(bytes(data))
        _demo(env, env.db.parent / "backups" / BACKUP_NAME)
        return DbState(path, must_fail=must_fail, sound=False)
    return make


def foreign(env: Env) -> DbState:
    env.db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(env.db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes(body) VALUES (?)", [("shopping list",), ("passwords? no",)])
    conn.commit()
    conn.close()
    return DbState(env.db, untouchable=True, must_fail=True, sound=False)


def newer_migration(env: Env) -> DbState:
    path = _demo(env)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('precall', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    return DbState(path, untouchable=True, must_fail=True, sound=False)


def newer_user_version(env: Env) -> DbState:
    path = _demo(env)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 2147483647")
    conn.commit()
    conn.close()
    return DbState(path)


def wal_without_db(env: Env) -> DbState:
    """A WAL file holding committed frames, its database gone (a sync conflict's leftover)."""
    scratch = env.work / "walsrc"
    scratch.mkdir()
    src = _demo(env, scratch / "precall.db")
    holder = sqlite3.connect(src)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("UPDATE accounts SET notes = 'only in the WAL'")
    holder.commit()
    env.db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(f"{src}-wal", f"{env.db}-wal")
    holder.close()
    return DbState(env.db, sound=False, wal_marker="only in the WAL")


def directory(env: Env) -> DbState:
    env.db.mkdir(parents=True)
    return DbState(env.db, must_fail=True, sound=False)


def root_dir(env: Env) -> DbState:
    return DbState(Path("/"), must_fail=True, sound=False)


def long_name(env: Env) -> DbState:
    env.db.parent.mkdir(parents=True, exist_ok=True)
    return DbState(env.db.parent / ("n" * 300 + ".db"), must_fail=True, sound=False)


def missing_folder(env: Env) -> DbState:
    return DbState(env.work / "no" / "such" / "folder" / "precall.db")


def _bind_read_only(target: Path) -> Callable[[], None] | None:
    """Root ignores file modes, so read-only is made with a read-only bind mount."""
    if subprocess.run(["mount", "--bind", str(target), str(target)], capture_output=True).returncode:
        return None
    if subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True).returncode:
        subprocess.run(["umount", str(target)], capture_output=True)
        return None
    return lambda: subprocess.run(["umount", "-l", str(target)], capture_output=True) and None


def read_only_file(env: Env) -> DbState:
    path = _demo(env)
    path.chmod(0o444)
    undo = _bind_read_only(path)
    return DbState(path, cleanup=[undo] if undo else [], skip=None if undo else "bind mount refused")


def read_only_folder(env: Env) -> DbState:
    path = _demo(env)
    undo = _bind_read_only(path.parent)
    return DbState(path, cleanup=[undo] if undo else [], skip=None if undo else "bind mount refused")


def full_disk(env: Env) -> DbState:
    """The demo on a 2 MiB tmpfs filled to the last few KiB."""
    folder = env.db.parent
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        return DbState(env.db, skip="mounting a tmpfs was refused")
    path = _demo(env)
    undo = [lambda: subprocess.run(["umount", "-l", str(folder)], capture_output=True) and None]
    free = shutil.disk_usage(folder).free
    with open(folder / "filler", "wb") as filler:
        try:
            filler.write(b"\0" * max(0, free - 8 * 1024))
        except OSError:
            pass
    return DbState(path, cleanup=undo)


STATES: dict[str, Callable[[Env], DbState]] = {
    "demo": demo, "demo-with-backup": demo_with_backup, "new": new, "zero": zero, "zero-backups": zero_with_backups,
    "trunc-100": truncated(100, must_fail=True), "trunc-4096": truncated(4096), "trunc-half": truncated(0.5),
    "trunc-last-page": truncated(0.97),
    "flip-header": flipped((0,), must_fail=True), "flip-page-size": flipped((16,)),
    "flip-middle": flipped((0.4, 0.5, 0.6)), "flip-schema": flipped((100, 600)),
    "foreign": foreign, "newer-migration": newer_migration, "newer-user-version": newer_user_version,
    "wal-only": wal_without_db, "directory": directory, "root": root_dir, "long-name": long_name,
    "missing-folder": missing_folder, "ro-file": read_only_file, "ro-folder": read_only_folder,
    "full-disk": full_disk,
}
