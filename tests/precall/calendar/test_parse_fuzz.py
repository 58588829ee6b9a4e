"""Damaged calendar files: whatever the damage, a CalendarError in words or a clean parse,
never another exception (which the command line would report as an internal error)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precall.calendar.model import CalendarError
from precall.calendar.parse import parse_ics

from tests.precall.calendar.helpers import DATA, NOW, OPTIONS

FILES = sorted(p.name for p in DATA.glob("*.ics"))
GARBAGE = st.sampled_from([b"", b"X", b":", b";", b"=", b"\\", b"\"", b"TZID=", b"20261301T250000",
                           b"BEGIN:VEVENT", b"END:VEVENT", b"RRULE:FREQ=DAILY;COUNT=-1", b"\xff\xfe",
                           b"VALUE=DATE", b"T", b"Z", b"-PT", b"BYDAY=9ZZ", b"UNTIL=2026"])


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    lines = (DATA / draw(st.sampled_from(FILES))).read_bytes().split(b"\r\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "dup", "cut", "insert", "replace"]))
        line = lines[index]
        if kind == "drop":
            del lines[index]
        elif kind == "dup":
            lines.insert(index, line)
        elif kind == "cut":
            lines[index] = line[:draw(st.integers(0, max(0, len(line))))]
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(GARBAGE) + line[at:]
        else:
            lines[index] = draw(GARBAGE)
        if not lines:
            break
    return b"\r\n".join(lines)


@pytest.mark.fuzz
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_files_fail_only_in_words(data: bytes) -> None:
    try:
        parse_ics(data, now=NOW, options=OPTIONS)
    except CalendarError as exc:
        assert str(exc).strip()


@pytest.mark.fuzz
@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_files_import_whole_or_not_at_all(data: bytes) -> None:
    import tempfile
    from pathlib import Path

    from precall.calendar.apply import apply_plan
    from precall.calendar.plan import compute_plan
    from precall.clock import FixedClock
    from precall.errors import PrecallError
    from precall.store import Store

    from tests.precall.calendar.helpers import dump, ics, import_ics

    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "f.db", clock=FixedClock(NOW)) as store:
        import_ics(store, ics("google.ics"))
        before = dump(store)
        try:
            parsed = parse_ics(data, now=NOW, options=OPTIONS)
            apply_plan(store, compute_plan(store, parsed, source="", options=OPTIONS))
        except PrecallError as exc:
            assert str(exc).strip()
            assert dump(store) == before


def test_a_truncated_start_that_reads_as_a_time_is_refused_in_words() -> None:
    """Found by the fuzz test above in a CI-like run: ``DTSTART;TZID=...:202611`` decodes
    as a time of day, which the recurrence check fed to datetime.combine."""
    data = (DATA / "thunderbird.ics").read_bytes()
    broken = re.sub(rb"DTSTART;TZID=Europe/London:\d{8}T\d{6}", b"DTSTART;TZID=Europe/London:202611", data, count=1)
    assert broken != data
    with pytest.raises(CalendarError, match=r"start \(DTSTART\) .* is not a date"):
        parse_ics(broken, now=NOW, options=OPTIONS)
