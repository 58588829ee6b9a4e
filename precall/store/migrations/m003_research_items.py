"""Research items: what fetches produced, their earlier versions, a full-text index,
and the evidence links from matrix items to them.

``research_sources`` (m002) owns where items come from; an item can be reached from
several sources (an article in both an account's feed and its industry's), so besides
the first source (``source_id``) every source that produced it is listed in
``research_item_sources``. The FTS5 table uses ``research_items`` as external content,
kept in step by triggers, so the latest text is indexed within the saving transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m003_research_items"

# The scope tokens of one item: the owners (account or industry) of all its sources.
SCOPE_OF = """SELECT coalesce(group_concat(token, ' '), '') FROM (
    SELECT DISTINCT CASE WHEN rs.account_id IS NOT NULL THEN 'acct' || rs.account_id ELSE 'ind' || rs.industry_id END
        AS token
    FROM research_item_sources ris JOIN research_sources rs ON rs.id = ris.source_id
    WHERE ris.research_item_id = {item})"""

STATEMENTS = [
    """CREATE TABLE research_items (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES research_sources(id) ON DELETE SET NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        author TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        facts TEXT NOT NULL DEFAULT '{}',
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX research_items_source ON research_items(source_id)",
    "CREATE INDEX research_items_hash ON research_items(content_hash)",
    "CREATE INDEX research_items_recent ON research_items(coalesce(published, substr(fetched_at, 1, 10)) DESC)",
    """CREATE TABLE research_item_sources (
        research_item_id INTEGER NOT NULL REFERENCES research_items(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES research_sources(id) ON DELETE CASCADE,
        PRIMARY KEY (research_item_id, source_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX research_item_sources_source ON research_item_sources(source_id)",
    """CREATE TABLE research_item_versions (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES research_items(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        author TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        facts TEXT NOT NULL DEFAULT '{}',
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        superseded_at TEXT NOT NULL
    )""",
    "CREATE INDEX research_item_versions_item ON research_item_versions(item_id, fetched_at)",
    # ``scope`` holds one token per owner of the item's sources ("acct12", "ind3"), so a
    # search within an account is an FTS intersection, not a filter after ranking.
    """CREATE VIRTUAL TABLE research_fts USING fts5(
        title, summary, text, author, scope,
        content='research_items', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
    )""",
    """CREATE TRIGGER research_items_ai AFTER INSERT ON research_items BEGIN
        INSERT INTO research_fts(rowid, title, summary, text, author, scope)
        VALUES (new.id, new.title, new.summary, new.text, new.author, new.scope);
    END""",
    """CREATE TRIGGER research_items_ad AFTER DELETE ON research_items BEGIN
        INSERT INTO research_fts(research_fts, rowid, title, summary, text, author, scope)
        VALUES ('delete', old.id, old.title, old.summary, old.text, old.author, old.scope);
    END""",
    """CREATE TRIGGER research_items_au AFTER UPDATE OF title, summary, text, author, scope ON research_items BEGIN
        INSERT INTO research_fts(research_fts, rowid, title, summary, text, author, scope)
        VALUES ('delete', old.id, old.title, old.summary, old.text, old.author, old.scope);
        INSERT INTO research_fts(rowid, title, summary, text, author, scope)
        VALUES (new.id, new.title, new.summary, new.text, new.author, new.scope);
    END""",
    f"""CREATE TRIGGER research_item_sources_ai AFTER INSERT ON research_item_sources BEGIN
        UPDATE research_items SET scope = ({SCOPE_OF.format(item="new.research_item_id")})
        WHERE id = new.research_item_id;
    END""",
    f"""CREATE TRIGGER research_item_sources_ad AFTER DELETE ON research_item_sources BEGIN
        UPDATE research_items SET scope = ({SCOPE_OF.format(item="old.research_item_id")})
        WHERE id = old.research_item_id;
    END""",
    f"""CREATE TRIGGER research_sources_owner_au AFTER UPDATE OF account_id, industry_id ON research_sources BEGIN
        UPDATE research_items SET scope = ({SCOPE_OF.format(item="research_items.id")})
        WHERE id IN (SELECT research_item_id FROM research_item_sources WHERE source_id = new.id);
    END""",
    """CREATE TABLE matrix_item_evidence (
        item_id INTEGER NOT NULL REFERENCES matrix_items(id) ON DELETE CASCADE,
        research_item_id INTEGER NOT NULL REFERENCES research_items(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (item_id, research_item_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX matrix_item_evidence_research ON matrix_item_evidence(research_item_id)",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
