"""One search over everything a rep keeps: meetings, matrix items, research, briefs.

Research (and briefs) use their FTS5 indexes; meetings and matrix items are small
per-user tables, matched with escaped ``LIKE`` on every word. Each kind has one
searcher function ``(store, query, limit) -> list[SearchResult]`` in ``SEARCHERS``;
results come back kind by kind in that order, each kind best first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from precall.research import fts

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.search")

MAX_LIKE_WORDS = 8


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "meeting", "matrix_item", "research", "brief"
    id: int
    title: str
    snippet: str
    account: str = ""
    date: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "title": self.title, "snippet": self.snippet,
                "account": self.account or None, "date": self.date, **self.extra}


Searcher = Callable[["Store", str, int], list[SearchResult]]


def _like_clause(columns: list[str], query: str) -> tuple[str, list[str]] | None:
    """``(a LIKE ? OR b LIKE ?) AND ...`` per word, with LIKE's wildcards escaped."""
    terms = fts.words(query)[:MAX_LIKE_WORDS]
    if not terms:
        return None
    haystack = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    clauses, params = [], []
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(f"({haystack}) LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return " AND ".join(clauses), params


def _excerpt(text: str, query: str, width: int = 160) -> str:
    """The part of ``text`` around the first word of the query that it contains."""
    lowered = text.lower()
    positions = [lowered.find(t) for t in fts.words(query) if t in lowered]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def search_meetings(store: "Store", query: str, limit: int) -> list[SearchResult]:
    columns = ["m.title", "m.location", "m.customer_benefit", "m.best_commitment", "m.min_commitment",
               "m.relationship_purpose"]
    clause = _like_clause(columns, query)
    if clause is None:
        return []
    where, params = clause
    rows = store.conn.execute(
        f"SELECT m.id, m.title, a.name, m.start_utc, {', '.join(columns[1:])} FROM meetings m"
        f" JOIN accounts a ON a.id = m.account_id WHERE {where} ORDER BY m.start_utc DESC LIMIT ?",
        [*params, limit]).fetchall()
    results = []
    for id_, title, account, start, *rest in rows:
        context = " · ".join(str(r) for r in rest if r)
        results.append(SearchResult("meeting", id_, title, _excerpt(context or title, query), account, start))
    return results


def search_matrix_items(store: "Store", query: str, limit: int) -> list[SearchResult]:
    clause = _like_clause(["i.text", "i.note"], query)
    if clause is None:
        return []
    where, params = clause
    rows = store.conn.execute(
        "SELECT i.id, i.text, i.note, i.status, a.name, r.name, w.label FROM matrix_items i"
        " JOIN accounts a ON a.id = i.account_id JOIN matrix_roles r ON r.id = i.role_id"
        f" JOIN matrix_rows w ON w.id = i.row_id WHERE {where} ORDER BY a.name, r.position, w.position, i.position"
        " LIMIT ?", [*params, limit]).fetchall()
    return [SearchResult("matrix_item", id_, text[:120], _excerpt(f"{text} {note}".strip(), query), account,
                         None, {"status": status, "role": role, "row": row})
            for id_, text, note, status, account, role, row in rows]


def search_research(store: "Store", query: str, limit: int) -> list[SearchResult]:
    hits = store.research.search(query, limit=limit)
    accounts = _accounts_of_items(store, [h.id for h in hits])
    return [SearchResult("research", h.id, h.title, h.snippet_plain(), accounts.get(h.id, ""),
                         h.published.isoformat() if h.published else None, {"url": h.url})
            for h in hits]


def _accounts_of_items(store: "Store", item_ids: list[int]) -> dict[int, str]:
    """The account (or industry) each research item was fetched for, for display."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    rows = store.conn.execute(
        "SELECT ris.research_item_id, coalesce(a.name, i.name, '') FROM research_item_sources ris"
        " JOIN research_sources rs ON rs.id = ris.source_id LEFT JOIN accounts a ON a.id = rs.account_id"
        f" LEFT JOIN industries i ON i.id = rs.industry_id WHERE ris.research_item_id IN ({marks})"
        " ORDER BY rs.account_id IS NULL", item_ids)
    found: dict[int, str] = {}
    for item_id, name in rows:
        found.setdefault(item_id, name)
    return found


def search_briefs(store: "Store", query: str, limit: int) -> list[SearchResult]:
    """Brief snapshots. Owned by the briefs area: this is the one place it plugs in."""
    return [SearchResult("brief", h.snapshot.id, h.snapshot.title, h.snippet, h.account,
                         h.snapshot.created_at.isoformat(), {"meeting_id": h.snapshot.meeting_id})
            for h in store.briefs.search(query, limit)]


SEARCHERS: list[Searcher] = [search_meetings, search_matrix_items, search_research, search_briefs]


def search_everything(store: "Store", query: str, limit: int = 20) -> list[SearchResult]:
    """Up to ``limit`` results of each kind for ``query``; any text is safe to pass."""
    if limit <= 0 or not fts.words(query):
        return []
    results: list[SearchResult] = []
    for searcher in SEARCHERS:
        results.extend(searcher(store, query, limit))
    return results
