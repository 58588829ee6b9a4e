"""Turning anything a user types into a safe FTS5 query, and text into keywords.

FTS5 has its own query syntax (quotes, ``AND``/``OR``/``NOT``/``NEAR``, ``*``, ``^``,
parentheses, column filters): raw user text raises syntax errors or changes meaning.
Every word becomes a quoted string here, so no input can be read as an operator.
"""

from __future__ import annotations

import re

MAX_QUERY_TERMS = 24
MAX_TERM_CHARS = 64
_WORD = re.compile(r"\w+", re.UNICODE)

# English plus a few business-writing fillers: words that match everything and rank
# nothing. Kept short on purpose; bm25 already discounts common words.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each else ever every few for from further get gets got had
has have having he her here hers herself him himself his how i if in into is it its itself just let like made
make many may me might more most much must my myself no nor not now of off often on once only or other our ours
ourselves out over own per quite rather really same see she should so some such than that the their theirs them
themselves then there these they this those through to too under until up upon us use used using very via was
we well were what when where whether which while who whom whose why will with within without would yet you your
yours yourself yourselves new one two three want wants need needs able across around way ways thing things
""".split())


def words(text: str) -> list[str]:
    """The words of ``text`` as FTS5's unicode61 tokenizer would see them (roughly)."""
    return [w.lower()[:MAX_TERM_CHARS] for w in _WORD.findall(text or "") if w.strip("_")]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_query(text: str, *, prefix_last: bool = True, any_term: bool = False) -> str | None:
    """A MATCH expression for what a user typed, or None if it holds no words.

    All words must match (``any_term`` for any); the last word also matches as a prefix
    while the user is still typing it (no trailing space)."""
    terms = words(text)[:MAX_QUERY_TERMS]
    if not terms:
        return None
    parts = [_quote(t) for t in terms]
    still_typing = prefix_last and text and not text[-1].isspace() and len(terms[-1]) >= 2
    if still_typing:
        parts[-1] += "*"
    return (" OR " if any_term else " ").join(parts)


def keywords(text: str, extra: tuple[str, ...] | list[str] = (), limit: int = 12) -> list[str]:
    """Distinctive words of ``text`` (stop words and short words dropped), given
    keywords first, each once, in order of appearance."""
    seen: list[str] = []
    for phrase in extra:
        for word in words(phrase):
            if word not in seen and word not in STOP_WORDS and len(word) > 1:
                seen.append(word)
    for word in words(text):
        if word not in seen and word not in STOP_WORDS and len(word) > 2 and not word.isdigit():
            seen.append(word)
    return seen[:limit]


def any_of(terms: list[str]) -> str | None:
    """A MATCH expression matching any of ``terms`` (already words)."""
    quoted = [_quote(t) for t in terms if t]
    return " OR ".join(quoted) if quoted else None
