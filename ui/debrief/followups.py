"""The follow-ups box of the Debrief tab: what the rep promised, by when, and the one
content-specific "10% rule" follow-up. It shows and asks; the Debrief tab saves."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from precall.plans.model import FollowUp

TEN_PERCENT_HINT = ("The 10% rule: one follow-up that is about their work, not your sale — an article, a "
                    "figure, an introduction that answers something they said.")
DEFAULT_DUE_DAYS = 2


class FollowUpsBox(QGroupBox):
    #: text, due date, whether it is the 10%-rule follow-up
    add_requested = Signal(str, object, bool)
    remove_requested = Signal(int)
    done_toggled = Signal(int, bool)
    #: a message for the user (nothing selected, nothing written)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Follow-ups", parent)
        layout = QVBoxLayout(self)
        hint = QLabel(TEN_PERCENT_HINT, self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Done", "Follow-up", "Due", "10% rule"])
        self.table.setAccessibleName("Follow-ups")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(160)
        self.table.itemChanged.connect(self._toggled)
        layout.addWidget(self.table)
        add = QHBoxLayout()
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("What will you send or do?")
        self.text.setAccessibleName("New follow-up")
        self.text.returnPressed.connect(self._add)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setAccessibleName("Due date")
        self.ten_percent = QCheckBox("Content-specific (10% rule)", self)
        self.add_button = QPushButton("Add &follow-up", self)
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self._remove)
        add.addWidget(self.text, 1)
        for widget in (self.due, self.ten_percent, self.add_button, self.remove_button):
            add.addWidget(widget)
        layout.addLayout(add)

    def show_followups(self, followups: list[FollowUp], today: date) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(followups))
        for row, follow in enumerate(followups):
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            box.setCheckState(Qt.CheckState.Checked if follow.done else Qt.CheckState.Unchecked)
            box.setData(Qt.ItemDataRole.UserRole, follow.id)
            self.table.setItem(row, 0, box)
            self.table.setItem(row, 1, QTableWidgetItem(follow.text))
            self.table.setItem(row, 2, QTableWidgetItem(follow.due.isoformat() if follow.due else "—"))
            self.table.setItem(row, 3, QTableWidgetItem("10% rule" if follow.ten_percent else ""))
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(3)
        # A due date in the past is never a useful default.
        if self.due.date() < QDate(today.year, today.month, today.day):
            due = today + timedelta(days=DEFAULT_DUE_DAYS)
            self.due.setDate(QDate(due.year, due.month, due.day))

    def _add(self) -> None:
        text = self.text.text()
        if not text.strip():
            self.problem.emit("Write what the follow-up is first.")
            return
        due, ten = self.due.date().toPython(), self.ten_percent.isChecked()
        self.text.clear()
        self.ten_percent.setChecked(False)
        self.add_requested.emit(text, due, ten)

    def _remove(self) -> None:
        row = self.table.currentRow()
        cell = self.table.item(row, 0) if row >= 0 else None
        if cell is None:
            self.problem.emit("Select a follow-up to remove.")
            return
        self.remove_requested.emit(int(cell.data(Qt.ItemDataRole.UserRole)))

    def _toggled(self, cell: QTableWidgetItem) -> None:
        if cell.column() == 0:
            self.done_toggled.emit(int(cell.data(Qt.ItemDataRole.UserRole)), cell.checkState() == Qt.CheckState.Checked)
