"""Undo stacks for editors: every editor with undoable edits adds its QUndoStack to the
app-wide group (``ctx.undo``), and the main window's Edit menu undoes and redoes on
whichever stack is active. Views built from the same context share the group without
knowing the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    from ui.context import AppContext


def new_undo_stack(ctx: "AppContext", *, active: bool = True) -> QUndoStack:
    """A stack registered with the app's group; made active unless told otherwise."""
    group = ctx.undo
    stack = QUndoStack(group)
    group.addStack(stack)
    if active or group.activeStack() is None:
        group.setActiveStack(stack)
    return stack
