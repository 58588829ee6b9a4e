"""Equivalent mutants: changes no test could notice because behaviour does not change.

Each entry is (module, line, mutation) exactly as the runner reports a survivor, with a
comment saying why the change is invisible. The runner sets these aside and lists entries
that no longer match any mutation point, so the list cannot silently go stale.
"""

from __future__ import annotations

EQUIVALENT: frozenset[tuple[str, int, str]] = frozenset(
    {
        # for_meeting(): without ``return items`` (nothing missing) the code falls through to
        # the creation branch, which finds the list already there and returns the same read.
        ("precall/store/checklists.py", 49, "delete return"),
        # Same fall-through after adding the missing template items: the next branch re-reads.
        ("precall/store/checklists.py", 52, "delete return"),
    }
)
