"""The meeting view beside the list: a heading and a QTabWidget with the "Meeting"
details, the account's "Matrix", then one tab per ``ui.extensions.meeting_tabs()``
factory (brief, checklist, debrief…), each told when the meeting changes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from precall.domain.accounts import Account, Contact
from precall.domain.meetings import Meeting
from precall.errors import NotFoundError, PrecallError
from ui.changes import Area, OpChanges
from ui.interfaces import MeetingTab
from ui.matrix.editor import MatrixEditor
from ui.meetings.contact_dialog import ContactDialog
from ui.meetings.details import MeetingDetails
from ui.meetings.zones import system_zone

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.meetings")


def load_meeting(store: "Store", meeting_id: int) -> tuple[Meeting, Account, list[Contact]]:
    meeting = store.meetings.get(meeting_id)
    return meeting, store.accounts.get(meeting.account_id), store.accounts.contacts(meeting.account_id)


class MeetingView(QWidget):
    #: The meeting shown changed (id or None); emitted once it is loaded.
    meeting_loaded = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.meeting: Meeting | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("meetingHeading")
        self.heading.setAccessibleName("Meeting heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("QLabel#meetingHeading { font-size: 15pt; font-weight: 600; }")
        self.subheading = QLabel(self)
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Meeting sections")
        self.tabs.setDocumentMode(True)
        self.details = MeetingDetails(ctx, self)
        self.matrix = MatrixEditor(ctx, self)
        self.tabs.addTab(self.details, "Meeting")
        self.tabs.addTab(self.matrix, "Matrix")
        self.extra_tabs: list[MeetingTab] = []
        from ui.extensions import meeting_tabs

        for factory in meeting_tabs():
            tab = factory(ctx)
            self.extra_tabs.append(tab)
            self.tabs.addTab(tab, tab.title)
        saved_tab = ctx.settings.value("meeting_view/tab")
        if saved_tab is not None and str(saved_tab).isdigit() and int(saved_tab) < self.tabs.count():
            self.tabs.setCurrentIndex(int(saved_tab))
        self.tabs.currentChanged.connect(lambda index: ctx.settings.setValue("meeting_view/tab", index))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.tabs, 1)
        ctx.changes.changed.connect(self._on_changes)
        self.details.saved.connect(lambda _: self._status("Saved."))
        self.details.contact_requested.connect(self._edit_contact)
        self.details.contact_remove_requested.connect(self._remove_contact)

    # public -----------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        if meeting_id == self.meeting_id:
            return
        self.details.flush()
        self.meeting_id = meeting_id
        if meeting_id is None:
            self.meeting = None
            self.details.clear()
            self.matrix.set_account(None)
            self.heading.setText("")
            self.subheading.setText("")
        else:
            self._load()
        for tab in self.extra_tabs:
            tab.set_meeting(meeting_id)

    def flush(self) -> None:
        """Save what is typed and not yet saved (before switching or closing)."""
        self.details.flush()

    # internals --------------------------------------------------------------
    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 2000)

    def _load(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        self.ctx.tasks.db(lambda store: load_meeting(store, meeting_id), owner=self).latest("load").success(
            lambda loaded: self._show(*loaded)).failure(self._load_failed).run()

    def _show(self, meeting: Meeting, account: Account, contacts: list[Contact]) -> None:
        if meeting.id != self.meeting_id:
            return  # another meeting was chosen meanwhile
        self.meeting = meeting
        self.heading.setText(meeting.title)
        when = f"{meeting.local_start:%A %d %B %Y, %H:%M}–{meeting.local_end:%H:%M} ({meeting.tz})"
        here = system_zone()
        if here != meeting.tz:
            mine = meeting.start.astimezone(ZoneInfo(here))
            if mine.utcoffset() != meeting.local_start.utcoffset():
                when += f" — {mine:%H:%M} your time ({here})"
        self.subheading.setText(f"{account.name} · {when} · {meeting.status.value}")
        self.details.show_meeting(meeting, account, contacts)
        self.matrix.set_account(account.id)
        self.matrix.set_attendees(contacts, meeting.attendee_ids)
        self.meeting_loaded.emit(meeting.id)

    def _load_failed(self, error: PrecallError) -> None:
        if isinstance(error, NotFoundError):
            self.set_meeting(None)
            return
        self.heading.setText(str(error))

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        if self.meeting is None:
            return
        relevant = (
            (changes.touches(Area.MEETINGS) and changes.meeting_id in (None, self.meeting.id))
            or (changes.touches(Area.ACCOUNTS, Area.MATRIX) and changes.account_id in (None, self.meeting.account_id))
        )
        if relevant:
            self._load()

    def _edit_contact(self, contact_id: int | None) -> None:
        if self.meeting is None:
            return
        contact = None
        if contact_id is not None:
            contact = next((c for c in self.details.attendees.model.contacts if c.id == contact_id), None)
        roles = [r.name for r in self.matrix.controller.matrix.roles] if self.matrix.controller.matrix else []
        dialog = ContactDialog(self.ctx, self.meeting.account_id, contact, roles, self)
        dialog.open()

    def _remove_contact(self, contact_id: int) -> None:
        contact = next((c for c in self.details.attendees.model.contacts if c.id == contact_id), None)
        if contact is None or self.meeting is None:
            return
        answer = QMessageBox.question(
            self, "Remove contact",
            f"Remove {contact.name} from {self.meeting.account}? They will also leave every meeting they attend.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        account_id = self.meeting.account_id
        self.ctx.tasks.db(lambda store: store.accounts.delete_contact(contact_id), owner=self).changes(
            Area.ACCOUNTS, Area.MEETINGS, account_id=account_id).run()
