"""Reading an .ics file (RFC 5545) into the meetings it describes, within a window.

Refuses, with one message naming every problem, what cannot be imported faithfully:
malformed files, unknown time zones, events without a start, files over the size cap
and recurrences that would expand absurdly. Nothing is written here, so a refused
file can never leave anything half-imported.
"""

from __future__ import annotations

import hashlib
import logging
import re
import warnings
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar.error import GloballyUniqueTZIDGuessed

from precall.calendar.lengths import occurrence_end, settle_lengths
from precall.calendar.model import (
    Attendee, CalendarError, CalendarEvent, ImportOptions, ParsedCalendar, problems_message,
)
from precall.calendar.zones import (
    MAX_ZONE_NAME, day_start, display_zone, file_zones, iana_zone, normalize_component_zones,
)

log = logging.getLogger("precall.calendar")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PERIOD_SECONDS = {"YEARLY": 365 * 86400, "MONTHLY": 28 * 86400, "WEEKLY": 7 * 86400, "DAILY": 86400,
                   "HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}
_EXPANDING_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
#: Steps the recurrence engine may walk from a series' first date to the window's end.
MAX_RECURRENCE_STEPS = 200_000
MAX_TITLE = 300
#: SEQUENCE counts revisions of one invitation; no real one nears a billion.
MAX_SEQUENCE = 999_999_999
_SINGLE_PROPERTIES = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
_CRITICAL_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE")
#: VCALENDAR > VTIMEZONE > STANDARD is 3 deep; VCALENDAR > VEVENT > VALARM too.
MAX_NESTING = 8
MAX_COMPONENTS = 50_000
_LONG_TZID = re.compile(rb'TZID[=:]"?[^:;"\r\n]{%d,}' % (MAX_ZONE_NAME + 1), re.IGNORECASE)


def parse_ics(data: bytes, *, now: datetime, options: ImportOptions, label: str = "The calendar") -> ParsedCalendar:
    """Parse ``data`` and expand it within ``options``' window around ``now``."""
    if len(data) > options.max_bytes:
        raise CalendarError(f"{label} is too large to import ({len(data) / 1_048_576:.1f} MB; "
                            f"at most {options.max_bytes / 1_048_576:.0f} MB).")
    if iana_zone(options.user_tz) is None:
        raise CalendarError(f"Your time zone {options.user_tz!r} is unknown; use a name like 'Europe/Paris'.")
    data, legacy = _as_utf8(data)
    calendar = _read(data, label)
    window_start = now - timedelta(days=options.days_back)
    window_end = now + timedelta(days=options.days_ahead)
    method = str(calendar.get("METHOD", "") or "").upper()
    parsed = ParsedCalendar(method=method, name=str(calendar.get("X-WR-CALNAME", "") or ""),
                            window_start=window_start, window_end=window_end)
    if legacy:
        parsed.notes.append("The file is not UTF-8 (RFC 5545 requires it); it was read as Windows-1252, "
                            "as older Outlook exports are.")
    if _EMAIL.match(parsed.name.strip()):
        parsed.owner_email = parsed.name.strip().lower()

    masters, overrides = _index_events(calendar)
    problems = _check_events(masters, overrides, window_end)
    if problems:
        raise CalendarError(problems_message(label, problems))
    calendar = _standardize_zones(calendar, options, parsed, label)
    masters, overrides = _index_events(calendar)
    parsed.notes += settle_lengths(list(calendar.walk("VEVENT")), _describe)
    _drop_unreadable_sequences(calendar)
    parsed.file_uids = set(masters) | set(overrides)

    if parsed.is_cancel_message:
        _read_cancellation(calendar, parsed, options)
        return parsed
    for uid, master in masters.items():
        if _is_cancelled(master):
            parsed.cancelled_uids.add(uid)
        if master.get("RRULE") is not None or master.get("RDATE") is not None:
            parsed.series_uids.add(uid)
    try:
        occurrences = recurring_ical_events.of(calendar).between(window_start, window_end)
    except Exception as exc:  # the library raises many kinds on bad recurrence data
        raise CalendarError(f"{label} has a recurrence Precall cannot expand ({type(exc).__name__}: {exc}); "
                            "nothing was changed.") from exc
    if len(occurrences) > options.max_occurrences:
        raise CalendarError(
            f"{label} has {len(occurrences)} events between {window_start:%Y-%m-%d} and {window_end:%Y-%m-%d}, "
            f"more than the {options.max_occurrences} Precall imports at once; export a shorter range. "
            "Nothing was changed.")
    for occurrence in occurrences:
        uid = str(occurrence.get("UID"))
        if uid in parsed.cancelled_uids:
            continue
        event = _event(occurrence, options, uid)
        if uid not in parsed.series_uids and uid not in overrides:
            # The library stamps every occurrence with a RECURRENCE-ID; a single event has
            # none, and must keep none so that moving it is an update, not a new meeting.
            event = replace(event, recurrence_id="")
        parsed.events.append(event)
    parsed.events.sort(key=lambda e: (e.start, e.uid, e.recurrence_id))
    return parsed


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# reading and checking -----------------------------------------------------------------
def _read(data: bytes, label: str) -> icalendar.Calendar:
    if not data.strip():
        raise CalendarError(f"{label} is empty; it holds no calendar (BEGIN:VCALENDAR).")
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise CalendarError(f"{label} is not an iCalendar (.ics) file: it does not start with BEGIN:VCALENDAR.")
    _check_structure(data, label)
    if _LONG_TZID.search(data):
        # The parser would look such a name up as a file and fail with "File name too long".
        raise CalendarError(f"{label} names a time zone (TZID) longer than {MAX_ZONE_NAME} characters; "
                            "no time zone is called that. Nothing was changed.")
    try:
        with warnings.catch_warnings():
            # "/vendor/Europe/Berlin" TZIDs are mapped to IANA zones on purpose (zones.py).
            warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
            calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the parser fails in many ways (AttributeError on a doubled TZID, …)
        log.info("icalendar refused %s: %r", label, exc)
        reason = str(exc)
        reason = reason if len(reason) <= 200 else reason[:150] + "…"  # it may quote a 10,000-character TZID
        raise CalendarError(f"{label} is not a valid iCalendar file: {reason}. Nothing was changed.") from exc
    if calendar.name != "VCALENDAR":
        raise CalendarError(f"{label} holds a {calendar.name}, not a calendar (VCALENDAR).")
    return calendar


def _as_utf8(data: bytes) -> tuple[bytes, bool]:
    """RFC 5545 says UTF-8, but older Outlook exports are Windows-1252; read those as
    such rather than turning every accent into a replacement character."""
    try:
        data.decode("utf-8")
        return data, False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8"), True


def _check_structure(data: bytes, label: str) -> None:
    """Refuse deep nesting and floods of components before the parser sees them: both
    cost the parser far more than their size suggests (1,000 nested blocks took 30 s)."""
    depth = 0
    components = 0
    for line in data.splitlines():
        head = line[:6].upper()
        if head == b"BEGIN:":
            depth += 1
            components += 1
            if depth > MAX_NESTING:
                raise CalendarError(f"{label} nests its blocks more than {MAX_NESTING} deep (BEGIN: inside "
                                    "BEGIN:); no calendar does that. Nothing was changed.")
            if components > MAX_COMPONENTS:
                raise CalendarError(f"{label} has more than {MAX_COMPONENTS:,} events and blocks; export a "
                                    "shorter range. Nothing was changed.")
        elif line[:4].upper() == b"END:":
            depth = max(0, depth - 1)
    if depth:
        raise CalendarError(f"{label} is incomplete: a block (BEGIN:) has no END:, as if the file was cut off. "
                            "Nothing was changed.")


def _standardize_zones(calendar: icalendar.Calendar, options: ImportOptions, parsed: ParsedCalendar,
                       label: str) -> icalendar.Calendar:
    """IANA zones everywhere; Google's X-WR-TIMEZONE applied; floating times placed."""
    wr_zone = str(calendar.get("X-WR-TIMEZONE", "") or "").strip()
    if wr_zone and iana_zone(wr_zone) is None:
        shown = repr(wr_zone) if len(wr_zone) <= 60 else f"{wr_zone[:40]!r}… ({len(wr_zone):,} characters)"
        raise CalendarError(f"{label} says its time zone is {shown} (X-WR-TIMEZONE), which is not a known zone.")
    problems: list[str] = []
    floating = False
    private = False
    own_zones = file_zones(calendar)
    for event in calendar.walk("VEVENT"):
        issues, had_floating, kept_private = normalize_component_zones(
            event, floating_zone=None if wr_zone else options.user_tz, own_zones=own_zones)
        problems += [f"{_describe(event)}: {issue}" for issue in issues]
        floating = floating or had_floating
        private = private or kept_private
    if problems:
        raise CalendarError(problems_message(label, problems))
    if wr_zone:
        calendar = x_wr_timezone.to_standard(calendar, timezone=wr_zone)
    elif floating:
        parsed.notes.append(f"Times without a time zone (floating) were read in your zone, {options.user_tz}.")
    if private:
        parsed.notes.append("Some events use a time zone defined only in the file; they are shown in "
                            f"your zone, {options.user_tz}.")
    return calendar


def _index_events(calendar: icalendar.Calendar) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    masters: dict[str, Any] = {}
    overrides: dict[str, list[Any]] = {}
    for event in calendar.walk("VEVENT"):
        if event.get("UID") is None:
            # RFC 5545 requires a UID; old exports omit it. A UID made from what the event
            # says keeps re-importing the same file from adding copies.
            event["UID"] = "precall-nouid-" + hashlib.sha256(event.to_ical()).hexdigest()[:24]
        uid = str(event.get("UID"))
        if event.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(event)
        else:
            masters.setdefault(uid, event)
    return masters, overrides


def _check_events(masters: dict[str, Any], overrides: dict[str, list[Any]], window_end: datetime) -> list[str]:
    problems: list[str] = []
    for event in [*masters.values(), *(e for group in overrides.values() for e in group)]:
        where = _describe(event)
        broken = False
        for name in _SINGLE_PROPERTIES:
            if isinstance(event.get(name), list):
                broken = True
                problems.append(f"{where}: it has more than one {name}")
        for name in _CRITICAL_PROPERTIES:
            values = event.get(name)
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, icalendar.prop.vBroken):
                    broken = True
                    problems.append(f"{where}: its {name} {value.to_ical().decode(errors='replace')!r} "
                                    "cannot be read")
        if broken:
            continue
        if event.get("DTSTART") is None:
            problems.append(f"{where}: it has no start (DTSTART)")
            continue
        try:
            start = event.decoded("DTSTART")
        except (ValueError, TypeError):
            start = None
        if not isinstance(start, date):
            # A truncated value such as "202611" can decode as a time of day, not a date.
            raw = event.get("DTSTART")
            shown = raw.to_ical() if hasattr(raw, "to_ical") else raw
            shown = shown.decode(errors="replace") if isinstance(shown, bytes) else str(shown)
            problems.append(f"{where}: its start (DTSTART) {shown!r} is not a date or a date and time")
            continue
        rule = event.get("RRULE")
        if rule is not None and not problems:
            problems += _check_recurrence(event, rule, window_end, where)
    return problems


def _check_recurrence(event: Any, rule: Any, window_end: datetime, where: str) -> list[str]:
    rules = rule if isinstance(rule, list) else [rule]
    found: list[str] = []
    for one in rules:
        freq = str((one.get("FREQ") or [""])[0]).upper()
        if freq not in _PERIOD_SECONDS:
            found.append(f"{where}: its repeat rule has an unknown frequency {freq or '(none)'!r}")
            continue
        interval = int((one.get("INTERVAL") or [1])[0])
        count = one.get("COUNT")
        # RFC 5545: both are positive. INTERVAL=0 made the recurrence engine loop forever.
        if interval < 1 or (count and int(count[0]) < 1):
            found.append(f"{where}: its repeat rule has INTERVAL or COUNT below 1")
            continue
        per_step = 1
        for part in _EXPANDING_PARTS:
            per_step *= max(1, len(one.get(part) or []))
        start = event.decoded("DTSTART")
        start_dt = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
        if start_dt.tzinfo is None:
            start_dt = start_dt.replace(tzinfo=timezone.utc)
        span = max(0.0, (window_end - start_dt).total_seconds())
        steps = span / (_PERIOD_SECONDS[freq] * interval) * per_step
        if count:
            steps = min(steps, int(count[0]) * per_step)
        if steps > MAX_RECURRENCE_STEPS:
            found.append(f"{where}: it repeats absurdly often ({freq.lower()}, about {int(steps):,} times "
                         f"since {start_dt:%Y-%m-%d}); Precall does not expand it")
    return found


def _first(component: Any, name: str) -> Any:
    """A property that may appear twice in a sloppy file: the first one counts."""
    value = component.get(name)
    return value[0] if isinstance(value, list) and value else value


def _describe(event: Any) -> str:
    title = str(_first(event, "SUMMARY") or "").strip() or "(untitled)"
    uid = str(_first(event, "UID") or "")
    return f"event {title[:60]!r}" + (f" (UID {uid[:60]})" if uid else "")


def _is_cancelled(event: Any) -> bool:
    return str(_first(event, "STATUS") or "").upper() == "CANCELLED"


# building events ----------------------------------------------------------------------
def _read_cancellation(calendar: icalendar.Calendar, parsed: ParsedCalendar, options: ImportOptions) -> None:
    """METHOD:CANCEL: the organizer withdrew the whole series or, with RECURRENCE-ID, one date."""
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID"))
        if component.get("RECURRENCE-ID") is None:
            parsed.cancelled_uids.add(uid)
            continue
        event = _event(component, options, uid)
        parsed.events.append(replace(event, cancelled=True))


def recurrence_key(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _event(component: Any, options: ImportOptions, uid: str) -> CalendarEvent:
    start_value = component.get("DTSTART").dt
    notes: list[str] = []
    all_day = not isinstance(start_value, datetime)
    if all_day:
        zone_name = options.user_tz
        start = day_start(start_value, zone_name)
        end_value = _end_value(component)
        end_day = end_value if isinstance(end_value, date) and not isinstance(end_value, datetime) else None
        end = day_start(end_day, zone_name) if end_day and end_day > start_value else start + timedelta(days=1)
        notes.append("all-day")
    else:
        zone_name = display_zone(start_value, options.user_tz)
        # A start in a DST gap reads with the offset before the gap (zoneinfo's fold=0),
        # as RFC 5545 says; the end follows from the length, not from wall-clock time.
        start = start_value.astimezone(timezone.utc)
        settled_end = occurrence_end(component, start)
        if settled_end is not None:
            end = settled_end
        else:
            end_value = _end_value(component)
            end = end_value if isinstance(end_value, datetime) and end_value >= start_value else start_value
    rid = component.get("RECURRENCE-ID")
    title = " ".join(str(_first(component, "SUMMARY") or "").split())[:MAX_TITLE] or "(untitled event)"
    location = str(_first(component, "LOCATION") or _first(component, "X-GOOGLE-CONFERENCE")
                   or _first(component, "URL") or "").strip()[:2000]
    sequence = _sequence(component)
    return CalendarEvent(
        uid=uid, recurrence_id=recurrence_key(rid.dt if rid is not None else None), sequence=sequence or 0,
        title=title, start=start.astimezone(timezone.utc), end=end.astimezone(timezone.utc), tz=zone_name,
        location=location, cancelled=_is_cancelled(component), all_day=all_day,
        attendees=_attendees(component), notes=tuple(notes),
    )


def _sequence(component: Any) -> int | None:
    """SEQUENCE as a number SQLite can store, or None when it is not one (text, a
    30-digit number, negative)."""
    raw = _first(component, "SEQUENCE")
    if raw is None:
        return 0
    text = str(raw.to_ical().decode(errors="replace") if isinstance(raw, icalendar.prop.vBroken) else raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) > MAX_SEQUENCE:
        return None
    return int(text)


def _drop_unreadable_sequences(calendar: icalendar.Calendar) -> None:
    """An unreadable SEQUENCE counts as 0 (RFC 5545's default), so the meeting is still
    imported; left in place it made the recurrence engine compare text with numbers."""
    for event in calendar.walk("VEVENT"):
        if "SEQUENCE" in event and _sequence(event) is None:
            del event["SEQUENCE"]


def _end_value(component: Any) -> date | datetime | None:
    # icalendar types every property value as Any; DTEND and DTSTART hold a date or a datetime.
    value: date | datetime | None = None
    end = component.get("DTEND")
    duration = component.get("DURATION")
    if end is not None:
        value = end.dt
    elif duration is not None:
        value = component.get("DTSTART").dt + duration.dt
    return value


def _attendees(component: Any) -> tuple[Attendee, ...]:
    raw = component.get("ATTENDEE") or []
    people = raw if isinstance(raw, list) else [raw]
    organizer = component.get("ORGANIZER")
    found: dict[str, Attendee] = {}
    for person in [*people, *([organizer] if organizer is not None else [])]:
        params = getattr(person, "params", {}) or {}
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue  # meeting rooms and projectors are not people to meet
        address = str(person).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        address = address.strip().lower()
        if not _EMAIL.match(address) or address in found:
            continue
        name = " ".join(str(params.get("CN", "") or "").strip().strip('"').split())
        found[address] = Attendee(email=address, name=name if name.lower() != address else "")
    return tuple(found.values())
