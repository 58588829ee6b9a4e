"""The "Debrief" meeting tab: after the call, what held, what was learned, what was
promised, and closing the meeting.

Marks and notes go straight to the account's matrix (``precall.debrief``), so the next
meeting's brief starts from them. Every edit is saved at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from precall import debrief
from precall.domain.matrix import MatrixItem, MatrixRole, MatrixRow
from precall.domain.meetings import Meeting, MeetingStatus
from precall.plans.model import FollowUp
from ui.changes import Area, OpChanges
from ui.debrief.followups import FollowUpsBox
from ui.plan.common import MeetingEditorTab, inline_failure, scrolling_pages, show_status, status_label

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.debrief")

OUTCOME_CHOICES = (("Not discussed", None), ("Confirmed", "confirmed"), ("Refuted", "refuted"))


@dataclass(frozen=True)
class DebriefData:
    meeting: Meeting
    entries: list[debrief.DebriefEntry]
    roles: list[MatrixRole]
    rows: list[MatrixRow]
    followups: list[FollowUp]


def load_debrief(store: "Store", meeting_id: int) -> DebriefData:
    meeting = store.meetings.get(meeting_id)
    role_ids = store.meetings.attendee_role_ids(meeting_id)
    return DebriefData(
        meeting=meeting,
        entries=debrief.debrief_entries(store, meeting_id),
        roles=[store.matrix.role(role_id) for role_id in role_ids],
        rows=store.matrix.rows(meeting.account_id),
        followups=store.followups.for_meeting(meeting_id),
    )


class DebriefView(MeetingEditorTab):
    title = "Debrief"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._data: DebriefData | None = None
        self.outcomes: dict[int, QComboBox] = {}
        self.item_notes: dict[int, QLineEdit] = {}
        self.setAccessibleName("Debrief")

        self._stack, body, layout = scrolling_pages(self, "Choose a meeting to debrief it after the call.")

        top = QHBoxLayout()
        self.state = QLabel("", body)
        self.state.setAccessibleName("Meeting state")
        top.addWidget(self.state, 1)
        self.done_button = QPushButton("Mark meeting &done", body)
        self.done_button.setShortcut("Ctrl+Shift+D")
        self.done_button.clicked.connect(self._mark_done)
        top.addWidget(self.done_button)
        layout.addLayout(top)
        self.error = status_label(body, "Debrief error")
        self.error.setStyleSheet("color: #a40000;")
        layout.addWidget(self.error)

        held = QGroupBox("Did the assumptions hold? (the attendees' roles)", body)
        held_layout = QVBoxLayout(held)
        self.items = QTableWidget(0, 4, held)
        self.items.setHorizontalHeaderLabels(["Role · row", "Assumption (status now)", "In this call", "Note"])
        self.items.setAccessibleName("Assumptions to confirm or refute")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.verticalHeader().setDefaultSectionSize(44)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.items.setMinimumHeight(380)
        held_layout.addWidget(self.items)
        self.no_items = QLabel("No assumptions for the attendees' roles yet: give attendees a role and fill the matrix.",
                               held)
        self.no_items.setWordWrap(True)
        held_layout.addWidget(self.no_items)
        layout.addWidget(held)

        learned = QGroupBox("What we learned (becomes a confirmed item of the account's matrix)", body)
        l_layout = QHBoxLayout(learned)
        self.learn_role = QComboBox(learned)
        self.learn_role.setAccessibleName("Role")
        self.learn_row = QComboBox(learned)
        self.learn_row.setAccessibleName("Row")
        self.learn_text = QLineEdit(learned)
        self.learn_text.setPlaceholderText("What did you learn? e.g. A new CIO starts in January")
        self.learn_text.setAccessibleName("What we learned")
        self.learn_text.returnPressed.connect(self._add_learning)
        self.learn_button = QPushButton("Add to &matrix", learned)
        self.learn_button.clicked.connect(self._add_learning)
        for widget in (self.learn_role, self.learn_row):
            l_layout.addWidget(widget)
        l_layout.addWidget(self.learn_text, 1)
        l_layout.addWidget(self.learn_button)
        layout.addWidget(learned)

        self.follow = FollowUpsBox(body)
        self.follow.add_requested.connect(self._add_followup)
        self.follow.remove_requested.connect(
            lambda followup_id: self._write(lambda store: store.followups.remove(followup_id), changes=Area.FOLLOWUPS))
        self.follow.done_toggled.connect(self._followup_done)
        self.follow.problem.connect(lambda text: show_status(self.error, text))
        layout.addWidget(self.follow)

        summary = QGroupBox("Debrief notes", body)
        s_layout = QVBoxLayout(summary)
        self.summary = QPlainTextEdit(summary)
        self.summary.setPlaceholderText("How did it go? What surprised you? What would you do differently?")
        self.summary.setAccessibleName("Debrief notes")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(90)
        self.summary.textChanged.connect(self._summary_edited)
        s_layout.addWidget(self.summary)
        layout.addWidget(summary)
        layout.addStretch(1)

    def _clear(self) -> None:
        self._data = None
        self._stack.setCurrentIndex(0)

    def reload(self) -> None:
        if self._meeting_id is not None:
            self._load()

    # loading ------------------------------------------------------------------------
    def _load(self) -> None:
        meeting_id = self._meeting_id
        if meeting_id is None:  # callers load only while a meeting is shown
            return

        def show(data: DebriefData) -> None:
            if meeting_id == self._meeting_id:
                self._show(data)

        self.ctx.tasks.db(lambda store: load_debrief(store, meeting_id), owner=self).latest("load").success(
            show).failure(inline_failure(self.error, "Could not load the debrief")).run()

    def _show(self, data: DebriefData) -> None:
        self._data = data
        meeting = data.meeting
        done = meeting.status is MeetingStatus.DONE
        self.state.setText({
            MeetingStatus.DONE: "This meeting is done. Edits still land on the account's matrix.",
            MeetingStatus.CANCELLED: "This meeting was cancelled.",
        }.get(meeting.status, self._planned_text(meeting)))
        self.done_button.setEnabled(not done and meeting.status is not MeetingStatus.CANCELLED)
        self._show_entries(data.entries)
        self._fill_combo(self.learn_role, [(role.name, role.id) for role in data.roles])
        self._fill_combo(self.learn_row, [(row.label, row.id) for row in data.rows])
        self.learn_button.setEnabled(bool(data.roles))
        self.follow.show_followups(data.followups, self.ctx.clock.now().date())
        if not self.summary.hasFocus() and self.summary.toPlainText() != meeting.debrief:
            self.summary.blockSignals(True)
            self.summary.setPlainText(meeting.debrief)
            self.summary.blockSignals(False)
        show_status(self.error, "")
        self._stack.setCurrentIndex(1)

    def _planned_text(self, meeting: Meeting) -> str:
        if meeting.end > self.ctx.clock.now():
            return (f"{meeting.title} has not ended yet: the debrief is for after the call. "
                    "Anything you mark now still lands on the account's matrix.")
        return f"{meeting.title} with {meeting.account} is over: how did it go?"

    def _show_entries(self, entries: list[debrief.DebriefEntry]) -> None:
        self.outcomes.clear()
        self.item_notes.clear()
        self.items.setRowCount(len(entries))
        self.no_items.setVisible(not entries)
        for row, entry in enumerate(entries):
            item = entry.item
            self.items.setItem(row, 0, QTableWidgetItem(f"{entry.role} · {entry.row_label}"))
            text = QTableWidgetItem(f"{item.text}  ({item.status.label.lower()})")
            text.setToolTip(item.text)
            self.items.setItem(row, 1, text)
            combo = QComboBox(self.items)
            combo.setAccessibleName(f"Outcome of: {item.text}")
            for label, value in OUTCOME_CHOICES:
                combo.addItem(label, value)
            combo.setCurrentIndex(combo.findData(entry.outcome.status) if entry.outcome else 0)
            combo.currentIndexChanged.connect(lambda _i, item_id=item.id: self._outcome_changed(item_id))
            self.items.setCellWidget(row, 2, combo)
            note = QLineEdit(item.note, self.items)
            note.setPlaceholderText("What did you hear?")
            note.setAccessibleName(f"Note on: {item.text}")
            note.editingFinished.connect(lambda item_id=item.id: self._note_finished(item_id))
            self.items.setCellWidget(row, 3, note)
            self.outcomes[item.id] = combo
            self.item_notes[item.id] = note

    @staticmethod
    def _fill_combo(combo: QComboBox, choices: list[tuple[str, int]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for label, value in choices:
            combo.addItem(label, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    # editing ------------------------------------------------------------------------
    def _write(self, fn: Callable[["Store"], Any], *, changes: Area, reload: bool = True,
               after: Callable[[Any], None] | None = None) -> None:
        meeting_id = self._meeting_id
        account_id = self._data.meeting.account_id if self._data else None

        def saved(result: object) -> None:
            if meeting_id != self._meeting_id:
                return
            if after is not None:
                after(result)
            if reload:
                self.reload()

        self.ctx.tasks.db(fn, owner=self).changes(changes, account_id=account_id, meeting_id=meeting_id).success(
            saved).failure(inline_failure(self.error, "Not saved")).run()

    def _outcome_changed(self, item_id: int) -> None:
        meeting_id, status = self._meeting_id, self.outcomes[item_id].currentData()
        note = self.item_notes[item_id].text()
        if meeting_id is not None:
            self._write(lambda store: debrief.record_outcome(store, meeting_id, item_id, status, note),
                        changes=Area.MATRIX, reload=False, after=self._item_saved)

    def _note_finished(self, item_id: int) -> None:
        meeting_id, note = self._meeting_id, self.item_notes[item_id].text()
        entry = next((e for e in (self._data.entries if self._data else []) if e.item.id == item_id), None)
        if meeting_id is None or entry is None or note.strip() == entry.item.note:
            return
        status = self.outcomes[item_id].currentData()
        self._write(lambda store: debrief.record_outcome(store, meeting_id, item_id, status, note), changes=Area.MATRIX,
                    reload=False, after=self._item_saved)

    def _item_saved(self, item: MatrixItem) -> None:
        """Show the item's new status in place: rebuilding the table would lose focus."""
        if self._data is None:
            return
        entries = [replace(e, item=item) if e.item.id == item.id else e for e in self._data.entries]
        self._data = replace(self._data, entries=entries)
        row = next((i for i, e in enumerate(entries) if e.item.id == item.id), None)
        cell = self.items.item(row, 1) if row is not None else None
        if cell is not None:
            cell.setText(f"{item.text}  ({item.status.label.lower()})")

    def _add_learning(self) -> None:
        meeting_id, text = self._meeting_id, self.learn_text.text()
        role_id, row_id = self.learn_role.currentData(), self.learn_row.currentData()
        if meeting_id is None or role_id is None or row_id is None:
            show_status(self.error, "Give at least one attendee a role to add what you learned to their column.")
            return
        if not text.strip():
            show_status(self.error, "Write what you learned first.")
            return
        self.learn_text.clear()
        self._write(lambda store: debrief.add_learning(store, meeting_id, role_id, row_id, text), changes=Area.MATRIX)

    def _add_followup(self, text: str, due: date, ten_percent: bool) -> None:
        meeting_id = self._meeting_id
        if meeting_id is not None:
            self._write(lambda store: store.followups.add(meeting_id, text, due, ten_percent=ten_percent),
                        changes=Area.FOLLOWUPS)

    def _followup_done(self, followup_id: int, done: bool) -> None:
        self._write(lambda store: store.followups.set_done(followup_id, done), changes=Area.FOLLOWUPS, reload=False)

    def _summary_edited(self) -> None:
        if self._meeting_id is not None:
            self._saves.push(str(self._meeting_id), self.summary.toPlainText())

    def _save(self, key: str, text: str) -> None:
        meeting_id = int(key)
        self._write(lambda store: debrief.save_summary(store, meeting_id, text), changes=Area.MEETINGS, reload=False)

    def _mark_done(self) -> None:
        meeting_id = self._meeting_id
        if meeting_id is None:
            return
        self._saves.flush()
        self._write(lambda store: debrief.mark_done(store, meeting_id), changes=Area.MEETINGS)

    def _on_changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or self._data is None:
            return
        if changes.meeting_id in (None, self._meeting_id) \
                and changes.touches(Area.MATRIX, Area.MEETINGS, Area.FOLLOWUPS) \
                and (changes.account_id in (None, self._data.meeting.account_id)) and not self._saves.has_pending():
            self.reload()


def debrief_tab(ctx: "AppContext") -> DebriefView:
    return DebriefView(ctx)
