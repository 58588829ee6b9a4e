"""The declared shapes that features plug into: a page of the main window, a tab of the
meeting view, a side panel of the matrix editor, and the window that file-drop handlers
and menu-action providers are given.

Each is a small QWidget base class rather than a convention the host probes with
``getattr``: the host calls the methods declared here and nothing else, the type checker
knows a factory's result, and a feature that forgets a method fails on the spot
(``NotImplementedError``), not silently. Registration stays in ``ui.pages`` (pages) and
``ui.extensions`` (tabs, panels, menu actions, drop handlers).

This module imports no feature, so every feature can import it without a cycle.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QMainWindow, QWidget


class Page(QWidget):
    """A page of the main window (``ui.pages.page_factories``), built as ``factory(ctx)``."""

    #: The label in the navigation and the View menu.
    title: ClassVar[str]

    def flush(self) -> None:
        """Save what is typed and not yet saved; the window calls it before it closes.
        A page without unsaved typing keeps this default."""


class MeetingTab(QWidget):
    """A tab of the meeting view (``ui.extensions.meeting_tabs``), built as ``factory(ctx)``
    and told which meeting is shown."""

    title: ClassVar[str]

    def set_meeting(self, meeting_id: int | None) -> None:
        """Show ``meeting_id`` (None: no meeting chosen)."""
        raise NotImplementedError(f"{type(self).__name__} must implement set_meeting")


class MatrixSidePanel(QWidget):
    """A panel beside the matrix grid (``ui.extensions.matrix_side_panels``), built as
    ``factory(ctx)`` and told which item is selected."""

    title: ClassVar[str]

    def set_item(self, account_id: int | None, item_id: int | None) -> None:
        """Follow the grid's selection (None: no account or no item)."""
        raise NotImplementedError(f"{type(self).__name__} must implement set_item")


class AppWindow(QMainWindow):
    """What the main window offers the features' hooks beyond a QMainWindow."""

    def page(self, title: str) -> Page | None:
        """The page titled ``title``, building the pages not yet built if need be."""
        raise NotImplementedError

    def reveal(self, page: Page) -> None:
        """Bring ``page`` to the front, as if the user had chosen it."""
        raise NotImplementedError
