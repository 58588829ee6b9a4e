"""The task runner's contract, on a real TaskRunner over a real Store on a temp SQLite
file: what reaches which callback, when the change hook fires, and what a deleted
owner or a superseded request gets (nothing)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject

from precall.clock import FixedClock
from precall.errors import NotFoundError, PrecallError
from precall.progress import Progress
from precall.store import Store
from ui.changes import Area, ChangeBus, OpChanges
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: Any, db_path: Path, clock: FixedClock) -> Iterator[TaskRunner]:
    tasks = TaskRunner(lambda: Store.open(db_path, clock=clock), db_path=db_path, changes=ChangeBus())
    yield tasks
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.shutdown()


@pytest.fixture
def announced(runner: TaskRunner) -> list[tuple[OpChanges, object]]:
    seen: list[tuple[OpChanges, object]] = []
    runner.changes.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    return seen


def settle(qtbot: Any, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)


def account_names(db_path: Path) -> list[str]:
    """Read through a connection of its own: sees only what was committed."""
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM accounts ORDER BY name")]
    finally:
        conn.close()


def blocked_worker(runner: TaskRunner) -> threading.Event:
    """Hold the database worker until the returned event is set."""
    gate = threading.Event()
    runner.db(lambda store: gate.wait(10)).run()
    return gate


def test_success_gets_the_result_on_the_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    got: list[tuple[object, str]] = []
    runner.db(lambda store: store.accounts.create("Acme").name).success(
        lambda name: got.append((name, threading.current_thread().name))).run()
    settle(qtbot, runner)
    assert got == [("Acme", threading.main_thread().name)]


def test_failure_gets_a_user_facing_error(qtbot: Any, runner: TaskRunner) -> None:
    failures: list[PrecallError] = []
    successes: list[object] = []
    runner.db(lambda store: store.accounts.get(999)).success(successes.append).failure(failures.append).run()
    settle(qtbot, runner)
    assert successes == [] and len(failures) == 1 and isinstance(failures[0], NotFoundError)


def test_a_user_error_without_a_failure_callback_goes_to_the_error_signal(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []
    runner.error.connect(errors.append)
    runner.db(lambda store: store.accounts.get(999)).run()
    settle(qtbot, runner)
    assert len(errors) == 1 and isinstance(errors[0], NotFoundError)


def test_a_bug_goes_to_the_crash_handler_never_to_the_failure_callback(qtbot: Any, runner: TaskRunner) -> None:
    def buggy(store: Store) -> None:
        raise KeyError("a bug")

    failures: list[PrecallError] = []
    with qtbot.capture_exceptions() as raised:
        runner.db(buggy).failure(failures.append).run()
        settle(qtbot, runner)
    assert failures == []
    assert [type(exc) for _kind, exc, _tb in raised] == [KeyError]


def test_damage_goes_to_the_error_signal_in_words_not_to_the_failure_callback(
        qtbot: Any, runner: TaskRunner, db_path: Path) -> None:
    def damaged(store: Store) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    failures: list[PrecallError] = []
    errors: list[BaseException] = []
    runner.error.connect(errors.append)
    runner.db(damaged).failure(failures.append).run()
    settle(qtbot, runner)
    assert failures == []
    assert len(errors) == 1 and "is damaged" in str(errors[0]) and str(db_path) in str(errors[0])


def test_cancel_reaches_the_cancelled_callback(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()

    def spin(progress: Progress) -> None:
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.01)

    outcome: list[str] = []
    op = runner.background(spin).long().success(lambda _r: outcome.append("success")).cancelled(
        lambda: outcome.append("cancelled"))
    op.run()
    assert started.wait(10)
    op.cancel()
    settle(qtbot, runner)
    assert outcome == ["cancelled"]


def test_progress_reaches_a_live_owner(qtbot: Any, runner: TaskRunner) -> None:
    owner = QObject()
    reports: list[tuple[int, int, str]] = []

    def work(progress: Progress) -> None:
        for done in range(3):
            progress.report(done, 2, "step")

    runner.background(work, owner=owner).long().on_progress(lambda *r: reports.append(r)).run()
    settle(qtbot, runner)
    assert reports == [(0, 2, "step"), (1, 2, "step"), (2, 2, "step")]


def test_a_deleted_owner_gets_no_callback_but_the_change_is_still_announced(
        qtbot: Any, runner: TaskRunner, announced: list[tuple[OpChanges, object]], db_path: Path) -> None:
    owner = QObject()
    called: list[str] = []
    gate = blocked_worker(runner)
    runner.db(lambda store: store.accounts.create("Acme"), owner=owner).changes(Area.ACCOUNTS).success(
        lambda _a: called.append("success")).run()
    runner.db(lambda store: store.accounts.get(999), owner=owner).failure(
        lambda _e: called.append("failure")).run()
    shiboken6.delete(owner)
    gate.set()
    settle(qtbot, runner)
    assert called == []
    assert [(changes.areas, initiator is owner) for changes, initiator in announced] == [
        (frozenset({Area.ACCOUNTS}), True)]
    assert account_names(db_path) == ["Acme"]


def test_progress_and_cancel_never_reach_a_deleted_owner(qtbot: Any, runner: TaskRunner) -> None:
    owner = QObject()
    called: list[str] = []
    gate = threading.Event()

    def work(progress: Progress) -> None:
        gate.wait(10)
        progress.report(1, 1, "late")
        progress.check()

    op = runner.background(work, owner=owner).long().on_progress(lambda *_r: called.append("progress")) \
        .cancelled(lambda: called.append("cancelled"))
    op.run()
    op.cancel()
    shiboken6.delete(owner)
    gate.set()
    settle(qtbot, runner)
    assert called == []


def test_the_change_is_announced_exactly_once_after_the_commit(
        qtbot: Any, runner: TaskRunner, db_path: Path) -> None:
    owner = QObject()
    seen: list[tuple[OpChanges, object, list[str]]] = []
    runner.changes.changed.connect(
        lambda changes, initiator: seen.append((changes, initiator, account_names(db_path))))
    runner.db(lambda store: store.accounts.create("Acme"), owner=owner).changes(
        Area.ACCOUNTS, Area.MATRIX, account_id=7, meeting_id=3).run()
    settle(qtbot, runner)
    assert seen == [(OpChanges.of(Area.ACCOUNTS, Area.MATRIX, account_id=7, meeting_id=3), owner, ["Acme"])]


def test_changes_from_the_result(qtbot: Any, runner: TaskRunner,
                                 announced: list[tuple[OpChanges, object]]) -> None:
    runner.db(lambda store: store.accounts.create("Acme")).changes_from(
        lambda account: OpChanges.of(Area.ACCOUNTS, account_id=account.id)).run()
    settle(qtbot, runner)
    assert len(announced) == 1
    changes, initiator = announced[0]
    assert changes.areas == {Area.ACCOUNTS} and changes.account_id is not None and initiator is None


def test_nothing_is_announced_when_the_work_fails(
        qtbot: Any, runner: TaskRunner, announced: list[tuple[OpChanges, object]]) -> None:
    def refused(store: Store) -> None:
        raise PrecallError("no")

    def buggy(store: Store) -> None:
        raise KeyError("a bug")

    runner.db(refused).changes(Area.ACCOUNTS).failure(lambda _e: None).run()
    with qtbot.capture_exceptions() as raised:
        runner.db(buggy).changes(Area.ACCOUNTS).run()
        settle(qtbot, runner)
    assert announced == [] and len(raised) == 1


def test_a_bug_in_the_success_callback_still_announces_the_committed_change(
        qtbot: Any, runner: TaskRunner, announced: list[tuple[OpChanges, object]]) -> None:
    def broken(_result: object) -> None:
        raise KeyError("a bug in the view")

    with qtbot.capture_exceptions() as raised:
        runner.db(lambda store: store.accounts.create("Acme")).changes(Area.ACCOUNTS).success(broken).run()
        settle(qtbot, runner)
    assert len(raised) == 1 and len(announced) == 1


def test_latest_request_wins(qtbot: Any, runner: TaskRunner,
                             announced: list[tuple[OpChanges, object]]) -> None:
    owner, other = QObject(), QObject()
    got: list[str] = []
    gate = blocked_worker(runner)
    for name in ("first", "second", "third"):
        runner.db(lambda store, n=name: n, owner=owner).latest("load").success(got.append).changes(Area.BRIEFS).run()
    runner.db(lambda store: "other key", owner=owner).latest("save").success(got.append).run()
    runner.db(lambda store: "other owner", owner=other).latest("load").success(got.append).run()
    gate.set()
    settle(qtbot, runner)
    assert got == ["third", "other key", "other owner"]
    assert len(announced) == 3, "superseded work still committed, so its changes are announced"


def test_a_request_after_the_latest_finished_is_delivered_too(qtbot: Any, runner: TaskRunner) -> None:
    owner = QObject()
    got: list[int] = []
    for number in (1, 2):
        runner.db(lambda store, n=number: n, owner=owner).latest().success(got.append).run()
        settle(qtbot, runner)
    assert got == [1, 2]


def test_changes_needs_an_area(runner: TaskRunner) -> None:
    with pytest.raises(ValueError):
        runner.db(lambda store: None).changes()


def test_ended_runs_last_whatever_the_outcome_bugs_included(qtbot: Any, runner: TaskRunner) -> None:
    def refused(store: Store) -> None:
        raise PrecallError("no")

    def buggy(store: Store) -> None:
        raise KeyError("a bug")

    log: list[str] = []
    runner.db(lambda store: 1).success(lambda _r: log.append("success")).ended(lambda: log.append("ended 1")).run()
    runner.db(refused).failure(lambda _e: log.append("failure")).ended(lambda: log.append("ended 2")).run()
    with qtbot.capture_exceptions() as raised:
        runner.db(buggy).failure(lambda _e: log.append("not for bugs")).ended(lambda: log.append("ended 3")).run()
        settle(qtbot, runner)
    assert log == ["success", "ended 1", "failure", "ended 2", "ended 3"] and len(raised) == 1
