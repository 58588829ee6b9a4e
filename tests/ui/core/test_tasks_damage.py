"""A database that turns out damaged while the app runs is reported in words."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from precall.clock import FixedClock
from precall.errors import PrecallError
from ui.context import AppContext


def test_damage_found_by_a_background_task_names_the_backup_advice(qtbot: Any, db_path: Path, clock: FixedClock) -> None:
    ctx = AppContext.create(db_path, clock=clock)
    errors: list[BaseException] = []
    ctx.tasks.error.connect(errors.append)
    try:
        def fail(store: object) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        ctx.tasks.db(fail).run()
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    finally:
        ctx.close()
    assert isinstance(errors[0], PrecallError)
    assert "is damaged" in str(errors[0]) and str(db_path) in str(errors[0])
