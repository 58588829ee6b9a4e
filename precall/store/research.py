"""The offline research library: research items, their earlier versions, full-text
search and the evidence links from matrix items (``store.research``).

Items are deduplicated by canonical URL, then by content hash (the same article at
another address is the same item). Saving a changed page moves the previous content to
``research_item_versions`` and re-indexes the latest, all in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from precall.clock import utc_iso
from precall.domain.matrix import ItemStatus
from precall.errors import NotFoundError
from precall.research import fts
from precall.research.canonical import canonical_url, choose_canonical
from precall.research.items import (HIGHLIGHT_END, HIGHLIGHT_START, ResearchHit, ResearchItem, ResearchItemRef,
                                    ResearchItemVersion)
from precall.store.connection import inserted_id

if TYPE_CHECKING:
    from precall.research.extract import ExtractedPage
    from precall.store.facade import Store

log = logging.getLogger("precall.research")

_ITEM_COLUMNS = ("id, source_id, canonical_url, url, title, published, author, summary, text, facts, fetched_at,"
                 " content_hash, first_seen_at")
# Items reachable for an account: from its own sources or from its industry's.
_ACCOUNT_SCOPE = """
SELECT ris.research_item_id FROM research_item_sources ris
JOIN research_sources rs ON rs.id = ris.source_id
WHERE rs.account_id = :account
   OR (rs.industry_id IS NOT NULL AND rs.industry_id = (SELECT industry_id FROM accounts WHERE id = :account))
"""
SNIPPET_TOKENS = 18
#: Earlier versions kept per item (the oldest go first).
MAX_VERSIONS = 20
CONTENT_COLUMNS = ("title", "summary", "text", "author")
#: At most this many matches (the newest) are ranked by bm25; see ``_ranked``.
RANK_WINDOW = 1_000
_SCOPE_LIKE = re.compile(r'"(?:acct|ind)\d+"')


def content_hash_of(page: "ExtractedPage") -> str:
    """A hash of what a reader sees, so markup-only changes are not new versions."""
    parts = [page.title, page.published.isoformat() if page.published else "", page.author, page.summary, page.text]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class ResearchRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    # saving -----------------------------------------------------------------
    def save_page(self, *, source_id: int | None, url: str, page: "ExtractedPage", fetched_at: datetime,
                  content_hash: str | None = None) -> tuple[ResearchItem, bool]:
        """Store what a fetch of ``url`` produced. Returns the item and whether it is new
        or changed (False: the same content was already stored, perhaps at another URL)."""
        canonical = choose_canonical(url, page.canonical_url or None)
        digest = content_hash or content_hash_of(page)
        fetched = utc_iso(fetched_at)
        published = page.published.isoformat() if page.published else None
        facts = json.dumps(page.facts, ensure_ascii=False, default=str)
        with self._store.write():
            row = self._conn.execute(
                "SELECT id, content_hash FROM research_items WHERE canonical_url = ?", [canonical]
            ).fetchone()
            if row is None and page.text.strip():
                row = self._conn.execute(
                    "SELECT id, content_hash FROM research_items WHERE content_hash = ? ORDER BY id LIMIT 1", [digest]
                ).fetchone()
            if row is None:
                cur = self._conn.execute(
                    "INSERT INTO research_items(source_id, canonical_url, url, title, published, author, summary,"
                    " text, facts, fetched_at, content_hash, first_seen_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [source_id, canonical, url, page.title, published, page.author, page.summary, page.text, facts,
                     fetched, digest, self._store.now_iso()],
                )
                item_id, changed = inserted_id(cur), True
            else:
                item_id, old_hash = int(row[0]), row[1]
                changed = old_hash != digest
                if changed:
                    self._conn.execute(
                        "INSERT INTO research_item_versions(item_id, url, title, published, author, summary, text,"
                        " facts, fetched_at, content_hash, superseded_at)"
                        " SELECT id, url, title, published, author, summary, text, facts, fetched_at, content_hash, ?"
                        " FROM research_items WHERE id = ?",
                        [fetched, item_id],
                    )
                    self._conn.execute(
                        "UPDATE research_items SET url=?, title=?, published=?, author=?, summary=?, text=?, facts=?,"
                        " fetched_at=?, content_hash=? WHERE id=?",
                        [url, page.title, published, page.author, page.summary, page.text, facts, fetched, digest,
                         item_id],
                    )
                    # A page with a live ticker changes on every fetch: keep a bounded history.
                    self._conn.execute(
                        "DELETE FROM research_item_versions WHERE item_id = ? AND id NOT IN (SELECT id FROM"
                        " research_item_versions WHERE item_id = ? ORDER BY fetched_at DESC, id DESC LIMIT ?)",
                        [item_id, item_id, MAX_VERSIONS])
                else:
                    self._conn.execute("UPDATE research_items SET fetched_at=max(fetched_at, ?) WHERE id=?",
                                       [fetched, item_id])
            if source_id is not None:
                self._conn.execute(
                    "INSERT OR IGNORE INTO research_item_sources(research_item_id, source_id) VALUES (?, ?)",
                    [item_id, source_id],
                )
                self._conn.execute("UPDATE research_items SET source_id=? WHERE id=? AND source_id IS NULL",
                                   [source_id, item_id])
        return self.item(item_id), changed

    def delete(self, item_id: int) -> None:
        with self._store.write():
            self._conn.execute("DELETE FROM research_items WHERE id=?", [item_id])

    # reading ----------------------------------------------------------------
    def _item(self, row: tuple[Any, ...], versions: int = 0) -> ResearchItem:
        (id_, source_id, canonical, url, title, published, author, summary, text, facts, fetched_at, digest,
         first_seen) = row
        try:
            parsed_facts = json.loads(facts or "{}")
        except ValueError:
            parsed_facts = {}
        return ResearchItem(
            id=id_, source_id=source_id, canonical_url=canonical, url=url, title=title, published=_date(published),
            author=author, summary=summary, text=text, facts=parsed_facts if isinstance(parsed_facts, dict) else {},
            fetched_at=_when(fetched_at), content_hash=digest, first_seen_at=_when(first_seen), version_count=versions,
        )

    def item(self, item_id: int) -> ResearchItem:
        row = self._conn.execute(f"SELECT {_ITEM_COLUMNS} FROM research_items WHERE id=?", [item_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no research item with id {item_id}.")
        count = self._conn.execute("SELECT count(*) FROM research_item_versions WHERE item_id=?", [item_id]).fetchone()
        return self._item(row, int(count[0]))

    def find_by_url(self, url: str) -> ResearchItem | None:
        row = self._conn.execute("SELECT id FROM research_items WHERE canonical_url=?", [canonical_url(url)]).fetchone()
        return self.item(int(row[0])) if row else None

    def versions(self, item_id: int) -> list[ResearchItemVersion]:
        """Earlier versions of an item, newest first (the current one is the item)."""
        rows = self._conn.execute(
            "SELECT id, item_id, url, title, published, author, summary, text, fetched_at, superseded_at, content_hash"
            " FROM research_item_versions WHERE item_id=? ORDER BY fetched_at DESC, id DESC", [item_id])
        return [ResearchItemVersion(id=r[0], item_id=r[1], url=r[2], title=r[3], published=_date(r[4]), author=r[5],
                                    summary=r[6], text=r[7], fetched_at=_when(r[8]) or datetime.min,
                                    superseded_at=_when(r[9]) or datetime.min, content_hash=r[10]) for r in rows]

    def _refs(self, sql: str, params: Sequence[Any] | Mapping[str, Any]) -> list[ResearchItemRef]:
        return [ResearchItemRef(id=r[0], title=r[1] or r[2], url=r[2], published=_date(r[3]), source_id=r[4])
                for r in self._conn.execute(sql, params)]

    def items_for_account(self, account_id: int, limit: int = 200) -> list[ResearchItemRef]:
        """Items from the account's sources and its industry's, newest first."""
        return self._refs(
            f"SELECT id, title, url, published, source_id FROM research_items WHERE id IN ({_ACCOUNT_SCOPE})"
            " ORDER BY coalesce(published, substr(fetched_at, 1, 10)) DESC, id DESC LIMIT :limit",
            {"account": account_id, "limit": limit})

    def recent(self, limit: int = 50) -> list[ResearchItemRef]:
        """All items, newest first (for views not scoped to one account)."""
        return self._refs(
            "SELECT id, title, url, published, source_id FROM research_items"
            " ORDER BY coalesce(published, substr(fetched_at, 1, 10)) DESC, id DESC LIMIT ?", [limit])

    def items_for_industry(self, industry_id: int, limit: int = 200) -> list[ResearchItemRef]:
        """Items from an industry's sources, newest first."""
        return self._refs(
            "SELECT DISTINCT ri.id, ri.title, ri.url, ri.published, ri.source_id FROM research_items ri"
            " JOIN research_item_sources ris ON ris.research_item_id = ri.id"
            " JOIN research_sources rs ON rs.id = ris.source_id WHERE rs.industry_id = ?"
            " ORDER BY coalesce(ri.published, substr(ri.fetched_at, 1, 10)) DESC, ri.id DESC LIMIT ?",
            [industry_id, limit])

    def items_for_source(self, source_id: int, limit: int = 200) -> list[ResearchItemRef]:
        return self._refs(
            "SELECT ri.id, ri.title, ri.url, ri.published, ri.source_id FROM research_items ri"
            " JOIN research_item_sources ris ON ris.research_item_id = ri.id WHERE ris.source_id = ?"
            " ORDER BY coalesce(ri.published, substr(ri.fetched_at, 1, 10)) DESC, ri.id DESC LIMIT ?",
            [source_id, limit])

    def source_names(self, item_id: int) -> list[str]:
        """Where an item came from, for display: "Acme — acme.example/news" per source."""
        rows = self._conn.execute(
            "SELECT rs.label, rs.url, coalesce(a.name, i.name, '') FROM research_item_sources ris"
            " JOIN research_sources rs ON rs.id = ris.source_id LEFT JOIN accounts a ON a.id = rs.account_id"
            " LEFT JOIN industries i ON i.id = rs.industry_id WHERE ris.research_item_id = ? ORDER BY rs.id",
            [item_id])
        names = []
        for label, url, owner in rows:
            where = label or url.split("://", 1)[-1]
            names.append(f"{owner} — {where}" if owner else where)
        return names

    def account_names(self, item_ids: list[int]) -> dict[int, str]:
        """The account (or else industry) name each research item was fetched for."""
        if not item_ids:
            return {}
        marks = ",".join("?" * len(item_ids))
        rows = self._conn.execute(
            "SELECT ris.research_item_id, coalesce(a.name, i.name, '') FROM research_item_sources ris"
            " JOIN research_sources rs ON rs.id = ris.source_id LEFT JOIN accounts a ON a.id = rs.account_id"
            f" LEFT JOIN industries i ON i.id = rs.industry_id WHERE ris.research_item_id IN ({marks})"
            " ORDER BY rs.account_id IS NULL", item_ids)
        found: dict[int, str] = {}
        for item_id, name in rows:
            found.setdefault(item_id, name)
        return found

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM research_items").fetchone()[0])

    # searching --------------------------------------------------------------
    def _scope_match(self, account_id: int) -> str:
        """The FTS clause for "reachable from this account": its own sources' token and
        its industry's (see ``scope`` in m003)."""
        tokens = [f'"acct{int(account_id)}"']
        row = self._conn.execute("SELECT industry_id FROM accounts WHERE id=?", [account_id]).fetchone()
        if row and row[0] is not None:
            tokens.append(f'"ind{int(row[0])}"')
        return "scope : (" + " OR ".join(tokens) + ")"

    def _ranked(self, match: str, limit: int, account_id: int | None,
                industry_id: int | None = None) -> list[ResearchHit]:
        """bm25-ranked hits for an FTS expression built by ``precall.research.fts``.

        Ranking every match is what makes common words slow (bm25 reads each matching
        row's statistics), so when more than ``RANK_WINDOW`` items match, only the newest
        ``RANK_WINDOW`` matches are ranked: FTS5 walks its row ids newest first cheaply."""
        # A column filter makes FTS5 read position lists (4x slower on common words), so
        # it is only added when a typed word could be mistaken for a scope token.
        expression = f"{{{' '.join(CONTENT_COLUMNS)}}} : ({match})" if _SCOPE_LIKE.search(match) else match
        if account_id is not None:
            expression = f"({expression}) AND {self._scope_match(account_id)}"
        elif industry_id is not None:
            expression = f'({expression}) AND scope : ("ind{int(industry_id)}")'
        try:
            cutoff = self._conn.execute(
                "SELECT rowid FROM research_fts WHERE research_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                [expression, RANK_WINDOW - 1]).fetchone()
            sql = f"""
            WITH top AS MATERIALIZED (
                SELECT rowid AS id, bm25(research_fts, 8.0, 3.0, 1.0, 2.0, 0.0) AS score FROM research_fts
                WHERE research_fts MATCH :match AND rowid >= :lowest ORDER BY score LIMIT :limit
            )
            SELECT ri.id, ri.title, ri.url, ri.published, ri.fetched_at, ri.source_id, top.score, ri.summary,
                   snippet(research_fts, 2, :hs, :he, '…', {SNIPPET_TOKENS})
            -- CROSS JOIN keeps this order: snippets for the top rows only, looked up by rowid
            -- (otherwise SQLite scans every match again to join them).
            FROM top CROSS JOIN research_fts ON research_fts.rowid = top.id
            CROSS JOIN research_items ri ON ri.id = top.id
            WHERE research_fts MATCH :match ORDER BY top.score, ri.id
            """
            rows = self._conn.execute(sql, {"match": expression, "lowest": cutoff[0] if cutoff else 0,
                                            "limit": limit, "hs": HIGHLIGHT_START, "he": HIGHLIGHT_END}).fetchall()
        except sqlite3.OperationalError as exc:  # the query builder quotes everything; log, never crash
            log.warning("research search failed for %r: %s", expression, exc)
            return []
        hits = []
        for (id_, title, url, published, fetched_at, source_id, score, summary, snippet) in rows:
            if HIGHLIGHT_START not in (snippet or ""):
                snippet = summary[:240] if summary else snippet
            hits.append(ResearchHit(id=id_, title=title or url, url=url, published=_date(published),
                                    fetched_at=_when(fetched_at), snippet=" ".join((snippet or "").split()),
                                    score=float(score), source_id=source_id))
        return hits

    def search(self, query: str, limit: int = 50, account_id: int | None = None,
               industry_id: int | None = None) -> list[ResearchHit]:
        """Items matching every word of ``query`` (any text is safe), best first; within
        an account's research (its own and its industry's) or an industry's, if given."""
        match = fts.match_query(query)
        if match is None or limit <= 0:
            return []
        return self._ranked(match, limit, account_id, industry_id)

    def relevant_for_account(self, account_id: int, keywords: Iterable[str], limit: int = 10) -> list[ResearchHit]:
        """Items in the account's scope matching any of ``keywords``, best first."""
        terms: list[str] = []
        for keyword in keywords:
            for word in fts.words(keyword):
                if word not in terms and word not in fts.STOP_WORDS:
                    terms.append(word)
        match = fts.any_of(terms[: fts.MAX_QUERY_TERMS])
        if match is None or limit <= 0:
            return []
        return self._ranked(match, limit, account_id)

    # evidence ---------------------------------------------------------------
    def evidence_for_items(self, item_ids: Iterable[int]) -> dict[int, list[ResearchItemRef]]:
        ids = sorted({int(i) for i in item_ids})
        found: dict[int, list[ResearchItemRef]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                "SELECT e.item_id, ri.id, ri.title, ri.url, ri.published, ri.source_id, e.created_at"
                f" FROM matrix_item_evidence e JOIN research_items ri ON ri.id = e.research_item_id"
                f" WHERE e.item_id IN ({marks}) ORDER BY e.created_at, ri.id", chunk)
            for item_id, rid, title, url, published, source_id, created in rows:
                found[item_id].append(ResearchItemRef(id=rid, title=title or url, url=url, published=_date(published),
                                                      source_id=source_id, linked_at=_when(created)))
        return found

    def link_evidence(self, item_id: int, research_item_id: int) -> None:
        """Link a research item as evidence for a matrix item and mark it researched
        (an item already confirmed or refuted keeps that status)."""
        with self._store.write():
            item = self._store.matrix.item(item_id)
            self.item(research_item_id)
            self._conn.execute(
                "INSERT OR IGNORE INTO matrix_item_evidence(item_id, research_item_id, created_at) VALUES (?, ?, ?)",
                [item_id, research_item_id, self._store.now_iso()])
            if item.status is ItemStatus.ASSUMED:
                self._conn.execute("UPDATE matrix_items SET status=?, updated_at=? WHERE id=?",
                                   [ItemStatus.RESEARCHED.value, self._store.now_iso(), item_id])

    def unlink_evidence(self, item_id: int, research_item_id: int) -> None:
        """Remove an evidence link; an item left with no evidence goes back to assumed."""
        with self._store.write():
            item = self._store.matrix.item(item_id)
            self._conn.execute("DELETE FROM matrix_item_evidence WHERE item_id=? AND research_item_id=?",
                               [item_id, research_item_id])
            left = self._conn.execute("SELECT count(*) FROM matrix_item_evidence WHERE item_id=?", [item_id]).fetchone()
            if item.status is ItemStatus.RESEARCHED and left[0] == 0:
                self._conn.execute("UPDATE matrix_items SET status=?, updated_at=? WHERE id=?",
                                   [ItemStatus.ASSUMED.value, self._store.now_iso(), item_id])

    def suggest_evidence(self, item_id: int, limit: int = 8) -> list[ResearchHit]:
        """Research items in the account's scope that may support a matrix item, best
        first; already linked ones are left out (see ``precall.research.evidence``)."""
        from precall.research.evidence import CANDIDATES_PER_RESULT, evidence_query, rerank

        item = self._store.matrix.item(item_id)
        query = evidence_query(item.text, item.keywords)
        linked = {ref.id for ref in self.evidence_for_items([item_id])[item_id]}
        candidates = [hit for hit in self.relevant_for_account(item.account_id, query.terms,
                                                               limit * CANDIDATES_PER_RESULT + len(linked))
                      if hit.id not in linked]
        if not candidates:
            return []
        marks = ",".join("?" * len(candidates))
        texts = {row[0]: f"{row[1]} {row[2]} {row[3]}" for row in self._conn.execute(
            f"SELECT id, title, summary, text FROM research_items WHERE id IN ({marks})", [h.id for h in candidates])}
        return rerank(candidates, texts, query)[:limit]
