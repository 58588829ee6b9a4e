"""Pieces shared by the widgets around a meeting (plan, checklist, debrief, clear-head).

* (saving as the user types is ``ui.widgets.debounce.Debouncer``, shared with the
  meeting details.)
* ``MeetingBound``: remembers which meeting a view shows and stamps each load, so a
  late answer for a meeting the user already left is dropped instead of shown.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedLayout, QVBoxLayout, QWidget

from precall.errors import PrecallError
from ui.widgets.empty_state import EmptyState

class MeetingBound:
    """The meeting a view shows, and a stamp that changes on every switch or reload."""

    def __init__(self) -> None:
        self.meeting_id: int | None = None
        self._stamp = 0

    def switch(self, meeting_id: int | None) -> int:
        self.meeting_id = meeting_id
        return self.next_stamp()

    def next_stamp(self) -> int:
        self._stamp += 1
        return self._stamp

    def current(self, stamp: int) -> bool:
        return stamp == self._stamp


def while_alive(widget: QObject, callback: Callable[..., None]) -> Callable[..., None]:
    """A result can arrive after its view was closed and deleted (the worker does not
    know); drop it then instead of touching a dead widget."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            callback(*args)

    return call


def inline_failure(label: QLabel, prefix: str) -> Callable[[BaseException], None]:
    """A failure callback: the user's own mistakes (PrecallError) are shown beside the
    field; anything else is a bug and goes on to the crash handler."""

    def fail(error: BaseException) -> None:
        if isinstance(error, PrecallError):
            if shiboken6.isValid(label):
                show_status(label, f"{prefix}: {error}")
            return
        raise error

    return fail


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
