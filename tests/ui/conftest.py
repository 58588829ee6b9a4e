"""The one set of fixtures for the app's window tests: a real AppContext (TaskRunner on a real
SQLite file, FixedClock) with one teardown, and the demo data.

A folder whose tests need data in the database before the context opens overrides
``prepared_db`` (it depends on that folder's data fixture and returns ``db_path``), so the
context always opens on the finished data and is always torn down the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from precall.clock import FixedClock
from precall.demo import load_demo
from precall.store import Store
from tests.ui.support import wait_idle
from ui.context import AppContext


@pytest.fixture
def prepared_db(db_path: Path) -> Path:
    """The database file the contexts open: the bare test database unless a folder's conftest
    (or a test module) overrides this fixture to put its scenario in first."""
    return db_path


@pytest.fixture
def make_ctx(qtbot: Any, prepared_db: Path, clock: FixedClock) -> Iterator[Callable[[], AppContext]]:
    """Build AppContexts on the test database; at the end the windows are closed, the
    work they left is delivered, and each context is closed (as the app exits): its task
    runner shut down and its database closed."""
    made: list[AppContext] = []

    def make() -> AppContext:
        ctx = AppContext.create(prepared_db, clock=clock)
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
