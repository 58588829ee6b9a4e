"""The app-wide undo group: every editor with undoable edits adds its QUndoStack here,
and the main window's Edit menu undoes and redoes on whichever stack is active.

The group is kept on the AppContext so that views built from the same context share it
without knowing the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoGroup, QUndoStack

if TYPE_CHECKING:
    from ui.context import AppContext

_ATTRIBUTE = "_precall_undo_group"


def undo_group(ctx: "AppContext") -> QUndoGroup:
    """The one QUndoGroup for ``ctx`` (created on first use)."""
    group = getattr(ctx, _ATTRIBUTE, None)
    if group is None:
        group = QUndoGroup()
        setattr(ctx, _ATTRIBUTE, group)
    return group


def new_undo_stack(ctx: "AppContext", *, active: bool = True) -> QUndoStack:
    """A stack registered with the app's group; made active unless told otherwise."""
    group = undo_group(ctx)
    stack = QUndoStack(group)
    group.addStack(stack)
    if active or group.activeStack() is None:
        group.setActiveStack(stack)
    return stack
