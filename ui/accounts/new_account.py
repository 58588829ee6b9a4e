"""The "New account" dialog: name, website, industry and notes, checked by the store;
problems are shown under the field and nothing is saved until it is valid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit, QWidget

from precall.errors import PrecallError, ValidationError
from ui.changes import Area, OpChanges
from ui.widgets.field_error import FieldErrors, save_cancel_form

if TYPE_CHECKING:
    from ui.context import AppContext


class NewAccountDialog(QDialog):
    created = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("New account")
        self.setMinimumWidth(420)
        self.errors = FieldErrors()
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name")
        self.website = QLineEdit(self)
        self.website.setAccessibleName("Website")
        self.website.setPlaceholderText("example.com")
        self.industry = QLineEdit(self)
        self.industry.setAccessibleName("Industry")
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.buttons = save_cancel_form(self, self.errors, (
            ("Name", self.name, "name"), ("Website", self.website, "website"),
            ("Industry", self.industry, "industry"), ("Notes", self.notes, "notes")), self.submit)

    def submit(self) -> None:
        self.errors.clear()
        name, website, industry, notes = (self.name.text(), self.website.text(), self.industry.text(),
                                          self.notes.toPlainText())
        if not name.strip():
            self.errors.show("name", "An account needs a name.")
            return
        self.buttons.setEnabled(False)
        self.ctx.tasks.db(lambda store: store.accounts.create(name, website, industry, notes).id, owner=self) \
            .changes_from(lambda account_id: OpChanges.of(Area.ACCOUNTS, account_id=account_id)) \
            .success(self._created).failure(self._failed).ended(lambda: self.buttons.setEnabled(True)).run()

    def _created(self, account_id: int) -> None:
        self.created.emit(account_id)
        self.accept()

    def _failed(self, error: PrecallError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        if not self.errors.show(field, str(error)):
            self.errors.show("name", str(error))
