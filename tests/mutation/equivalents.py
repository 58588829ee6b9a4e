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
        # deleted_keys(): chunks of 501 with a step of 500 overlap by one uid; the answer is a
        # set and 501 is far below SQLite's variable limit, so nothing changes.
        ("precall/store/calendar.py", 101, "500->501"),
        # display_zone(): a tzinfo without ``key`` gives True instead of None, which is not a
        # zone name either, so the fallback zone is returned all the same.
        ("precall/calendar/zones.py", 75, "None->True"),
        # normalize_component_zones(): ``prop is True`` instead of ``is None`` hands None to
        # _values(), which finds no date-time in it: the property is skipped as before.
        ("precall/calendar/zones.py", 149, "None->True"),
        # iana_zone(): without the ``continue`` for empty, ".." or absolute candidates, ZoneInfo
        # itself refuses each of them with ValueError, which the loop catches and skips.
        ("precall/calendar/zones.py", 41, "delete continue"),
    }
)
