"""Add or edit a contact of an account: name, title, email and matrix role. Problems
are shown under the field; nothing is saved until the store accepts it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from precall.domain.accounts import Contact
from precall.errors import PrecallError, ValidationError
from ui.changes import Area
from ui.widgets.field_error import FieldErrors, save_cancel_form

if TYPE_CHECKING:
    from ui.context import AppContext


class ContactDialog(QDialog):
    def __init__(self, ctx: "AppContext", account_id: int, contact: Contact | None, roles: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account_id = account_id
        self.contact = contact
        self.setWindowTitle("Edit contact" if contact else "Add contact")
        self.errors = FieldErrors()
        self.name = QLineEdit(contact.name if contact else "", self)
        self.name.setAccessibleName("Name")
        self.title_edit = QLineEdit(contact.title if contact else "", self)
        self.title_edit.setAccessibleName("Title")
        self.email = QLineEdit(contact.email if contact else "", self)
        self.email.setAccessibleName("Email")
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.setAccessibleName("Matrix role")
        self.role.addItems([""] + roles)
        self.role.setCurrentText(contact.role if contact else "")
        self.buttons = save_cancel_form(self, self.errors, (
            ("Name", self.name, "name"), ("Title", self.title_edit, "title"),
            ("Email", self.email, "email"), ("Matrix role", self.role, "role")), self.save)

    def save(self) -> None:
        self.errors.clear()
        values = {"name": self.name.text(), "title": self.title_edit.text(), "email": self.email.text(),
                  "role": self.role.currentText()}
        if not values["name"].strip():
            self.errors.show("name", "A contact needs a name.")
            return
        account_id, contact = self.account_id, self.contact
        if contact is None:
            fn = lambda store: store.accounts.add_contact(account_id, **values)  # noqa: E731
        else:
            contact_id = contact.id
            fn = lambda store: store.accounts.update_contact(contact_id, **values)  # noqa: E731
        self.buttons.setEnabled(False)
        self.ctx.tasks.db(fn, owner=self).changes(Area.ACCOUNTS, Area.MATRIX, account_id=account_id).success(
            lambda _contact: self.accept()).failure(self._failed).ended(lambda: self.buttons.setEnabled(True)).run()

    def _failed(self, error: PrecallError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        if not self.errors.show(field, str(error)):
            self.errors.show("name", str(error))
