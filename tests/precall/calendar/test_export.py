"""Exporting meetings: a reminder, the brief's summary, and a round trip that changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from precall.calendar.export import build_calendar, export_meetings
from precall.calendar.plan import Action
from precall.demo import load_demo
from precall.errors import PrecallError
from precall.store import Store

from tests.precall.calendar.helpers import dump, ics, import_ics, plan_for


def events_of(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_export_carries_reminder_zone_and_the_brief_summary(store: Store, tmp_path: Path) -> None:
    load_demo(store)
    meeting_id = store.calendar.upcoming_meeting_ids(store.now())[0]
    meeting = store.meetings.get(meeting_id)
    target = export_meetings(store, [meeting_id], tmp_path / "out" / "meeting.ics", reminder_minutes=15)
    assert [p.name for p in target.parent.iterdir()] == ["meeting.ics"]  # no temp file left behind
    (event,) = events_of(target.read_bytes())
    assert event.start == meeting.start and event.start.tzinfo.key == meeting.tz  # type: ignore[union-attr]
    assert event.end == meeting.end
    (alarm,) = event.walk("VALARM")
    assert alarm.get("ACTION") == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    description = str(event.get("DESCRIPTION"))
    assert f"Customer benefit: {' '.join(meeting.customer_benefit.split())}" in description
    assert "Best commitment:" in description and "Attendees: " in description
    assert "Top questions:" in description
    contacts = {c.id: c for c in store.accounts.contacts(meeting.account_id)}
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert {str(a).removeprefix("mailto:") for a in attendees} == {contacts[i].email for i in meeting.attendee_ids}
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert {tz.get("TZID") for tz in calendar.walk("VTIMEZONE")} == {meeting.tz}


def test_export_upcoming_skips_past_and_cancelled_and_defaults_to_ten_minutes(store: Store) -> None:
    load_demo(store)
    upcoming = store.calendar.upcoming_meeting_ids(store.now())
    past = [s.id for s in store.meetings.summaries(store.now()) if s.id not in upcoming]
    assert upcoming and past
    events = events_of(build_calendar(store, upcoming))
    assert len(events) == len(upcoming)
    assert all(e.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-10) for e in events)
    store.meetings.update(upcoming[0], status="cancelled")
    assert upcoming[0] not in store.calendar.upcoming_meeting_ids(store.now())


def test_exporting_twice_keeps_the_uid_and_bumps_sequence_only_on_change(store: Store) -> None:
    load_demo(store)
    meeting_id = store.calendar.upcoming_meeting_ids(store.now())[0]
    first = events_of(build_calendar(store, [meeting_id]))[0]
    second = events_of(build_calendar(store, [meeting_id]))[0]
    assert first.get("UID") == second.get("UID") and second.get("SEQUENCE") == first.get("SEQUENCE") == 0
    meeting = store.meetings.get(meeting_id)
    store.meetings.update(meeting_id, start=meeting.start + timedelta(hours=1), end=meeting.end + timedelta(hours=1))
    third = events_of(build_calendar(store, [meeting_id]))[0]
    assert third.get("UID") == first.get("UID") and third.get("SEQUENCE") == 1


def test_importing_an_exported_file_changes_nothing(store: Store) -> None:
    load_demo(store)
    data = build_calendar(store, store.calendar.upcoming_meeting_ids(store.now()))
    before = dump(store)
    plan = plan_for(store, data)
    assert {e.action for e in plan.entries} == {Action.UNCHANGED}
    assert dump(store) == before


def test_imported_meeting_exports_with_its_calendar_identity(store: Store) -> None:
    import_ics(store, ics("google.ics"))
    meeting_id = store.conn.execute(
        "SELECT id FROM meetings WHERE ical_uid='7abc9weekly@google.com' AND recurrence_id='20261210T080000Z'"
    ).fetchone()[0]
    (event,) = events_of(build_calendar(store, [meeting_id]))
    assert event.get("UID") == "7abc9weekly@google.com"
    assert event.decoded("RECURRENCE-ID").strftime("%Y%m%dT%H%M%S") == "20261210T080000"
    assert str(event.get("SUMMARY")) == "Contoso weekly sync (moved)"  # the calendar's own name
    before = dump(store)
    plan = plan_for(store, build_calendar(store, [meeting_id]))
    assert [e.action for e in plan.entries] == [Action.UNCHANGED]
    assert dump(store) == before


def test_export_refuses_a_target_it_cannot_write(store: Store, tmp_path: Path) -> None:
    load_demo(store)
    folder = tmp_path / "exports" / "taken.ics"
    folder.mkdir(parents=True)  # a folder where the file should go: os.replace fails, even as root
    with pytest.raises(PrecallError, match="Cannot write"):
        export_meetings(store, store.calendar.upcoming_meeting_ids(store.now()), folder)
    assert list(folder.parent.iterdir()) == [folder] and not list(folder.iterdir())  # no temp file left
