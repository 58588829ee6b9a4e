"""Research items as the rest of Precall sees them (the store returns these)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Marks around matched words in search snippets (private-use characters, so they can
#: never clash with page text); ``snippet_html`` / ``snippet_plain`` turn them into markup.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"


@dataclass(frozen=True)
class ResearchItem:
    id: int
    source_id: int | None
    canonical_url: str
    url: str
    title: str
    published: date | None
    author: str
    summary: str
    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    fetched_at: datetime | None = None
    content_hash: str = ""
    first_seen_at: datetime | None = None
    #: Number of earlier versions kept (the page changed that many times).
    version_count: int = 0

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class ResearchItemVersion:
    """A version of an item that a later fetch replaced."""

    id: int
    item_id: int
    url: str
    title: str
    published: date | None
    author: str
    summary: str
    text: str
    fetched_at: datetime
    superseded_at: datetime
    content_hash: str


@dataclass(frozen=True)
class ResearchItemRef:
    """A short reference to an item: enough to list it and open it."""

    id: int
    title: str
    url: str
    published: date | None
    source_id: int | None = None
    linked_at: datetime | None = None


@dataclass(frozen=True)
class ResearchHit:
    """One search result: the item, a snippet with highlight marks, its bm25 score
    (lower is better, as SQLite reports it)."""

    id: int
    title: str
    url: str
    published: date | None
    fetched_at: datetime | None
    snippet: str
    score: float
    source_id: int | None = None

    def snippet_plain(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)

    def snippet_html(self) -> str:
        escaped = html.escape(self.snippet, quote=True)
        return escaped.replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")
