"""Changes another process made to the database reach the open views.

A command runs beside the app on the same file (a ``precall research refresh`` from
cron, a ``precall research add`` from a terminal). Every couple of seconds a tiny
operation on the database worker reads SQLite's ``data_version``, which moves only
when another connection committed; when it moved, every area is announced on the
ChangeBus (by the task runner, as for any operation), so each view refreshes as if the
app itself had made the change.

No SQL runs on the GUI thread, at most one look is in flight, and nothing else happens
while nothing changed. Created once, where the app's services are, and started once
the database opened.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from precall.errors import PrecallError
from precall.store import Store
from ui.changes import Area, OpChanges
from ui.tasks import TaskRunner

log = logging.getLogger("precall.ui.external_changes")

#: Often enough that a change from a terminal shows up while the rep looks; a look
#: costs one PRAGMA on the worker.
INTERVAL_MS = 1500


def _data_version(store: Store) -> int:
    return store.data_version()


class ExternalChanges(QObject):
    """Polls ``data_version``; every area is announced when another process committed."""

    def __init__(self, tasks: TaskRunner, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if interval_ms <= 0:
            raise ValueError(f"interval_ms must be positive, not {interval_ms}")
        self._tasks = tasks
        #: The last version seen; None before the first look.
        self.version: int | None = None
        self._in_flight = False
        self._answered = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        self.look()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def look(self) -> None:
        """Read ``data_version`` on the database worker, unless a look is still running."""
        if self._in_flight:
            return
        if self._tasks.closed:
            self.stop()
            return
        self._in_flight = True
        self._answered = False
        # The task runner announces what ``_compare`` returns, as for any operation.
        self._tasks.db(_data_version, owner=self).quiet() \
            .changes_from(self._compare).failure(self._failed).ended(self._done).run()

    def _compare(self, version: int) -> OpChanges | None:
        """Every area when another process committed since the last look, else None."""
        self._answered = True
        previous, self.version = self.version, version
        if previous is None or version == previous:
            return None
        log.info("the database was changed by another process; refreshing the views")
        return OpChanges.of(*Area)

    def _failed(self, error: PrecallError) -> None:
        # The app reports a database it cannot use by itself; looking again would only repeat it.
        log.warning("stopped looking for changes by other processes: %s", error)

    def _done(self) -> None:
        self._in_flight = False
        if not self._answered:
            self.stop()  # a failure or a bug (reported once by the task runner)
