"""Meetings: time zones, order of the list, attendees and validation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precall.clock import FixedClock
from precall.domain.meetings import MeetingStatus
from precall.errors import ValidationError
from precall.store import Store
from precall.timeparse import parse_when


def test_meetings_list_upcoming_first_then_past(store: Store, clock: FixedClock) -> None:
    account = store.accounts.create("Acme")
    now = clock.now()
    for title, hours in [("past-old", -72), ("soon", 2), ("later", 48), ("past-recent", -3)]:
        start = now + timedelta(hours=hours)
        store.meetings.create(account.id, title, start, start + timedelta(minutes=30), "UTC")
    assert [m.title for m in store.meetings.summaries(now)] == ["soon", "later", "past-recent", "past-old"]


def test_a_meeting_keeps_its_time_zone(store: Store) -> None:
    account = store.accounts.create("Acme")
    start = parse_when("2026-11-23 10:00", "America/New_York")
    meeting = store.meetings.create(account.id, "Kick-off", start, start + timedelta(hours=1), "America/New_York")
    assert meeting.start == datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
    assert meeting.local_start.hour == 10 and meeting.tz == "America/New_York"


def test_bad_meetings_are_refused_with_the_field_named(store: Store) -> None:
    account = store.accounts.create("Acme")
    start = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    with pytest.raises(ValidationError) as caught:
        store.meetings.create(account.id, "  ", start, start, "UTC")
    assert caught.value.field == "title"
    with pytest.raises(ValidationError, match="ends before it starts"):
        store.meetings.create(account.id, "x", start, start - timedelta(minutes=1), "UTC")
    with pytest.raises(ValidationError, match="Unknown time zone"):
        store.meetings.create(account.id, "x", start, start, "Mars/Olympus")
    other = store.accounts.create("Other")
    stranger = store.accounts.add_contact(other.id, "Stranger")
    with pytest.raises(ValidationError, match="another account"):
        store.meetings.create(account.id, "x", start, start, "UTC", attendee_ids=[stranger.id])
    assert store.meetings.summaries() == []


def test_update_status_and_attendees(store: Store) -> None:
    account = store.accounts.create("Acme")
    dana = store.accounts.add_contact(account.id, "Dana", role="CFO")
    start = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    meeting = store.meetings.create(account.id, "Review", start, start, "UTC")
    updated = store.meetings.update(meeting.id, status="done", attendee_ids=[dana.id], debrief="went well")
    assert updated.status is MeetingStatus.DONE and updated.attendee_ids == (dana.id,)
    with pytest.raises(ValidationError, match="Unknown meeting status"):
        store.meetings.update(meeting.id, status="postponed")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2026 10:00", "ambiguous"),
        ("2026-03-29 02:30", "does not exist"),
        ("2026-10-25 02:30", "happens twice"),
        ("next tuesday", "not a date and time"),
        ("", "empty"),
    ],
)
def test_unclear_times_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_when(text, "Europe/Paris")


def test_offsets_resolve_an_ambiguous_local_time() -> None:
    assert parse_when("2026-10-25 02:30+01:00", "Europe/Paris") == datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)


def test_meeting_times_without_a_zone_are_refused(store: Store) -> None:
    account = store.accounts.create("Acme")
    naive = datetime(2026, 11, 23, 10)
    with pytest.raises(ValidationError, match="need a time zone") as caught:
        store.meetings.create(account.id, "x", naive, naive + timedelta(hours=1), "UTC")
    assert caught.value.field == "start"
