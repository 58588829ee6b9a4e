"""Where features plug into shared views without those views knowing them.

* A meeting tab is a ``ui.interfaces.MeetingTab`` built as ``factory(ctx)`` (a ``title``
  and ``set_meeting(meeting_id)``); the meeting view adds one tab each. Tabs that edit
  as the user types derive from ``ui.plan.common.MeetingEditorTab``.
* A matrix side panel is a ``ui.interfaces.MatrixSidePanel`` built as ``factory(ctx)``
  (a ``title`` and ``set_item(account_id, item_id)``); the matrix editor shows it beside
  the grid and calls ``set_item`` when the selection changes.

Append a factory below (imports inside the function keep start-up light).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ui.interfaces import AppWindow, MatrixSidePanel, MeetingTab

if TYPE_CHECKING:
    from ui.context import AppContext

MeetingTabFactory = Callable[["AppContext"], MeetingTab]
SidePanelFactory = Callable[["AppContext"], MatrixSidePanel]


def meeting_tabs() -> list[MeetingTabFactory]:
    from ui.briefs.tab import brief_tab
    from ui.checklist.view import checklist_tab
    from ui.debrief.view import debrief_tab
    from ui.plan.view import plan_tab

    return [plan_tab, checklist_tab, debrief_tab, brief_tab]


def matrix_side_panels() -> list[SidePanelFactory]:
    from ui.research.evidence_panel import evidence_panel
    from ui.templates.account_panel import account_templates_panel

    return [evidence_panel, account_templates_panel]


# Main-window hooks -------------------------------------------------------------------
# A menu action provider is ``provider(ctx, window) -> list[tuple[str, QAction]]``: the
# menu name ("File", "Tools", …) and an action the window adds to that menu.
# A file-drop handler is ``handler(ctx, window, path) -> bool``: True if it took the file.

MenuActionProvider = Callable[["AppContext", QWidget], list[tuple[str, QAction]]]
FileDropHandler = Callable[["AppContext", AppWindow, Path], bool]


def menu_action_providers() -> list[MenuActionProvider]:
    from ui.backups.service import backup_actions
    from ui.calendar.actions import calendar_actions
    from ui.reminders.service import reminder_actions

    return [reminder_actions, backup_actions, calendar_actions]


def file_drop_handlers() -> list[FileDropHandler]:
    from ui.calendar.actions import ics_drop_handler
    from ui.templates.drop import template_drop_handler

    return [ics_drop_handler, template_drop_handler]
