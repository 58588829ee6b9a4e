"""Every page, meeting tab and matrix side panel the app registers is of its declared
kind (ui/interfaces.py), the plan, checklist and debrief tabs share one base, and that
base saves typed text before the meeting changes, the tab hides or the window closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.support import wait_idle
from ui.changes import OpChanges
from ui.checklist.view import ChecklistView
from ui.context import AppContext
from ui.debrief.view import DebriefView
from ui.extensions import matrix_side_panels, meeting_tabs
from ui.interfaces import MatrixSidePanel, MeetingTab, Page
from ui.pages import page_factories
from ui.plan.common import MeetingEditorTab
from ui.plan.view import PlanView


def test_registered_widgets_are_of_their_declared_kind(qtbot: Any, ctx: AppContext, demo_db: Path) -> None:
    for factories, kind in ((page_factories(), Page), (meeting_tabs(), MeetingTab),
                            (matrix_side_panels(), MatrixSidePanel)):
        for factory in factories:
            widget = factory(ctx)
            qtbot.add_widget(widget)
            assert isinstance(widget, kind), f"{factory.__name__} makes a {type(widget).__name__}"
            assert widget.title, f"{type(widget).__name__} has no title"
    assert all(issubclass(view, MeetingEditorTab) for view in (PlanView, ChecklistView, DebriefView))
    wait_idle(qtbot, ctx)


class _Notes(MeetingEditorTab):
    title = "Notes"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.saved: list[tuple[str, Any]] = []
        self.loads: list[int | None] = []

    def _save(self, key: str, value: Any) -> None:
        self.saved.append((key, value))

    def _load(self) -> None:
        self.loads.append(self.meeting_id)

    def _clear(self) -> None:
        self.loads.append(None)

    def _on_changed(self, changes: OpChanges, initiator: object) -> None:
        pass


def test_the_editor_tab_base_saves_typing_before_the_meeting_changes_or_the_tab_hides(
        qtbot: Any, ctx: AppContext) -> None:
    tab = _Notes(ctx)
    qtbot.add_widget(tab)
    tab.set_meeting(1)
    tab._saves.push("1:note", "typed for meeting 1")
    tab.set_meeting(2)
    assert tab.saved == [("1:note", "typed for meeting 1")] and tab.meeting_id == 2
    tab.show()
    tab._saves.push("2:note", "typed for meeting 2")
    tab.hide()
    tab._saves.push("2:note", "and more")
    tab.flush()
    tab.set_meeting(None)
    assert tab.saved[1:] == [("2:note", "typed for meeting 2"), ("2:note", "and more")]
    assert tab.loads == [1, 2, None]


def test_a_tab_that_forgets_its_interface_fails_loudly(qtbot: Any, ctx: AppContext) -> None:
    class Forgetful(MeetingTab):
        title = "Forgetful"

    tab = Forgetful()
    qtbot.add_widget(tab)
    with pytest.raises(NotImplementedError, match="Forgetful must implement set_meeting"):
        tab.set_meeting(1)
