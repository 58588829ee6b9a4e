"""Item models over a Matrix-like value: the grid (rows × roles) and one cell's items.

Both are read-only views of a value the owner replaces with ``set_matrix``; edits made
in views become intent signals (``text_edited``, ``move_requested``) for whoever owns
the data to carry out. ``data()`` never raises: a cell that cannot be shown is empty.
"""

from __future__ import annotations

import logging
import textwrap
from typing import Any, Protocol, Sequence

from PySide6.QtCore import (QAbstractListModel, QAbstractTableModel, QByteArray, QMimeData, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)

from precall.domain.matrix import ItemStatus, MatrixItem, MatrixRole, MatrixRow
from ui.matrix.status_style import look

log = logging.getLogger("precall.ui.matrix")

Index = QModelIndex | QPersistentModelIndex
#: The items of a grid cell, as a list of MatrixItem (for the delegate).
ItemsRole = Qt.ItemDataRole.UserRole + 1
#: The id of the role (column) / row / item an index stands for.
RoleIdRole = Qt.ItemDataRole.UserRole + 2
RowIdRole = Qt.ItemDataRole.UserRole + 3
ItemIdRole = Qt.ItemDataRole.UserRole + 4
StatusRole = Qt.ItemDataRole.UserRole + 5
ITEM_MIME = "application/x-precall-matrix-item"
ROW_LABEL_WIDTH = 16  # characters per line of a row header


class MatrixLike(Protocol):
    """What the grid needs: a Matrix from the store, or a template's roles and rows."""

    # Read-only: a frozen Matrix fits.
    @property
    def roles(self) -> Sequence[MatrixRole]: ...
    @property
    def rows(self) -> Sequence[MatrixRow]: ...
    @property
    def items(self) -> Sequence[MatrixItem]: ...

    def cell(self, role_id: int, row_id: int) -> list[MatrixItem]: ...


def describe_item(item: MatrixItem) -> str:
    return f"{look(item.status).symbol} {item.text} ({item.status.label.lower()})"


class MatrixGridModel(QAbstractTableModel):
    """Rows of the matrix down, roles across; each cell holds its items in order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._matrix: MatrixLike | None = None
        self._cells: dict[tuple[int, int], list[MatrixItem]] = {}
        self._role_people: dict[int, list[str]] = {}

    @property
    def matrix(self) -> MatrixLike | None:
        return self._matrix

    def set_role_people(self, people: dict[int, list[str]]) -> None:
        """Who in each role attends the meeting: first names under the role's header
        ("●" marks them), full names in its tooltip."""
        self._role_people = {role: list(names) for role, names in people.items() if names}
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_matrix(self, matrix: MatrixLike | None) -> None:
        self.beginResetModel()
        self._matrix = matrix
        self._cells = {}
        if matrix is not None:
            for item in matrix.items:
                self._cells.setdefault((item.role_id, item.row_id), []).append(item)
            for items in self._cells.values():
                items.sort(key=lambda i: i.position)
        self.endResetModel()

    def role_at(self, column: int) -> MatrixRole | None:
        if self._matrix is None or not 0 <= column < len(self._matrix.roles):
            return None
        return self._matrix.roles[column]

    def row_at(self, row: int) -> MatrixRow | None:
        if self._matrix is None or not 0 <= row < len(self._matrix.rows):
            return None
        return self._matrix.rows[row]

    def items_at(self, index: Index) -> list[MatrixItem]:
        role, row = self.role_at(index.column()), self.row_at(index.row())
        if role is None or row is None:
            return []
        return list(self._cells.get((role.id, row.id), []))

    def index_of(self, role_id: int, row_id: int) -> QModelIndex:
        if self._matrix is None:
            return QModelIndex()
        column = next((n for n, r in enumerate(self._matrix.roles) if r.id == role_id), None)
        row = next((n for n, r in enumerate(self._matrix.rows) if r.id == row_id), None)
        if column is None or row is None:
            return QModelIndex()
        return self.index(row, column)

    # Qt model API -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._matrix is None:
            return 0
        return len(self._matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._matrix is None:
            return 0
        return len(self._matrix.roles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        try:
            items = self.items_at(index)
            if role == Qt.ItemDataRole.DisplayRole:
                return "\n".join(item.text for item in items)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                column, row = self.role_at(index.column()), self.row_at(index.row())
                head = f"{column.name if column else ''} — {row.label if row else ''}"
                lines = [describe_item(item) for item in items] or ["no items"]
                return head + ":\n" + "\n".join(lines)
            if role == ItemsRole:
                return items
            if role == RoleIdRole:
                column = self.role_at(index.column())
                return column.id if column else None
            if role == RowIdRole:
                row = self.row_at(index.row())
                return row.id if row else None
        except Exception:  # a cell that cannot be shown renders empty, never breaks the view
            log.exception("could not show matrix cell %s,%s", index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            column = self.role_at(section)
            if column is None:
                return None
            people = self._role_people.get(column.id)
            if not people:
                return column.name
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{column.name}\n● " + ", ".join(name.split()[0] for name in people)
            return f"{column.name} — attending: {', '.join(people)}"
        row = self.row_at(section)
        if row is None:
            return None
        # Row headers sit in a narrow column: break long labels over lines, not elide them.
        return textwrap.fill(row.label, ROW_LABEL_WIDTH) if role == Qt.ItemDataRole.DisplayRole else row.label

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CellItemsModel(QAbstractListModel):
    """The items of one cell, editable in place and reorderable by drag and drop.

    Edits are not applied here: ``text_edited`` and ``move_requested`` ask the owner,
    whose reload then replaces the list.
    """

    text_edited = Signal(int, str)  # item id, new text
    move_requested = Signal(int, int)  # item id, new position

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[MatrixItem] = []

    @property
    def items(self) -> list[MatrixItem]:
        return list(self._items)

    def set_items(self, items: list[MatrixItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> MatrixItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
        return next((n for n, item in enumerate(self._items) if item.id == item_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.status.label} · from {item.origin}" + (f"\n{item.note}" if item.note else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe_item(item)
        if role == ItemIdRole:
            return item.id
        if role == StatusRole:
            return item.status.value
        if role == ItemsRole:
            return [item]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip()
        if not text or text == item.text:
            return False
        self.text_edited.emit(item.id, text)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled)

    # drag and drop: reorder within the cell ---------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [str(self.data(i, ItemIdRole)) for i in indexes if i.isValid()]
        data.setData(ITEM_MIME, QByteArray(",".join(ids[:1]).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(ITEM_MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            item_id = int(bytes(data.data(ITEM_MIME).data()).decode() or "-1")
        except ValueError:
            return False
        source = self.row_of(item_id)
        if source < 0:
            return False
        target = parent.row() if parent.isValid() else (row if row >= 0 else len(self._items))
        # Dropping below itself shifts everything up by one once the item is taken out.
        position = target - 1 if target > source else target
        if position != source:
            self.move_requested.emit(item_id, position)
        # False: the view must not delete the source row; the owner reloads instead.
        return False

    def status_of(self, row: int) -> ItemStatus | None:
        item = self.item_at(row)
        return item.status if item else None
