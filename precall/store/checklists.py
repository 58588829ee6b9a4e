"""Checklists in storage (``store.checklists``): one improvisation-prep list per meeting.

A meeting's list is created the first time it is read, from the bundled defaults
plus the checklist additions of the account's assumption templates.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from precall.checklist.defaults import ChecklistSpec, addition_specs, default_specs
from precall.checklist.model import ChecklistItem, Moment
from precall.errors import NotFoundError, ValidationError
from precall.validate import MAX_TEXT

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.checklist")

_COLUMNS = "id, meeting_id, key, text, moment, offset_minutes, done, note, position, takes_note, origin"


def _item(row: tuple[Any, ...]) -> ChecklistItem:
    id_, meeting_id, key, text, moment, offset, done, note, position, takes_note, origin = row
    return ChecklistItem(
        id=id_, meeting_id=meeting_id, key=key, text=text, moment=Moment(moment), offset_minutes=offset,
        done=bool(done), note=note, position=position, takes_note=bool(takes_note), origin=origin,
    )


class ChecklistRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def for_meeting(self, meeting_id: int) -> list[ChecklistItem]:
        """The meeting's checklist, in due order; created on first access.

        A template applied to the account later adds its items on the next read.
        """
        items = self._read(meeting_id)
        if items:
            account_id = self._conn.execute("SELECT account_id FROM meetings WHERE id=?", [meeting_id]).fetchone()[0]
            have = {item.key for item in items}
            missing = [spec for spec in self._template_specs(account_id) if spec.key not in have]
            if not missing:
                return items
            with self._store.write():
                self._insert(meeting_id, missing)
            return self._read(meeting_id)
        with self._store.write():
            meeting = self._store.meetings.get(meeting_id)
            if not self._read(meeting_id):  # another caller may have created it meanwhile
                self._insert(meeting_id, [*default_specs(), *self._template_specs(meeting.account_id)])
        return self._read(meeting_id)

    def item(self, item_id: int) -> ChecklistItem:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM checklist_items WHERE id=?", [item_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no checklist item with id {item_id}.")
        return _item(row)

    def set_done(self, item_id: int, done: bool = True) -> ChecklistItem:
        with self._store.write():
            self.item(item_id)
            self._conn.execute(
                "UPDATE checklist_items SET done=?, updated_at=? WHERE id=?",
                [int(bool(done)), self._store.now_iso(), item_id],
            )
        return self.item(item_id)

    def set_note(self, item_id: int, note: str) -> ChecklistItem:
        note = (note or "").strip()
        if len(note) > MAX_TEXT:
            raise ValidationError(f"The note is too long ({len(note)} characters, at most {MAX_TEXT}).", "note")
        with self._store.write():
            self.item(item_id)
            self._conn.execute(
                "UPDATE checklist_items SET note=?, updated_at=? WHERE id=?", [note, self._store.now_iso(), item_id]
            )
        return self.item(item_id)

    # internals ------------------------------------------------------------------
    def _read(self, meeting_id: int) -> list[ChecklistItem]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM checklist_items WHERE meeting_id=? ORDER BY offset_minutes, position, id",
            [meeting_id],
        )
        return [_item(r) for r in rows]

    def _template_specs(self, account_id: int) -> list[ChecklistSpec]:
        templates = getattr(self._store, "templates", None)
        if templates is None or not hasattr(templates, "checklist_additions"):
            return []
        return addition_specs(templates.checklist_additions(account_id))

    def _insert(self, meeting_id: int, specs: list[ChecklistSpec]) -> None:
        position = self._conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM checklist_items WHERE meeting_id=?", [meeting_id]
        ).fetchone()[0]
        now = self._store.now_iso()
        for spec in specs:
            cur = self._conn.execute(
                """INSERT OR IGNORE INTO checklist_items(meeting_id, key, text, moment, offset_minutes, position,
                       takes_note, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [meeting_id, spec.key, spec.text, spec.moment.value, spec.offset_minutes, position,
                 int(spec.takes_note), spec.origin, now],
            )
            position += cur.rowcount
