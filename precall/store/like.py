"""Matching every word of a query with ``LIKE``, for the small per-user tables that have
no full-text index (meetings, matrix items).

Each word must appear somewhere in the joined columns; ``LIKE``'s own wildcards in a
word are escaped, so a query of ``50%`` or ``a_b`` matches those characters literally.
"""

from __future__ import annotations


def like_every_word(columns: list[str], terms: list[str]) -> tuple[str, list[str]]:
    """``(a || ' ' || b) LIKE ? AND ...``, one clause per term, and its parameters."""
    if not terms:
        raise ValueError("like_every_word needs at least one term")
    haystack = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    clauses, params = [], []
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(f"({haystack}) LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return " AND ".join(clauses), params
