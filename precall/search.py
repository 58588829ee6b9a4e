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


def _terms(query: str) -> list[str]:
    """The words matched with ``LIKE`` (a few at most, so a long query stays cheap)."""
    return fts.words(query)[:MAX_LIKE_WORDS]


def _excerpt(text: str, query: str, width: int = 160) -> str:
    """The part of ``text`` around the first word of the query that it contains."""
    lowered = text.lower()
    positions = [lowered.find(t) for t in fts.words(query) if t in lowered]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def search_meetings(store: "Store", query: str, limit: int) -> list[SearchResult]:
    terms = _terms(query)
    if not terms:
        return []
    results = []
    for id_, title, account, start, *rest in store.meetings.search(terms, limit):
        context = " · ".join(str(r) for r in rest if r)
        results.append(SearchResult("meeting", id_, title, _excerpt(context or title, query), account, start))
    return results


def search_matrix_items(store: "Store", query: str, limit: int) -> list[SearchResult]:
    terms = _terms(query)
    if not terms:
        return []
    return [SearchResult("matrix_item", id_, text[:120], _excerpt(f"{text} {note}".strip(), query), account,
                         None, {"status": status, "role": role, "row": row})
            for id_, text, note, status, account, role, row in store.matrix.search(terms, limit)]


def search_research(store: "Store", query: str, limit: int) -> list[SearchResult]:
    hits = store.research.search(query, limit=limit)
    accounts = store.research.account_names([h.id for h in hits])
    return [SearchResult("research", h.id, h.title, h.snippet_plain(), accounts.get(h.id, ""),
                         h.published.isoformat() if h.published else None, {"url": h.url})
            for h in hits]


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
