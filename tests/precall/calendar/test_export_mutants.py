"""Exported events in detail: the reminder's boundaries, the title rule, which attendees
are written, the description's lines, cancellations and recurrence ids (the mutation run
found these unchecked)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from precall.calendar.export import _recurrence_value, build_calendar, export_meetings, meeting_summary
from precall.store import Store

START = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)


def _events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def _meeting(store: Store, title: str = "Budget review", **fields: str) -> int:
    account = store.accounts.create("Fabrikam")
    cfo = store.accounts.add_contact(account.id, "Ana Lima", title="CFO", email="ana@fabrikam.example", role="CFO")
    noemail = store.accounts.add_contact(account.id, "Bo Chen", role="CFO")
    meeting = store.meetings.create(account.id, title, START, START + timedelta(hours=1), "Europe/Berlin",
                                    attendee_ids=[cfo.id, noemail.id], **fields)
    return meeting.id


def test_a_reminder_of_zero_minutes_is_at_the_start_and_negative_is_refused(store: Store) -> None:
    meeting_id = _meeting(store)
    (event,) = _events(build_calendar(store, [meeting_id], reminder_minutes=0))
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(0)
    assert str(alarm.get("DESCRIPTION")) == "In 0 minutes: Budget review. Go clear your head."
    with pytest.raises(ValueError, match="cannot come after the meeting starts"):
        build_calendar(store, [meeting_id], reminder_minutes=-1)
    (later,) = _events(build_calendar(store, [meeting_id], reminder_minutes=5))
    assert later.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-5)


def test_a_precall_meeting_is_titled_with_its_account_once(store: Store) -> None:
    meeting_id = _meeting(store)
    (event,) = _events(build_calendar(store, [meeting_id]))
    assert str(event.get("SUMMARY")) == "Fabrikam: Budget review"
    assert "@" in str(event.get("UID")) and event.get("STATUS") == "CONFIRMED"
    store.meetings.update(meeting_id, title="FABRIKAM budget review")
    (event,) = _events(build_calendar(store, [meeting_id]))
    assert str(event.get("SUMMARY")) == "FABRIKAM budget review"
    assert event.get("RECURRENCE-ID") is None


def test_only_attendees_with_an_email_are_written(store: Store) -> None:
    meeting_id = _meeting(store)
    (event,) = _events(build_calendar(store, [meeting_id]))
    attendee = event.get("ATTENDEE")
    assert not isinstance(attendee, list)
    assert str(attendee) == "mailto:ana@fabrikam.example"
    assert attendee.params["CN"] == "Ana Lima" and attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_a_cancelled_meeting_has_no_reminder(store: Store) -> None:
    meeting_id = _meeting(store)
    store.meetings.update(meeting_id, status="cancelled")
    (event,) = _events(build_calendar(store, [meeting_id]))
    assert event.get("STATUS") == "CANCELLED" and event.walk("VALARM") == []


def test_the_description_lists_the_plan_attendees_and_three_questions(store: Store) -> None:
    meeting_id = _meeting(store, customer_benefit="  Lower   freight cost ")
    for n in range(5):
        store.plans.add_question(meeting_id, f"Question {n}?")
    summary = meeting_summary(store, store.meetings.get(meeting_id))
    assert summary.split("\n") == [
        "Customer benefit: Lower freight cost",
        "Attendees: Ana Lima, CFO; Bo Chen, CFO",
        "Top questions:", "- Question 0?", "- Question 1?", "- Question 2?",
        f"Prepared in Precall (meeting {meeting_id}).",
    ]


def test_an_unprepared_meeting_says_so(store: Store) -> None:
    account = store.accounts.create("Contoso")
    meeting = store.meetings.create(account.id, "Intro", START, START + timedelta(hours=1), "UTC")
    assert meeting_summary(store, meeting) == (
        f"No plan yet: open Precall to prepare this meeting.\nPrepared in Precall (meeting {meeting.id}).")


def test_recurrence_values_keep_their_form() -> None:
    assert _recurrence_value("20261210T080000Z") == datetime(2026, 12, 10, 8, tzinfo=timezone.utc)
    assert _recurrence_value("20261210T080000") == datetime(2026, 12, 10, 8)
    assert _recurrence_value("20261210") == date(2026, 12, 10)


def test_export_returns_the_file_written(store: Store, tmp_path: Path) -> None:
    meeting_id = _meeting(store)
    target = export_meetings(store, [meeting_id], tmp_path / "m.ics", reminder_minutes=0)
    assert target == tmp_path / "m.ics"
    assert _events(target.read_bytes())[0].walk("VALARM")[0].decoded("TRIGGER") == timedelta(0)
