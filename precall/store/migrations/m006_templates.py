"""Assumption templates: the library with every version seen, which accounts applied
which version, subscriptions to team folders and URLs, and imported team feedback.

Matrix items get ``template_id`` and ``template_item_key`` so an item stays linked to
the template item it came from across versions (``origin`` says which version).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m006_templates"

STATEMENTS = [
    """CREATE TABLE template_subscriptions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('folder', 'url')),
        location TEXT NOT NULL UNIQUE,
        allow_private INTEGER NOT NULL DEFAULT 0,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        last_checked_at TEXT NOT NULL DEFAULT '',
        last_success_at TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        last_summary TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE templates (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL CHECK (version >= 1),
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        source TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('builtin', 'import', 'subscription', 'local')),
        subscription_id INTEGER REFERENCES template_subscriptions(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE template_versions (
        template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
    ) WITHOUT ROWID""",
    """CREATE TABLE template_applications (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (account_id, template_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX template_applications_template ON template_applications(template_id)",
    """CREATE TABLE template_feedback (
        batch TEXT NOT NULL,
        template_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        item_key TEXT NOT NULL,
        confirmed INTEGER NOT NULL CHECK (confirmed >= 0),
        refuted INTEGER NOT NULL CHECK (refuted >= 0),
        imported_at TEXT NOT NULL,
        PRIMARY KEY (batch, template_id, version, item_key)
    ) WITHOUT ROWID""",
    "CREATE INDEX template_feedback_item ON template_feedback(template_id, item_key)",
    """CREATE TABLE template_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    "ALTER TABLE matrix_items ADD COLUMN template_id TEXT",
    "ALTER TABLE matrix_items ADD COLUMN template_item_key TEXT",
    "CREATE INDEX matrix_items_template ON matrix_items(account_id, template_id, template_item_key)",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
