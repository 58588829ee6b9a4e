"""``store.calendar``: which meeting came from which calendar event, and watched calendars.

The import plan reads links here (by UID and RECURRENCE-ID) to decide whether an event
is new, changed or gone; the export asks here for a stable UID so a file exported
from Precall and imported again updates the same meeting.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from precall.clock import utc_iso
from precall.errors import NotFoundError, ValidationError
from precall.store.connection import inserted_id

if TYPE_CHECKING:
    from precall.store.facade import Store

EXPORT_UID_DOMAIN = "precall.invalid"


@dataclass(frozen=True)
class MeetingLink:
    """One meeting as the calendar knows it."""

    meeting_id: int
    account_id: int
    uid: str
    recurrence_id: str
    sequence: int
    source: str
    snapshot: dict[str, Any]
    status: str
    attendee_ids: tuple[int, ...]


@dataclass(frozen=True)
class CalendarFeed:
    """A watched calendar: a local .ics file or an http(s) URL."""

    id: int
    kind: str
    location: str
    etag: str = ""
    last_modified: str = ""
    mtime_ns: int | None = None
    size: int | None = None
    content_hash: str = ""
    last_checked_at: str = ""
    last_imported_at: str = ""
    last_error: str = ""
    pending_review: int = 0


_LINK_SQL = """SELECT m.id, m.account_id, m.ical_uid, m.recurrence_id, m.ical_sequence, m.ics_source,
                      m.ics_snapshot, m.status FROM meetings m"""
_FEED_COLUMNS = ("id, kind, location, etag, last_modified, mtime_ns, size, content_hash, last_checked_at,"
                 " last_imported_at, last_error, pending_review")
_FEED_STATE = {"etag", "last_modified", "mtime_ns", "size", "content_hash", "last_checked_at",
               "last_imported_at", "last_error", "pending_review"}


class CalendarRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    # links between meetings and calendar events ------------------------------
    def _link(self, row: tuple[Any, ...]) -> MeetingLink:
        meeting_id, account_id, uid, rid, seq, source, snapshot, status = row
        attendees = tuple(r[0] for r in self._conn.execute(
            "SELECT contact_id FROM meeting_attendees WHERE meeting_id=? ORDER BY contact_id", [meeting_id]))
        return MeetingLink(meeting_id, account_id, uid, rid, int(seq or 0), source,
                           json.loads(snapshot) if snapshot else {}, status, attendees)

    def links_for_uids(self, uids: set[str] | list[str]) -> dict[tuple[str, str], MeetingLink]:
        """Every imported meeting of these events, keyed by (UID, RECURRENCE-ID)."""
        found: dict[tuple[str, str], MeetingLink] = {}
        wanted = sorted(set(uids))
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            chunk = wanted[start:start + 500]
            rows = self._conn.execute(
                _LINK_SQL + f" WHERE m.ical_uid IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
            for row in rows:
                link = self._link(row)
                found[(link.uid, link.recurrence_id)] = link
        return found

    def links_for_source(self, source: str) -> dict[tuple[str, str], MeetingLink]:
        rows = self._conn.execute(_LINK_SQL + " WHERE m.ics_source = ? AND m.ical_uid IS NOT NULL", [source])
        return {(link.uid, link.recurrence_id): link for link in map(self._link, rows.fetchall())}

    def deleted_keys(self, uids: set[str] | list[str]) -> set[tuple[str, str]]:
        """(UID, RECURRENCE-ID) of imported meetings the rep deleted."""
        found: set[tuple[str, str]] = set()
        wanted = sorted(set(uids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = self._conn.execute(
                f"SELECT ical_uid, recurrence_id FROM calendar_deleted WHERE ical_uid IN ({', '.join('?' * len(chunk))})",
                chunk)
            found.update((uid, rid) for uid, rid in rows)
        return found

    def link(self, meeting_id: int) -> MeetingLink | None:
        row = self._conn.execute(_LINK_SQL + " WHERE m.id = ? AND m.ical_uid IS NOT NULL", [meeting_id]).fetchone()
        return self._link(row) if row else None

    def set_link(self, meeting_id: int, uid: str, recurrence_id: str, sequence: int, source: str,
                 snapshot: dict[str, Any]) -> None:
        with self._store.write():
            self._conn.execute(
                "UPDATE meetings SET ical_uid=?, recurrence_id=?, ical_sequence=?, ics_source=?, ics_snapshot=?"
                " WHERE id=?",
                [uid, recurrence_id, sequence, source, json.dumps(snapshot, sort_keys=True), meeting_id])

    def export_link(self, meeting_id: int, snapshot: dict[str, Any]) -> tuple[str, str, int]:
        """The (UID, RECURRENCE-ID, SEQUENCE) to export a meeting with.

        A meeting made in Precall gets a UID once, so exporting it twice gives the same
        event; its snapshot becomes what was exported (so importing that file again
        changes nothing) and its SEQUENCE goes up when the exported fields changed, so
        calendars take the newer copy. A meeting imported from a calendar keeps that
        calendar's identity and snapshot.
        """
        with self._store.write():
            row = self._conn.execute(
                "SELECT ical_uid, recurrence_id, ical_sequence, ics_snapshot FROM meetings WHERE id=?",
                [meeting_id]).fetchone()
            if row is None:
                raise NotFoundError(f"There is no meeting with id {meeting_id}.")
            uid, rid, sequence, old = row[0], row[1], int(row[2] or 0), row[3]
            if uid and not uid.endswith("@" + EXPORT_UID_DOMAIN):
                return uid, rid, sequence
            if not uid:
                uid, rid = f"meeting-{meeting_id}-{secrets.token_hex(8)}@{EXPORT_UID_DOMAIN}", ""
            elif old and json.loads(old) != snapshot:
                sequence += 1
            self._conn.execute(
                "UPDATE meetings SET ical_uid=?, recurrence_id=?, ical_sequence=?, ics_snapshot=? WHERE id=?",
                [uid, rid, sequence, json.dumps(snapshot, sort_keys=True), meeting_id])
            return uid, rid, sequence

    def upcoming_meeting_ids(self, now: datetime) -> list[int]:
        rows = self._conn.execute(
            "SELECT id FROM meetings WHERE end_utc >= ? AND status <> 'cancelled' ORDER BY start_utc, id",
            [utc_iso(now)])
        return [r[0] for r in rows]

    # watched calendars --------------------------------------------------------
    def feeds(self) -> list[CalendarFeed]:
        rows = self._conn.execute(f"SELECT {_FEED_COLUMNS} FROM calendar_feeds ORDER BY id")
        return [CalendarFeed(*row) for row in rows]

    def feed(self, feed_id: int) -> CalendarFeed:
        row = self._conn.execute(f"SELECT {_FEED_COLUMNS} FROM calendar_feeds WHERE id=?", [feed_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no watched calendar with id {feed_id}.")
        return CalendarFeed(*row)

    def add_feed(self, kind: str, location: str) -> CalendarFeed:
        if kind not in ("file", "url"):
            raise ValueError(f"unknown calendar feed kind {kind!r}")
        location = location.strip()
        if not location:
            raise ValidationError("The calendar file or address is empty.", "location")
        with self._store.write():
            if self._conn.execute("SELECT 1 FROM calendar_feeds WHERE location=?", [location]).fetchone():
                raise ValidationError(f"{location} is already watched.", "location")
            cur = self._conn.execute(
                "INSERT INTO calendar_feeds(kind, location, created_at) VALUES (?, ?, ?)",
                [kind, location, self._store.now_iso()])
        return self.feed(inserted_id(cur))

    def remove_feed(self, feed_id: int) -> None:
        with self._store.write():
            self.feed(feed_id)
            self._conn.execute("DELETE FROM calendar_feeds WHERE id=?", [feed_id])

    def update_feed(self, feed_id: int, **state: Any) -> CalendarFeed:
        unknown = set(state) - _FEED_STATE
        if unknown:
            raise ValueError(f"unknown calendar feed fields: {sorted(unknown)}")
        if state:
            with self._store.write():
                self.feed(feed_id)
                names = sorted(state)
                self._conn.execute(
                    f"UPDATE calendar_feeds SET {', '.join(f'{n}=?' for n in names)} WHERE id=?",
                    [*(state[n] for n in names), feed_id])
        return self.feed(feed_id)
