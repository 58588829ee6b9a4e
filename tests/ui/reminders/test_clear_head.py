"""The clear-head screen: it counts down from the injected clock in plain words, and closing it
while the main window is in the tray does not quit the app."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from precall.checklist.model import Moment
from precall.clock import FixedClock
from precall.reminders import countdown_text
from tests.precall.scenario import MEETING_START, Scenario
from tests.ui.support import read
from ui.context import AppContext
from ui.reminders.clear_head import ClearHeadScreen


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
