"""The matrix editor for one account: the grid, its controller and undo stack, and the
side panels other features plug in (``ui.extensions.matrix_side_panels``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from precall.domain.accounts import Contact
from ui.interfaces import MatrixSidePanel
from ui.matrix.controller import MatrixController
from ui.matrix.grid import MatrixGrid
from ui.widgets.splitters import remember_splitter
from ui.widgets.undo import new_undo_stack

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.matrix")


class MatrixEditor(QWidget):
    #: The selected item's id, or None.
    current_item_changed = Signal(object)
    title = "Matrix"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("matrixEditor")
        self.grid = MatrixGrid(self)
        self.undo_stack = new_undo_stack(ctx)
        self.controller = MatrixController(ctx, self.grid, self.undo_stack, self)
        self.side = QTabWidget(self)
        self.side.setAccessibleName("Matrix side panels")
        self.side.setDocumentMode(True)
        self.panels: list[MatrixSidePanel] = []
        from ui.extensions import matrix_side_panels

        for factory in matrix_side_panels():
            panel = factory(ctx)
            self.panels.append(panel)
            self.side.addTab(panel, panel.title)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("matrixSideSplitter")
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.side.setVisible(bool(self.panels))
        self.splitter.setSizes([700, 240])  # the grid is the work; panels support it
        remember_splitter(ctx.settings, self.splitter, "matrix_side")
        remember_splitter(ctx.settings, self.grid.splitter, "matrix_cell")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.grid.current_item_changed.connect(self._item_changed)

    @property
    def account_id(self) -> int | None:
        return self.controller.account_id

    def set_account(self, account_id: int | None) -> None:
        self.controller.set_account(account_id)
        if account_id is None:
            self._item_changed(None)

    def set_attendees(self, contacts: list[Contact], attending: Iterable[int]) -> None:
        """Name, under each role, who in that role attends this meeting."""
        names: dict[int, list[str]] = {}
        wanted = set(attending)
        for contact in contacts:
            if contact.id in wanted and contact.role_id is not None:
                names.setdefault(contact.role_id, []).append(contact.name)
        self.grid.model.set_role_people(names)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt signature
        self.ctx.undo.setActiveStack(self.undo_stack)
        super().showEvent(event)

    def _item_changed(self, item_id: int | None) -> None:
        first_error: Exception | None = None
        for panel in self.panels:
            try:
                panel.set_item(self.account_id, item_id)
            except Exception as exc:
                # One broken panel must not keep the others from following the selection;
                # the error still reaches the crash hook below.
                log.exception("matrix side panel %r failed to show item %s", panel, item_id)
                first_error = first_error or exc
        self.current_item_changed.emit(item_id)
        if first_error is not None:
            raise first_error
