"""Helpers for UI tests that drive the real window: run a read on the database worker, wait
until the work is delivered (never sleep), close a window after its work, and record which
thread runs SQL. The fixtures (the AppContext and its data) are in tests/ui/conftest.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from precall.store import Store
from ui.context import AppContext


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
