"""The detail list under the grid: the items of the selected cell, to add, edit, remove,
reorder and re-grade by keyboard or mouse.

Keys (while the list has focus): Insert adds, F2/Enter/double-click edits, Delete
removes, Alt+Up/Alt+Down reorder, Ctrl+1..4 set assumed/researched/confirmed/refuted.
Drag and drop reorders too. Nothing here changes data: each gesture is a signal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QPushButton, QToolButton, QVBoxLayout, QWidget)

from precall.domain.matrix import ItemStatus, MatrixItem
from ui.matrix.delegate import MatrixItemDelegate
from ui.matrix.models import CellItemsModel
from ui.matrix.status_style import STATUS_ORDER, look

_STATUS_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


class CellItemList(QListView):
    """A list view that keeps its editing keys from window-wide shortcuts."""

    add_requested = Signal()
    remove_requested = Signal(int)
    step_requested = Signal(int, int)  # item id, -1 up / +1 down
    status_requested = Signal(int, str)  # item id, status value
    #: Whether Ctrl+1..4 grade items here (off where items have no status).
    status_keys = True

    def _current_item_id(self) -> int | None:
        model = self.model()
        if not isinstance(model, CellItemsModel):
            return None
        item = model.item_at(self.currentIndex().row()) if self.currentIndex().isValid() else None
        return item.id if item else None

    def _handles(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_Insert, Qt.Key.Key_Delete,
                                                              Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return True
        return self.status_keys and mods == Qt.KeyboardModifier.ControlModifier and key in _STATUS_KEYS

    def event(self, event: QEvent) -> bool:
        # Ctrl+1..4 are also the window's page shortcuts; here they grade the item.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._handles(event):
            if self.state() != QAbstractItemView.State.EditingState:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState or not self._handles(event):
            super().keyPressEvent(event)
            return
        key, item_id = event.key(), self._current_item_id()
        if key == Qt.Key.Key_Insert:
            self.add_requested.emit()
        elif item_id is None:
            event.ignore()
            return
        elif key == Qt.Key.Key_Delete:
            self.remove_requested.emit(item_id)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit(self.currentIndex())
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_requested.emit(item_id, -1 if key == Qt.Key.Key_Up else 1)
        else:
            self.status_requested.emit(item_id, STATUS_ORDER[_STATUS_KEYS[Qt.Key(key)]].value)
        event.accept()


class CellPanel(QWidget):
    add_item = Signal(str)
    edit_item = Signal(int, str)
    remove_item = Signal(int)
    move_item = Signal(int, int)
    set_status = Signal(int, str)
    current_item_changed = Signal(object)  # item id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Select a cell of the matrix to see and edit its items.", self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Selected cell")
        self.model = CellItemsModel(self)
        self.list = CellItemList(self)
        self.list.setAccessibleName("Items of the selected cell")
        self.list.setModel(self.model)
        self.list.setItemDelegate(MatrixItemDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.new_text = QLineEdit(self)
        self.new_text.setPlaceholderText("Add an assumption to this cell (Insert), then Enter")
        self.new_text.setAccessibleName("New item")
        self.add_button = QToolButton(self)
        self.add_button.setText("+")
        self.add_button.setToolTip("Add the item (Enter)")
        self.add_button.setAccessibleName("Add item")
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("Status of the selected item")
        for n, status in enumerate(STATUS_ORDER):
            self.status_combo.addItem(f"{look(status).symbol} {status.label}", status.value)
            self.status_combo.setItemData(n, f"Ctrl+{n + 1}", Qt.ItemDataRole.ToolTipRole)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setToolTip("Alt+Up")
        self.down_button = QPushButton("Move down", self)
        self.down_button.setToolTip("Alt+Down")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Delete")

        add_row = QHBoxLayout()
        add_row.addWidget(self.new_text, 1)
        add_row.addWidget(self.add_button)
        tools = QHBoxLayout()
        self.status_label = QLabel("&Status:", self)
        self.status_label.setBuddy(self.status_combo)
        tools.addWidget(self.status_label)
        tools.addWidget(self.status_combo)
        tools.addStretch(1)
        tools.addWidget(self.up_button)
        tools.addWidget(self.down_button)
        tools.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(add_row)
        layout.addLayout(tools)

        self.new_text.returnPressed.connect(self._submit_new)
        self.add_button.clicked.connect(self._submit_new)
        self.list.add_requested.connect(self.focus_new_item)
        self.list.remove_requested.connect(self.remove_item)
        self.list.step_requested.connect(self._step)
        self.list.status_requested.connect(self.set_status)
        self.model.text_edited.connect(self.edit_item)
        self.model.move_requested.connect(self.move_item)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._sync_tools)
        self.status_combo.activated.connect(self._combo_status)
        self.up_button.clicked.connect(lambda: self._step_current(-1))
        self.down_button.clicked.connect(lambda: self._step_current(1))
        self.remove_button.clicked.connect(self._remove_current)
        self.set_cell(None, [])

    # public -----------------------------------------------------------------
    def set_cell(self, heading: str | None, items: list[MatrixItem], keep_item: int | None = None) -> None:
        enabled = heading is not None
        self.heading.setText(heading or "Select a cell of the matrix to see and edit its items.")
        self.model.set_items(items)
        self.new_text.setEnabled(enabled)
        self.add_button.setEnabled(enabled)
        if keep_item is not None:
            self.select_item(keep_item)
        self._sync_tools()

    def set_status_editable(self, editable: bool) -> None:
        """Show or hide the status controls (a template's items have no status to set)."""
        self.status_label.setVisible(editable)
        self.status_combo.setVisible(editable)
        self.list.status_keys = editable

    def select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def current_item(self) -> MatrixItem | None:
        index = self.list.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def focus_new_item(self) -> None:
        if self.new_text.isEnabled():
            self.new_text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # internals --------------------------------------------------------------
    def _submit_new(self) -> None:
        text = self.new_text.text().strip()
        if text:
            self.add_item.emit(text)
            self.new_text.clear()

    def _step(self, item_id: int, delta: int) -> None:
        row = self.model.row_of(item_id)
        target = row + delta
        if row >= 0 and 0 <= target < self.model.rowCount():
            self.move_item.emit(item_id, target)

    def _step_current(self, delta: int) -> None:
        item = self.current_item()
        if item is not None:
            self._step(item.id, delta)

    def _remove_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.remove_item.emit(item.id)

    def _combo_status(self, index: int) -> None:
        item = self.current_item()
        value = self.status_combo.itemData(index)
        if item is not None and value != item.status.value:
            self.set_status.emit(item.id, value)

    def _current_changed(self) -> None:
        self._sync_tools()
        item = self.current_item()
        self.current_item_changed.emit(item.id if item else None)

    def _sync_tools(self) -> None:
        item = self.current_item()
        has_item = item is not None
        for widget in (self.status_combo, self.up_button, self.down_button, self.remove_button):
            widget.setEnabled(has_item)
        if item is not None:
            self.status_combo.setCurrentIndex(STATUS_ORDER.index(ItemStatus(item.status)))
            row = self.model.row_of(item.id)
            self.up_button.setEnabled(row > 0)
            self.down_button.setEnabled(row < self.model.rowCount() - 1)
