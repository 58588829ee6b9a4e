"""Pieces shared by the widgets around a meeting (plan, checklist, debrief, clear-head).

* ``MeetingEditorTab``: the one base of the meeting tabs that save as the user types.
* ``inline_failure``: a failure callback that shows the error beside the field.
* ``status_label``, ``scrolling_pages``: their quiet error line and their layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedLayout, QVBoxLayout, QWidget

from precall.errors import PrecallError
from ui.changes import OpChanges
from ui.interfaces import MeetingTab
from ui.widgets.debounce import Debouncer
from ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from ui.context import AppContext


class MeetingEditorTab(MeetingTab):
    """A meeting tab whose fields save as the user types (the plan, the checklist, the
    debrief). The base owns what they all must get right the same way: typed text is
    saved (``flush``) before another meeting is shown, when the tab hides and when the
    window closes, and the tab listens to the change bus from the start.

    A subclass implements ``_save(key, value)`` (what the debouncer saves), ``_load()``
    (read ``self.meeting_id``'s data and show it), ``_clear()`` (the empty state when no
    meeting is chosen) and ``_on_changed(changes, initiator)``; it types with
    ``self._saves.push(key, value)``.
    """

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._meeting_id: int | None = None
        self._saves = Debouncer(self._save, parent=self)
        ctx.changes.changed.connect(self._on_changed)

    # the meeting-tab interface ------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        self._saves.flush()  # the old meeting's typing goes to the old meeting
        self._meeting_id = meeting_id
        if meeting_id is None:
            self._clear()
        else:
            self._load()

    @property
    def meeting_id(self) -> int | None:
        return self._meeting_id

    def flush(self) -> None:
        """Save what is typed and not yet saved."""
        self._saves.flush()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt name)
        self._saves.flush()
        super().hideEvent(event)

    # what each tab provides -----------------------------------------------------------
    def _save(self, key: str, value: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement _save")

    def _load(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement _load")

    def _clear(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement _clear")

    def _on_changed(self, changes: OpChanges, initiator: object) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement _on_changed")

def inline_failure(label: QLabel, prefix: str) -> Callable[[PrecallError], None]:
    """A failure callback that shows the user's own mistake beside the field (bugs never
    reach a failure callback: the task runner sends them to the crash handler)."""
    return lambda error: show_status(label, f"{prefix}: {error}")


def status_label(parent: QWidget, name: str) -> QLabel:
    """A quiet line for save errors and warnings; plain text, never HTML from data."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    label.hide()
    return label


def show_status(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def empty_label(text: str, parent: QWidget) -> QLabel:
    return EmptyState(text, parent)


def scrolling_pages(owner: QWidget, empty_text: str) -> tuple[QStackedLayout, QWidget, QVBoxLayout]:
    """The layout of a meeting-side view: an empty state until a meeting is chosen, then
    a scrolling body. Returns the stack (index 0 empty, 1 body), the body and its layout."""
    stack = QStackedLayout(owner)
    stack.addWidget(empty_label(empty_text, owner))
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    body = QWidget(scroll)
    scroll.setWidget(body)
    stack.addWidget(scroll)
    return stack, body, QVBoxLayout(body)
