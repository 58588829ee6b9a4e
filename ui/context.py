"""What every window and view is given: the task runner, the change bus, the clock, the
settings, the app-wide undo group and, once the window runs them, the app's services.
Built once in ``ui.application``; tests build their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoGroup

from precall.clock import Clock, SystemClock
from precall.fileio import protect_database, unprotect_database
from precall.paths import data_dir
from precall.store import Store
from ui.changes import ChangeBus
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.services import AppServices


@dataclass
class AppContext:
    db_path: Path
    tasks: TaskRunner
    changes: ChangeBus
    clock: Clock
    settings: QSettings
    #: Every editor's QUndoStack joins this group; the Edit menu undoes on the active one.
    undo: QUndoGroup = field(default_factory=QUndoGroup)
    #: Backups, reminders and the calendar watcher: set once by ``ui.services.start_services``
    #: when the main window has built its pages; None in a context without a window.
    services: "AppServices | None" = None

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
