"""A real app context on a seeded database file, for the widgets around a meeting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.scenario import Scenario, make_scenario
from ui.context import AppContext


@pytest.fixture
def seeded(db_path: Path, clock: FixedClock) -> Scenario:
    store = Store.open(db_path, clock=clock)
    try:
        return make_scenario(store)
    finally:
        store.close()


@pytest.fixture
def ctx(qapp: object, db_path: Path, clock: FixedClock, seeded: Scenario) -> Iterator[AppContext]:
    context = AppContext.create(db_path, clock=clock)
    try:
        yield context
    finally:
        context.close()


def read(ctx: AppContext, fn):  # type: ignore[no-untyped-def]
    """Run ``fn(store)`` on the database worker and wait for its answer."""
    return ctx.tasks.db(fn).run().result(timeout=10)
