"""The app's services (backups, reminders, calendar watcher) are created once, by
``ui.services.start_services`` when the window has built its pages, and are reached as
typed fields of the context; the undo group is the context's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoCommand

from tests.ui.support import add_window, wait_idle
from ui.application import build_window
from ui.backups.service import BackupService
from ui.calendar.watcher import CalendarWatcher
from ui.context import AppContext
from ui.reminders.service import ReminderService
from ui.services import start_services
from ui.widgets.undo import new_undo_stack


def test_the_window_starts_each_service_once_and_the_context_holds_them(qtbot: Any, ctx: AppContext,
                                                                       demo_db: Path) -> None:
    window = build_window(ctx)
    add_window(qtbot, window, ctx)
    assert ctx.services is None  # nothing runs before the pages after the home page are built
    window.ensure_pages()
    window.ensure_pages()
    services = ctx.services
    assert services is not None
    assert isinstance(services.backups, BackupService) and services.backups.timer.isActive()
    assert isinstance(services.reminders, ReminderService)
    assert isinstance(services.calendar_watcher, CalendarWatcher) and services.calendar_watcher.timer.isActive()
    assert [len(window.findChildren(kind)) for kind in (BackupService, ReminderService, CalendarWatcher)] == [1, 1, 1]
    assert not [bytes(name).decode() for name in window.dynamicPropertyNames() if b"watcher" in bytes(name)]
    with pytest.raises(ValueError, match="already running"):
        start_services(ctx, window)
    wait_idle(qtbot, ctx)


def test_a_watcher_report_reaches_the_status_bar(qtbot: Any, ctx: AppContext, demo_db: Path) -> None:
    window = build_window(ctx)
    add_window(qtbot, window, ctx)
    window.ensure_pages()
    assert ctx.services is not None
    ctx.services.calendar_watcher.reported.emit("Team calendar: 2 meetings updated.")
    assert window.statusBar().currentMessage() == "Team calendar: 2 meetings updated."
    wait_idle(qtbot, ctx)


def test_undo_stacks_join_the_contexts_group_which_the_edit_menu_uses(qtbot: Any, ctx: AppContext,
                                                                     demo_db: Path) -> None:
    stack = new_undo_stack(ctx)
    assert stack in ctx.undo.stacks() and ctx.undo.activeStack() is stack
    window = build_window(ctx)
    add_window(qtbot, window, ctx)
    stack.push(QUndoCommand("nothing"))
    assert window.undo_action.isEnabled()
    wait_idle(qtbot, ctx)

