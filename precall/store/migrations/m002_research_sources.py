"""Research sources (what to fetch, for an account or an industry, and how the last
fetch went), the per-page fetch state of sites and feeds, and the robots.txt cache.

A source belongs to exactly one account or one industry. Its ETag/Last-Modified are
for its own URL; pages found under a site source or linked from a feed keep theirs in
``research_source_pages`` so refreshing an unchanged site moves almost no bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

NAME = "m002_research_sources"

STATEMENTS = [
    """CREATE TABLE research_sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
        kind TEXT NOT NULL DEFAULT 'page' CHECK (kind IN ('page', 'feed', 'site')),
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        industry_id INTEGER REFERENCES industries(id) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT,
        last_success_at TEXT,
        last_status TEXT NOT NULL DEFAULT 'never',
        last_error TEXT NOT NULL DEFAULT '',
        robots_decision TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        CHECK ((account_id IS NULL) <> (industry_id IS NULL))
    )""",
    # One row per URL and owner; NULL owners would slip past a plain UNIQUE.
    """CREATE UNIQUE INDEX research_sources_owner_url
        ON research_sources(coalesce(account_id, 0), coalesce(industry_id, 0), url)""",
    "CREATE INDEX research_sources_account ON research_sources(account_id)",
    "CREATE INDEX research_sources_industry ON research_sources(industry_id)",
    """CREATE TABLE research_source_pages (
        source_id INTEGER NOT NULL REFERENCES research_sources(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT NOT NULL,
        last_status TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'page',
        PRIMARY KEY (source_id, url)
    ) WITHOUT ROWID""",
    """CREATE TABLE research_robots (
        origin TEXT PRIMARY KEY,
        fetched_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        http_status INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('rules', 'allow_all', 'disallow_all')),
        body TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID""",
]


def migrate(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
