"""The Checklist tab: grouped by moment, ticks and the waiting-room note persist."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from tests.precall.scenario import Scenario
from tests.ui.support import read
from ui.checklist.view import ChecklistView
from ui.context import AppContext


def _build(qtbot: QtBot, ctx: AppContext, meeting_id: int | None) -> ChecklistView:
    view = ChecklistView(ctx)
    qtbot.add_widget(view)
    view.set_meeting(meeting_id)
    if meeting_id is not None:
        qtbot.wait_until(lambda: len(view.boxes) > 0)
    return view


def test_tick_and_note_persist_after_rebuilding(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    meeting_id = seeded.meeting.id
    view = _build(qtbot, ctx, meeting_id)
    groups = [g.title().split("  ·  ")[0] for g in view.findChildren(QGroupBox)]
    assert groups == ["The day before", "Ten minutes before", "In the waiting room", "When you meet"]
    first_id = next(iter(view.boxes))
    with qtbot.wait_signal(ctx.changes.changed, timeout=5000):
        view.boxes[first_id].setChecked(True)
    (note_id, note), = view.notes.items()
    assert note.accessibleName() == "Waiting-room observations"
    with qtbot.wait_signal(ctx.changes.changed, timeout=5000):
        note.setPlainText("Plants are dying; the receptionist is new")
    assert read(ctx, lambda s: s.checklists.item(note_id).note) == "Plants are dying; the receptionist is new"
    view.close()

    rebuilt = _build(qtbot, ctx, meeting_id)
    assert rebuilt.boxes[first_id].isChecked()
    assert rebuilt.notes[note_id].toPlainText() == "Plants are dying; the receptionist is new"
    assert not any(box.isChecked() for item_id, box in rebuilt.boxes.items() if item_id != first_id)


def test_switching_meetings_saves_a_note_still_being_typed(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    (note_id, note), = view.notes.items()
    note.setPlainText("Lobby is full of awards")
    view.set_meeting(None)  # before the pause that would have saved it
    qtbot.wait_until(lambda: read(ctx, lambda s: s.checklists.item(note_id).note) == "Lobby is full of awards")
    assert view.boxes == {}
    assert any(label.accessibleName() == "Empty state" and label.isVisibleTo(view) for label in view.findChildren(QLabel))


def test_a_tick_elsewhere_shows_here(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    one = _build(qtbot, ctx, seeded.meeting.id)
    two = _build(qtbot, ctx, seeded.meeting.id)
    item_id = list(one.boxes)[2]
    one.boxes[item_id].setChecked(True)
    qtbot.wait_until(lambda: two.boxes[item_id].isChecked())
