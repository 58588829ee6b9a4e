"""Meetings back to the calendar: .ics with a reminder and the brief's summary.

Each meeting becomes a VEVENT with its own zone (a VTIMEZONE block is added for it),
a VALARM at the reminder moment and a DESCRIPTION holding what the rep prepared:
customer benefit, commitments, attendees and the top questions. A meeting imported
from a calendar keeps its UID and RECURRENCE-ID, so the calendar recognises it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import icalendar

from precall import __version__
from precall.clock import utc_iso
from precall.domain.meetings import Meeting, MeetingStatus
from precall.fileio import atomic_write_bytes
from precall.store.calendar import EXPORT_UID_DOMAIN

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.calendar")

DEFAULT_REMINDER_MINUTES = 10
TOP_QUESTIONS = 3
PRODID = f"-//Precall//Precall {__version__}//EN"


def meeting_summary(store: "Store", meeting: Meeting) -> str:
    """The brief in a few lines, for a calendar event's description."""
    lines: list[str] = []
    for label, value in (("Customer benefit", meeting.customer_benefit),
                         ("Best commitment", meeting.best_commitment),
                         ("Minimum commitment", meeting.min_commitment),
                         ("Relationship purpose", meeting.relationship_purpose)):
        if value.strip():
            lines.append(f"{label}: {' '.join(value.split())}")
    contacts = {c.id: c for c in store.accounts.contacts(meeting.account_id)}
    people = [contacts[i] for i in meeting.attendee_ids if i in contacts]
    if people:
        lines.append("Attendees: " + "; ".join(
            ", ".join(part for part in (c.name, c.title or c.role) if part) for c in people))
    questions = _top_questions(store, meeting)
    if questions:
        lines.append("Top questions:")
        lines.extend(f"- {q}" for q in questions)
    if not lines:
        lines.append("No plan yet: open Precall to prepare this meeting.")
    lines.append(f"Prepared in Precall (meeting {meeting.id}).")
    return "\n".join(lines)


def _top_questions(store: "Store", meeting: Meeting) -> list[str]:
    try:
        from precall.plans.questions import questions_for_meeting
    except ImportError:  # the plans module is optional for an export
        pass
    else:
        return [" ".join(q.text.split()) for q in questions_for_meeting(store, meeting.id)[:TOP_QUESTIONS]]
    matrix = store.matrix.load(meeting.account_id)
    rows = {r.id for r in matrix.rows if r.key == "questions"}
    return [" ".join(i.text.split()) for i in matrix.items if i.row_id in rows][:TOP_QUESTIONS]


def build_calendar(store: "Store", meeting_ids: list[int], *, reminder_minutes: int = DEFAULT_REMINDER_MINUTES
                   ) -> bytes:
    """The .ics bytes for these meetings (writes a UID for meetings that had none)."""
    if reminder_minutes < 0:
        raise ValueError("the reminder cannot come after the meeting starts")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    now = store.now()
    for meeting_id in meeting_ids:
        meeting = store.meetings.get(meeting_id)
        calendar.add_component(_vevent(store, meeting, now, reminder_minutes))
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()  # icalendar leaves to_ical unannotated
    return ics


def _vevent(store: "Store", meeting: Meeting, now: datetime, reminder_minutes: int) -> icalendar.Event:
    zone = ZoneInfo(meeting.tz)
    link = store.calendar.link(meeting.id)
    from_calendar = link is not None and not link.uid.endswith("@" + EXPORT_UID_DOMAIN)
    # A meeting the rep made in Precall says whom it is with; a calendar's own event keeps its name.
    title = meeting.title if from_calendar or meeting.account.casefold() in meeting.title.casefold() \
        else f"{meeting.account}: {meeting.title}"
    contacts = {c.id: c for c in store.accounts.contacts(meeting.account_id)}
    people = [contacts[i] for i in meeting.attendee_ids if i in contacts and contacts[i].email]
    cancelled = meeting.status is MeetingStatus.CANCELLED
    snapshot = {"title": title, "start": utc_iso(meeting.start), "end": utc_iso(meeting.end), "tz": meeting.tz,
                "location": meeting.location, "cancelled": cancelled, "attendees": sorted(c.email for c in people)}
    uid, recurrence_id, sequence = store.calendar.export_link(meeting.id, snapshot)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("sequence", sequence)
    event.add("summary", title)
    event.add("dtstart", meeting.start.astimezone(zone))
    event.add("dtend", meeting.end.astimezone(zone))
    if recurrence_id:
        event.add("recurrence-id", _recurrence_value(recurrence_id))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("description", meeting_summary(store, meeting))
    for contact in people:
        attendee = icalendar.vCalAddress(f"mailto:{contact.email}")
        attendee.params["CN"] = icalendar.vText(contact.name)
        attendee.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    if not cancelled:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {reminder_minutes} minutes: {meeting.title}. Go clear your head.")
        alarm.add("trigger", timedelta(minutes=-reminder_minutes))
        event.add_component(alarm)
    return event


def _recurrence_value(key: str) -> datetime | object:
    if key.endswith("Z"):
        return datetime.strptime(key, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
    if "T" in key:
        return datetime.strptime(key, "%Y%m%dT%H%M%S")
    return datetime.strptime(key, "%Y%m%d").date()


def export_meetings(store: "Store", meeting_ids: list[int], path: Path | str, *,
                    reminder_minutes: int = DEFAULT_REMINDER_MINUTES) -> Path:
    """Write the meetings to ``path`` atomically (temp file, fsync, rename)."""
    data = build_calendar(store, meeting_ids, reminder_minutes=reminder_minutes)
    target = atomic_write_bytes(path, data)
    log.info("exported %d meetings to %s at %s", len(meeting_ids), target, utc_iso(store.now()))
    return target
