"""The account's contacts beside a meeting: who attends (a check box), their title and
matrix role; buttons to add, edit and remove contacts.

Ticking a box does not change the model: ``attendance_changed`` asks the owner, which
saves and then shows the stored truth.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from precall.domain.accounts import Contact

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Attends", "Name", "Title", "Matrix role", "Email")
ContactIdRole = Qt.ItemDataRole.UserRole + 1


class AttendeesModel(QAbstractTableModel):
    attendance_changed = Signal(int, bool)  # contact id, attends

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._contacts: list[Contact] = []
        self._attending: set[int] = set()

    def set_contacts(self, contacts: list[Contact], attending: set[int] | tuple[int, ...]) -> None:
        self.beginResetModel()
        self._contacts = list(contacts)
        self._attending = set(attending)
        self.endResetModel()

    @property
    def contacts(self) -> list[Contact]:
        return list(self._contacts)

    @property
    def attending(self) -> set[int]:
        return set(self._attending)

    def contact(self, row: int) -> Contact | None:
        return self._contacts[row] if 0 <= row < len(self._contacts) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._contacts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        contact = self.contact(index.row()) if index.isValid() else None
        if contact is None:
            return None
        column = index.column()
        if role == ContactIdRole:
            return contact.id
        if column == 0:
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if contact.id in self._attending else Qt.CheckState.Unchecked).value
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{contact.name} {'attends' if contact.id in self._attending else 'does not attend'}"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (contact.name, contact.title, contact.role, contact.email)[column - 1]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        contact = self.contact(index.row()) if index.isValid() else None
        if contact is None or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        attends = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.attendance_changed.emit(contact.id, attends)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


class AttendeesPanel(QWidget):
    add_contact = Signal()
    edit_contact = Signal(int)
    remove_contact = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AttendeesModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Attendees and contacts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Room for a handful of people without scrolling inside the scrolling form.
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 5 + 30)
        self.add_button = QPushButton("Add contact…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.remove_button = QPushButton("Remove", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(lambda: self._with_selected(self.edit_contact.emit))
        self.remove_button.clicked.connect(lambda: self._with_selected(self.remove_contact.emit))
        self.table.doubleClicked.connect(lambda index: self._with_selected(self.edit_contact.emit))
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.model.modelReset.connect(self._sync_buttons)
        self._sync_buttons()

    def selected_contact(self) -> Contact | None:
        index = self.table.currentIndex()
        return self.model.contact(index.row()) if index.isValid() else None

    def _with_selected(self, emit: Any) -> None:
        contact = self.selected_contact()
        if contact is not None:
            emit(contact.id)

    def _sync_buttons(self) -> None:
        has = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
