"""The seeded meeting (tests/precall/scenario.py) for the widgets around a meeting: the plan,
checklist, debrief and reminder tests' conftests import these two fixtures, so the shared
``ctx`` opens on the seeded file."""

from __future__ import annotations

from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.scenario import Scenario, make_scenario


@pytest.fixture
def seeded(db_path: Path, clock: FixedClock) -> Scenario:
    store = Store.open(db_path, clock=clock)
    try:
        return make_scenario(store)
    finally:
        store.close()


@pytest.fixture
def prepared_db(db_path: Path, seeded: Scenario) -> Path:
    """The context opens once the meeting is seeded."""
    return db_path
