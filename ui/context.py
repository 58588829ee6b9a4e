"""What every window and view is given: the task runner, the change bus, the clock and
the settings. Built once in ``ui.application``; tests build their own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from precall.clock import Clock, SystemClock
from precall.fileio import protect_database, unprotect_database
from precall.paths import data_dir
from precall.store import Store
from ui.changes import ChangeBus
from ui.tasks import TaskRunner


@dataclass
class AppContext:
    db_path: Path
    tasks: TaskRunner
    changes: ChangeBus
    clock: Clock
    settings: QSettings

    @classmethod
    def create(cls, db_path: Path, clock: Clock | None = None) -> "AppContext":
        clock = clock or SystemClock()
        # No export, brief or pack the app writes may land on the database it has open.
        protect_database(db_path)
        changes = ChangeBus()
        return cls(
            db_path=db_path,
            tasks=TaskRunner(lambda: Store.open(db_path, clock=clock), db_path=db_path, changes=changes),
            changes=changes,
            clock=clock,
            settings=app_settings(),
        )

    def close(self) -> None:
        self.tasks.shutdown()
        unprotect_database(self.db_path)


def app_settings() -> QSettings:
    """Window state and preferences, kept in the data directory (so tests isolate it)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
