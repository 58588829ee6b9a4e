"""How long an imported meeting lasts: DST gaps, ends before starts, exact durations."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from precall.calendar.lengths import in_gap
from precall.calendar.parse import parse_ics
from tests.precall.calendar.helpers import NOW, OPTIONS, dump, import_ics, vcalendar

UTC = timezone.utc


def _event(*lines: str, uid: str = "gap-1") -> bytes:
    return vcalendar("BEGIN:VEVENT", f"UID:{uid}", "SUMMARY:Budget call",
                     "ATTENDEE;CN=Bo:mailto:bo@acme-corp.example", *lines, "END:VEVENT")


def _only(data: bytes):
    parsed = parse_ics(data, now=NOW, options=OPTIONS)
    assert len(parsed.events) == 1
    return parsed, parsed.events[0]


def test_in_gap_knows_the_spring_forward_hour() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert in_gap(datetime(2027, 3, 28, 2, 30, tzinfo=berlin))
    assert not in_gap(datetime(2027, 3, 28, 1, 59, tzinfo=berlin))
    assert not in_gap(datetime(2027, 3, 28, 3, 0, tzinfo=berlin))
    assert not in_gap(datetime(2026, 10, 25, 2, 30, tzinfo=berlin))  # the autumn hour happens twice: not a gap
    assert not in_gap(datetime(2027, 3, 28, 2, 30))


@pytest.mark.parametrize("end", ["DTEND;TZID=Europe/Berlin:20270328T033000", "DURATION:PT1H"])
def test_start_in_a_dst_gap_moves_forward_and_keeps_its_length(end: str) -> None:
    parsed, event = _only(_event("DTSTART;TZID=Europe/Berlin:20270328T023000", end))
    # RFC 5545: read with the offset before the gap (+01:00): 02:30+01:00 is 03:30+02:00.
    assert event.start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert event.end - event.start == timedelta(hours=1)
    assert event.tz == "Europe/Berlin"
    assert any("02:30 on 2027-03-28" in n and "starts at 03:30 instead" in n for n in parsed.notes)


def test_a_daily_series_through_the_gap_keeps_every_meeting_an_hour_long() -> None:
    parsed = parse_ics(_event("DTSTART;TZID=Europe/Berlin:20270326T023000",
                              "DTEND;TZID=Europe/Berlin:20270326T033000", "RRULE:FREQ=DAILY;COUNT=4"),
                       now=datetime(2027, 3, 20, tzinfo=UTC), options=OPTIONS)
    assert [e.end - e.start for e in parsed.events] == [timedelta(hours=1)] * 4
    assert [e.start.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d %H:%M") for e in parsed.events] == \
        ["26 02:30", "27 02:30", "28 03:30", "29 02:30"]


def test_duration_in_hours_is_exact_across_the_clock_change() -> None:
    _, event = _only(_event("DTSTART;TZID=Europe/Berlin:20270328T013000", "DURATION:PT2H"))
    assert event.start == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert event.end == datetime(2027, 3, 28, 2, 30, tzinfo=UTC)  # 04:30 summer time, two real hours


@pytest.mark.parametrize("end, words", [
    ("DTEND;TZID=Europe/Berlin:20261210T090000", "ends before it starts"),
    ("DURATION:-PT1H", "ends before it starts"),
    ("DTEND;VALUE=DATE:20261101", "ends on a date"),
    ("DURATION:P400D", "lasts more than 31 days"),
])
def test_an_unusable_end_gives_a_sixty_minute_meeting_at_the_stated_start(end: str, words: str) -> None:
    parsed, event = _only(_event("DTSTART;TZID=Europe/Berlin:20261210T100000", end))
    assert event.start == datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # not swapped with the end
    assert event.end - event.start == timedelta(minutes=60)
    assert event.recurrence_id == ""
    assert any(words in n and "'Budget call'" in n and "60-minute meeting" in n for n in parsed.notes)


def test_end_before_start_in_a_series_keeps_each_occurrence_identity() -> None:
    parsed = parse_ics(_event("DTSTART:20261201T100000Z", "DTEND:20261201T090000Z", "RRULE:FREQ=DAILY;COUNT=2"),
                       now=NOW, options=OPTIONS)
    assert [e.recurrence_id for e in parsed.events] == ["20261201T100000Z", "20261202T100000Z"]
    assert all(e.end - e.start == timedelta(minutes=60) for e in parsed.events)


@pytest.mark.parametrize("end", ["DTEND;VALUE=DATE:20261201", "DTEND:20261201T100000Z", "DURATION:-P2D"])
def test_all_day_event_with_an_unusable_end_is_one_day_on_its_own_date(end: str) -> None:
    parsed, event = _only(_event("DTSTART;VALUE=DATE:20261210", end))
    assert event.all_day
    assert event.start == datetime(2026, 12, 10, tzinfo=ZoneInfo("Europe/Paris"))
    assert event.end - event.start == timedelta(days=1)
    assert any("imported as one day" in n for n in parsed.notes)


def test_ordinary_events_keep_their_own_end_and_no_note() -> None:
    parsed, event = _only(_event("DTSTART;TZID=Europe/Berlin:20261210T100000",
                                 "DTEND;TZID=America/New_York:20261210T050000"))
    assert (event.start, event.end) == (datetime(2026, 12, 10, 9, tzinfo=UTC), datetime(2026, 12, 10, 10, tzinfo=UTC))
    assert parsed.notes == []
    _, bare = _only(_event("DTSTART:20261210T100000Z"))
    assert bare.end == bare.start  # RFC 5545: a timed event without an end takes no time


def test_a_forged_length_property_in_the_file_is_ignored() -> None:
    _, event = _only(_event("DTSTART:20261210T100000Z", "DTEND:20261210T103000Z", "X-PRECALL-SECONDS:999999999"))
    assert event.end - event.start == timedelta(minutes=30)


def test_gap_meeting_is_stored_an_hour_long_and_reimport_changes_nothing(store) -> None:
    data = _event("DTSTART;TZID=Europe/Berlin:20270328T023000", "DTEND;TZID=Europe/Berlin:20270328T033000")
    options = OPTIONS.__class__(user_tz="Europe/Paris", days_ahead=400)
    result = import_ics(store, data, options=options)
    meeting = store.meetings.get(result.created[0])
    assert meeting.end - meeting.start == timedelta(hours=1)
    before = dump(store)
    assert not import_ics(store, data, options=options).changed_anything
    assert dump(store) == before
