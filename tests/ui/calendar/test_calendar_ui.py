"""The import preview, the File menu action and dropping .ics files on the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from precall.calendar.plan import Action
from precall.store import Store
from ui.calendar.options import import_options
from ui.calendar.preview import ImportPreviewDialog
from ui.calendar.watcher import CalendarWatcher
from ui.context import AppContext

from tests.precall.calendar.helpers import DATA, dump, import_ics, plan_for
from tests.ui.core.support import read, wait_idle

GOOGLE = (DATA / "google.ics").read_bytes()
NEW_EVENT = b"\r\n".join([
    b"BEGIN:VEVENT", b"UID:new-demo@google.com", b"SUMMARY:Wingtip demo", b"DTSTART:20261203T140000Z",
    b"DTEND:20261203T150000Z", b"ATTENDEE;CN=Olu Adeyemi:mailto:olu.adeyemi@wingtip.example",
    b"ATTENDEE:mailto:rep@oursales.com", b"END:VEVENT", b"END:VCALENDAR"])


def changed_google() -> bytes:
    """The pilot moved an hour, 24 December removed from the series, one new event."""
    data = GOOGLE.replace(b"DTSTART:20261124T130000Z", b"DTSTART:20261124T140000Z")
    data = data.replace(b"DTEND:20261124T140000Z", b"DTEND:20261124T150000Z")
    data = data.replace(b"EXDATE;TZID=Europe/Berlin:20261203T090000",
                        b"EXDATE;TZID=Europe/Berlin:20261203T090000,20261224T090000")
    return data.replace(b"END:VCALENDAR", NEW_EVENT)


def child_titles(dialog: ImportPreviewDialog, action: Action) -> list[str]:
    group = dialog.group(action)
    return [group.child(i).text(1) for i in range(group.childCount())]


def test_preview_shows_what_changes_and_applying_it_writes_it(qtbot: Any, ctx: AppContext, db_path: Path) -> None:
    def prepare(store: Store) -> tuple[Any, Any]:
        import_ics(store, GOOGLE)
        plan = plan_for(store, changed_google())
        return plan, store.accounts.list()

    plan, accounts = read(ctx, prepare)
    dialog = ImportPreviewDialog(ctx, plan, accounts, "team.ics")
    qtbot.addWidget(dialog)
    dialog.show()
    assert child_titles(dialog, Action.CREATE) == ["Wingtip demo"]
    assert child_titles(dialog, Action.UPDATE) == ["Northwind: pilot scoping"]
    assert child_titles(dialog, Action.CANCEL) == ["Contoso weekly sync"]
    assert dialog.group(Action.UPDATE).child(0).text(3).startswith("moved from 2026-11-24 14:00")
    assert "1 new, 1 updated, 1 cancelled" in dialog.summary.text()
    combo = dialog.combos["new-demo@google.com"]
    assert combo.currentText() == "New account: Wingtip"
    # Put the new meeting with an existing account instead.
    combo.setCurrentIndex(combo.findText("Northwind Foods"))
    assert dialog.group(Action.CREATE).child(0).text(2) == "Northwind Foods"
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and len(dialog.result.created) == 1
    wait_idle(qtbot, ctx)

    def check(store: Store) -> tuple[str, str, str]:
        new = store.meetings.get(dialog.result.created[0])  # type: ignore[union-attr]
        cancelled = store.conn.execute("SELECT status FROM meetings WHERE recurrence_id='20261224T080000Z'")
        return new.account, new.title, cancelled.fetchone()[0]

    assert read(ctx, check) == ("Northwind Foods", "Wingtip demo", "cancelled")


def test_skipping_every_new_series_disables_import_when_nothing_else_changes(qtbot: Any, ctx: AppContext) -> None:
    plan, accounts = read(ctx, lambda store: (plan_for(store, (DATA / "outlook_request.ics").read_bytes()),
                                               store.accounts.list()))
    dialog = ImportPreviewDialog(ctx, plan, accounts, "invite.ics")
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()
    combo = next(iter(dialog.combos.values()))
    combo.setCurrentIndex(combo.count() - 1)  # "Skip (no account)"
    assert not dialog.import_button.isEnabled()
    assert child_titles(dialog, Action.SKIP) == ["Fabrikam rollout review"]


def test_a_stale_preview_says_so_and_writes_nothing(qtbot: Any, ctx: AppContext) -> None:
    data = (DATA / "outlook_request.ics").read_bytes()
    plan, accounts = read(ctx, lambda store: (plan_for(store, data), store.accounts.list()))
    read(ctx, lambda store: import_ics(store, data))
    before = read(ctx, dump)
    dialog = ImportPreviewDialog(ctx, plan, accounts, "invite.ics")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "Preview the import again" in dialog.error.text()
    assert read(ctx, dump) == before and dialog.isVisible()


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


def test_the_watcher_imports_a_changed_watched_file(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "thunderbird.ics").read_bytes())

    def setup(store: Store) -> None:
        store.accounts.create("Wingtip", website="https://wingtip.example")
        store.calendar.add_feed("file", str(path))

    read(ctx, setup)
    ctx.settings.setValue("calendar/time_zone", "Europe/London")
    assert import_options(ctx).user_tz == "Europe/London"
    watcher = CalendarWatcher(ctx)
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    (report,) = blocker.args[0]
    assert report.result is not None and len(report.result.created) == 4
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].result is None  # unchanged file: nothing imported
    wait_idle(qtbot, ctx)


def test_the_watcher_stops_quietly_once_the_app_is_shutting_down(qtbot: Any, make_ctx: Any) -> None:
    closing = make_ctx()
    watcher = CalendarWatcher(closing)
    watcher.start()
    closing.close()
    watcher.check_now()  # a timer firing after shutdown must not raise in a Qt slot
    assert not watcher.timer.isActive()


def test_watched_calendars_dialog_adds_checks_and_removes(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from ui.calendar.feeds import FeedsDialog

    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "thunderbird.ics").read_bytes())
    read(ctx, lambda store: store.accounts.create("Wingtip", website="wingtip.example"))
    ctx.settings.setValue("calendar/time_zone", "Europe/London")
    watcher = CalendarWatcher(ctx)
    dialog = FeedsDialog(ctx, watcher)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.empty, timeout=5_000)
    dialog.add_location(str(tmp_path / "missing.ics"))
    qtbot.waitUntil(lambda: "There is no calendar file" in dialog.message.text(), timeout=5_000)
    dialog.add_location(str(path))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    assert dialog.stack.currentWidget() is dialog.table
    assert dialog.table.item(0, 2).text() == "Not checked yet"
    dialog.check_now()
    qtbot.waitUntil(lambda: "4 created" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "Imported", timeout=5_000)
    dialog.table.selectRow(0)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5_000)
    assert read(ctx, lambda store: len(store.meetings.summaries())) == 4  # imported meetings stay
    wait_idle(qtbot, ctx)


def test_importing_from_the_window_runs_no_sql_on_the_gui_thread(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from tests.ui.core.support import SqlThreads
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


def test_the_watcher_reaches_a_local_calendar_server_only_when_allowed(qtbot: Any, ctx: AppContext,
                                                                      httpserver: Any) -> None:
    httpserver.expect_request("/team.ics").respond_with_data((DATA / "thunderbird.ics").read_bytes(),
                                                               content_type="text/calendar")
    read(ctx, lambda store: store.accounts.create("Wingtip", website="wingtip.example"))
    read(ctx, lambda store: store.calendar.add_feed("url", httpserver.url_for("/team.ics")))
    watcher = CalendarWatcher(ctx)
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].error and blocker.args[0][0].result is None
    ctx.settings.setValue("calendar/allow_private_networks", "true")
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].result is not None and len(blocker.args[0][0].result.created) == 4
    wait_idle(qtbot, ctx)
