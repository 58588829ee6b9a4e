"""The Buyer's Matrix grid: roles across, rows down, each cell its items with their
status, and the selected cell's items in a detail list below.

The widget knows no database: ``set_matrix`` gives it a Matrix-like value, and every
gesture becomes an intent signal (``add_item``, ``rename_role``, …) for a controller
to carry out. The assumption-template editor reuses it with its own controller.
Names are checked here first so duplicates and empty names get a message at once.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMenu,
                               QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget)

from ui.matrix.cell_panel import CellPanel
from ui.matrix.delegate import MatrixItemDelegate
from ui.matrix.models import MatrixGridModel, MatrixLike
from ui.matrix.status_style import STATUS_ORDER, look


NO_ROLES_TEXT = ("No decision-maker roles yet. Add the people you sell to with Role ▸ Add role… "
                 "(Ctrl+Shift+N), e.g. CFO or IT Director; each becomes a column of assumptions.")
_GRID_STATUS_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


class MatrixGrid(QWidget):
    add_item = Signal(int, int, str)  # role id, row id, text
    edit_item = Signal(int, str)
    remove_item = Signal(int)
    move_item = Signal(int, int)  # item id, position in its cell
    set_status = Signal(int, str)
    add_role = Signal(str)
    rename_role = Signal(int, str)
    remove_role = Signal(int)
    move_role = Signal(int, int)  # role id, position
    add_row = Signal(str)
    rename_row = Signal(int, str)
    remove_row = Signal(int)
    move_row = Signal(int, int)
    current_item_changed = Signal(object)  # item id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatrixGridModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Buyer's Matrix")
        self.table.setModel(self.model)
        self.table.setItemDelegate(MatrixItemDelegate(self.table, empty_hint="—"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows.setMaximumWidth(125)
        # Wrapped items get taller as columns narrow: refit rows once resizing settles.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._refit.start())
        rows.setSectionsMovable(True)
        rows.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.cell = CellPanel(self)
        self.message = QLabel(self)
        self.message.setObjectName("matrixMessage")
        self.message.setAccessibleName("Matrix message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel#matrixMessage { color: #b3261e; }")
        self.message.hide()
        self.empty_hint = QLabel(NO_ROLES_TEXT, self)
        self.empty_hint.setObjectName("matrixEmptyHint")
        self.empty_hint.setAccessibleName("Matrix empty state")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("QLabel#matrixEmptyHint { color: palette(mid); padding: 6px; }")
        self.empty_hint.hide()
        self.legend = QLabel("  ".join(f"{look(s).symbol} {s.value}" for s in STATUS_ORDER), self)
        self.legend.setAccessibleName("Status legend")

        self._actions: dict[str, QAction] = {}
        toolbar = QHBoxLayout()
        toolbar.addWidget(self._menu_button("Role", [
            ("add_role", "Add role…", "Ctrl+Shift+N"), ("rename_role", "Rename role…", "Ctrl+Shift+E"),
            ("remove_role", "Remove role", "Ctrl+Shift+Delete"), ("role_left", "Move role left", "Ctrl+Shift+Left"),
            ("role_right", "Move role right", "Ctrl+Shift+Right")]))
        toolbar.addWidget(self._menu_button("Row", [
            ("add_row", "Add row…", "Ctrl+Alt+N"), ("rename_row", "Rename row…", "Ctrl+Alt+E"),
            ("remove_row", "Remove row", "Ctrl+Alt+Delete"), ("row_up", "Move row up", "Ctrl+Shift+Up"),
            ("row_down", "Move row down", "Ctrl+Shift+Down")]))
        toolbar.addStretch(1)
        toolbar.addWidget(self.legend)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("matrixGridSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.cell)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 190])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.splitter, 1)

        self.table.installEventFilter(self)
        self.table.selectionModel().currentChanged.connect(self._cell_changed)
        self.table.doubleClicked.connect(self._edit_in_cell)
        self.table.activated.connect(self._edit_in_cell)
        header.sectionMoved.connect(self._role_dragged)
        rows.sectionMoved.connect(self._row_dragged)
        header.customContextMenuRequested.connect(lambda pos: self._header_menu(pos, True))
        rows.customContextMenuRequested.connect(lambda pos: self._header_menu(pos, False))
        self.cell.add_item.connect(self._add_to_current)
        self.cell.edit_item.connect(self.edit_item)
        self.cell.remove_item.connect(self.remove_item)
        self.cell.move_item.connect(self.move_item)
        self.cell.set_status.connect(self.set_status)
        self.cell.current_item_changed.connect(self.current_item_changed)
        self.set_matrix(None)

    # public -----------------------------------------------------------------
    def set_matrix(self, matrix: MatrixLike | None) -> None:
        """Show ``matrix``, keeping the selected cell and item where they still exist."""
        role_id, row_id = self.current_cell()
        current = self.cell.current_item()
        self.model.set_matrix(matrix)
        self.empty_hint.setVisible(matrix is not None and not matrix.roles)
        self.table.resizeRowsToContents()
        index = self.model.index_of(role_id, row_id) if role_id is not None and row_id is not None else QModelIndex()
        if not index.isValid() and self.model.rowCount() and self.model.columnCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_cell(current.id if current else None)
        for name, action in self._actions.items():
            action.setEnabled(matrix is not None and (name.startswith("add") or self._action_possible(name)))

    def is_editing(self) -> bool:
        """True while an item is open in its in-place editor (a reload would close it)."""
        return self.cell.list.state() == QAbstractItemView.State.EditingState

    def current_cell(self) -> tuple[int | None, int | None]:
        index = self.table.currentIndex()
        role, row = self.model.role_at(index.column()), self.model.row_at(index.row())
        return (role.id if role else None, row.id if row else None)

    def select_cell(self, role_id: int, row_id: int) -> None:
        index = self.model.index_of(role_id, row_id)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def request_add_role(self, name: str) -> bool:
        name = name.strip()
        if not self._name_ok(name, [r.name for r in self._roles()], "role"):
            return False
        self.add_role.emit(name)
        return True

    def request_rename_role(self, role_id: int, name: str) -> bool:
        name = name.strip()
        others = [r.name for r in self._roles() if r.id != role_id]
        if not self._name_ok(name, others, "role"):
            return False
        self.rename_role.emit(role_id, name)
        return True

    def request_add_row(self, label: str) -> bool:
        label = label.strip()
        if not self._name_ok(label, [r.label for r in self._rows()], "row"):
            return False
        self.add_row.emit(label)
        return True

    def request_rename_row(self, row_id: int, label: str) -> bool:
        label = label.strip()
        others = [r.label for r in self._rows() if r.id != row_id]
        if not self._name_ok(label, others, "row"):
            return False
        self.rename_row.emit(row_id, label)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the grid, Insert adds to the selected cell, F2 edits its selected item and
        Ctrl+1..4 grade it, as in the item list (taking those keys from the window's
        page shortcuts)."""
        if watched is self.table and isinstance(event, QKeyEvent) and event.type() in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            status = _GRID_STATUS_KEYS.get(Qt.Key(event.key())) if mods == Qt.KeyboardModifier.ControlModifier else None
            insert = event.key() == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.NoModifier
            rename = event.key() == Qt.Key.Key_F2 and mods == Qt.KeyboardModifier.NoModifier
            if status is not None and not self.cell.list.status_keys:
                status = None
            if status is not None or insert or rename:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    item = self.cell.current_item()
                    if insert or (rename and item is None):
                        self.cell.focus_new_item()
                    elif rename:
                        self.cell.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
                        self.cell.list.edit(self.cell.list.currentIndex())
                    elif status is not None and item is not None and item.status.value != STATUS_ORDER[status].value:
                        self.set_status.emit(item.id, STATUS_ORDER[status].value)
                return True
        return super().eventFilter(watched, event)

    # internals --------------------------------------------------------------
    def _roles(self) -> list:
        return list(self.model.matrix.roles) if self.model.matrix is not None else []

    def _rows(self) -> list:
        return list(self.model.matrix.rows) if self.model.matrix is not None else []

    def _name_ok(self, name: str, taken: list[str], kind: str) -> bool:
        if not name:
            self.show_message(f"A {kind} needs a name; the name was empty.")
            return False
        if name.casefold() in {t.casefold() for t in taken}:
            self.show_message(f"There is already a {kind} named {name!r} in this matrix; pick another name.")
            return False
        self.show_message("")
        return True

    def _menu_button(self, text: str, entries: list[tuple[str, str, str]]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(f"{text} actions")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for name, label, keys in entries:
            action = QAction(label, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self._run_action(n))
            self.addAction(action)
            menu.addAction(action)
            self._actions[name] = action
        button.setMenu(menu)
        return button

    def _action_possible(self, name: str) -> bool:
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        if name == "role_left":
            return index.column() > 0
        if name == "role_right":
            return index.column() < self.model.columnCount() - 1
        if name == "row_up":
            return index.row() > 0
        if name == "row_down":
            return index.row() < self.model.rowCount() - 1
        return True

    def _run_action(self, name: str, column: int | None = None, row: int | None = None) -> None:
        index = self.table.currentIndex()
        role = self.model.role_at(index.column() if column is None else column)
        matrix_row = self.model.row_at(index.row() if row is None else row)
        if name == "add_role":
            text, ok = QInputDialog.getText(self, "Add role", "Name of the decision-maker role (e.g. CFO):")
            if ok:
                self.request_add_role(text)
        elif name == "add_row":
            text, ok = QInputDialog.getText(self, "Add row", "Name of the row (e.g. Budget cycle):")
            if ok:
                self.request_add_row(text)
        elif name == "rename_role" and role is not None:
            text, ok = QInputDialog.getText(self, "Rename role", "New name:", text=role.name)
            if ok:
                self.request_rename_role(role.id, text)
        elif name == "rename_row" and matrix_row is not None:
            text, ok = QInputDialog.getText(self, "Rename row", "New name:", text=matrix_row.label)
            if ok:
                self.request_rename_row(matrix_row.id, text)
        elif name == "remove_role" and role is not None:
            self.remove_role.emit(role.id)
        elif name == "remove_row" and matrix_row is not None:
            self.remove_row.emit(matrix_row.id)
        elif name in ("role_left", "role_right") and role is not None:
            target = role.position + (-1 if name == "role_left" else 1)
            if 0 <= target < self.model.columnCount():
                self.move_role.emit(role.id, target)
        elif name in ("row_up", "row_down") and matrix_row is not None:
            target = matrix_row.position + (-1 if name == "row_up" else 1)
            if 0 <= target < self.model.rowCount():
                self.move_row.emit(matrix_row.id, target)

    def _header_menu(self, pos: QPoint, roles: bool) -> None:
        header = self.table.horizontalHeader() if roles else self.table.verticalHeader()
        logical = header.logicalIndexAt(pos)
        menu = QMenu(self)
        names = (["add_role", "rename_role", "remove_role", "role_left", "role_right"] if roles
                 else ["add_row", "rename_row", "remove_row", "row_up", "row_down"])
        for name in names:
            if logical < 0 and not name.startswith("add"):
                continue
            action = menu.addAction(self._actions[name].text())
            action.triggered.connect(lambda _=False, n=name: self._run_action(
                n, column=logical if roles else None, row=None if roles else logical))
        menu.exec(header.mapToGlobal(pos))

    def _role_dragged(self, logical: int, old_visual: int, new_visual: int) -> None:
        role = self.model.role_at(logical)
        # The model is the truth: put the header back and let the reload show the move.
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.moveSection(new_visual, old_visual)
        header.blockSignals(False)
        if role is not None:
            self.move_role.emit(role.id, new_visual)

    def _row_dragged(self, logical: int, old_visual: int, new_visual: int) -> None:
        row = self.model.row_at(logical)
        header = self.table.verticalHeader()
        header.blockSignals(True)
        header.moveSection(new_visual, old_visual)
        header.blockSignals(False)
        if row is not None:
            self.move_row.emit(row.id, new_visual)

    def _cell_changed(self) -> None:
        self._show_cell(None)
        for name, action in self._actions.items():
            action.setEnabled(self.model.matrix is not None and (name.startswith("add") or self._action_possible(name)))

    def _show_cell(self, keep_item: int | None) -> None:
        index = self.table.currentIndex()
        role, row = self.model.role_at(index.column()), self.model.row_at(index.row())
        if role is None or row is None:
            self.cell.set_cell(None, [])
            self.current_item_changed.emit(None)
            return
        items = self.model.items_at(index)
        self.cell.set_cell(f"<b>{escape(role.name)}</b> — {escape(row.label)}", items, keep_item)
        if self.cell.current_item() is None and items and keep_item is None:
            self.cell.select_item(items[0].id)
        current = self.cell.current_item()
        self.current_item_changed.emit(current.id if current else None)

    def _edit_in_cell(self, index: QModelIndex) -> None:
        if self.model.items_at(index):
            self.cell.list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.cell.focus_new_item()

    def _add_to_current(self, text: str) -> None:
        role_id, row_id = self.current_cell()
        if role_id is not None and row_id is not None:
            self.add_item.emit(role_id, row_id, text)
