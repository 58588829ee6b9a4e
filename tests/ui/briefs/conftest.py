"""A meeting that has everything a brief shows, in the database before the shared ``ctx``
(tests/ui/conftest.py) opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from precall.clock import FixedClock
from precall.store import Store
from tests.precall.briefs.factory import BriefScenario, make_brief_scenario


@pytest.fixture
def scenario(db_path: Path, clock: FixedClock) -> BriefScenario:
    store = Store.open(db_path, clock=clock)
    try:
        return make_brief_scenario(store)
    finally:
        store.close()


@pytest.fixture
def prepared_db(db_path: Path, scenario: BriefScenario) -> Path:
    """The context opens once the brief's meeting is in the file."""
    return db_path
