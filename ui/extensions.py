"""Where features plug into shared views without those views knowing them.

* A meeting tab is a QWidget built as ``factory(ctx)`` with a ``title`` attribute and a
  ``set_meeting(meeting_id: int | None)`` method; the meeting view adds one tab each.
* A matrix side panel is a QWidget built as ``factory(ctx)`` with a ``title`` and a
  ``set_item(account_id: int | None, item_id: int | None)`` method; the matrix editor
  shows it beside the grid and calls ``set_item`` when the selection changes.

Append a factory below (imports inside the function keep start-up light).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.context import AppContext

WidgetFactory = Callable[["AppContext"], QWidget]


def meeting_tabs() -> list[WidgetFactory]:
    from ui.briefs.tab import brief_tab
    from ui.checklist.view import checklist_tab
    from ui.debrief.view import debrief_tab
    from ui.plan.view import plan_tab

    return [plan_tab, checklist_tab, debrief_tab, brief_tab]


def matrix_side_panels() -> list[WidgetFactory]:
    from ui.research.evidence_panel import evidence_panel
    from ui.templates.account_panel import account_templates_panel

    return [evidence_panel, account_templates_panel]


# Main-window hooks -------------------------------------------------------------------
# A menu action provider is ``provider(ctx, window) -> list[tuple[str, QAction]]``: the
# menu name ("File", "Tools", …) and an action the window adds to that menu.
# A file-drop handler is ``handler(ctx, window, path) -> bool``: True if it took the file.

MenuActionProvider = Callable[["AppContext", QWidget], list]
FileDropHandler = Callable[["AppContext", QWidget, "Path"], bool]


def menu_action_providers() -> list[MenuActionProvider]:
    from ui.backups.service import backup_actions
    from ui.calendar.actions import calendar_actions
    from ui.reminders.service import reminder_actions

    return [reminder_actions, backup_actions, calendar_actions]


def file_drop_handlers() -> list[FileDropHandler]:
    from ui.calendar.actions import ics_drop_handler
    from ui.templates.drop import template_drop_handler

    return [ics_drop_handler, template_drop_handler]
