"""A real app context on a database with a meeting that has everything a brief shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.briefs.factory import BriefScenario, make_brief_scenario
from ui.context import AppContext


@pytest.fixture
def scenario(db_path: Path, clock: FixedClock) -> BriefScenario:
    store = Store.open(db_path, clock=clock)
    try:
        return make_brief_scenario(store)
    finally:
        store.close()


@pytest.fixture
def ctx(qapp: object, db_path: Path, clock: FixedClock, scenario: BriefScenario) -> Iterator[AppContext]:
    context = AppContext.create(db_path, clock=clock)
    try:
        yield context
    finally:
        context.close()


def on_worker(ctx: AppContext, fn):  # type: ignore[no-untyped-def]
    """Run ``fn(store)`` on the database worker and wait for its answer."""
    return ctx.tasks.db(fn).run().result(timeout=10)
