"""Fixtures for UI tests that drive the real window: a real AppContext (TaskRunner on a
real SQLite file, FixedClock), a demo database, and helpers that wait, never sleep."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from precall.clock import FixedClock
from precall.demo import load_demo
from precall.store import Store
from ui.context import AppContext


@pytest.fixture
def make_ctx(qtbot: Any, db_path: Path, clock: FixedClock) -> Iterator[Callable[[], AppContext]]:
    """Build AppContexts on the test database; at the end the windows are closed, the
    work they left is delivered, and each context is closed (as the app exits)."""
    made: list[AppContext] = []

    def make() -> AppContext:
        ctx = AppContext.create(db_path, clock=clock)
        made.append(ctx)
        return ctx

    yield make
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
    for ctx in made:
        if not getattr(ctx.tasks, "_closed", False):
            wait_idle(qtbot, ctx)
        ctx.close()


@pytest.fixture
def ctx(make_ctx: Callable[[], AppContext]) -> AppContext:
    return make_ctx()


@pytest.fixture
def demo_db(db_path: Path, clock: FixedClock) -> Path:
    """The bundled demo in the test database (meetings relative to the fixed clock)."""
    with Store.open(db_path, clock=clock) as store:
        load_demo(store)
    return db_path


def add_window(qtbot: Any, window: Any, ctx: AppContext) -> None:
    """Have qtbot close ``window`` at the end, after the work it started is delivered
    (pytest-qt deletes its widgets before fixtures end)."""

    def settle(widget: Any) -> None:
        widget.close()
        wait_idle(qtbot, ctx)

    qtbot.addWidget(window, before_close_func=settle)


def read(ctx: AppContext, fn: Callable[[Store], Any]) -> Any:
    """Run ``fn(store)`` on the database worker and wait for its answer."""
    return ctx.tasks.db(fn).run().result(timeout=10)


def wait_idle(qtbot: Any, ctx: AppContext, timeout: int = 10_000) -> None:
    """Wait until every submitted task has run and been delivered to the GUI thread."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


class SqlThreads:
    """Records the name of the thread that runs each SQL statement of the app's Store."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, statement: str) -> None:
        with self._lock:
            self.names.append(threading.current_thread().name)

    def install(self, ctx: AppContext) -> None:
        read(ctx, lambda store: store.conn.set_trace_callback(self))
