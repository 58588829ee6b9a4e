"""Meetings and their attendees."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from precall.clock import from_utc_iso, utc_iso
from precall.domain.meetings import Meeting, MeetingStatus, MeetingSummary
from precall.errors import NotFoundError, ValidationError
from precall.store.connection import inserted_id
from precall.store.like import like_every_word
from precall.timeparse import zone
from precall.validate import MAX_TEXT, required_text

if TYPE_CHECKING:
    from precall.store.facade import Store

_MEETING_SQL = """
SELECT m.id, m.account_id, a.name, m.title, m.start_utc, m.end_utc, m.tz, m.location,
       m.customer_benefit, m.best_commitment, m.min_commitment, m.relationship_purpose,
       m.status, m.debrief
FROM meetings m JOIN accounts a ON a.id = m.account_id
"""
_TEXT_FIELDS = ("location", "customer_benefit", "best_commitment", "min_commitment", "relationship_purpose", "debrief")


def _summary(row: tuple[Any, ...]) -> MeetingSummary:
    id_, title, account, start, end, tz, status = row
    return MeetingSummary(id_, title, account, from_utc_iso(start), from_utc_iso(end), tz, MeetingStatus(status))


def _check_slot(start: datetime, end: datetime, tz: str) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationError("Meeting times need a time zone.", "start")
    zone(tz)
    if end < start:
        raise ValidationError("The meeting ends before it starts.", "end")


def parse_meeting_status(value: str | MeetingStatus) -> MeetingStatus:
    try:
        return MeetingStatus(value)
    except ValueError as exc:
        raise ValidationError(f"Unknown meeting status {value!r}; use planned, done or cancelled.", "status") from exc


class MeetingRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def get(self, meeting_id: int) -> Meeting:
        row = self._conn.execute(_MEETING_SQL + " WHERE m.id = ?", [meeting_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no meeting with id {meeting_id}.")
        (id_, account_id, account, title, start, end, tz, location, benefit, best, minimum,
         relationship, status, debrief) = row
        attendees = tuple(
            r[0] for r in self._conn.execute(
                "SELECT contact_id FROM meeting_attendees WHERE meeting_id=? ORDER BY contact_id", [meeting_id]
            )
        )
        return Meeting(
            id=id_, account_id=account_id, account=account, title=title, start=from_utc_iso(start),
            end=from_utc_iso(end), tz=tz, location=location, customer_benefit=benefit, best_commitment=best,
            min_commitment=minimum, relationship_purpose=relationship, status=MeetingStatus(status),
            debrief=debrief, attendee_ids=attendees,
        )

    def summaries(self, now: datetime | None = None) -> list[MeetingSummary]:
        """Upcoming meetings first (soonest first), then past ones (latest first)."""
        now_iso = utc_iso(now or self._store.now())
        rows = self._conn.execute(
            """SELECT m.id, m.title, a.name, m.start_utc, m.end_utc, m.tz, m.status
               FROM meetings m JOIN accounts a ON a.id = m.account_id
               ORDER BY (m.end_utc < :now), CASE WHEN m.end_utc >= :now THEN m.start_utc END ASC,
                        m.start_utc DESC, m.id""",
            {"now": now_iso},
        )
        return [_summary(r) for r in rows]

    def for_account(self, account_id: int) -> list[MeetingSummary]:
        rows = self._conn.execute(
            """SELECT m.id, m.title, a.name, m.start_utc, m.end_utc, m.tz, m.status
               FROM meetings m JOIN accounts a ON a.id = m.account_id WHERE m.account_id=?
               ORDER BY m.start_utc""",
            [account_id],
        )
        return [_summary(r) for r in rows]

    def attendee_role_ids(self, meeting_id: int) -> list[int]:
        """The matrix roles of a meeting's attendees, in column order, each once."""
        rows = self._conn.execute(
            """SELECT DISTINCT r.id, r.position FROM meeting_attendees ma
               JOIN contacts c ON c.id = ma.contact_id
               JOIN matrix_roles r ON r.id = c.role_id
               WHERE ma.meeting_id = ? ORDER BY r.position, r.id""",
            [meeting_id],
        )
        return [row[0] for row in rows]

    def search(self, terms: list[str], limit: int) -> list[tuple[Any, ...]]:
        """Meetings whose title or texts hold every term, latest first: (id, title,
        account name, start_utc, then location and the four purpose texts)."""
        columns = ["m.title", "m.location", "m.customer_benefit", "m.best_commitment", "m.min_commitment",
                   "m.relationship_purpose"]
        where, params = like_every_word(columns, terms)
        return self._conn.execute(
            f"SELECT m.id, m.title, a.name, m.start_utc, {', '.join(columns[1:])} FROM meetings m"
            f" JOIN accounts a ON a.id = m.account_id WHERE {where} ORDER BY m.start_utc DESC LIMIT ?",
            [*params, limit]).fetchall()

    # reminders --------------------------------------------------------------
    def unreminded(self, since: datetime, horizon: datetime) -> list[tuple[int, str, str, datetime, str]]:
        """Planned meetings starting in (since, horizon] with no reminder recorded for
        their current start: (id, title, account name, start, status)."""
        rows = self._conn.execute(
            """SELECT m.id, m.title, a.name, m.start_utc, m.status FROM meetings m
               JOIN accounts a ON a.id = m.account_id
               WHERE m.status = 'planned' AND m.start_utc <= :horizon AND m.start_utc > :since
                 AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.meeting_id = m.id AND r.start_utc = m.start_utc)""",
            {"horizon": utc_iso(horizon), "since": utc_iso(since)},
        ).fetchall()
        return [(id_, title, account, from_utc_iso(start), status) for id_, title, account, start, status in rows]

    def record_reminders(self, reminders: list[tuple[int, datetime, datetime, str]], fired_at: datetime) -> None:
        """Record (meeting id, start, fire at, outcome) reminders; one already recorded stays."""
        with self._store.write():
            for meeting_id, start, fire_at, outcome in reminders:
                self._conn.execute(
                    "INSERT OR IGNORE INTO reminders(meeting_id, start_utc, fire_at, fired_at, outcome)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [meeting_id, utc_iso(start), utc_iso(fire_at), utc_iso(fired_at), outcome],
                )

    def next_unreminded_start(self, after: datetime) -> datetime | None:
        """The start of the soonest planned meeting after ``after`` not reminded yet."""
        row = self._conn.execute(
            """SELECT min(m.start_utc) FROM meetings m WHERE m.status = 'planned' AND m.start_utc > :now
                 AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.meeting_id = m.id AND r.start_utc = m.start_utc)""",
            {"now": utc_iso(after)},
        ).fetchone()
        return from_utc_iso(row[0]) if row and row[0] else None

    def create(
        self,
        account_id: int,
        title: str,
        start: datetime,
        end: datetime,
        tz: str,
        *,
        attendee_ids: list[int] | tuple[int, ...] = (),
        **fields: str,
    ) -> Meeting:
        title = required_text(title, "title", "Meeting title")
        _check_slot(start, end, tz)
        unknown = set(fields) - set(_TEXT_FIELDS)
        if unknown:
            raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
        values = {name: (fields.get(name) or "").strip()[:MAX_TEXT] for name in _TEXT_FIELDS}
        with self._store.write():
            self._store.accounts.get(account_id)
            now = self._store.now_iso()
            cur = self._conn.execute(
                f"""INSERT INTO meetings(account_id, title, start_utc, end_utc, tz, {', '.join(_TEXT_FIELDS)},
                    created_at, updated_at) VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(_TEXT_FIELDS))}, ?, ?)""",
                [account_id, title, utc_iso(start), utc_iso(end), tz, *values.values(), now, now],
            )
            meeting_id = inserted_id(cur)
            self._set_attendees(meeting_id, account_id, attendee_ids)
        return self.get(meeting_id)

    def update(self, meeting_id: int, **fields: Any) -> Meeting:
        allowed = set(_TEXT_FIELDS) | {"title", "start", "end", "tz", "status", "attendee_ids"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
        with self._store.write():
            current = self.get(meeting_id)
            title = required_text(fields.get("title", current.title), "title", "Meeting title")
            start, end = fields.get("start", current.start), fields.get("end", current.end)
            tz = fields.get("tz", current.tz)
            _check_slot(start, end, tz)
            status = parse_meeting_status(fields.get("status", current.status))
            texts = [str(fields.get(name, getattr(current, name)) or "").strip()[:MAX_TEXT] for name in _TEXT_FIELDS]
            self._conn.execute(
                f"""UPDATE meetings SET title=?, start_utc=?, end_utc=?, tz=?, status=?,
                    {', '.join(f'{n}=?' for n in _TEXT_FIELDS)}, updated_at=? WHERE id=?""",
                [title, utc_iso(start), utc_iso(end), tz, status.value, *texts, self._store.now_iso(), meeting_id],
            )
            if "attendee_ids" in fields:
                self._conn.execute("DELETE FROM meeting_attendees WHERE meeting_id=?", [meeting_id])
                self._set_attendees(meeting_id, current.account_id, fields["attendee_ids"])
        return self.get(meeting_id)

    def delete(self, meeting_id: int) -> None:
        with self._store.write():
            self.get(meeting_id)
            self._conn.execute("DELETE FROM meetings WHERE id=?", [meeting_id])

    def _set_attendees(self, meeting_id: int, account_id: int, contact_ids: list[int] | tuple[int, ...]) -> None:
        for contact_id in dict.fromkeys(contact_ids):
            contact = self._store.accounts.contact(contact_id)
            if contact.account_id != account_id:
                raise ValidationError(f"{contact.name} works for another account, not this meeting's.", "attendees")
            self._conn.execute(
                "INSERT INTO meeting_attendees(meeting_id, contact_id) VALUES (?, ?)", [meeting_id, contact_id]
            )
