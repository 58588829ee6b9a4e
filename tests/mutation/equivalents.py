"""Equivalent mutants: changes no test could notice because behaviour does not change.

Each entry is (module, line, mutation) exactly as the runner reports a survivor, with a
comment saying why the change is invisible. The runner sets these aside and lists entries
that no longer match any mutation point, so the list cannot silently go stale.
"""

from __future__ import annotations

EQUIVALENT: frozenset[tuple[str, int, str]] = frozenset(
    {
    }
)
