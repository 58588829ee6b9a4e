"""Calendar actions of the window: the File menu's import, dropping .ics files on the window (a
malformed one shows the problem and changes nothing), importing without SQL on the GUI thread,
and exporting upcoming meetings with the app's reminder setting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from precall.calendar.plan import Action
from ui.calendar.preview import ImportPreviewDialog
from ui.calendar.watcher import CalendarWatcher
from ui.context import AppContext

from tests.precall.calendar.helpers import DATA, dump
from tests.ui.calendar.test_preview import GOOGLE, child_titles
from tests.ui.support import read, wait_idle

def settle(qtbot: Any, ctx: AppContext) -> None:
    """Let the window's pages finish loading (and their short timers fire) while it is alive:
    a page timer that outlives its window would fail a later test."""
    wait_idle(qtbot, ctx)
    qtbot.wait(150)
    wait_idle(qtbot, ctx)


def drop(window: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropping_an_ics_file_opens_the_preview_and_the_menu_has_import(
        qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from ui.application import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Import &calendar (.ics)…" in [a.text() for a in window.menu("File").actions()],
                    timeout=10_000)
    assert ctx.services is not None and isinstance(ctx.services.calendar_watcher, CalendarWatcher)
    path = tmp_path / "invite.ics"
    path.write_bytes((DATA / "outlook_request.ics").read_bytes())
    drop(window, path)
    qtbot.waitUntil(lambda: isinstance(window.property("calendar_preview"), ImportPreviewDialog), timeout=10_000)
    dialog = window.property("calendar_preview")
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert child_titles(dialog, Action.CREATE) == ["Fabrikam rollout review"]
    dialog.reject()
    settle(qtbot, ctx)


def test_dropping_a_malformed_file_shows_the_problem_and_changes_nothing(
        qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    before = read(ctx, dump)
    path = tmp_path / "broken.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Nope\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    drop(window, path)
    qtbot.waitUntil(lambda: isinstance(window.property("calendar_error"), QMessageBox), timeout=10_000)
    box = window.property("calendar_error")
    assert "no start (DTSTART)" in box.text() and "'Nope'" in box.text()
    box.close()
    assert window.property("calendar_preview") is None
    assert read(ctx, dump) == before
    settle(qtbot, ctx)


def test_importing_from_the_window_runs_no_sql_on_the_gui_thread(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from tests.ui.support import SqlThreads
    from ui.calendar.actions import open_import

    threads = SqlThreads()
    threads.install(ctx)
    window = QMainWindow()
    qtbot.addWidget(window)
    path = tmp_path / "google.ics"
    path.write_bytes(GOOGLE)
    open_import(ctx, window, path)
    qtbot.waitUntil(lambda: isinstance(window.property("calendar_preview"), ImportPreviewDialog), timeout=10_000)
    dialog = window.property("calendar_preview")
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.apply()
    wait_idle(qtbot, ctx)
    assert threads.names and all(name.startswith("precall-db") for name in threads.names)
    assert read(ctx, lambda store: len(store.meetings.summaries())) == 28


def test_export_upcoming_uses_the_apps_reminder_setting(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from datetime import timedelta

    import icalendar
    from PySide6.QtWidgets import QMainWindow

    from precall.demo import load_demo
    from ui.calendar.actions import export_upcoming
    from ui.reminders.scheduler import LEAD_SETTING

    read(ctx, load_demo)
    ctx.settings.setValue(LEAD_SETTING, 25)
    window = QMainWindow()
    qtbot.addWidget(window)
    target = tmp_path / "upcoming.ics"
    export_upcoming(ctx, window, target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, ctx)
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert events and all(e.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-25) for e in events)
    assert "Exported" in window.statusBar().currentMessage()
