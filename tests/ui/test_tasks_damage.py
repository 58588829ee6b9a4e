"""A database that turns out damaged while the app runs is reported in words."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.parametrize("damage", ["empty", "flipped"])
def test_a_bad_file_at_start_up_is_refused_in_words_naming_the_backup(
    qtbot: Any, db_path: Path, clock: FixedClock, damage: str
) -> None:
    """What ``ui.application.run`` shows instead of the crash dialog when the database cannot be opened."""
    from precall.store.repair import explain_open_failure
    from tests.precall.store.test_diagnose import flip_schema_bytes, saved_with_backup

    backup = saved_with_backup(db_path, clock)
    if damage == "empty":
        db_path.write_bytes(b"")
    else:
        flip_schema_bytes(db_path)
    ctx = AppContext.create(db_path, clock=clock)
    failures: list[BaseException] = []
    try:
        ctx.tasks.db(lambda store: None).failure(failures.append).run()
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    finally:
        ctx.close()
    assert isinstance(failures[0], PrecallError), failures[0]
    message = explain_open_failure(db_path, failures[0])
    assert str(db_path) in message and str(backup.path) in message and "precall check --repair" in message
