"""The calendar's values: the defaults an import relies on, an event's key and snapshot,
and what makes a file a cancellation (the mutation run found these unchecked)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from precall.calendar.model import (
    MAX_OCCURRENCES,
    Attendee,
    CalendarEvent,
    ImportOptions,
    ParsedCalendar,
    problems_message,
)

START = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)


def test_import_defaults() -> None:
    options = ImportOptions()
    # The limits the command line and the app promise: 10 MiB, 30 days back, 180 ahead.
    assert (options.user_tz, options.days_back, options.days_ahead) == ("UTC", 30, 180)
    assert options.max_bytes == 10 * 1024 * 1024
    assert options.max_occurrences == MAX_OCCURRENCES == 5000
    assert options.own_domains == ()


def test_an_event_key_and_snapshot() -> None:
    event = CalendarEvent("uid@x", "20261123T100000Z", 2, "Call", START, START + timedelta(hours=1),
                          "Europe/Berlin", location="Room 1",
                          attendees=(Attendee("b@x.example", "B"), Attendee("a@x.example")))
    assert event.key == ("uid@x", "20261123T100000Z")
    assert event.snapshot() == {
        "title": "Call", "start": "2026-11-23T10:00:00+00:00", "end": "2026-11-23T11:00:00+00:00", "tz": "Europe/Berlin",
        "location": "Room 1", "cancelled": False, "attendees": ["a@x.example", "b@x.example"]}
    assert Attendee("a@x.example").name == ""


def test_only_method_cancel_is_a_cancellation() -> None:
    def parsed(method: str) -> ParsedCalendar:
        return ParsedCalendar(method=method, name="", window_start=START, window_end=START)

    assert parsed("CANCEL").is_cancel_message is True
    assert parsed("REQUEST").is_cancel_message is False
    assert parsed("").events == [] and parsed("").cancelled_uids == set()


def test_a_single_problem_has_no_tail() -> None:
    assert problems_message("a.ics", ["no start"]) == "a.ics cannot be imported; nothing was changed: no start."
    assert problems_message("a.ics", [f"p{n}" for n in range(4)]).endswith("p2; and 1 more.")
