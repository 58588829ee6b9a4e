"""The checklist of one meeting, grouped by due moment, with the waiting-room note.

Used as the "Checklist" meeting tab and inside the "clear your head" screen. Every tick
and note is saved at once through the database worker; other views hear of it through
``ctx.changes`` ("checklist").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from precall.checklist.model import ChecklistItem, Moment
from precall.domain.meetings import Meeting
from ui.changes import Area, OpChanges
from ui.plan.common import MeetingEditorTab, empty_label, inline_failure, show_status, status_label

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.checklist")

NOTE_PLACEHOLDER = "What do you notice? Write it down on the spot, without judgement."


class _ClickableLabel(QLabel):
    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._box.toggle()
        super().mouseReleaseEvent(event)


class ChecklistView(MeetingEditorTab):
    title = "Checklist"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None,
                 moments: Iterable[Moment] | None = None) -> None:
        super().__init__(ctx, parent)
        self._moments = tuple(moments) if moments is not None else tuple(Moment)
        self._items: dict[int, ChecklistItem] = {}
        self.boxes: dict[int, QCheckBox] = {}
        self.notes: dict[int, QPlainTextEdit] = {}
        self.setAccessibleName("Checklist")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.error = status_label(self, "Checklist error")
        outer.addWidget(self.error)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self._scroll, 1)
        self._clear()

    def _clear(self) -> None:
        self._items.clear()
        self.boxes.clear()
        self.notes.clear()
        self._set_body(empty_label("Choose a meeting to see its improvisation-prep checklist.", self))

    # loading ------------------------------------------------------------------------
    def _load(self) -> None:
        meeting_id = self._meeting_id
        if meeting_id is None:  # callers load only while a meeting is shown
            return

        def read(store: "Store") -> tuple[Meeting, list[ChecklistItem]]:
            return store.meetings.get(meeting_id), store.checklists.for_meeting(meeting_id)

        def show(result: tuple[Meeting, list[ChecklistItem]]) -> None:
            if meeting_id == self._meeting_id:
                self._show(*result)

        self.ctx.tasks.db(read, owner=self).latest("load").success(show).failure(
            inline_failure(self.error, "Could not load the checklist")).run()

    def _show(self, meeting: Meeting, items: list[ChecklistItem]) -> None:
        show_status(self.error, "")
        shown = [item for item in items if item.moment in self._moments]
        if [i.id for i in shown] == list(self._items):
            self._refresh_states(shown)
            return
        self._items = {item.id: item for item in shown}
        self.boxes.clear()
        self.notes.clear()
        if not shown:
            self._set_body(empty_label("Nothing to tick for this meeting.", self))
            return
        body = QWidget(self)
        layout = QVBoxLayout(body)
        start = meeting.local_start
        for moment in Moment:
            in_moment = [item for item in shown if item.moment is moment]
            if not in_moment:
                continue
            due = in_moment[0].due_at(start)
            when = due.strftime("%a %d %b, %H:%M") if moment is not Moment.MEETING else start.strftime("%H:%M")
            group = QGroupBox(f"{moment.label}  ·  {when}", body)
            group.setAccessibleName(moment.label)
            group_layout = QVBoxLayout(group)
            for item in in_moment:
                group_layout.addWidget(self._item_widgets(item, group))
            layout.addWidget(group)
        layout.addStretch(1)
        self._set_body(body)

    def _item_widgets(self, item: ChecklistItem, parent: QWidget) -> QWidget:
        holder = QWidget(parent)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        box = QCheckBox(holder)
        box.setChecked(item.done)
        box.setAccessibleName(item.text)
        box.toggled.connect(lambda checked, item_id=item.id: self._save_done(item_id, checked))
        # A QCheckBox cannot wrap its text, so the words sit in a wrapping label that
        # toggles the box when clicked.
        text = _ClickableLabel(item.text, box, holder)
        line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(text, 1)
        layout.addLayout(line)
        self.boxes[item.id] = box
        if item.takes_note:
            note = QPlainTextEdit(holder)
            note.setPlaceholderText(NOTE_PLACEHOLDER)
            note.setAccessibleName("Waiting-room observations")
            note.setTabChangesFocus(True)
            note.setFixedHeight(90)
            note.setPlainText(item.note)
            note.textChanged.connect(lambda item_id=item.id, edit=note: self._saves.push(str(item_id), edit.toPlainText()))
            layout.addWidget(note)
            self.notes[item.id] = note
        return holder

    def _refresh_states(self, items: list[ChecklistItem]) -> None:
        """Update ticks and notes in place (another view changed them), keeping focus."""
        for item in items:
            self._items[item.id] = item
            box = self.boxes.get(item.id)
            if box is not None and box.isChecked() != item.done:
                box.blockSignals(True)
                box.setChecked(item.done)
                box.blockSignals(False)
            note = self.notes.get(item.id)
            if note is not None and not note.hasFocus() and not self._saves.has_pending() \
                    and note.toPlainText() != item.note:
                note.blockSignals(True)
                note.setPlainText(item.note)
                note.blockSignals(False)

    def _set_body(self, widget: QWidget) -> None:
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._scroll.setWidget(widget)

    # saving -------------------------------------------------------------------------
    def _save_done(self, item_id: int, done: bool) -> None:
        self._write(lambda store: store.checklists.set_done(item_id, done))

    def _save(self, key: str, text: str) -> None:
        item_id = int(key)
        self._write(lambda store: store.checklists.set_note(item_id, text))

    def _write(self, fn: Callable[["Store"], ChecklistItem]) -> None:
        meeting_id = self._meeting_id

        def saved(item: ChecklistItem) -> None:
            self._items[item.id] = item
            show_status(self.error, "")

        # Others hear of the save even if this view closed meanwhile (a flush on close).
        self.ctx.tasks.db(fn, owner=self).changes(Area.CHECKLIST, meeting_id=meeting_id).success(saved).failure(
            inline_failure(self.error, "Not saved")).run()

    def _on_changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or self._meeting_id is None:
            return
        if changes.touches(Area.CHECKLIST, Area.MEETINGS) and changes.meeting_id in (None, self._meeting_id):
            self._load()


def checklist_tab(ctx: "AppContext") -> ChecklistView:
    return ChecklistView(ctx)
