"""First schema: industries, accounts, contacts, meetings and the Buyer's Matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m001_core"

STATEMENTS = [
    """CREATE TABLE industries (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> '')
    )""",
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
        website TEXT NOT NULL DEFAULT '',
        industry_id INTEGER REFERENCES industries(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE matrix_roles (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE CHECK (trim(name) <> ''),
        position INTEGER NOT NULL,
        UNIQUE (account_id, name)
    )""",
    """CREATE TABLE matrix_rows (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        label TEXT NOT NULL CHECK (trim(label) <> ''),
        position INTEGER NOT NULL,
        UNIQUE (account_id, key)
    )""",
    """CREATE TABLE matrix_items (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        role_id INTEGER NOT NULL REFERENCES matrix_roles(id) ON DELETE CASCADE,
        row_id INTEGER NOT NULL REFERENCES matrix_rows(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL CHECK (trim(text) <> ''),
        status TEXT NOT NULL DEFAULT 'assumed'
            CHECK (status IN ('assumed', 'researched', 'confirmed', 'refuted')),
        origin TEXT NOT NULL DEFAULT 'rep',
        note TEXT NOT NULL DEFAULT '',
        keywords TEXT NOT NULL DEFAULT '[]',
        rep_edited INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX matrix_items_cell ON matrix_items(account_id, role_id, row_id, position)",
    "CREATE INDEX matrix_items_row ON matrix_items(row_id)",
    "CREATE INDEX matrix_items_role ON matrix_items(role_id)",
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        title TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
        role_id INTEGER REFERENCES matrix_roles(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX contacts_account ON contacts(account_id)",
    "CREATE INDEX contacts_email ON contacts(email)",
    "CREATE INDEX contacts_role ON contacts(role_id)",
    """CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (trim(title) <> ''),
        start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL,
        tz TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        customer_benefit TEXT NOT NULL DEFAULT '',
        best_commitment TEXT NOT NULL DEFAULT '',
        min_commitment TEXT NOT NULL DEFAULT '',
        relationship_purpose TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
        debrief TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_utc >= start_utc)
    )""",
    "CREATE INDEX meetings_start ON meetings(start_utc)",
    "CREATE INDEX meetings_account ON meetings(account_id)",
    """CREATE TABLE meeting_attendees (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (meeting_id, contact_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX meeting_attendees_contact ON meeting_attendees(contact_id)",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
