"""Calendar entry points in the main window: File → Import calendar…, File → Export
upcoming meetings…, Tools → Watched calendars… and dropping an .ics file on the window.
The watcher itself is an app service (``ctx.services.calendar_watcher``).

Reading and parsing a file runs on the network pool (no SQL), computing the plan on
the database worker; the GUI thread only shows the preview.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from precall.calendar.export import DEFAULT_REMINDER_MINUTES, export_meetings
from precall.calendar.model import MAX_ICS_BYTES
from precall.calendar.parse import parse_ics
from precall.calendar.plan import compute_plan
from precall.errors import PrecallError
from precall.userfiles import read_user_file
from ui.calendar.options import import_options
from ui.calendar.preview import ImportPreviewDialog
from ui.reminders.scheduler import LEAD_SETTING  # the reminder moment the app already uses
from ui.setting_values import int_setting

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.calendar")

ICS_SUFFIXES = (".ics", ".ical", ".icalendar", ".ifb")


def read_ics_file(path: Path) -> bytes:
    return read_user_file(path, what="calendar", limit=MAX_ICS_BYTES)


def open_import(ctx: "AppContext", window: QWidget, path: Path) -> None:
    """Read, parse and plan ``path`` in the background, then show the preview."""
    options = import_options(ctx)
    now = ctx.clock.now()

    def parse() -> Any:
        return parse_ics(read_ics_file(path), now=now, options=options, label=path.name)

    def plan(parsed: Any) -> None:
        ctx.tasks.db(lambda store: (compute_plan(store, parsed, source="", options=options),
                                    store.accounts.list()), owner=window).success(show).failure(fail).run()

    def show(result: tuple[Any, Any]) -> None:
        dialog = ImportPreviewDialog(ctx, result[0], result[1], path.name, window)
        dialog.imported.connect(lambda r: _status(window, r.summary()))
        window.setProperty("calendar_preview", dialog)  # keeps it findable (and alive) while open
        dialog.open()

    def fail(error: PrecallError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot import the calendar", str(error),
                          QMessageBox.StandardButton.Ok, window)
        box.setAccessibleName("Calendar import error")
        window.setProperty("calendar_error", box)
        box.open()

    ctx.tasks.background(parse, owner=window).success(plan).failure(fail).run()


def ics_drop_handler(ctx: "AppContext", window: QWidget, path: Path) -> bool:
    """Takes .ics files dropped on the window: opens the import preview."""
    if path.suffix.lower() not in ICS_SUFFIXES:
        return False
    open_import(ctx, window, path)
    return True


def choose_and_import(ctx: "AppContext", window: QWidget) -> None:
    start = str(ctx.settings.value("calendar/import_dir", str(Path.home())))
    name, _ = QFileDialog.getOpenFileName(window, "Import calendar", start,
                                          "Calendar files (*.ics *.ical *.icalendar);;All files (*)")
    if name:
        ctx.settings.setValue("calendar/import_dir", str(Path(name).parent))
        open_import(ctx, window, Path(name))


def choose_and_export(ctx: "AppContext", window: QWidget) -> None:
    start = str(ctx.settings.value("calendar/export_dir", str(Path.home())))
    name, _ = QFileDialog.getSaveFileName(window, "Export upcoming meetings", str(Path(start) / "precall.ics"),
                                          "Calendar files (*.ics)")
    if name:
        ctx.settings.setValue("calendar/export_dir", str(Path(name).parent))
        export_upcoming(ctx, window, Path(name))


def export_upcoming(ctx: "AppContext", window: QWidget, target: Path) -> None:
    minutes = int_setting(ctx.settings, LEAD_SETTING, DEFAULT_REMINDER_MINUTES)

    def work(store: Any) -> int:
        ids = store.calendar.upcoming_meeting_ids(store.now())
        if not ids:
            raise PrecallError("There are no upcoming meetings to export.")
        export_meetings(store, ids, target, reminder_minutes=max(0, minutes))
        return len(ids)

    ctx.tasks.db(work, owner=window).success(lambda n: _status(window, f"Exported {n} meetings to {target}.")).run()


def _status(window: QWidget, text: str) -> None:
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def calendar_actions(ctx: "AppContext", window: QWidget) -> list[tuple[str, QAction]]:
    """Menu actions for the main window."""
    import_action = QAction("Import &calendar (.ics)…", window)
    import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
    import_action.setStatusTip("Import meetings from an .ics file (Outlook, Google, Apple, Thunderbird)")
    import_action.triggered.connect(lambda: choose_and_import(ctx, window))
    export_action = QAction("&Export upcoming meetings (.ics)…", window)
    export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
    export_action.setStatusTip("Export every upcoming meeting with a reminder to an .ics file")
    export_action.triggered.connect(lambda: choose_and_export(ctx, window))
    feeds_action = QAction("&Watched calendars…", window)
    feeds_action.setStatusTip("Calendar files and addresses Precall re-imports when they change")
    feeds_action.triggered.connect(lambda: open_feeds(ctx, window))
    return [("File", import_action), ("File", export_action), ("Tools", feeds_action)]


def open_feeds(ctx: "AppContext", window: QWidget) -> None:
    from ui.calendar.feeds import FeedsDialog

    watcher = ctx.services.calendar_watcher if ctx.services is not None else None
    dialog = FeedsDialog(ctx, watcher, window)
    window.setProperty("calendar_feeds", dialog)
    dialog.open()
