"""Crash safety, measured: SIGKILL a process writing through the real Store, many times.

After every kill the database must pass ``PRAGMA integrity_check`` and hold every edit
the child acknowledged (an ``ACK`` line is printed only after the commit returned).
The one edit in flight when the kill landed may or may not be there, never half.
``PRECALL_CRASH_KILLS`` sets the number of kills of the edit stream (default 200).

Cross-cutting (tests/reliability/): real processes killed, not one module's unit tests."""

from __future__ import annotations

import copy
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.conftest import NOW
from tests.reliability.crash_child import ACCOUNT, CRASH_MIGRATION

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("PRECALL_CRASH_KILLS", "200"))
MIGRATION_KILLS = int(os.environ.get("PRECALL_MIGRATION_KILLS", "25"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.crash_child", *args], cwd=ROOT,
                            env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)


def wait_for(proc: subprocess.Popen[bytes], marker: bytes | re.Pattern[bytes], buffer: bytearray,
             timeout: float = 30) -> None:
    """Read the child's output into ``buffer`` until it holds ``marker``."""
    assert proc.stdout is not None
    found = (lambda: marker.search(buffer)) if isinstance(marker, re.Pattern) else (lambda: marker in buffer)
    deadline = time.monotonic() + timeout
    while not found():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"child did not print {marker!r}: {bytes(buffer)[-300:]!r}")
        ready, _, _ = select.select([proc.stdout], [], [], remaining)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"child exited before {marker!r}: {read_stderr(proc)}")
            buffer += chunk


def read_stderr(proc: subprocess.Popen[bytes]) -> str:
    if proc.stderr is None:
        return ""
    ready, _, _ = select.select([proc.stderr], [], [], 1)
    return os.read(proc.stderr.fileno(), 65536).decode(errors="replace")[-3000:] if ready else ""


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
    finally:
        conn.close()


@dataclass
class EditModel:
    """What the database must hold, rebuilt from the child's acknowledged edits."""

    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    items: dict[int, tuple[str, str]] = field(default_factory=dict)
    location: str = ""

    def apply(self, intent: list[str], new_id: int | None) -> None:
        seq, kind, args = intent[0], intent[1], intent[2:]
        if kind == "add":
            role, row, status = int(args[0]), int(args[1]), args[2]
            if new_id is None:
                raise ValueError("an add needs the new item's id")
            self.cells.setdefault((role, row), []).append(new_id)
            self.items[new_id] = (f"item-{seq}", status)
        elif kind == "upd":
            self.items[int(args[0])] = (f"upd-{seq}", args[1])
        elif kind == "move":
            item_id, position = int(args[0]), int(args[1])
            ids = next(ids for ids in self.cells.values() if item_id in ids)
            ids.remove(item_id)
            ids.insert(max(0, min(position, len(ids))), item_id)
        elif kind == "rm":
            item_id = int(args[0])
            next(ids for ids in self.cells.values() if item_id in ids).remove(item_id)
            del self.items[item_id]
        elif kind == "meet":
            self.location = f"room-{seq}"
        else:
            raise ValueError(f"unknown edit {kind!r}")

    def normalised(self) -> tuple[dict[tuple[int, int], list[int]], dict[int, tuple[str, str]], str]:
        return ({cell: ids for cell, ids in self.cells.items() if ids}, self.items, self.location)


def read_state(path: Path) -> EditModel:
    conn = sqlite3.connect(path)
    try:
        account_id = conn.execute("SELECT id FROM accounts WHERE name=?", [ACCOUNT]).fetchone()[0]
        state = EditModel()
        for item_id, role, row, text, status in conn.execute(
            "SELECT id, role_id, row_id, text, status FROM matrix_items WHERE account_id=? "
            "ORDER BY role_id, row_id, position", [account_id]
        ):
            state.cells.setdefault((role, row), []).append(item_id)
            state.items[item_id] = (text, status)
        state.location = conn.execute("SELECT location FROM meetings WHERE account_id=?", [account_id]).fetchone()[0]
        return state
    finally:
        conn.close()


def lost_edits(expected: EditModel, actual: EditModel) -> int:
    """How many acknowledged effects are missing or wrong in the database."""
    e_cells, e_items, e_loc = expected.normalised()
    a_cells, a_items, a_loc = actual.normalised()
    lost = sum(1 for item_id, value in e_items.items() if a_items.get(item_id) != value)
    lost += sum(1 for item_id in a_items if item_id not in e_items)  # a removal that came back
    lost += sum(1 for cell in set(e_cells) | set(a_cells) if e_cells.get(cell) != a_cells.get(cell))
    return lost + (e_loc != a_loc)


def set_up_edit_database(path: Path) -> None:
    with Store.open(path, clock=FixedClock(NOW)) as store:
        account = store.accounts.create(ACCOUNT, industry="Testing")
        store.matrix.ensure_role(account.id, "CFO")
        store.matrix.ensure_role(account.id, "CEO")
        start = store.now()
        store.meetings.create(account.id, "Crash review", start, start + timedelta(hours=1), "UTC")


class Zygote:
    """A warm process that forks one edit stream per kill (see crash_child.run_zygote)."""

    def __init__(self) -> None:
        self.proc = spawn("zygote")
        self.buffer = bytearray()

    def start(self, db: Path, seed: int, seq: int) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"edits {db} {seed} {seq}\n".encode())
        self.proc.stdin.flush()

    def wait_for(self, marker: bytes) -> None:
        wait_for(self.proc, marker, self.buffer)

    def child_pid(self) -> int:
        self.wait_for(re.compile(rb"PID (\d+)\n"))
        return int(re.search(rb"PID (\d+)\n", self.buffer).group(1))  # type: ignore[union-attr]

    def kill_and_collect(self, pid: int) -> list[str]:
        os.kill(pid, signal.SIGKILL)
        exit_line = re.compile(rb"EXIT %d (\d+)\n" % pid)
        self.wait_for(exit_line)
        status = int(exit_line.search(self.buffer).group(1))  # type: ignore[union-attr]
        lines = bytes(self.buffer).decode().splitlines()
        self.buffer.clear()
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise RuntimeError(f"edit stream ended by itself (status {status}): {read_stderr(self.proc)}")
        return [line for line in lines if not line.startswith(("PID ", "EXIT "))]

    def close(self) -> None:
        self.proc.kill()
        self.proc.communicate(timeout=30)


@pytest.mark.slow
def test_killing_a_stream_of_edits_never_loses_an_acknowledged_edit(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_up_edit_database(db_path)
    rng = random.Random(int(os.environ.get("PRECALL_CRASH_SEED", "7")))
    model = EditModel()
    seq, acked, in_flight_landed, integrity_failures, lost_total = 1, 0, 0, 0, 0
    started = time.monotonic()
    zygote = Zygote()
    try:
        for kill in range(KILLS):
            zygote.start(db_path, rng.randrange(1 << 30), seq)
            pid = zygote.child_pid()
            if rng.random() < 0.1:
                time.sleep(rng.uniform(0, 0.03))  # sometimes while it opens the database
            else:
                zygote.wait_for(b"READY\n")
                time.sleep(rng.uniform(0, 0.25))
            lines = zygote.kill_and_collect(pid)
            pending: list[str] | None = None
            for line in lines:
                kind, *rest = line.split()
                if kind == "INTENT":
                    pending = rest
                elif kind == "ACK":
                    if pending is None or rest[0] != pending[0]:
                        raise AssertionError(f"ACK without its INTENT: {line}")
                    model.apply(pending, int(rest[2]) if rest[1] == "add" else None)
                    acked += 1
                    pending = None
            check = integrity(db_path)
            if check != "ok":
                integrity_failures += 1
                break
            actual = read_state(db_path)
            if pending is not None:
                candidate = copy.deepcopy(model)
                new_id = next((i for i, (text, _) in actual.items.items() if text == f"item-{pending[0]}"), None)
                if pending[1] != "add" or new_id is not None:
                    candidate.apply(pending, new_id)
                    if lost_edits(candidate, actual) == 0:
                        model, in_flight_landed = candidate, in_flight_landed + 1
            lost = lost_edits(model, actual)
            lost_total += lost
            if lost:
                break
            seq = max([seq] + [int(line.split()[1]) + 1 for line in lines if line.startswith("INTENT")])
    finally:
        zygote.close()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\ncrash-edits: kills={kill + 1} acknowledged_edits={acked} in_flight_edits_that_landed={in_flight_landed} "
              f"lost_acknowledged_edits={lost_total} integrity_failures={integrity_failures} seconds={elapsed:.1f}")
    assert integrity_failures == 0, check
    assert lost_total == 0
    assert kill + 1 == KILLS and acked > KILLS, "the children did real work between kills"


def migrated_state(path: Path) -> str:
    """'all' if the crash-test migration is fully there, 'none' if not at all, else what is wrong."""
    conn = sqlite3.connect(path)
    try:
        recorded = conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE name=?", [CRASH_MIGRATION]).fetchone()[0]
        table = conn.execute("SELECT count(*) FROM sqlite_master WHERE name='crash_big'").fetchone()[0]
        notes = {r[0] for r in conn.execute("SELECT notes FROM accounts")}
        item_notes = {r[0] for r in conn.execute("SELECT note FROM matrix_items")}
        rows = conn.execute("SELECT count(*) FROM crash_big").fetchone()[0] if table else 0
    finally:
        conn.close()
    if recorded and table and notes == {"migrated"} and item_notes == {"migrated"} and rows == MIGRATION_ROWS:
        return "all"
    if not recorded and not table and notes == {""} and item_notes == {""}:
        return "none"
    return f"half: recorded={recorded} table={table} rows={rows} notes={notes} item_notes={item_notes}"


MIGRATION_ROWS = 120_000


def fresh_copy(base: Path, work: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, work)


@pytest.mark.slow
def test_a_migration_killed_half_way_is_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.precall.store.damage import fill

    base, work = tmp_path / "base.db", tmp_path / "work.db"
    with Store.open(base) as store:
        fill(store, items=50)
    fresh_copy(base, work)
    started = time.monotonic()
    proc = spawn("migrate", str(work), str(MIGRATION_ROWS))
    out, err = proc.communicate(timeout=120)
    full_run = time.monotonic() - started
    assert proc.returncode == 0 and b"DONE" in out, err.decode()
    assert migrated_state(work) == "all"
    rng = random.Random(11)
    outcomes = {"all": 0, "none": 0}
    for kill in range(MIGRATION_KILLS):
        fresh_copy(base, work)
        proc = spawn("migrate", str(work), str(MIGRATION_ROWS))
        buffer = bytearray()
        wait_for(proc, b"OPENING\n", buffer)
        time.sleep(rng.uniform(0, full_run))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert integrity(work) == "ok", f"kill {kill}"
        state = migrated_state(work)
        assert state in outcomes, f"kill {kill}: {state}"
        outcomes[state] += 1
        if kill % 5 == 0:  # the next start finishes the job and leaves no half-written backup
            finish = spawn("migrate", str(work), str(MIGRATION_ROWS))
            _, err = finish.communicate(timeout=120)
            assert finish.returncode == 0, err.decode()
            assert migrated_state(work) == "all"
            assert not list((tmp_path / "backups").glob("*.partial"))
    with capsys.disabled():
        print(f"\ncrash-migration: kills={MIGRATION_KILLS} complete={outcomes['all']} untouched={outcomes['none']} "
              f"half_applied=0 integrity_failures=0 full_run_seconds={full_run:.2f}")
    assert outcomes["none"] > 0, "some kills must land before the migration committed"
