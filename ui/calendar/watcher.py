"""Re-importing watched calendars while the app runs.

A QTimer on the GUI thread only schedules: the feeds are listed on the database
worker, each is read or fetched and parsed on the network pool, and the import runs
on the database worker again. One round at a time; a slow feed never piles up rounds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from precall.calendar.watch import FeedCheck, FeedReport, check_feed, record_check
from precall.errors import PrecallError
from ui.changes import OpChanges

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.calendar")

DEFAULT_INTERVAL_MINUTES = 5
FIRST_CHECK_MS = 3000


class CalendarWatcher(QObject):
    #: A one-line report worth showing in the status bar (changes or an error).
    reported = Signal(str)
    #: A round finished (for tests and the status display).
    round_finished = Signal(list)

    def __init__(self, ctx: "AppContext", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check_now)
        self._busy = False
        self._waiting = 0
        self._reports: list[FeedReport] = []

    def start(self) -> None:
        try:
            minutes = max(1, int(self.ctx.settings.value("calendar/watch_minutes", DEFAULT_INTERVAL_MINUTES)))
        except (TypeError, ValueError):
            minutes = DEFAULT_INTERVAL_MINUTES
        self.timer.start(minutes * 60_000)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_now)

    def check_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._reports = []
        try:
            self.ctx.tasks.db(lambda store: store.calendar.feeds()).success(self._got_feeds).failure(self._failed).run()
        except RuntimeError:
            # The app is quitting and its task runner is shut down: stop watching.
            self.timer.stop()
            self._busy = False

    def _got_feeds(self, feeds: list[Any]) -> None:
        if not feeds:
            self._finish()
            return
        from ui.calendar.actions import import_options

        options = import_options(self.ctx)
        now = self.ctx.clock.now()
        # Calendars on the office network (an Exchange server on 10.x) are refused unless allowed.
        allow_private = str(self.ctx.settings.value("calendar/allow_private_networks", "false")).lower() in (
            "1", "true", "yes")
        self._waiting = len(feeds)
        for feed in feeds:
            self.ctx.tasks.net(lambda f=feed: check_feed(f, now=now, options=options, allow_private=allow_private)) \
                .success(lambda check, o=options: self._record(check, o)).failure(self._one_failed).run()

    def _record(self, check: FeedCheck, options: Any) -> None:
        self.ctx.tasks.db(lambda store: record_check(store, check, options=options)) \
            .success(self._recorded).failure(self._one_failed).run()

    def _recorded(self, report: FeedReport) -> None:
        self._reports.append(report)
        if report.result is not None and report.result.changed_anything:
            self.ctx.changes.notify(OpChanges.of("meetings", "accounts"), self)
            self.reported.emit(report.summary())
        elif report.error:
            self.reported.emit(report.summary())
        self._one_done()

    def _one_failed(self, error: BaseException) -> None:
        if not isinstance(error, PrecallError):
            log.error("checking a watched calendar failed", exc_info=(type(error), error, error.__traceback__))
        self.reported.emit(f"A watched calendar could not be checked: {error}")
        self._one_done()

    def _one_done(self) -> None:
        self._waiting -= 1
        if self._waiting <= 0:
            self._finish()

    def _failed(self, error: BaseException) -> None:
        log.warning("listing watched calendars failed: %s", error)
        self._finish()

    def _finish(self) -> None:
        self._busy = False
        self.round_finished.emit(list(self._reports))
