"""Ranking research items as evidence for one matrix item.

FTS5's bm25 over "any of the keywords" finds candidates; it favours a document that
repeats one common keyword over one that mentions several. Evidence for an assumption
should cover it, so candidates are re-ranked by how many of the keywords they contain
(the template's own keywords count double, as a manager chose them), times bm25.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from precall.research import fts
from precall.research.items import ResearchHit

#: Candidates fetched per suggestion shown, before re-ranking.
CANDIDATES_PER_RESULT = 5
TEMPLATE_KEYWORD_WEIGHT = 2.0


@dataclass(frozen=True)
class EvidenceQuery:
    """The words to look for: ``chosen`` from the item's template, ``derived`` from its text."""

    chosen: tuple[str, ...]
    derived: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys([*self.chosen, *self.derived]))

    def weight(self, term: str) -> float:
        return TEMPLATE_KEYWORD_WEIGHT if term in self.chosen else 1.0


def evidence_query(text: str, keywords: Sequence[str]) -> EvidenceQuery:
    chosen = tuple(fts.keywords("", list(keywords), limit=12))
    derived = tuple(w for w in fts.keywords(text, limit=12) if w not in chosen)
    return EvidenceQuery(chosen, derived)


def rerank(hits: Sequence[ResearchHit], texts: dict[int, str], query: EvidenceQuery) -> list[ResearchHit]:
    """``hits`` ordered by keyword coverage × bm25 (best first)."""
    total = sum(query.weight(t) for t in query.terms) or 1.0

    def score(hit: ResearchHit) -> float:
        words = set(fts.words(texts.get(hit.id, "")))
        covered = sum(query.weight(t) for t in query.terms if t in words)
        # bm25 from SQLite is negative (lower is better): flip it so bigger is better.
        return (0.25 + covered / total) * max(-hit.score, 1e-9)

    return sorted(hits, key=lambda h: (-score(h), h.id))
