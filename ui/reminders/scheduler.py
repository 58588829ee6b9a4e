"""Checks for due reminders while the app runs, on a QTimer, with the injected clock.

Each check asks the database worker to decide and record in one transaction
(``precall.reminders.claim_due``), so a reminder is never shown twice even if checks
overlap or the app restarts. Tests call ``check_due(now)`` instead of waiting.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from precall.errors import PrecallError
from precall.reminders import DEFAULT_LEAD_MINUTES, Reminder, claim_due, is_catching_up, lead_time

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.reminders")

LEAD_SETTING = "reminders/minutes_before"
TRAY_SETTING = "reminders/minimise_to_tray"
CHECK_INTERVAL_MS = 20_000


def reminder_lead(ctx: "AppContext") -> timedelta:
    return lead_time(ctx.settings.value(LEAD_SETTING, DEFAULT_LEAD_MINUTES))


class ReminderScheduler(QObject):
    #: One Reminder that is due now (emitted on the GUI thread).
    due = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._last_check: datetime | None = None
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._timer.start()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def tick(self) -> None:
        self.check_due(self.ctx.clock.now())

    def check_due(self, now: datetime) -> bool:
        """Ask the worker for due reminders at ``now``; False if a check is still running."""
        if self._in_flight:
            return False
        lead = reminder_lead(self.ctx)
        if lead <= timedelta(0):
            self._last_check = now
            return True  # reminders are switched off
        catching_up = is_catching_up(self._last_check, now)
        self._last_check = now
        self._in_flight = True
        self.ctx.tasks.db(lambda store: claim_due(store, now, lead, catching_up=catching_up), owner=self) \
            .success(self._deliver).failure(self._failed).run()
        return True

    def _deliver(self, reminders: list[Reminder]) -> None:
        self._in_flight = False
        for reminder in reminders:
            log.info("reminder for meeting %s (%s)", reminder.meeting_id, reminder.title)
            self.due.emit(reminder)

    def _failed(self, error: PrecallError) -> None:
        # A reminder check that fails (database busy, file gone) must not pop a dialog
        # every 20 seconds; it is logged and the next tick tries again.
        self._in_flight = False
        log.warning("reminder check failed: %s", error)
