"""The meeting tabs built on ``ui/plan/common.py``'s base (plan, checklist, debrief, and the
clear-head screen beside them) keep the extension contract and survive being closed mid-load."""

from __future__ import annotations

import shiboken6
from pytestqt.qtbot import QtBot

from tests.precall.scenario import Scenario
from tests.ui.support import read
from ui.checklist.view import ChecklistView
from ui.context import AppContext
from ui.debrief.view import DebriefView
from ui.extensions import meeting_tabs
from ui.plan.view import PlanView
from ui.reminders.clear_head import ClearHeadScreen


def test_meeting_tabs_are_registered_with_title_and_set_meeting(qtbot: QtBot, ctx: AppContext,
                                                                seeded: Scenario) -> None:
    tabs = [factory(ctx) for factory in meeting_tabs()]
    for tab in tabs:
        qtbot.add_widget(tab)
    titles = [tab.title for tab in tabs]
    assert {"Plan", "Checklist", "Debrief"} <= set(titles)
    for tab in tabs:
        tab.set_meeting(seeded.meeting.id)
        tab.set_meeting(None)


def test_a_view_deleted_before_its_data_arrives_is_left_alone(qtbot: QtBot, ctx: AppContext,
                                                               seeded: Scenario) -> None:
    """Without the guard, the late answer touches a deleted widget and raises in a slot
    (which pytest-qt reports as a failure)."""
    views = [PlanView(ctx), ChecklistView(ctx), DebriefView(ctx)]
    for view in views:
        view.set_meeting(seeded.meeting.id)
    screen = ClearHeadScreen(ctx, seeded.meeting.id)
    for widget in (*views, screen):
        shiboken6.delete(widget)
    read(ctx, lambda s: None)  # every load queued before this has finished
    qtbot.wait(50)  # and its answer has been delivered to the GUI thread


def test_a_note_flushed_by_a_closing_view_still_tells_the_others(qtbot: QtBot, ctx: AppContext,
                                                                 seeded: Scenario) -> None:
    watcher = ChecklistView(ctx)
    qtbot.add_widget(watcher)
    watcher.set_meeting(seeded.meeting.id)
    qtbot.wait_until(lambda: len(watcher.notes) == 1)
    closing = ChecklistView(ctx)
    closing.set_meeting(seeded.meeting.id)
    qtbot.wait_until(lambda: len(closing.notes) == 1)
    (note_id, note), = closing.notes.items()
    note.setPlainText("Quiet office, half the desks empty")
    closing.flush()
    shiboken6.delete(closing)
    qtbot.wait_until(lambda: watcher.notes[note_id].toPlainText() == "Quiet office, half the desks empty")
