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
        # set_done()/set_note() without the first ``self.item(item_id)``: the UPDATE of an id
        # that does not exist changes no row, and the ``self.item`` after it raises the same
        # NotFoundError, so the caller sees the same error and the same database.
        ("precall/store/checklists.py", 67, "delete call"),
        ("precall/store/checklists.py", 79, "delete call"),
        # _template_specs(): ``getattr(store, "templates", True)`` / ``templates is True``: a
        # default that is not None has no ``checklist_additions`` either, so [] as before.
        ("precall/store/checklists.py", 94, "None->True"),
        ("precall/store/checklists.py", 95, "None->True"),
        # _unlock() on Windows only (``msvcrt``): never run where the tests run.
        ("precall/store/lock.py", 59, "0->1"),
        # take(): the Windows-only unlock before relocking (``sys.platform == "win32"``):
        # ``span is None and win32`` and ``self.span = True`` there never run on Linux.
        ("precall/store/lock.py", 115, "IsNot->Is"),
        ("precall/store/lock.py", 117, "None->True"),
        # take(): unlocking before relocking on Linux too. flock's own conversion of a lock
        # is documented as "remove, then establish" (not atomic), so nothing changes.
        ("precall/store/lock.py", 115, "Eq->NotEq"),
        # _acquire_app(): the handle was opened just above, so it is never None (nor True).
        ("precall/store/lock.py", 205, "None->True"),
        # ensure_starters(): without the "already checked" flag a second pass finds every
        # starter recorded in template_state at its version and adds nothing; the flag only
        # saves re-reading the bundled files.
        ("precall/store/templates.py", 211, "True->False"),
        # _next_hop(): the 200-character cut of an unusable Location in the message. Never
        # reached: requests prepares the next hop while answering (even with redirects off)
        # and raises for any Location urljoin refuses, which _send() reports first
        # (test_http_mutants: a redirect to a broken IPv6 literal).
        ("precall/net/http.py", 231, "slice drop upper"),
        # parse_content_type(): ``pieces or pieces[0]``: str.split always returns at least
        # one piece, so the media type is ``pieces[0].lower()`` either way ("" stays "").
        ("precall/net/http.py", 326, "And->Or"),
        # diagnose._look_inside(): the ``return`` when read_only_connection() fails. Never
        # reached: diagnose() has just opened and read the same file, and sqlite3.connect
        # (no statement yet) fails only when the file cannot be opened.
        ("precall/store/diagnose.py", 104, "delete return"),
        # repair.check_file(): the same unreachable branch after diagnose() found the file usable.
        ("precall/store/repair.py", 191, "delete return"),
        # repair.filesystem_type(): ``return None`` off Linux, and lines of /proc/mounts with
        # fewer than 3 fields (the kernel always writes 6): never run where the tests run.
        ("precall/store/repair.py", 132, "None->True"),
        ("precall/store/repair.py", 141, "3->4"),
        # Deadline.finish(): clearing the socket list only drops references: once finished
        # is set, neither attach() nor the watchdog touches a socket again.
        ("precall/net/guard.py", 83, "delete call"),
        # Deadline._watch(): ``>`` instead of ``>=`` against a float monotonic clock after
        # waiting the time left: the two differ only at one exact instant, and the next
        # round of the loop (left <= 0) breaks out all the same.
        ("precall/net/guard.py", 91, "GtE->Gt"),
        # validate_url(): ``"[" in netloc and "]" in netloc`` for ``or``: urlsplit() already
        # refuses a netloc holding only one kind of bracket ("Invalid IPv6 URL"), so one
        # reaching this line holds both or neither, where ``and`` and ``or`` agree.
        ("precall/net/urls.py", 160, "Or->And"),
        # resolve(): cutting a "%zone" off the address text. CPython on Linux returns a
        # link-local address's zone in sockaddr[3], never inside sockaddr[0], so the split
        # (kept for platforms that do) changes nothing where the tests run.
        ("precall/net/addresses.py", 111, "1->0"),
        # template_item_outcomes(): ``is not True`` instead of ``is not None`` only differs
        # when debrief_outcomes is missing, and every Precall database has it (m004 runs
        # before the template tables this repo reads exist).
        ("precall/store/feedback.py", 27, "None->True"),
        # row_items(): without the early ``return []`` for no roles, the query runs with
        # ``IN ()``, which SQLite accepts and which matches nothing: [] all the same.
        ("precall/store/matrix.py", 113, "delete return"),
        # research._date(): without ``return None`` after a ValueError the function falls
        # off its end, which returns None too.
        ("precall/store/research.py", 63, "delete return"),
        # create_database(): closing the half-built connection before removing its files
        # only frees a handle (Linux unlinks open files), and fsync of the new file before
        # its rename only matters for a power cut, which no test can make.
        ("precall/store/facade.py", 326, "delete call"),
        ("precall/store/facade.py", 335, "delete call"),
        # verify_backup(): the ``return`` when read_only_connection() fails: unreachable, as in
        # repair.check_file(): is_file() has just been checked and connect runs no statement.
        ("precall/store/backup_rotation.py", 157, "delete return"),
        # research.save_page(): ``source_id is not True`` lets None through to an INSERT OR
        # IGNORE (which ignores the NOT NULL failure) and an UPDATE setting NULL where NULL
        # is: nothing is written either way.
        ("precall/store/research.py", 132, "None->True"),
        # research.relevant_for_account(): ``limit < 0`` instead of ``<= 0`` hands a limit
        # of 0 to the ranked query, whose LIMIT 0 returns [] as the early return does.
        ("precall/store/research.py", 315, "LtE->Lt"),
        # create_database(): the connection left open until garbage collection (Linux lets
        # the file be renamed under it; it holds no lock in DELETE mode between statements).
        ("precall/store/facade.py", 332, "delete call"),
        # Deadline.expired: ``>`` for ``>=`` against a float monotonic clock: one instant.
        ("precall/net/guard.py", 61, "GtE->Gt"),
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
