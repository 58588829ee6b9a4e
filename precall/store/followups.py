"""Follow-ups after a meeting (``store.followups``): what the rep promised, by when.

At most one follow-up per meeting is the content-specific "10% rule" one: something
useful for the customer's own work, sent after the call.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from precall.errors import NotFoundError, ValidationError
from precall.plans.model import FollowUp
from precall.store.connection import inserted_id
from precall.validate import required_text

if TYPE_CHECKING:
    from precall.store.facade import Store

_COLUMNS = "f.id, f.meeting_id, f.text, f.due_date, f.done, f.ten_percent, m.title"
_FROM = "FROM followups f JOIN meetings m ON m.id = f.meeting_id"


def _followup(row: tuple[Any, ...]) -> FollowUp:
    id_, meeting_id, text, due, done, ten_percent, meeting_title = row
    return FollowUp(
        id_, meeting_id, text, date.fromisoformat(due) if due else None, bool(done), bool(ten_percent), meeting_title
    )


def _check_due(due: date | str | None) -> str | None:
    if due is None or due == "":
        return None
    if isinstance(due, str):
        try:
            due = date.fromisoformat(due.strip())
        except ValueError:
            raise ValidationError(f"The due date {due!r} is not a date; write it as YYYY-MM-DD.", "due") from None
    if not isinstance(due, date):
        raise ValidationError(f"The due date {due!r} is not a date.", "due")
    return due.isoformat()


class FollowUpRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def for_meeting(self, meeting_id: int) -> list[FollowUp]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE f.meeting_id=?"
            " ORDER BY f.ten_percent DESC, f.due_date IS NULL, f.due_date, f.id",
            [meeting_id],
        )
        return [_followup(r) for r in rows]

    def open_for_account(self, account_id: int) -> list[FollowUp]:
        """Follow-ups not yet done from every meeting with this account, soonest due first."""
        rows = self._conn.execute(
            f"""SELECT {_COLUMNS} {_FROM}
                WHERE m.account_id=? AND f.done=0 ORDER BY f.due_date IS NULL, f.due_date, f.id""",
            [account_id],
        )
        return [_followup(r) for r in rows]

    def get(self, followup_id: int) -> FollowUp:
        row = self._conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE f.id=?", [followup_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no follow-up with id {followup_id}.")
        return _followup(row)

    def add(self, meeting_id: int, text: str, due: date | str | None = None, *, ten_percent: bool = False) -> FollowUp:
        text = required_text(text, "text", "The follow-up", max_length=2000)
        due_text = _check_due(due)
        with self._store.write():
            self._store.meetings.get(meeting_id)
            if ten_percent:
                self._refuse_second_ten_percent(meeting_id, None)
            now = self._store.now_iso()
            cur = self._conn.execute(
                "INSERT INTO followups(meeting_id, text, due_date, ten_percent, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [meeting_id, text, due_text, int(ten_percent), now, now],
            )
        return self.get(inserted_id(cur))

    def update(self, followup_id: int, **fields: Any) -> FollowUp:
        unknown = set(fields) - {"text", "due", "done", "ten_percent"}
        if unknown:
            raise ValueError(f"unknown follow-up fields: {sorted(unknown)}")
        with self._store.write():
            current = self.get(followup_id)
            text = required_text(fields.get("text", current.text), "text", "The follow-up", max_length=2000)
            due_text = _check_due(fields["due"]) if "due" in fields else _check_due(current.due)
            ten_percent = bool(fields.get("ten_percent", current.ten_percent))
            if ten_percent and not current.ten_percent:
                self._refuse_second_ten_percent(current.meeting_id, followup_id)
            self._conn.execute(
                "UPDATE followups SET text=?, due_date=?, done=?, ten_percent=?, updated_at=? WHERE id=?",
                [text, due_text, int(bool(fields.get("done", current.done))), int(ten_percent),
                 self._store.now_iso(), followup_id],
            )
        return self.get(followup_id)

    def set_done(self, followup_id: int, done: bool = True) -> FollowUp:
        return self.update(followup_id, done=done)

    def remove(self, followup_id: int) -> None:
        with self._store.write():
            self.get(followup_id)
            self._conn.execute("DELETE FROM followups WHERE id=?", [followup_id])

    def _refuse_second_ten_percent(self, meeting_id: int, except_id: int | None) -> None:
        other = self._conn.execute(
            "SELECT text FROM followups WHERE meeting_id=? AND ten_percent=1 AND id IS NOT ?", [meeting_id, except_id]
        ).fetchone()
        if other:
            raise ValidationError(
                f"This meeting already has its 10% follow-up ({other[0]!r}); unmark that one first.", "ten_percent"
            )
