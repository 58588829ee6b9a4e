"""Research sources: adding, listing and removing them, and recording how each fetch
went (``store.sources``). Items themselves live in ``store.research``."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from precall.clock import from_utc_iso, utc_iso
from precall.errors import NotFoundError, ValidationError
from precall.research.sources import FetchStatus, PageState, ResearchSource, RobotsDecision, SourceKind
from precall.store.connection import inserted_id
from precall.validate import clean_url

if TYPE_CHECKING:
    from precall.research.robots import RobotsCacheEntry
    from precall.store.facade import Store

_SOURCE_SQL = """
SELECT s.id, s.url, s.kind, s.account_id, s.industry_id, coalesce(a.name, i.name, '') AS owner, s.label,
       s.etag, s.last_modified, s.last_fetched_at, s.last_success_at, s.last_status, s.last_error,
       s.robots_decision, s.failures, s.created_at, {item_count} AS item_count
FROM research_sources s
LEFT JOIN accounts a ON a.id = s.account_id
LEFT JOIN industries i ON i.id = s.industry_id
"""
_ITEM_COUNT = "(SELECT count(*) FROM research_item_sources x WHERE x.source_id = s.id)"


def _when(text: str | None) -> datetime | None:
    return from_utc_iso(text) if text else None


def _source(row: sqlite3.Row | tuple[Any, ...]) -> ResearchSource:
    (id_, url, kind, account_id, industry_id, owner, label, etag, last_modified, fetched, success, status, error,
     robots, failures, created, items) = row
    return ResearchSource(
        id=id_, url=url, kind=SourceKind(kind), account_id=account_id, industry_id=industry_id, owner=owner,
        label=label, etag=etag, last_modified=last_modified, last_fetched_at=_when(fetched),
        last_success_at=_when(success), last_status=FetchStatus(status), last_error=error,
        robots_decision=RobotsDecision(robots), failures=failures, created_at=_when(created), item_count=items,
    )


class SourceRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def _sql(self) -> str:
        # research_item_sources arrives with the research library's migration.
        has_links = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='research_item_sources'"
        ).fetchone()
        return _SOURCE_SQL.format(item_count=_ITEM_COUNT if has_links else "0")

    # reading ------------------------------------------------------------------
    def get(self, source_id: int) -> ResearchSource:
        row = self._conn.execute(self._sql() + " WHERE s.id = ?", [source_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no research source with id {source_id}.")
        return _source(row)

    def list(self, *, account_id: int | None = None, industry_id: int | None = None) -> list[ResearchSource]:
        """All sources, or those of one account or one industry, in the order added."""
        if account_id is not None and industry_id is not None:
            raise ValueError("list sources of an account or of an industry, not both")
        sql, params = self._sql(), []
        if account_id is not None:
            sql, params = sql + " WHERE s.account_id = ?", [account_id]
        elif industry_id is not None:
            sql, params = sql + " WHERE s.industry_id = ?", [industry_id]
        return [_source(r) for r in self._conn.execute(sql + " ORDER BY s.id", params)]

    def for_account_and_industry(self, account_id: int) -> builtins.list[ResearchSource]:
        """An account's own sources followed by those of its industry."""
        account = self._store.accounts.get(account_id)
        sources = self.list(account_id=account_id)
        industry_id = self.industry_id(account.industry) if account.industry else None
        if industry_id is not None:
            sources += self.list(industry_id=industry_id)
        return sources

    def scopes(self) -> builtins.list[tuple[str, int, str, int]]:
        """(kind "account"|"industry", id, name, number of sources): what research can be kept for."""
        rows = self._conn.execute(
            "SELECT 'account', a.id, a.name, (SELECT count(*) FROM research_sources s WHERE s.account_id = a.id)"
            " FROM accounts a UNION ALL"
            " SELECT 'industry', i.id, i.name, (SELECT count(*) FROM research_sources s WHERE s.industry_id = i.id)"
            " FROM industries i ORDER BY 1, 3 COLLATE NOCASE"
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def industry_id(self, name: str) -> int | None:
        row = self._conn.execute("SELECT id FROM industries WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return row[0] if row else None

    def find(self, url: str, *, account_id: int | None = None, industry_id: int | None = None) -> ResearchSource | None:
        row = self._conn.execute(
            self._sql() + " WHERE s.url = ? AND coalesce(s.account_id, 0) = ? AND coalesce(s.industry_id, 0) = ?",
            [url, account_id or 0, industry_id or 0],
        ).fetchone()
        return _source(row) if row else None

    # editing ------------------------------------------------------------------
    def add(
        self,
        url: str,
        *,
        kind: SourceKind | str = SourceKind.PAGE,
        account_id: int | None = None,
        industry_id: int | None = None,
        label: str = "",
    ) -> ResearchSource:
        """Add a source; any http(s) URL is stored, whether it can be reached is decided when fetching."""
        url = clean_url(url, "url")
        try:
            kind = SourceKind(kind)
        except ValueError:
            raise ValidationError(f"{kind!r} is not a kind of source: use page, feed or site.", "kind") from None
        if (account_id is None) == (industry_id is None):
            raise ValidationError("A research source belongs to one account or one industry.", "owner")
        with self._store.write():
            if account_id is not None:
                self._store.accounts.get(account_id)
            elif not self._conn.execute("SELECT 1 FROM industries WHERE id = ?", [industry_id]).fetchone():
                raise NotFoundError(f"There is no industry with id {industry_id}.")
            existing = self.find(url, account_id=account_id, industry_id=industry_id)
            if existing is not None:
                raise ValidationError(f"{url} is already a research source of {existing.owner} (id {existing.id}).", "url")
            cur = self._conn.execute(
                "INSERT INTO research_sources(url, kind, account_id, industry_id, label, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [url, kind.value, account_id, industry_id, label.strip(), self._store.now_iso()],
            )
        return self.get(inserted_id(cur))

    def ensure(self, url: str, **kwargs: Any) -> ResearchSource:
        """Add the source unless the same URL is already there for the same owner (template imports)."""
        existing = self.find(clean_url(url, "url"), account_id=kwargs.get("account_id"),
                             industry_id=kwargs.get("industry_id"))
        return existing if existing is not None else self.add(url, **kwargs)

    def remove(self, source_id: int) -> ResearchSource:
        """Remove a source and its fetch state; items it produced stay in the library."""
        with self._store.write():
            source = self.get(source_id)
            self._conn.execute("DELETE FROM research_sources WHERE id = ?", [source_id])
        return source

    # fetch state ----------------------------------------------------------------
    def record_fetch(
        self,
        source_id: int,
        *,
        fetched_at: datetime,
        status: FetchStatus,
        error: str = "",
        robots_decision: RobotsDecision = RobotsDecision.UNKNOWN,
        etag: str | None = None,
        last_modified: str | None = None,
        keep_validators: bool = False,
    ) -> None:
        """How a fetch went. A failed fetch keeps the old ETag so the next try stays conditional."""
        when = utc_iso(fetched_at)
        with self._store.write():
            if status.succeeded and not keep_validators:
                self._conn.execute("UPDATE research_sources SET etag = ?, last_modified = ? WHERE id = ?",
                                   [etag, last_modified, source_id])
            # An unknown decision (the host was not reached) keeps the last one known.
            self._conn.execute(
                "UPDATE research_sources SET last_fetched_at = ?, last_status = ?, last_error = ?,"
                " robots_decision = CASE WHEN ? = '' THEN robots_decision ELSE ? END,"
                " last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END,"
                " failures = CASE WHEN ? THEN 0 ELSE failures + 1 END WHERE id = ?",
                [when, status.value, error, robots_decision.value, robots_decision.value, status.succeeded, when,
                 status.succeeded, source_id],
            )

    def page_states(self, source_id: int) -> dict[str, PageState]:
        rows = self._conn.execute(
            "SELECT url, etag, last_modified, last_fetched_at, last_status, role FROM research_source_pages"
            " WHERE source_id = ?", [source_id])
        return {r[0]: PageState(r[0], r[1], r[2], _when(r[3]), r[4], r[5]) for r in rows}

    def save_page_states(self, source_id: int, states: Iterable[PageState]) -> None:
        with self._store.write():
            for state in states:
                self._conn.execute(
                    "INSERT INTO research_source_pages(source_id, url, etag, last_modified, last_fetched_at, last_status, role)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source_id, url) DO UPDATE SET"
                    " etag = excluded.etag, last_modified = excluded.last_modified,"
                    " last_fetched_at = excluded.last_fetched_at, last_status = excluded.last_status,"
                    " role = excluded.role",
                    [source_id, state.url, state.etag, state.last_modified,
                     utc_iso(state.last_fetched_at or self._store.now()), state.last_status, state.role],
                )

    # robots.txt cache -------------------------------------------------------------
    def robots_cache(self, now: datetime) -> dict[str, "RobotsCacheEntry"]:
        """Unexpired robots.txt entries by origin (RFC 9309: cached at most 24 hours)."""
        from precall.research.robots import RobotsCacheEntry

        rows = self._conn.execute(
            "SELECT origin, fetched_at, expires_at, http_status, outcome, body FROM research_robots WHERE expires_at > ?",
            [utc_iso(now)],
        )
        return {r[0]: RobotsCacheEntry(r[0], from_utc_iso(r[1]), from_utc_iso(r[2]), r[3], r[4], r[5]) for r in rows}

    def save_robots(self, entries: Iterable["RobotsCacheEntry"]) -> None:
        with self._store.write():
            for entry in entries:
                expires = min(entry.expires_at, entry.fetched_at + timedelta(hours=24))
                self._conn.execute(
                    "INSERT OR REPLACE INTO research_robots(origin, fetched_at, expires_at, http_status, outcome, body)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [entry.origin, utc_iso(entry.fetched_at), utc_iso(expires), entry.http_status, entry.outcome,
                     entry.body],
                )
            self._conn.execute("DELETE FROM research_robots WHERE expires_at <= ?", [self._store.now_iso()])
