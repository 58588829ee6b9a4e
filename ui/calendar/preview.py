"""The import preview: what will be created, updated and cancelled, before it happens.

The plan was computed in full on the database worker; here the rep reviews it, picks
the account for each new series (suggested from attendees' email domains), and applies
it, again on the worker, in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from precall.calendar.apply import ImportResult, apply_plan
from precall.calendar.plan import Action, ImportPlan
from precall.calendar.suggest import SKIP, AccountChoice
from precall.domain.accounts import Account
from ui.changes import Area

if TYPE_CHECKING:
    from precall.errors import PrecallError
    from ui.context import AppContext

GROUPS = ((Action.CREATE, "Will be created"), (Action.UPDATE, "Will be updated"),
          (Action.CANCEL, "Will be cancelled"), (Action.SKIP, "Skipped"), (Action.UNCHANGED, "Unchanged"))


class ImportPreviewDialog(QDialog):
    imported = Signal(object)

    def __init__(self, ctx: "AppContext", plan: ImportPlan, accounts: list[Account], source_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.accounts = accounts
        # Not self.result: that would hide QDialog.result().
        self.import_result: ImportResult | None = None
        self.setWindowTitle(f"Import calendar: {source_label}")
        self.setAccessibleName("Calendar import preview")
        self.resize(820, 620)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        layout.addWidget(self.summary)
        if plan.notes:
            notes = QLabel("\n".join(plan.notes), self)
            notes.setWordWrap(True)
            notes.setAccessibleName("Import notes")
            layout.addWidget(notes)
        self.accounts_label = QLabel("Accounts for the new meetings (suggested from the attendees' email):", self)
        layout.addWidget(self.accounts_label)
        self.account_table = QTableWidget(0, 3, self)
        self.account_table.setAccessibleName("Accounts for new meetings")
        self.account_table.setHorizontalHeaderLabels(["Event", "Meetings", "Account"])
        self.account_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.account_table.verticalHeader().setVisible(False)
        self.account_table.setMaximumHeight(190)
        self.combos: dict[str, QComboBox] = {}
        layout.addWidget(self.account_table)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Changes to meetings")
        self.tree.setHeaderLabels(["When", "Meeting", "Account", "Details"])
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAccessibleName("Import error")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import these changes")
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.apply)
        self._fill_accounts()
        self.refresh()

    # building -----------------------------------------------------------------
    def _fill_accounts(self) -> None:
        uids = list(self.plan.suggestions)
        self.account_table.setRowCount(len(uids))
        for row, uid in enumerate(uids):
            entries = [e for e in self.plan.entries if e.uid == uid and e.action is Action.CREATE]
            title = entries[0].title if entries else uid
            self.account_table.setItem(row, 0, _readonly(title))
            self.account_table.setItem(row, 1, _readonly(str(len(entries))))
            combo = QComboBox(self.account_table)
            combo.setAccessibleName(f"Account for {title}")
            suggestion = self.plan.suggestions[uid]
            choices: list[AccountChoice] = []
            if suggestion.is_new:
                choices.append(suggestion)
            choices += [AccountChoice(a.id, a.name) for a in self.accounts]
            choices.append(SKIP)
            for choice in choices:
                combo.addItem(choice.label, choice)
            current = self.plan.assignments.get(uid, suggestion)
            combo.setCurrentIndex(next((i for i, c in enumerate(choices) if _same(c, current)), len(choices) - 1))
            combo.currentIndexChanged.connect(lambda _=0, u=uid, c=combo: self._choose(u, c.currentData()))
            self.account_table.setCellWidget(row, 2, combo)
            self.combos[uid] = combo
        self.account_table.resizeColumnsToContents()
        self.account_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        has_new = bool(uids)
        self.account_table.setVisible(has_new)
        self.accounts_label.setVisible(has_new)

    def _choose(self, uid: str, choice: AccountChoice) -> None:
        self.plan.assign(uid, choice)
        self.refresh()

    def refresh(self) -> None:
        counts = self.plan.counts()
        self.summary.setText(
            f"{counts['create']} new, {counts['update']} updated, {counts['cancel']} cancelled, "
            f"{counts['unchanged']} unchanged, {counts['skip']} skipped. Nothing is changed until you "
            "press Import; your preparation for meetings already in Precall is kept.")
        self.tree.clear()
        for action, label in GROUPS:
            entries = [e for e in self.plan.entries if self.plan.effective_action(e) is action]
            group = QTreeWidgetItem([f"{label} ({len(entries)})"])
            group.setData(0, Qt.ItemDataRole.UserRole, action.value)
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for entry in entries:
                local = entry.start.astimezone(ZoneInfo(entry.tz))
                account = (self.plan.assignments[entry.uid].label if entry.action is Action.CREATE
                           and entry.uid in self.plan.assignments else entry.account_name)
                group.addChild(QTreeWidgetItem([f"{local:%a %d %b %Y %H:%M} ({entry.tz})", entry.title, account,
                                                "; ".join(entry.changes)]))
            group.setExpanded(action not in (Action.UNCHANGED, Action.SKIP) and bool(entries))
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(2)
        self.import_button.setEnabled(self.plan.changes_anything)
        if not self.plan.changes_anything:
            self.import_button.setToolTip("Nothing to import: the calendar matches Precall.")

    def group(self, action: Action) -> QTreeWidgetItem:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == action.value:
                return item
        raise KeyError(action)

    # applying -----------------------------------------------------------------
    def apply(self) -> None:
        if not self.import_button.isEnabled():
            return
        self.import_button.setEnabled(False)
        self.error.hide()
        plan = self.plan
        self.ctx.tasks.db(lambda store: apply_plan(store, plan), owner=self).changes(
            Area.MEETINGS, Area.ACCOUNTS).success(self._applied).failure(self._failed).ended(
            lambda: self.import_button.setEnabled(self.plan.changes_anything)).run()

    def _applied(self, result: ImportResult) -> None:
        self.import_result = result
        self.imported.emit(result)
        self.accept()

    def _failed(self, error: "PrecallError") -> None:
        self.error.setText(str(error))
        self.error.show()


def _readonly(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _same(a: AccountChoice, b: AccountChoice) -> bool:
    return (a.account_id, a.account_name if a.account_id is None else "") == \
        (b.account_id, b.account_name if b.account_id is None else "")
