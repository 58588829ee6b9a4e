"""Calendar import and export: meetings remember the calendar event they came from,
and watched calendars (files or URLs) keep their fetch state.

``ical_uid`` + ``recurrence_id`` identify one occurrence of one calendar event, so a
re-import updates that meeting instead of adding a copy. ``recurrence_id`` is '' for a
single (non-recurring) event rather than NULL, because a unique index treats NULLs as
all different and would let duplicates in. ``ics_snapshot`` holds the calendar's fields
as last imported, so a re-import changes only what the calendar changed and keeps what
the rep edited in Precall. ``calendar_deleted`` remembers imported meetings the rep
deleted (filled by a trigger, whoever deletes), so a re-import does not bring them back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m007_calendar"

STATEMENTS = [
    "ALTER TABLE meetings ADD COLUMN ical_uid TEXT",
    "ALTER TABLE meetings ADD COLUMN recurrence_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE meetings ADD COLUMN ical_sequence INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE meetings ADD COLUMN ics_source TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE meetings ADD COLUMN ics_snapshot TEXT NOT NULL DEFAULT ''",
    "CREATE UNIQUE INDEX meetings_ical_event ON meetings(ical_uid, recurrence_id) WHERE ical_uid IS NOT NULL",
    """CREATE TABLE calendar_feeds (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'url')),
        location TEXT NOT NULL UNIQUE CHECK (trim(location) <> ''),
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        mtime_ns INTEGER,
        size INTEGER,
        content_hash TEXT NOT NULL DEFAULT '',
        last_checked_at TEXT NOT NULL DEFAULT '',
        last_imported_at TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        pending_review INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    # A meeting the rep deleted must not come back with the next import of its calendar.
    """CREATE TABLE calendar_deleted (
        ical_uid TEXT NOT NULL,
        recurrence_id TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        PRIMARY KEY (ical_uid, recurrence_id)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER meetings_calendar_deleted AFTER DELETE ON meetings
       WHEN old.ical_uid IS NOT NULL AND old.ical_uid NOT LIKE '%@precall.invalid'
       BEGIN
           INSERT OR REPLACE INTO calendar_deleted(ical_uid, recurrence_id, deleted_at)
           VALUES (old.ical_uid, old.recurrence_id, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'));
       END""",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
