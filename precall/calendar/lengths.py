"""How long each event lasts, decided once per event before its series is expanded.

The recurrence library works out every occurrence's end with wall-clock arithmetic and
puts the earlier of start and end first, so three kinds of event came out wrong:

- a start in a daylight-saving gap (02:30 on the spring-forward night) was read, as
  RFC 5545 says, with the offset before the gap (03:30 new time), but its 03:30 end was
  not, so a one-hour meeting became a 0-minute one;
- an end before the start (a typo in the invitation) swapped the two, moving the meeting
  and changing its identity (RECURRENCE-ID), or turned into a days-long meeting when the
  end was a date and the start a time;
- a ``DURATION`` of ``PT2H`` across the clock change lasted one hour, though RFC 5545
  makes hours exact.

``settle_lengths`` therefore measures each event's length here, stores it on the event
as ``X-PRECALL-SECONDS`` and removes its ``DTEND``/``DURATION``; ``occurrence_end`` adds
the length to each occurrence's start in UTC. An end before the start gives the meeting
``DEFAULT_MINUTES`` (the app's default for a new meeting) and a note in the import
report; a start in a gap keeps its length and is noted too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

LENGTH_PROPERTY = "X-PRECALL-SECONDS"
DEFAULT_MINUTES = 60
#: Longer than any meeting; an end years after the start is a typo too.
MAX_LENGTH = timedelta(days=31)


def in_gap(value: datetime) -> bool:
    """True when ``value``'s wall-clock time does not exist in its zone (skipped when
    the clocks went forward)."""
    if value.tzinfo is None:
        return False
    round_trip = value.astimezone(timezone.utc).astimezone(value.tzinfo)
    return round_trip.replace(tzinfo=None) != value.replace(tzinfo=None)


def settle_lengths(events: list[Any], describe: Any) -> list[str]:
    """Fix each timed event's length (see the module text); return notes for the rep.

    ``events`` are the VEVENT components (masters and overrides), ``describe`` names one
    in a note. All-day events keep their dates, except that an end on or before the start
    is dropped (the event then lasts its one day, as RFC 5545 says)."""
    notes: list[str] = []
    for event in events:
        start = event.get("DTSTART").dt
        if not isinstance(start, datetime):
            problem = _all_day_end_problem(event, start)
            if problem:
                notes.append(f"{describe(event)} {problem}; it was imported as one day.")
                _drop_end(event)
            continue
        length, problem = _timed_length(event, start)
        if problem:
            notes.append(f"{describe(event)} {problem}; it was imported as a {DEFAULT_MINUTES}-minute meeting "
                         f"from its start.")
            length = timedelta(minutes=DEFAULT_MINUTES)
        if in_gap(start):
            moved = start.astimezone(timezone.utc).astimezone(start.tzinfo)
            notes.append(f"{describe(event)} starts at {start:%H:%M} on {start:%Y-%m-%d}, a time the clock change "
                         f"skips in {getattr(start.tzinfo, 'key', start.tzinfo)}; it starts at {moved:%H:%M} "
                         "instead (RFC 5545) and keeps its length.")
        _drop_end(event)
        event.add(LENGTH_PROPERTY, str(int(length.total_seconds())))
    return notes


def occurrence_end(component: Any, start_utc: datetime) -> datetime | None:
    """The end of one occurrence from the length ``settle_lengths`` stored, or None
    when the event was not settled (then its own DTEND or DURATION counts)."""
    raw = component.get(LENGTH_PROPERTY)
    if raw is None or isinstance(raw, list):
        return None
    try:
        seconds = int(str(raw))
    except ValueError:
        return None
    if not 0 <= seconds <= MAX_LENGTH.total_seconds():
        return None
    return start_utc + timedelta(seconds=seconds)


def _timed_length(event: Any, start: datetime) -> tuple[timedelta, str]:
    """The exact length of an event that starts at a time, and a problem ('' if none)."""
    end_property = event.get("DTEND")
    duration_property = event.get("DURATION")
    if end_property is not None:
        end = end_property.dt
        if not isinstance(end, datetime):
            return timedelta(0), "has a start time but ends on a date (DTEND without a time)"
        if in_gap(start) and end.tzinfo is start.tzinfo:
            # The length the sender meant: wall clock to wall clock, both read in one zone.
            length = end.replace(tzinfo=None) - start.replace(tzinfo=None)
        else:
            length = _utc(end) - _utc(start)
    elif duration_property is not None:
        length = duration_property.dt
        if not isinstance(length, timedelta):
            return timedelta(0), "has a DURATION that is not a length of time"
    else:
        return timedelta(0), ""  # RFC 5545: a timed event without an end takes no time
    if length < timedelta(0):
        return length, "ends before it starts"
    if length > MAX_LENGTH:
        return length, f"lasts more than {MAX_LENGTH.days} days"
    return length, ""


def _all_day_end_problem(event: Any, start: date) -> str:
    """Why an all-day event's end cannot be used ('' when it can)."""
    end_property = event.get("DTEND")
    if end_property is not None:
        end = end_property.dt
        if isinstance(end, datetime):
            return "is all-day but ends at a time (DTEND with a time)"
        return "ends before it starts" if end < start else ""
    duration_property = event.get("DURATION")
    if duration_property is not None:
        length = duration_property.dt
        if not isinstance(length, timedelta) or length < timedelta(0):
            return "has a negative or unreadable DURATION"
    return ""


def _drop_end(event: Any) -> None:
    for name in ("DTEND", "DURATION", LENGTH_PROPERTY):
        if name in event:
            del event[name]


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc) if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
