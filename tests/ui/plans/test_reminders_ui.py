"""Reminders in the app: the scheduler with an injected clock, the clear-head screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from precall.checklist.model import Moment
from precall.clock import FixedClock
from precall.reminders import Reminder, countdown_text
from tests.precall.scenario import MEETING_START, Scenario
from tests.ui.plans.conftest import read
from ui.context import AppContext
from ui.reminders.clear_head import ClearHeadScreen
from ui.reminders.scheduler import LEAD_SETTING, ReminderScheduler
from ui.reminders.service import ReminderService, ReminderSettingsDialog, reminder_actions


def _check(qtbot: QtBot, scheduler: ReminderScheduler) -> None:
    assert scheduler.check_due(scheduler.ctx.clock.now())
    qtbot.wait_until(lambda: not scheduler._in_flight)


def test_scheduler_fires_once_at_the_configured_moment(qtbot: QtBot, ctx: AppContext, clock: FixedClock,
                                                       seeded: Scenario) -> None:
    ctx.settings.setValue(LEAD_SETTING, 15)
    scheduler = ReminderScheduler(ctx)
    seen: list[Reminder] = []
    scheduler.due.connect(seen.append)
    clock.set(MEETING_START - timedelta(minutes=20))
    for _ in range(12):  # every 30 s of fake time until 14 minutes before
        _check(qtbot, scheduler)
        clock.advance(timedelta(seconds=30))
    assert [r.meeting_id for r in seen] == [seeded.meeting.id]
    assert seen[0].fire_at == MEETING_START - timedelta(minutes=15)
    _check(qtbot, scheduler)
    assert len(seen) == 1


def test_reminders_switched_off_never_fire(qtbot: QtBot, ctx: AppContext, clock: FixedClock, seeded: Scenario) -> None:
    ctx.settings.setValue(LEAD_SETTING, 0)
    scheduler = ReminderScheduler(ctx)
    seen: list[Reminder] = []
    scheduler.due.connect(seen.append)
    clock.set(MEETING_START - timedelta(minutes=1))
    assert scheduler.check_due(clock.now())
    assert not scheduler._in_flight and seen == []


def test_the_timer_reads_the_injected_clock(qtbot: QtBot, ctx: AppContext, clock: FixedClock, seeded: Scenario) -> None:
    clock.set(MEETING_START - timedelta(minutes=5))
    scheduler = ReminderScheduler(ctx, interval_ms=50)
    with qtbot.wait_signal(scheduler.due, timeout=5000) as blocker:
        scheduler.start()
    scheduler.stop()
    assert blocker.args[0].meeting_id == seeded.meeting.id


def test_clear_head_screen_counts_down_from_the_injected_clock(qtbot: QtBot, ctx: AppContext, clock: FixedClock,
                                                              seeded: Scenario) -> None:
    clock.set(MEETING_START - timedelta(minutes=9, seconds=30))
    screen = ClearHeadScreen(ctx, seeded.meeting.id)
    qtbot.add_widget(screen)
    qtbot.wait_until(lambda: screen.countdown.text() == "Starts in 9:30")
    assert "Discovery call with Northwind Foods" in screen.meeting_label.text()
    assert "15:00 (Europe/Paris)" in screen.meeting_label.text()
    clock.advance(timedelta(minutes=9))
    screen.refresh_countdown()
    assert screen.countdown.text() == "Starts in 0:30"
    clock.advance(timedelta(minutes=3))
    screen.refresh_countdown()
    assert screen.countdown.text() == "Started 2 min ago"
    # Only what is left to do: no day-before items, and the waiting-room note is there.
    qtbot.wait_until(lambda: len(screen.checklist.boxes) > 0)
    items = read(ctx, lambda s: s.checklists.for_meeting(seeded.meeting.id))
    shown = {i.moment for i in items if i.id in screen.checklist.boxes}
    assert shown == {Moment.TEN_MINUTES, Moment.WAITING_ROOM, Moment.MEETING}
    (note_id, note), = screen.checklist.notes.items()
    note.setPlainText("Receptionist mentioned the new depot")
    screen.close()
    qtbot.wait_until(lambda: read(ctx, lambda s: s.checklists.item(note_id).note) == "Receptionist mentioned the new depot")


# The offscreen platform cannot raise windows or resize frames; that is all it says.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_service_opens_one_screen_per_meeting(qtbot: QtBot, ctx: AppContext, clock: FixedClock,
                                              seeded: Scenario) -> None:
    window = QWidget()
    qtbot.add_widget(window)
    actions = reminder_actions(ctx, window)
    assert [menu for menu, _ in actions] == ["Tools"]
    service = ReminderService(ctx, window)
    reminder = Reminder(seeded.meeting.id, "Discovery call", "Northwind Foods", MEETING_START,
                        MEETING_START - timedelta(minutes=10))
    service.remind(reminder)
    service.remind(reminder)
    assert list(service.screens) == [seeded.meeting.id]
    screen = service.screens[seeded.meeting.id]
    assert screen.isVisible()
    screen.close()
    qtbot.wait_until(lambda: service.screens == {})


def test_settings_dialog_stores_the_lead(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = ReminderSettingsDialog(ctx)
    qtbot.add_widget(dialog)
    assert dialog.minutes.value() == 10
    dialog.minutes.setValue(25)
    dialog.accept()
    assert int(ctx.settings.value(LEAD_SETTING)) == 25


def test_countdown_wording() -> None:
    assert countdown_text(MEETING_START, MEETING_START - timedelta(hours=1, minutes=5)) == "Starts in 1 h 05 min"
    assert countdown_text(MEETING_START, MEETING_START + timedelta(seconds=20)) == "Starting now"



def test_closing_the_screen_with_the_window_in_the_tray_does_not_quit(qtbot: QtBot, ctx: AppContext,
                                                                     seeded: Scenario) -> None:
    # Qt quits when the last window that quits-on-close closes; with the main window
    # hidden in the tray, the clear-head screen would be that window.
    screen = ClearHeadScreen(ctx, seeded.meeting.id)
    qtbot.add_widget(screen)
    assert not screen.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_minimising_hides_to_the_tray_only_when_wanted(qtbot: QtBot, ctx: AppContext) -> None:
    from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

    from ui.reminders.scheduler import TRAY_SETTING

    window = QWidget()
    qtbot.add_widget(window)
    service = ReminderService(ctx, window)
    assert not service.minimise_to_tray()  # the offscreen platform has no tray
    # As on a desktop with a tray (the icon is never shown here):
    service.tray = QSystemTrayIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon), service)
    window.show()
    window.showMinimized()
    qtbot.wait_until(lambda: not window.isVisible())
    service._show_window()
    assert window.isVisible() and not window.isMinimized()
    ctx.settings.setValue(TRAY_SETTING, "false")
    window.showMinimized()
    qtbot.wait(50)
    assert window.isVisible()
