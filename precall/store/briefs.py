"""Brief snapshots in storage (``store.briefs``): dated copies of every generated brief.

A snapshot keeps the HTML (canonical), the Markdown export and the plain text used for
search and for showing what changed between versions. Generating the same brief twice
in a row does not pile up copies: a snapshot whose content hash equals the meeting's
latest one is reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from precall.clock import from_utc_iso, utc_iso
from precall.domain.meetings import MeetingStatus
from precall.errors import NotFoundError
from precall.store.connection import inserted_id

if TYPE_CHECKING:
    from precall.store.facade import Store

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 12


@dataclass(frozen=True)
class SnapshotSummary:
    """One version of a brief, without its (large) content."""

    id: int
    meeting_id: int
    created_at: datetime
    title: str
    content_hash: str


@dataclass(frozen=True)
class BriefSnapshot:
    id: int
    meeting_id: int
    created_at: datetime
    title: str
    html: str
    markdown: str
    plain_text: str
    content_hash: str

    @property
    def summary(self) -> SnapshotSummary:
        return SnapshotSummary(self.id, self.meeting_id, self.created_at, self.title, self.content_hash)


@dataclass(frozen=True)
class LibraryEntry:
    """A meeting as the Briefs library lists it, with its newest snapshot if any."""

    meeting_id: int
    title: str
    account: str
    start: datetime
    tz: str
    status: MeetingStatus
    upcoming: bool
    latest: SnapshotSummary | None


@dataclass(frozen=True)
class BriefSearchHit:
    snapshot: SnapshotSummary
    snippet: str
    account: str = ""


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word quoted, all required.

    FTS5 has its own syntax (AND, NEAR, column filters, ``*``, quotes); typed text must
    never reach it raw, or ``"`` or ``title:`` would be errors or change the meaning.
    The last word is matched as a prefix so results appear while typing.
    """
    words = _TOKEN.findall(text or "")[:MAX_QUERY_TERMS]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _summary(row: tuple[Any, ...]) -> SnapshotSummary:
    id_, meeting_id, created_at, title, content_hash = row
    return SnapshotSummary(id_, meeting_id, from_utc_iso(created_at), title, content_hash)


class BriefRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def save(self, meeting_id: int, title: str, html: str, markdown: str, plain_text: str,
             content_hash: str) -> tuple[BriefSnapshot, bool]:
        """Store a generated brief; returns (snapshot, created). Same hash as the latest
        snapshot of this meeting ⇒ that snapshot is returned and nothing is written."""
        with self._store.write():
            self._store.meetings.get(meeting_id)
            latest = self.latest(meeting_id)
            if latest is not None and latest.content_hash == content_hash:
                return self.get(latest.id), False
            cur = self._conn.execute(
                "INSERT INTO brief_snapshots(meeting_id, created_at, title, html, markdown, plain_text, content_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [meeting_id, self._store.now_iso(), title, html, markdown, plain_text, content_hash],
            )
            snapshot_id = inserted_id(cur)
        return self.get(snapshot_id), True

    def get(self, snapshot_id: int) -> BriefSnapshot:
        row = self._conn.execute(
            "SELECT id, meeting_id, created_at, title, html, markdown, plain_text, content_hash"
            " FROM brief_snapshots WHERE id=?",
            [snapshot_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no stored brief with id {snapshot_id}.")
        id_, meeting_id, created_at, title, html, markdown, plain_text, content_hash = row
        return BriefSnapshot(id_, meeting_id, from_utc_iso(created_at), title, html, markdown, plain_text, content_hash)

    def history(self, meeting_id: int) -> list[SnapshotSummary]:
        """Every version of one meeting's brief, newest first."""
        rows = self._conn.execute(
            "SELECT id, meeting_id, created_at, title, content_hash FROM brief_snapshots"
            " WHERE meeting_id=? ORDER BY created_at DESC, id DESC",
            [meeting_id],
        )
        return [_summary(r) for r in rows]

    def latest(self, meeting_id: int) -> SnapshotSummary | None:
        row = self._conn.execute(
            "SELECT id, meeting_id, created_at, title, content_hash FROM brief_snapshots"
            " WHERE meeting_id=? ORDER BY created_at DESC, id DESC LIMIT 1",
            [meeting_id],
        ).fetchone()
        return _summary(row) if row else None

    def library(self, now: datetime | None = None) -> list[LibraryEntry]:
        """All meetings, upcoming first (soonest first), then past (latest first), each
        with its newest snapshot. One query, so the library opens at once."""
        now_iso = utc_iso(now or self._store.now())
        rows = self._conn.execute(
            """SELECT m.id, m.title, a.name, m.start_utc, m.tz, m.status, m.end_utc >= :now,
                      s.id, s.created_at, s.title, s.content_hash
               FROM meetings m JOIN accounts a ON a.id = m.account_id
               LEFT JOIN brief_snapshots s ON s.id = (
                   SELECT id FROM brief_snapshots WHERE meeting_id = m.id ORDER BY created_at DESC, id DESC LIMIT 1)
               ORDER BY (m.end_utc < :now), CASE WHEN m.end_utc >= :now THEN m.start_utc END ASC,
                        m.start_utc DESC, m.id""",
            {"now": now_iso},
        )
        entries = []
        for (meeting_id, title, account, start, tz, status, upcoming, sid, created, stitle, shash) in rows:
            latest = SnapshotSummary(sid, meeting_id, from_utc_iso(created), stitle, shash) if sid else None
            entries.append(LibraryEntry(meeting_id, title, account, from_utc_iso(start), tz,
                                        MeetingStatus(status), bool(upcoming), latest))
        return entries

    def search(self, query: str, limit: int = 50, *, every_version: bool = False) -> list[BriefSearchHit]:
        """Full-text search over stored briefs, best match first; by default the best
        matching version of each meeting's brief only."""
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        matches = """SELECT s.id, s.meeting_id, s.created_at, s.title, s.content_hash,
                      snippet(brief_snapshots_fts, 1, '[', ']', '…', 12) AS snip, coalesce(a.name, '') AS account,
                      bm25(brief_snapshots_fts) AS rank
               FROM brief_snapshots_fts JOIN brief_snapshots s ON s.id = brief_snapshots_fts.rowid
               LEFT JOIN meetings m ON m.id = s.meeting_id LEFT JOIN accounts a ON a.id = m.account_id
               WHERE brief_snapshots_fts MATCH ?"""
        if not every_version:
            # The best version of each meeting, chosen in SQL: a LIMIT over every version
            # would let one meeting's many versions crowd the other meetings out.
            matches = f"""SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY meeting_id
                              ORDER BY rank, created_at DESC, id DESC) AS best FROM ({matches})) WHERE best = 1"""
        rows = self._conn.execute(
            f"""SELECT id, meeting_id, created_at, title, content_hash, snip, account FROM ({matches})
                ORDER BY rank, created_at DESC, id DESC LIMIT ?""",
            [match, limit],
        )
        return [BriefSearchHit(_summary(row[:5]), " ".join((row[5] or "").split()), row[6]) for row in rows]

    def delete(self, snapshot_id: int) -> None:
        with self._store.write():
            self.get(snapshot_id)
            self._conn.execute("DELETE FROM brief_snapshots WHERE id=?", [snapshot_id])
