"""The "New meeting" dialog: title, account (pick one or type a new name), start,
duration, time zone and attendees. Problems are shown under the field that caused them
(``ValidationError.field``); nothing is saved until everything is valid, and then the
account (if new) and the meeting are created in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QSpinBox, QVBoxLayout, QWidget)

from precall.domain.accounts import Account, Contact
from precall.errors import PrecallError, ValidationError
from precall.timeparse import parse_when
from ui.changes import Area, OpChanges
from ui.meetings.zones import time_zone_combo
from ui.widgets.field_error import FieldErrors

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext


def create_meeting(store: "Store", account_name: str, title: str, start: datetime, end: datetime, tz: str,
                   attendee_ids: list[int]) -> int:
    """Create the account if it is new, then the meeting; all or nothing."""
    with store.write():
        account = store.accounts.by_name(account_name)
        if account is None:
            account = store.accounts.create(account_name)
        meeting = store.meetings.create(account.id, title, start, end, tz, attendee_ids=attendee_ids)
    return meeting.id


class NewMeetingDialog(QDialog):
    #: The new meeting's id, once it is committed.
    created = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("New meeting")
        self.setMinimumWidth(460)
        self.errors = FieldErrors()
        self._accounts: list[Account] = []
        self._contacts: dict[int, list[Contact]] = {}
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("e.g. Discovery call with the CFO")
        self.account = QComboBox(self)
        self.account.setEditable(True)
        self.account.setAccessibleName("Account")
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        account_line = self.account.lineEdit()
        if account_line is not None:  # always: the combo was just made editable
            account_line.setPlaceholderText("Pick an account or type a new name")
        self.start = QLineEdit(self)
        self.start.setAccessibleName("Start")
        self.start.setPlaceholderText("YYYY-MM-DD HH:MM, e.g. 2026-11-23 14:00")
        self.duration = QSpinBox(self)
        self.duration.setAccessibleName("Duration in minutes")
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(" min")
        self.tz = time_zone_combo(self)
        self.attendees = QListWidget(self)
        self.attendees.setAccessibleName("Attendees")
        self.attendees_hint = QLabel("Pick an existing account to choose attendees; contacts can be added later.", self)
        self.attendees_hint.setWordWrap(True)
        when = QHBoxLayout()
        when.addWidget(self.start, 3)
        when.addWidget(self.duration, 1)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("", self.errors.add("title", self))
        form.addRow("Account", self.account)
        form.addRow("", self.errors.add("account", self))
        form.addRow("Start, duration", when)
        form.addRow("", self.errors.add("start", self))
        form.addRow("", self.errors.add("end", self))
        form.addRow("Time zone", self.tz)
        form.addRow("", self.errors.add("tz", self))
        form.addRow("Attendees", self.attendees)
        form.addRow("", self.attendees_hint)
        form.addRow("", self.errors.add("attendees", self))
        self.general = self.errors.add("general", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Create meeting")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.account.currentTextChanged.connect(self._account_changed)
        start = (ctx.clock.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        self.start.setText(f"{start.astimezone(self._zone()):%Y-%m-%d} 10:00")
        ctx.tasks.db(lambda store: (store.accounts.list(), {a.id: store.accounts.contacts(a.id)
                                                             for a in store.accounts.list()}),
                     owner=self).success(self._accounts_loaded).run()

    def _zone(self):  # noqa: ANN202 - a tzinfo
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(self.tz.currentText())
        except Exception:
            return None

    def _accounts_loaded(self, loaded: tuple[list[Account], dict[int, list[Contact]]]) -> None:
        self._accounts, self._contacts = loaded
        typed = self.account.currentText()
        self.account.blockSignals(True)
        self.account.clear()
        self.account.addItems([a.name for a in self._accounts])
        self.account.setCurrentText(typed)
        self.account.blockSignals(False)
        self._account_changed(typed)

    def _account_changed(self, name: str) -> None:
        account = next((a for a in self._accounts if a.name.casefold() == name.strip().casefold()), None)
        self.attendees.clear()
        contacts = self._contacts.get(account.id, []) if account else []
        for contact in contacts:
            label = contact.name + (f" — {contact.title}" if contact.title else "")
            item = QListWidgetItem(label, self.attendees)
            item.setData(Qt.ItemDataRole.UserRole, contact.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.attendees.setVisible(bool(contacts))
        if account is None and name.strip():
            self.attendees_hint.setText(f"A new account “{name.strip()}” will be created; add its contacts later.")
        else:
            self.attendees_hint.setText("" if contacts else "This account has no contacts yet.")
        self.attendees_hint.setVisible(bool(self.attendees_hint.text()))

    def checked_attendees(self) -> list[int]:
        return [int(self.attendees.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.attendees.count())
                if self.attendees.item(n).checkState() == Qt.CheckState.Checked]

    def submit(self) -> None:
        """Check what can be checked here, then create in one database task."""
        self.errors.clear()
        title = self.title_edit.text().strip()
        account = self.account.currentText().strip()
        tz = self.tz.currentText().strip()
        problems = False
        if not title:
            problems = self.errors.show("title", "A meeting needs a title.")
        if not account:
            problems = self.errors.show("account", "Pick an account or type the name of a new one.")
        try:
            start = parse_when(self.start.text(), tz, field="start")
        except ValidationError as error:
            self.errors.show(error.field if error.field in self.errors.labels else "start", str(error))
            return
        if problems:
            return
        end = start + timedelta(minutes=self.duration.value())
        attendees = self.checked_attendees()
        self.buttons.setEnabled(False)
        self.ctx.tasks.db(lambda store: create_meeting(store, account, title, start, end, tz, attendees),
                          owner=self).changes_from(
            lambda meeting_id: OpChanges.of(Area.MEETINGS, Area.ACCOUNTS, meeting_id=meeting_id)).success(
            self._created).failure(self._failed).ended(lambda: self.buttons.setEnabled(True)).run()

    def _created(self, meeting_id: int) -> None:
        self.created.emit(meeting_id)
        self.accept()

    def _failed(self, error: PrecallError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        if field == "name":
            field = "account"
        if not self.errors.show(field, str(error)):
            self.errors.show("general", str(error))
