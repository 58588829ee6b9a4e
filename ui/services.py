"""The app-lifetime services of the running window: automatic backups, reminders (with the
tray icon) and the watcher of subscribed calendars.

``start_services`` is the one place that creates them. The app calls it once the main
window has built its pages (``ui.application.build_window``), so their imports and their
first database work never delay the first useful window, and keeps them on
``ctx.services``. Menu actions and dialogs reach them there; nothing hangs them on a
widget. Undo and settings live on the context itself (``ctx.undo``, ``ctx.settings``):
views need them before any window exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from ui.backups.service import BackupService
    from ui.calendar.watcher import CalendarWatcher
    from ui.context import AppContext
    from ui.reminders.service import ReminderService

#: How long a watcher report stays in the status bar.
REPORT_MS = 8000


@dataclass(frozen=True)
class AppServices:
    backups: "BackupService"
    reminders: "ReminderService"
    calendar_watcher: "CalendarWatcher"


def start_services(ctx: "AppContext", window: QMainWindow) -> AppServices:
    """Create and start every service for ``window`` and record them on ``ctx.services``."""
    if ctx.services is not None:
        # A second set would back up, remind and re-import everything twice.
        raise ValueError("the app's services are already running for this context")
    # Imported here: these modules are not needed until the window has shown its meetings.
    from ui.backups.service import BackupService
    from ui.calendar.watcher import CalendarWatcher
    from ui.reminders.service import ReminderService

    reminders = ReminderService(ctx, window)
    backups = BackupService(ctx, window)
    backups.setObjectName("backupService")
    watcher = CalendarWatcher(ctx, window)
    watcher.reported.connect(lambda text: window.statusBar().showMessage(text, REPORT_MS))
    ctx.services = AppServices(backups=backups, reminders=reminders, calendar_watcher=watcher)
    reminders.start()
    backups.start()
    watcher.start()
    return ctx.services
