"""The reminder service in the app: one clear-head screen per meeting, the settings dialog that
stores the lead, and minimising to the tray only when the rep wants it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from precall.clock import FixedClock
from precall.reminders import Reminder
from tests.precall.scenario import MEETING_START, Scenario
from ui.context import AppContext
from ui.reminders.scheduler import LEAD_SETTING
from ui.reminders.service import ReminderService, ReminderSettingsDialog, reminder_actions


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
