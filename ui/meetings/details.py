"""The "Meeting" tab: the meeting's time, place, purpose and status, its account and who
attends. Every field saves itself: text after a 400 ms pause (or on leaving the field),
choices at once; each save is one database task, and a problem is shown under the field.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QScrollArea, QVBoxLayout, QWidget)

from precall.domain.accounts import Account, Contact
from precall.domain.meetings import Meeting, MeetingStatus
from precall.errors import PrecallError, ValidationError
from precall.timeparse import parse_when
from ui.changes import Area, OpChanges
from ui.meetings.attendees import AttendeesPanel
from ui.meetings.zones import time_zone_combo
from ui.widgets.debounce import Debouncer
from ui.widgets.field_error import FieldErrors

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.meetings")

MEETING_TEXT = ("title", "location", "customer_benefit", "best_commitment", "min_commitment", "relationship_purpose")
ACCOUNT_TEXT = ("name", "website", "industry", "notes")
TIME_FORMAT = "%Y-%m-%d %H:%M"


class MeetingDetails(QWidget):
    #: Emitted after a save was committed (for the status bar).
    saved = Signal(str)
    #: The attendees panel asks for a contact dialog (contact id or None for a new one).
    contact_requested = Signal(object)
    contact_remove_requested = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False  # True while a loaded meeting fills the fields: not an edit to save
        self.ctx = ctx
        self.meeting: Meeting | None = None
        self.account: Account | None = None
        self.errors = FieldErrors()
        self.debouncer = Debouncer(self._save, parent=self)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}

        body = QWidget(self)
        form_layout = QVBoxLayout(body)
        meeting_box = QGroupBox("Meeting", body)
        meeting_form = QFormLayout(meeting_box)
        self._line(meeting_form, "meeting:title", "Title")
        self.status = QComboBox(meeting_box)
        self.status.setAccessibleName("Status")
        for status in MeetingStatus:
            self.status.addItem(status.value.capitalize(), status.value)
        meeting_form.addRow("Status", self.status)
        when = QWidget(meeting_box)
        when_layout = QHBoxLayout(when)
        when_layout.setContentsMargins(0, 0, 0, 0)
        self.start = QLineEdit(when)
        self.start.setAccessibleName("Start")
        self.start.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.end = QLineEdit(when)
        self.end.setAccessibleName("End")
        self.end.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.tz = time_zone_combo(when)
        when_layout.addWidget(self.start, 2)
        when_layout.addWidget(QLabel("to", when))
        when_layout.addWidget(self.end, 2)
        when_layout.addWidget(self.tz, 3)
        meeting_form.addRow("When", when)
        for field in ("start", "end", "tz"):
            meeting_form.addRow("", self.errors.add(f"meeting:{field}", meeting_box))
        self._line(meeting_form, "meeting:location", "Place or link")

        purpose_box = QGroupBox("Purpose: what the customer gets, and the call to action", body)
        purpose_form = QFormLayout(purpose_box)
        self._text(purpose_form, "meeting:customer_benefit", "Customer benefit", 3)
        self._line(purpose_form, "meeting:best_commitment", "Best commitment")
        self._line(purpose_form, "meeting:min_commitment", "Minimum acceptable")
        self._line(purpose_form, "meeting:relationship_purpose", "Relationship purpose")

        account_box = QGroupBox("Account", body)
        account_form = QFormLayout(account_box)
        self._line(account_form, "account:name", "Name")
        self._line(account_form, "account:website", "Website")
        self._line(account_form, "account:industry", "Industry")
        self._text(account_form, "account:notes", "Notes", 3)

        people_box = QGroupBox("Attendees and contacts", body)
        people_layout = QVBoxLayout(people_box)
        self.attendees = AttendeesPanel(people_box)
        people_layout.addWidget(self.attendees)
        people_layout.addWidget(self.errors.add("meeting:attendees", people_box))

        form_layout.addWidget(meeting_box)
        form_layout.addWidget(purpose_box)
        form_layout.addWidget(account_box)
        form_layout.addWidget(people_box)
        form_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.status.activated.connect(lambda _: self._save_now("meeting:status", self.status.currentData()))
        for widget in (self.start, self.end):
            widget.editingFinished.connect(self._save_times)
        self.tz.activated.connect(lambda _: self._save_times())
        self.attendees.model.attendance_changed.connect(self._attendance_changed)
        self.attendees.add_contact.connect(lambda: self.contact_requested.emit(None))
        self.attendees.edit_contact.connect(self.contact_requested.emit)
        self.attendees.remove_contact.connect(self.contact_remove_requested.emit)
        self.setEnabled(False)

    # building ---------------------------------------------------------------
    def _line(self, form: QFormLayout, key: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(label)
        edit.setObjectName(key.replace(":", "_"))
        edit.textEdited.connect(lambda text: self.debouncer.push(key, text))
        edit.editingFinished.connect(self.debouncer.flush)
        form.addRow(label, edit)
        form.addRow("", self.errors.add(key, self))
        self.fields[key] = edit
        return edit

    def _text(self, form: QFormLayout, key: str, label: str, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(label)
        edit.setObjectName(key.replace(":", "_"))
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        edit.textChanged.connect(lambda: self._text_changed(key, edit))
        form.addRow(label, edit)
        form.addRow("", self.errors.add(key, self))
        self.fields[key] = edit
        return edit

    def _text_changed(self, key: str, edit: QPlainTextEdit) -> None:
        if not self._filling:
            self.debouncer.push(key, edit.toPlainText())

    # showing ----------------------------------------------------------------
    def show_meeting(self, meeting: Meeting, account: Account, contacts: list[Contact]) -> None:
        """Fill the fields; a field with an unsaved edit keeps what the user typed."""
        same = self.meeting is not None and self.meeting.id == meeting.id
        if not same:
            self.debouncer.flush()
            self.errors.clear()
        self.meeting, self.account = meeting, account
        self._filling = True
        try:
            values: dict[str, Any] = {f"meeting:{n}": getattr(meeting, n) for n in MEETING_TEXT}
            values.update({f"account:{n}": getattr(account, n) for n in ACCOUNT_TEXT})
            for key, value in values.items():
                widget = self.fields[key]
                if same and (self.debouncer.has_pending(key) or widget.hasFocus()):
                    continue
                if isinstance(widget, QLineEdit):
                    if widget.text() != value:
                        widget.setText(value)
                elif widget.toPlainText() != value:
                    widget.setPlainText(value)
            self.status.setCurrentIndex(max(0, self.status.findData(meeting.status.value)))
            if not (same and (self.start.hasFocus() or self.end.hasFocus())):
                self.start.setText(meeting.local_start.strftime(TIME_FORMAT))
                self.end.setText(meeting.local_end.strftime(TIME_FORMAT))
                index = self.tz.findText(meeting.tz)
                if index < 0:
                    self.tz.addItem(meeting.tz)
                    index = self.tz.findText(meeting.tz)
                self.tz.setCurrentIndex(index)
            self.attendees.model.set_contacts(contacts, meeting.attendee_ids)
        finally:
            self._filling = False
        self.setEnabled(True)

    def clear(self) -> None:
        self.debouncer.flush()
        self.meeting = self.account = None
        self.setEnabled(False)

    def flush(self) -> None:
        self.debouncer.flush()

    # saving -----------------------------------------------------------------
    def _save_now(self, key: str, value: Any) -> None:
        self.debouncer.push(key, value)
        self.debouncer.flush()

    def _save_times(self) -> None:
        if self.meeting is None or self._filling:
            return
        tz = self.tz.currentText().strip()
        try:
            start = parse_when(self.start.text(), tz, field="start")
            end = parse_when(self.end.text(), tz, field="end")
        except ValidationError as error:
            self.errors.clear("meeting:start")
            self.errors.clear("meeting:end")
            self.errors.show(f"meeting:{error.field}", str(error))
            return
        if (start, end, tz) == (self.meeting.start, self.meeting.end, self.meeting.tz):
            return
        if end < start:
            self.errors.show("meeting:end", "The meeting ends before it starts.")
            return
        self._save_now("meeting:slot", {"start": start, "end": end, "tz": tz})

    def _attendance_changed(self, contact_id: int, attends: bool) -> None:
        ids = self.attendees.model.attending
        if attends:
            ids.add(contact_id)
        else:
            ids.discard(contact_id)
        self._save_now("meeting:attendees", sorted(ids))

    def _save(self, key: str, value: Any) -> None:
        """Write one field; runs when the debouncer fires."""
        if self.meeting is None or self.account is None:
            return
        area, field = key.split(":", 1)
        meeting_id, account_id = self.meeting.id, self.account.id
        if area == "account":
            fn = lambda store: store.accounts.update(account_id, **{field: value})  # noqa: E731
            changes = OpChanges.of(Area.ACCOUNTS, Area.MEETINGS, account_id=account_id)
        elif field == "slot":
            fn = lambda store: store.meetings.update(meeting_id, **value)  # noqa: E731
            changes = OpChanges.of(Area.MEETINGS, meeting_id=meeting_id)
        elif field == "attendees":
            fn = lambda store: store.meetings.update(meeting_id, attendee_ids=value)  # noqa: E731
            changes = OpChanges.of(Area.MEETINGS, meeting_id=meeting_id, account_id=account_id)
        else:
            fn = lambda store: store.meetings.update(meeting_id, **{field: value})  # noqa: E731
            changes = OpChanges.of(Area.MEETINGS, meeting_id=meeting_id)

        def done(_: object) -> None:
            self.errors.clear(key)
            if field == "slot":
                self.errors.clear("meeting:start")
                self.errors.clear("meeting:end")
                self.errors.clear("meeting:tz")
            self.saved.emit(key)

        def failed(error: PrecallError) -> None:
            # Under the field the store names; else under the edited one; a time problem
            # (the slot has no label of its own) under the start.
            target = f"{area}:{error.field}" if isinstance(error, ValidationError) and error.field else key
            if not self.errors.show(target, str(error)) and not self.errors.show(key, str(error)):
                self.errors.show("meeting:start", str(error))

        self.ctx.tasks.db(fn, owner=self).changes_from(lambda _saved: changes).success(done).failure(failed).run()

