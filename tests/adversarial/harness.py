"""Running one adversarial case as a separate ``python -m ui`` process and judging it.

A case is data (``Case``): a command line with placeholders, the database state it runs
against, the hostile files it needs and what it must do. ``run_case`` builds a fresh work
folder, starts the command with its own data, config and temp directories, waits with a
hang timeout and returns a ``Verdict`` listing every broken promise of the command-line
contract (README, "Command line" and "Storage and safety").
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
GUARD = Path(__file__).resolve().parent / "guard"

# Failure kinds, in the order the report shows them (the table).
INTERNAL = "internal error"
HANG = "hang"
DATA = "data changed/lost"
WRONG = "wrong result"
KINDS = (INTERNAL, HANG, DATA, WRONG)

# ESC, CSI (0x9b) and the other C0/C1 controls a terminal acts on; tab and newline are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\x80-\x9f]")
# Where the memory cap is: /dev/zero read whole grew to 5.9 GB in 10 s; a cap turns that
# into a MemoryError (an internal error, reported) instead of a machine in swap.
MEMORY_CAP = 3 * 1024**3


@dataclass(frozen=True)
class Case:
    """One run: ``argv`` tokens may hold ``{db}``, ``{work}`` and ``{srv:NAME}``."""

    id: str
    group: str
    argv: tuple[str | bytes, ...]
    db: str = "demo"
    files: tuple[tuple[str, str], ...] = ()  # (name under work/, generator in corpus.files)
    prep: tuple[str, ...] = ()  # in-process preparation steps (corpus.prep), after files
    expect: str = "any"  # any | ok | fail | usage
    message: str | None = None  # regex the error line must match (case-insensitive)
    timeout: float = 20.0
    slow: bool = False  # long wall time (drips): only in the full run
    mutating: bool = False  # may legitimately delete rows when it succeeds
    keep_type: tuple[str, ...] = ()  # paths under work/ whose file type must not change
    post: str | None = None  # extra check in corpus.checks, given the finished run
    needs: tuple[str, ...] = ()  # "root" (mknod, bind mounts), "mount" (tmpfs)


@dataclass
class Env:
    """What a case's placeholders and generators may refer to."""

    work: Path
    db: Path
    servers: dict[str, str]
    demo_db: Path

    def expand(self, token: str | bytes) -> str | bytes:
        if isinstance(token, bytes):
            return token
        def server(match: re.Match[str]) -> str:
            return self.servers[match.group(1)]
        token = re.sub(r"\{srv:([a-z0-9_-]+)\}", server, token)
        return (token.replace("{dbdir}", str(self.db.parent)).replace("{db}", str(self.db))
                .replace("{work}", str(self.work)))


@dataclass
class Verdict:
    case: Case
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    problems: dict[str, list[str]] = field(default_factory=dict)
    skipped: str | None = None

    def add(self, kind: str, text: str) -> None:
        self.problems.setdefault(kind, []).append(text)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def describe(self) -> str:
        lines = [f"{self.case.id}: exit {self.returncode} in {self.seconds:.1f}s"]
        for kind, texts in self.problems.items():
            lines += [f"  {kind}: {t}" for t in texts]
        lines.append(f"  stderr: {self.stderr.strip()[:600]!r}")
        if self.stdout.strip():
            lines.append(f"  stdout: {self.stdout.strip()[:300]!r}")
        return "\n".join(lines)


def file_digest(path: Path) -> str | None:
    try:
        st = os.lstat(path)
    except OSError:  # absent, or a name the file system refuses (too long)
        return None
    if not stat.S_ISREG(st.st_mode):
        return f"<{stat.filemode(st.st_mode)}>"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_state(db: Path) -> tuple[str | None, str | None]:
    """The database file and its WAL, byte for byte. The -shm file is SQLite's shared
    memory index, rebuilt from the WAL by any reader, so it is not user data."""
    return file_digest(db), file_digest(Path(f"{db}-wal"))


def logical_digest(db: Path, scratch: Path) -> str | None:
    """The content of the database as SQL text, read from a copy (db plus WAL) so reading
    can never checkpoint or otherwise touch the file under test. None if unreadable.

    Why a logical digest at all: a command that fails may still have opened the file, and
    SQLite's housekeeping then moves bytes without changing data (a checkpoint copies WAL
    frames into the main file and deletes the WAL). Those raw differences are not data
    changes, so a raw difference is confirmed on content before it counts."""
    if file_digest(db) is None or (file_digest(db) or "").startswith("<"):
        return None
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    copy = scratch / "copy.db"
    shutil.copyfile(db, copy)
    if Path(f"{db}-wal").is_file():
        shutil.copyfile(f"{db}-wal", f"{copy}-wal")
    try:
        conn = sqlite3.connect(copy)
        try:
            digest = hashlib.sha256()
            for line in conn.iterdump():
                digest.update(line.encode("utf-8", "surrogatepass"))
            return digest.hexdigest()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeError):
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def integrity(db: Path, scratch: Path) -> tuple[str, int | None]:
    """(integrity_check's first line, number of meetings) of a copy of the database."""
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "check.db"
    shutil.copyfile(db, copy)
    if Path(f"{db}-wal").is_file():
        shutil.copyfile(f"{db}-wal", f"{copy}-wal")
    try:
        conn = sqlite3.connect(copy)
        conn.text_factory = lambda b: b.decode("utf-8", "replace")
        try:
            first = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
            try:
                meetings = int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
            except sqlite3.Error:
                meetings = None
            return first, meetings
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"cannot open: {exc}", None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _type_of(path: Path) -> str:
    try:
        return stat.filemode(os.lstat(path).st_mode)[0]
    except OSError:
        return "absent"


def _outside_snapshot() -> dict[str, object]:
    """Places a run must never write: the repository (its cwd) and /dev/null. The real user
    data folder is not watched: the child's HOME and XDG folders point into its own run
    folder, and on a shared machine other processes write the real one at any time."""
    return {
        "repository entries": sorted(os.listdir(REPO)),
        "repository folder mtime": os.stat(REPO).st_mtime_ns,
        "/dev/null type": _type_of(Path("/dev/null")),
    }


# Taken once at import: pytest's per-test fixtures change os.environ in the main thread
# while worker threads start runs, and iterating a changing os.environ raises KeyError.
_BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PRECALL_", "XDG_", "PYTEST", "COV_"))}


def child_env(work: Path) -> dict[str, str]:
    env = dict(_BASE_ENV)
    for name in ("home", "data", "config", "share", "cache", "tmp", "runtime"):
        (work / name).mkdir(parents=True, exist_ok=True)
    os.chmod(work / "runtime", 0o700)
    env.update(
        PYTHONPATH=os.pathsep.join([str(GUARD), str(REPO)]),
        PYTHONDONTWRITEBYTECODE="1",  # no __pycache__ in the repository from a child
        PYTHONIOENCODING="utf-8",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(work / "home"),
        PRECALL_DATA_DIR=str(work / "data"),
        XDG_CONFIG_HOME=str(work / "config"),
        XDG_DATA_HOME=str(work / "share"),
        XDG_CACHE_HOME=str(work / "cache"),
        XDG_RUNTIME_DIR=str(work / "runtime"),
        TMPDIR=str(work / "tmp"),
        TZ="Europe/Berlin",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    return env


def execute(argv: list[str | bytes], work: Path, timeout: float) -> tuple[int | None, bytes, bytes, float]:
    """Run ``python -m ui ARGV``; on timeout kill its whole process group (returncode None)."""
    command: list[str | bytes] = [sys.executable, "-m", "ui", *argv]
    if shutil.which("prlimit"):
        command = ["prlimit", f"--as={MEMORY_CAP}", "--", *command]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=REPO, env=child_env(work), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err, time.monotonic() - started
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err, time.monotonic() - started


Prep = Callable[[str, Env], None]


def run_case(case: Case, work: Path, servers: dict[str, str], demo_db: Path,
             states: dict[str, Callable[[Env], "DbState"]], files: dict[str, Callable[[Path, Env], None]],
             preps: Prep, posts: dict[str, Callable[["Verdict", Env], str | None]]) -> Verdict:
    work.mkdir(parents=True, exist_ok=True)
    env = Env(work=work, db=work / "db" / "precall.db", servers=servers, demo_db=demo_db)
    state = states[case.db](env)
    try:
        return _run_in_state(case, env, state, files, preps, posts)
    finally:
        for undo in state.cleanup:
            undo()


def _run_in_state(case: Case, env: Env, state: "DbState", files: dict[str, Callable[[Path, Env], None]],
                  preps: Prep, posts: dict[str, Callable[["Verdict", Env], str | None]]) -> Verdict:
    work = env.work
    if state.skip:
        return Verdict(case, None, "", "", 0.0, skipped=state.skip)
    env.db = state.path
    for name, generator in case.files:
        files[generator](work / name, env)
    for step in case.prep:
        preps(step, env)
    argv = ["--db", str(env.db), *[env.expand(t) for t in case.argv]]
    kept_types = {p: _type_of(work / p) for p in case.keep_type}
    before_raw = raw_state(env.db)
    before_copy = work / ".before"
    before_copy.mkdir()
    if before_raw[0] and not before_raw[0].startswith("<"):
        shutil.copyfile(env.db, before_copy / "precall.db")
        if before_raw[1]:
            shutil.copyfile(f"{env.db}-wal", before_copy / "precall.db-wal")
    outside = _outside_snapshot()

    code, out, err, seconds = execute(argv, work, case.timeout)
    verdict = Verdict(case, code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds)
    judge_exit(verdict)
    judge_data(verdict, env, state, before_raw, before_copy)
    for path, kind in kept_types.items():
        if _type_of(work / path) != kind:
            verdict.add(DATA, f"{path} was {kind!r}, is now {_type_of(work / path)!r} (a special target replaced)")
    now = _outside_snapshot()
    for what, before in outside.items():
        if now[what] != before:
            verdict.add(DATA, f"written outside the run's folder: {what} changed ({before!r:.200} -> {now[what]!r:.200})")
    if case.post and code is not None:
        problem = posts[case.post](verdict, env)
        if problem:
            verdict.add(WRONG, problem)
    return verdict


def judge_exit(v: Verdict) -> None:
    case, code, err = v.case, v.returncode, v.stderr
    if code is None:
        v.add(HANG, f"no exit within {case.timeout:.0f}s")
        return
    if code == 70 or "internal error" in err or "Traceback" in err:
        v.add(INTERNAL, (err.strip().splitlines() or ["(no message)"])[-1][:300])
        return
    if code < 0 or code not in (0, 1, 2):
        v.add(INTERNAL, f"died with exit {code}")
        return
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 1:
        if len(lines) != 1 or not lines[0].startswith("precall: error: ") or not lines[0][16:].strip():
            v.add(WRONG, f"exit 1 needs exactly one 'precall: error: ...' line on stderr, got {len(lines)} lines")
        elif case.message and not re.search(case.message, lines[0], re.I):
            v.add(WRONG, f"the message does not name the problem (/{case.message}/): {lines[0][:200]}")
    elif code == 2 and "usage:" not in err:
        v.add(WRONG, "exit 2 without a usage message (2 is for usage errors)")
    wanted = {"ok": (0,), "fail": (1,), "usage": (2,)}.get(case.expect)
    if wanted and code not in wanted:
        v.add(WRONG, f"expected exit {wanted[0]} ({case.expect}), got {code}")
    for name, text in (("stdout", v.stdout), ("stderr", err)):
        found = _CONTROL.search(text)
        if found:
            v.add(WRONG, f"{name} carries terminal control character {found.group()!r}")


@dataclass
class DbState:
    """A database as a case finds it. ``untouchable``: no command but a repair may change
    the file (foreign, newer, empty-with-backups); ``must_fail``: every command but a
    repair has to refuse it; ``sound``: a good Precall database to check after success."""

    path: Path
    untouchable: bool = False
    must_fail: bool = False
    sound: bool = True
    cleanup: list[Callable[[], None]] = field(default_factory=list)
    wal_marker: str | None = None  # text only the orphaned WAL holds: it must not be lost
    skip: str | None = None  # the machine cannot make this state (no mount)


EMPTY = hashlib.sha256(b"").hexdigest()


def _check_wal_kept(v: Verdict, env: Env, marker: str) -> None:
    """A WAL without its database holds committed data: either the WAL stays where it was,
    or its content reached the database; deleting it silently loses that data."""
    if Path(f"{env.db}-wal").exists():
        return
    try:
        conn = sqlite3.connect(f"file:{env.db}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT 1 FROM accounts WHERE notes = ?", [marker]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        found = None
    if not found:
        v.add(DATA, "the WAL file left without its database was deleted and its data is not in the database")


def judge_data(v: Verdict, env: Env, state: DbState, before_raw: tuple[str | None, str | None],
               before_copy: Path) -> None:
    repairing = "--repair" in v.case.argv
    after_raw = raw_state(env.db)
    # Commands that check many sources record each one's outcome (last error, status) in
    # the database and exit non-zero when some failed: for them that record is the result.
    recording = "refresh" in v.case.argv or ("check" in v.case.argv and v.case.argv[0] != "check")
    succeeded = v.returncode == 0 or (v.returncode in (1, 2) and recording)
    if state.wal_marker:
        _check_wal_kept(v, env, state.wal_marker)
    if state.must_fail and not repairing and v.returncode == 0:
        v.add(WRONG, f"database state {v.case.db!r} must be refused, but the command succeeded")
    # Opening a missing or 0-byte file as a new database is allowed (unless the state says
    # otherwise, as a 0-byte file beside good backups does): nothing was there to lose.
    changed = after_raw != before_raw and before_raw[0] not in (None, EMPTY)
    if changed and (not succeeded or (state.untouchable and not repairing)):
        before = logical_digest(before_copy / "precall.db", env.work / ".scratch1") if before_raw[0] else None
        after = logical_digest(env.db, env.work / ".scratch2")
        if before is None or after is None or before != after:
            why = "failed" if not succeeded else f"succeeded on a {v.case.db!r} database it must leave alone"
            v.add(DATA, f"the command {why} but the database changed ({before_raw[0] and before_raw[0][:8]} -> "
                        f"{after_raw[0] and after_raw[0][:8]})")
    if succeeded and ((state.sound and not state.untouchable) or repairing):
        if file_digest(env.db) is None and before_raw[0] is None:
            return  # a read-only command on a missing file need not create it
        if file_digest(env.db) is None or (file_digest(env.db) or "").startswith("<"):
            v.add(DATA, f"the database file is gone or no longer a file ({file_digest(env.db)})")
            return
        first, meetings = integrity(env.db, env.work / ".scratch3")
        if first != "ok":
            v.add(DATA, f"after success integrity_check says: {first[:200]}")
        elif before_raw[0] and not v.case.mutating:
            _, meetings_before = integrity(before_copy / "precall.db", env.work / ".scratch4")
            if meetings is not None and meetings_before is not None and meetings < meetings_before:
                v.add(DATA, f"meetings went from {meetings_before} to {meetings}")
