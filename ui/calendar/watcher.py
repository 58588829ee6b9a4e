"""Re-importing watched calendars while the app runs.

A QTimer on the GUI thread only schedules: the feeds are listed on the database
worker, each is read or fetched and parsed on the network pool, and the import runs
on the database worker again. One round at a time; a slow feed never piles up rounds.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from precall.calendar.watch import FeedCheck, FeedReport, check_feed, record_check
from precall.errors import PrecallError
from ui.calendar.options import import_options
from ui.changes import Area, OpChanges
from ui.setting_values import int_setting

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
        minutes = max(1, int_setting(self.ctx.settings, "calendar/watch_minutes", DEFAULT_INTERVAL_MINUTES))
        self.timer.start(minutes * 60_000)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_now)

    def check_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._reports = []
        self._waiting = 0
        try:
            self.ctx.tasks.db(lambda store: store.calendar.feeds(), owner=self).success(self._got_feeds).failure(
                self._failed).ended(self._listing_ended).run()
        except RuntimeError:
            # The app is quitting and its task runner is shut down: stop watching.
            self.timer.stop()
            self._busy = False

    def _got_feeds(self, feeds: list[Any]) -> None:
        if not feeds:
            self._finish()
            return
        options = import_options(self.ctx)
        now = self.ctx.clock.now()
        # Calendars on the office network (an Exchange server on 10.x) are refused unless allowed.
        allow_private = str(self.ctx.settings.value("calendar/allow_private_networks", "false")).lower() in (
            "1", "true", "yes")
        self._waiting = len(feeds)
        for feed in feeds:
            self._check(functools.partial(check_feed, feed, now=now, options=options, allow_private=allow_private),
                        options)

    def _check(self, check: Callable[[], FeedCheck], options: Any) -> None:
        """One feed: fetched and parsed in the background, then recorded; done once either ends it."""
        recording = False

        def record(result: FeedCheck) -> None:
            nonlocal recording
            recording = True
            self.ctx.tasks.db(lambda store: record_check(store, result, options=options), owner=self) \
                .changes_from(_what_a_check_changed).success(self._recorded).failure(self._one_failed) \
                .ended(self._one_done).run()

        self.ctx.tasks.background(check, owner=self).success(record).failure(self._one_failed) \
            .ended(lambda: None if recording else self._one_done()).run()

    def _recorded(self, report: FeedReport) -> None:
        self._reports.append(report)
        if (report.result is not None and report.result.changed_anything) or report.error:
            self.reported.emit(report.summary())

    def _one_failed(self, error: PrecallError) -> None:
        self.reported.emit(f"A watched calendar could not be checked: {error}")

    def _one_done(self) -> None:
        self._waiting -= 1
        if self._waiting <= 0:
            self._finish()

    def _failed(self, error: PrecallError) -> None:
        log.warning("listing watched calendars failed: %s", error)

    def _listing_ended(self) -> None:
        if self._busy and self._waiting == 0:
            self._finish()  # no feed to check, or the listing failed

    def _finish(self) -> None:
        self._busy = False
        self.round_finished.emit(list(self._reports))


def _what_a_check_changed(report: FeedReport) -> OpChanges:
    """Every check records the feed's state; an import also changes meetings and accounts."""
    if report.result is not None and report.result.changed_anything:
        return OpChanges.of(Area.CALENDAR, Area.MEETINGS, Area.ACCOUNTS)
    return OpChanges.of(Area.CALENDAR)
