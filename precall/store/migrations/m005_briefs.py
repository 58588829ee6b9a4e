"""Brief snapshots: every generated brief, dated, with a full-text index over it.

The FTS table uses the snapshots table as external content, kept in step by triggers,
so the text is stored once and searching needs no network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m005_briefs"

STATEMENTS = [
    """CREATE TABLE brief_snapshots (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        title TEXT NOT NULL,
        html TEXT NOT NULL,
        markdown TEXT NOT NULL,
        plain_text TEXT NOT NULL,
        content_hash TEXT NOT NULL
    )""",
    "CREATE INDEX brief_snapshots_meeting ON brief_snapshots(meeting_id, created_at, id)",
    """CREATE VIRTUAL TABLE brief_snapshots_fts USING fts5(
        title, plain_text, content='brief_snapshots', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER brief_snapshots_ai AFTER INSERT ON brief_snapshots BEGIN
        INSERT INTO brief_snapshots_fts(rowid, title, plain_text) VALUES (new.id, new.title, new.plain_text);
    END""",
    """CREATE TRIGGER brief_snapshots_ad AFTER DELETE ON brief_snapshots BEGIN
        INSERT INTO brief_snapshots_fts(brief_snapshots_fts, rowid, title, plain_text)
        VALUES ('delete', old.id, old.title, old.plain_text);
    END""",
    """CREATE TRIGGER brief_snapshots_au AFTER UPDATE ON brief_snapshots BEGIN
        INSERT INTO brief_snapshots_fts(brief_snapshots_fts, rowid, title, plain_text)
        VALUES ('delete', old.id, old.title, old.plain_text);
        INSERT INTO brief_snapshots_fts(rowid, title, plain_text) VALUES (new.id, new.title, new.plain_text);
    END""",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
