"""Pieces shared by the widgets around a meeting (plan, checklist, debrief, clear-head).

* (saving as the user types is ``ui.widgets.debounce.Debouncer``, shared with the
  meeting details.)
* ``inline_failure``: a failure callback that shows the error beside the field.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedLayout, QVBoxLayout, QWidget

from precall.errors import PrecallError
from ui.widgets.empty_state import EmptyState

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
