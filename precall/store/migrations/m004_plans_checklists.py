"""Around a meeting: the call plan's extras, extra questions, the improvisation-prep
checklist, follow-ups, what the debrief decided per matrix item, and the reminder log.

The customer benefit, best/minimum commitment and relationship purpose already live on
``meetings`` (m001); they are not repeated here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m004_plans_checklists"

_TRUST = "INTEGER CHECK ({0} IS NULL OR {0} BETWEEN 1 AND 10)"

STATEMENTS = [
    f"""CREATE TABLE meeting_plans (
        meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        risky_gift TEXT NOT NULL DEFAULT '',
        trust_credibility {_TRUST.format('trust_credibility')},
        trust_reliability {_TRUST.format('trust_reliability')},
        trust_intimacy {_TRUST.format('trust_intimacy')},
        trust_self_orientation {_TRUST.format('trust_self_orientation')},
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE meeting_questions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (trim(text) <> ''),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX meeting_questions_meeting ON meeting_questions(meeting_id, position)",
    """CREATE TABLE checklist_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        text TEXT NOT NULL CHECK (trim(text) <> ''),
        moment TEXT NOT NULL CHECK (moment IN ('day_before', 'ten_minutes', 'waiting_room', 'meeting')),
        offset_minutes INTEGER NOT NULL,
        position INTEGER NOT NULL,
        takes_note INTEGER NOT NULL DEFAULT 0,
        origin TEXT NOT NULL DEFAULT 'default',
        done INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (meeting_id, key)
    )""",
    """CREATE TABLE followups (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (trim(text) <> ''),
        due_date TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        ten_percent INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX followups_meeting ON followups(meeting_id)",
    # The "10% rule" asks for one content-specific follow-up per meeting, not several.
    "CREATE UNIQUE INDEX followups_one_ten_percent ON followups(meeting_id) WHERE ten_percent = 1",
    """CREATE TABLE debrief_outcomes (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES matrix_items(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'refuted')),
        -- what the item said before this debrief (NULL: learned in this meeting), for undo
        previous_status TEXT,
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, item_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX debrief_outcomes_item ON debrief_outcomes(item_id)",
    # One row per meeting and start time: a moved meeting gets a new row (one reminder
    # at its new time), a meeting whose reminder fired or was skipped never fires again.
    """CREATE TABLE reminders (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        start_utc TEXT NOT NULL,
        fire_at TEXT NOT NULL,
        fired_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('shown', 'skipped')),
        PRIMARY KEY (meeting_id, start_utc)
    ) WITHOUT ROWID""",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
