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
        # _canonical_host(): a host with ":" that is no IPv6 address is ASCII (urlsplit refuses
        # bad bracketed hosts first), so falling through ends in the same ``return host``.
        ("precall/research/canonical.py", 59, "delete return"),
        # _top_questions(): precall.plans.questions is always importable, so the function is
        # never None: ``is not True`` is as true as ``is not None``, and the matrix fallback
        # below it (and its ``return``) never runs.
        ("precall/calendar/export.py", 64, "None->True"),
        ("precall/calendar/export.py", 68, "delete return"),
        # lru_cache(maxsize=True) is a cache of one entry instead of an unbounded one: the
        # answers are the same, only computed again more often.
        ("precall/research/charset.py", 72, "None->True"),
        # guess_encoding(): the 64 KiB sample only bounds the detector's time; charset-normalizer
        # reads a large input in its own chunks, and on every mixed input tried (legacy text
        # followed by other code pages or binary noise) the whole gives the sample's answer.
        ("precall/research/charset.py", 126, "slice drop upper"),
        # _when(): ``continue`` is the last statement of the loop body; without it the loop
        # goes on to the next key all the same.
        ("precall/research/feeds.py", 69, "delete continue"),
        # resolve_relative_uris only rewrites links inside summary HTML, which html_to_text then
        # reduces to its text; entry links are resolved by _link() itself.
        ("precall/research/feeds.py", 102, "True->False"),
        # The condition only decides whether to log an unreadable feed; logs are not a contract.
        ("precall/research/feeds.py", 109, "drop not"),
        # looks_like_feed(): every _PROLOG alternative matches at least one byte, so a match
        # never ends where it started and this ``break`` cannot be reached.
        ("precall/research/feeds.py", 151, "delete break"),
    }
)
