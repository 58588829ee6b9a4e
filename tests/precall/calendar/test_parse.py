"""Reading .ics files shaped like Google, Outlook, Apple and Thunderbird exports."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from precall.calendar.model import CalendarError, ImportOptions
from precall.calendar.parse import parse_ics

from tests.precall.calendar.helpers import NOW, OPTIONS, dump, ics, import_ics, vcalendar

BERLIN = ZoneInfo("Europe/Berlin")


def local(event_start: datetime, zone: str) -> str:
    return f"{event_start.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"


def test_google_export_uses_x_wr_timezone_and_expands_the_series_with_its_exceptions() -> None:
    parsed = parse_ics(ics("google.ics"), now=NOW, options=OPTIONS)
    assert parsed.owner_email == "rep@oursales.com"
    pilot = next(e for e in parsed.events if e.title == "Northwind: pilot scoping")
    # A UTC time in a calendar whose zone is Europe/Berlin is shown in Berlin time.
    assert pilot.start == datetime(2026, 11, 24, 13, 0, tzinfo=timezone.utc)
    assert pilot.tz == "Europe/Berlin" and local(pilot.start, pilot.tz) == "2026-11-24 14:00"
    assert pilot.recurrence_id == ""
    assert pilot.location == "https://meet.google.com/abc-defg-hij"
    emails = {a.email for a in pilot.attendees}
    assert "c_1889abc@resource.calendar.google.com" not in emails  # a room is not a person
    weekly = [e for e in parsed.events if e.uid == "7abc9weekly@google.com"]
    days = {local(e.start, "Europe/Berlin")[:10]: e for e in weekly}
    assert "2026-12-03" not in days  # EXDATE
    assert local(days["2026-12-10"].start, "Europe/Berlin") == "2026-12-10 15:00"  # RECURRENCE-ID override
    assert days["2026-12-10"].title == "Contoso weekly sync (moved)"
    assert days["2026-12-10"].recurrence_id == "20261210T080000Z"  # the original slot, in UTC
    assert days["2026-12-17"].cancelled and not days["2026-12-24"].cancelled
    # Within the window only: 30 days back to 180 days ahead.
    assert min(e.start for e in parsed.events) >= NOW - timedelta(days=30)
    assert max(e.start for e in parsed.events) < NOW + timedelta(days=180)
    offsite = next(e for e in parsed.events if e.title == "Team offsite")
    assert offsite.all_day and offsite.end - offsite.start == timedelta(days=1)


def test_weekly_meeting_stays_at_nine_local_across_the_october_clock_change() -> None:
    data = vcalendar(
        "BEGIN:VEVENT", "UID:weekly-dst@example.org", "SUMMARY:Weekly", "DTSTAMP:20261001T000000Z",
        "DTSTART;TZID=Europe/Berlin:20261015T090000", "DTEND;TZID=Europe/Berlin:20261015T100000",
        "RRULE:FREQ=WEEKLY;COUNT=4", "END:VEVENT")
    now = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
    events = parse_ics(data, now=now, options=OPTIONS).events
    assert [local(e.start, "Europe/Berlin") for e in events] == [
        "2026-10-15 09:00", "2026-10-22 09:00", "2026-10-29 09:00", "2026-11-05 09:00"]
    # Clocks go back on 25 October: the same local hour is one hour later in UTC.
    assert [e.start.hour for e in events] == [7, 7, 8, 8]
    assert all(e.tz == "Europe/Berlin" for e in events)


def test_outlook_windows_zone_names_map_to_iana_zones() -> None:
    event = parse_ics(ics("outlook_request.ics"), now=NOW, options=OPTIONS).events[0]
    assert event.tz == "Europe/Berlin"
    assert event.start == datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)
    assert event.end - event.start == timedelta(hours=1)
    assert event.title == "Fabrikam rollout review" and event.sequence == 0
    assert {a.email for a in event.attendees} == {
        "rep@oursales.com", "ines.vogel@fabrikam.example", "karl.brandt@fabrikam.example"}
    assert next(a for a in event.attendees if a.email.startswith("karl")).name == "Karl Brandt"


def test_windows_zone_without_a_vtimezone_block_still_resolves() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:w1", "SUMMARY:Call", "DTSTAMP:20261101T000000Z",
                     "DTSTART;TZID=Eastern Standard Time:20261201T090000",
                     "DTEND;TZID=Eastern Standard Time:20261201T100000", "END:VEVENT")
    event = parse_ics(data, now=NOW, options=OPTIONS).events[0]
    assert event.tz == "America/New_York"
    assert event.start == datetime(2026, 12, 1, 14, 0, tzinfo=timezone.utc)


def test_windows_zone_with_only_summer_rules_in_the_file_uses_the_real_zone() -> None:
    # Outlook sometimes exports a VTIMEZONE block that says nothing of winter time;
    # the name maps to Europe/Berlin, whose real rules win.
    data = vcalendar(
        "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time", "BEGIN:STANDARD", "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0200", "TZOFFSETTO:+0200", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:w2", "SUMMARY:Call", "DTSTAMP:20261101T000000Z",
        "DTSTART;TZID=W. Europe Standard Time:20261201T090000",
        "DTEND;TZID=W. Europe Standard Time:20261201T100000", "END:VEVENT")
    event = parse_ics(data, now=NOW, options=OPTIONS).events[0]
    assert event.start == datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


def test_apple_export_with_vtimezone_floating_time_and_all_day_event() -> None:
    parsed = parse_ics(ics("apple.ics"), now=NOW, options=OPTIONS)
    lunch, call, fair = parsed.events
    assert lunch.tz == "America/New_York" and local(lunch.start, lunch.tz) == "2026-11-30 10:00"
    assert lunch.location == "Tailspin HQ\n500 5th Ave, New York"
    # Floating: read in the rep's zone, and the plan says so.
    assert call.tz == "Europe/Paris" and local(call.start, "Europe/Paris") == "2026-12-02 16:00"
    assert any("floating" in note and "Europe/Paris" in note for note in parsed.notes)
    assert fair.all_day and local(fair.start, "Europe/Paris") == "2026-12-03 00:00"
    assert fair.end - fair.start == timedelta(days=2)


def test_thunderbird_export_with_duration_until_and_utc_exdate() -> None:
    events = parse_ics(ics("thunderbird.ics"), now=NOW, options=OPTIONS).events
    assert [local(e.start, "Europe/London") for e in events] == [
        "2026-11-03 10:00", "2026-12-01 10:00", "2027-02-02 10:00", "2027-03-02 10:00"]
    assert all(e.end - e.start == timedelta(minutes=90) for e in events)


def test_vendor_prefixed_tzid_is_mapped_without_a_warning() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:tb-old", "SUMMARY:Old Sunbird", "DTSTAMP:20261101T000000Z",
                     "DTSTART;TZID=/mozilla.org/20050126_1/Europe/London:20261201T100000", "END:VEVENT")
    event = parse_ics(data, now=NOW, options=OPTIONS).events[0]
    assert event.tz == "Europe/London" and event.start.hour == 10


def test_outlook_cancel_message_cancels_the_whole_series_by_uid() -> None:
    parsed = parse_ics(ics("outlook_cancel.ics"), now=NOW, options=OPTIONS)
    assert parsed.is_cancel_message and parsed.events == []
    assert parsed.cancelled_uids == {
        "040000008200E00074C5B7101A82E00800000000F0A1B2C3D4E5D901000000000000000010000000AABBCCDDEEFF"}


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "is empty"),
    (b"<html><body>Not found</body></html>", "not an iCalendar"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "is incomplete: a block"),
    (b"BEGIN:VCALENDAR\r\nthis line is broken\r\nEND:VCALENDAR\r\n", "not a valid iCalendar file"),
])
def test_malformed_files_are_refused_in_words(data: bytes, expected: str) -> None:
    with pytest.raises(CalendarError, match=expected):
        parse_ics(data, now=NOW, options=OPTIONS)


def test_unknown_time_zone_names_the_zone_and_the_event() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:mars-1", "SUMMARY:Rover demo", "DTSTAMP:20261101T000000Z",
                     "DTSTART;TZID=Mars/Olympus_Mons:20261201T100000", "END:VEVENT")
    with pytest.raises(CalendarError) as info:
        parse_ics(data, now=NOW, options=OPTIONS)
    assert "Mars/Olympus_Mons" in str(info.value) and "Rover demo" in str(info.value)


def test_bad_x_wr_timezone_is_refused() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:a", "SUMMARY:x", "DTSTART:20261201T100000Z", "END:VEVENT",
                     header=("VERSION:2.0", "PRODID:x", "X-WR-TIMEZONE:Atlantis/Central"))
    with pytest.raises(CalendarError, match="Atlantis/Central"):
        parse_ics(data, now=NOW, options=OPTIONS)


def test_events_without_a_start_or_with_a_broken_one_are_named() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:nostart", "SUMMARY:Mystery meeting", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:broken", "SUMMARY:Garbled", "DTSTART:2026XX01T1000", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:fine", "SUMMARY:Fine", "DTSTART:20261201T100000Z", "END:VEVENT")
    with pytest.raises(CalendarError) as info:
        parse_ics(data, now=NOW, options=OPTIONS)
    message = str(info.value)
    assert "'Mystery meeting'" in message and "no start (DTSTART)" in message
    assert "'Garbled'" in message and "2026XX01T1000" in message and "cannot be read" in message
    assert "nothing was changed" in message


def test_files_over_the_size_cap_are_refused_before_parsing() -> None:
    options = ImportOptions(user_tz="Europe/Paris", max_bytes=2000)
    data = vcalendar(*["X-FILLER:" + "x" * 60] * 40)
    with pytest.raises(CalendarError, match="too large"):
        parse_ics(data, now=NOW, options=options)


def test_absurd_recurrence_is_refused_without_expanding_it() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:every-second", "SUMMARY:Ping", "DTSTART:20000101T000000Z",
                     "RRULE:FREQ=SECONDLY", "END:VEVENT")
    with pytest.raises(CalendarError, match="repeats absurdly often"):
        parse_ics(data, now=NOW, options=OPTIONS)


def test_too_many_occurrences_in_the_window_are_refused() -> None:
    data = vcalendar("BEGIN:VEVENT", "UID:hourly", "SUMMARY:Hourly", "DTSTART:20261024T000000Z",
                     "RRULE:FREQ=HOURLY", "END:VEVENT")
    with pytest.raises(CalendarError, match="more than the 5000"):
        parse_ics(data, now=NOW, options=OPTIONS)


def test_unknown_user_zone_is_refused() -> None:
    with pytest.raises(CalendarError, match="Nowhere/Land"):
        parse_ics(ics("google.ics"), now=NOW, options=ImportOptions(user_tz="Nowhere/Land"))


def test_event_without_uid_gets_a_stable_one() -> None:
    data = vcalendar("BEGIN:VEVENT", "SUMMARY:Old export", "DTSTART:20261201T100000Z", "END:VEVENT")
    first = parse_ics(data, now=NOW, options=OPTIONS).events[0]
    second = parse_ics(data, now=NOW, options=OPTIONS).events[0]
    assert first.uid == second.uid and first.uid.startswith("precall-nouid-")


def test_deeply_nested_blocks_are_refused_quickly() -> None:
    import time

    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 2000 + b"END:VEVENT\r\n" * 2000 + b"END:VCALENDAR\r\n"
    started = time.monotonic()
    with pytest.raises(CalendarError, match="nests its blocks more than 8 deep"):
        parse_ics(data, now=NOW, options=OPTIONS)
    assert time.monotonic() - started < 2  # unguarded, 1,000 levels took the parser 30 s


def test_a_flood_of_components_is_refused() -> None:
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X-NOTHING\r\nEND:X-NOTHING\r\n" * 50_001 + b"END:VCALENDAR\r\n"
    with pytest.raises(CalendarError, match="more than 50,000"):
        parse_ics(data, now=NOW, options=ImportOptions(user_tz="UTC", max_bytes=20_000_000))


def test_a_zone_defined_only_in_the_file_keeps_its_rules_and_is_shown_in_the_reps_zone() -> None:
    data = vcalendar(
        "BEGIN:VTIMEZONE", "TZID:Customized Time Zone", "BEGIN:STANDARD", "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:custom-1", "SUMMARY:Bangalore sync", "DTSTAMP:20261101T000000Z",
        "DTSTART;TZID=Customized Time Zone:20261201T150000", "DTEND;TZID=Customized Time Zone:20261201T160000",
        "END:VEVENT")
    parsed = parse_ics(data, now=NOW, options=OPTIONS)
    (event,) = parsed.events
    assert event.start == datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)  # +05:30 from the file
    assert event.tz == "Europe/Paris"
    assert any("defined only in the file" in note for note in parsed.notes)


def test_two_files_defining_the_same_private_zone_name_differently_each_keep_their_own() -> None:
    # Outlook calls many custom zones "Customized Time Zone"; icalendar caches the first
    # definition it sees for the whole process.
    def calendar(offset: str) -> bytes:
        return vcalendar(
            "BEGIN:VTIMEZONE", "TZID:Customized Time Zone", "BEGIN:STANDARD", "DTSTART:16010101T000000",
            f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:custom-2", "SUMMARY:Sync", "DTSTART;TZID=Customized Time Zone:20261201T150000",
            "END:VEVENT")

    india = parse_ics(calendar("+0530"), now=NOW, options=OPTIONS).events[0]
    brazil = parse_ics(calendar("-0300"), now=NOW, options=OPTIONS).events[0]
    assert india.start == datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
    assert brazil.start == datetime(2026, 12, 1, 18, 0, tzinfo=timezone.utc)


def test_a_windows_1252_export_keeps_its_accents() -> None:
    text = vcalendar("BEGIN:VEVENT", "UID:l1", "SUMMARY:Réunion à Zürich", "DTSTART:20261201T100000Z",
                     "END:VEVENT").decode()
    parsed = parse_ics(text.encode("cp1252"), now=NOW, options=OPTIONS)
    assert parsed.events[0].title == "Réunion à Zürich"
    assert any("Windows-1252" in note for note in parsed.notes)
    assert parse_ics(text.encode("utf-8"), now=NOW, options=OPTIONS).notes == []


def _hostile(*lines: str) -> bytes:
    return vcalendar("BEGIN:VEVENT", "UID:h1", "SUMMARY:Call", "ATTENDEE;CN=Bo:mailto:bo@acme-corp.example",
                     *lines, "END:VEVENT")


# Small, weird files that used to hang, crash or mislead; each is refused in words.
REFUSED = {
    "interval 0 (looped forever)": (_hostile("DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
                                    "INTERVAL or COUNT below 1"),
    "negative count": (_hostile("DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;COUNT=-5"), "INTERVAL or COUNT below 1"),
    "count 10^20": (_hostile("DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;COUNT=100000000000000000000"),
                    "RRULE"),
    "10,000-character TZID": (_hostile("DTSTART;TZID=" + "A" * 10_000 + ":20261201T100000"),
                              "time zone (TZID) longer than 200 characters"),
    "10,000-character X-WR-TIMEZONE": (vcalendar("X-WR-TIMEZONE:" + "B" * 10_000, "BEGIN:VEVENT", "UID:x",
                                                 "DTSTART:20261201T100000Z", "END:VEVENT"), "(10,000 characters)"),
    "only BEGIN:VCALENDAR": (b"BEGIN:VCALENDAR\r\n", "is incomplete"),
    "30-digit DTSTART": (_hostile("DTSTART:" + "9" * 30), "DTSTART"),
    "NUL bytes": (b"BEGIN:VCALENDAR\r\n\x00\x00\r\nEND:VCALENDAR\r\n", "not a valid iCalendar file"),
    "UTF-16": (_hostile("DTSTART:20261201T100000Z").decode().encode("utf-16"), "not an iCalendar"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_calendar_is_refused_in_words(case: str) -> None:
    data, words = REFUSED[case]
    with pytest.raises(CalendarError) as caught:
        parse_ics(data, now=NOW, options=OPTIONS)
    message = str(caught.value)
    assert words in message
    assert len(message) < 600 and "/site-packages/" not in message


@pytest.mark.parametrize("sequence", ["9" * 30, "9" * 5000, "-99999999999999999999", "abc", "1e5"])
def test_unreadable_sequence_counts_as_zero_and_the_meeting_is_imported(store, sequence: str) -> None:
    data = _hostile("DTSTART:20261201T100000Z", "DTEND:20261201T110000Z", f"SEQUENCE:{sequence}")
    parsed = parse_ics(data, now=NOW, options=OPTIONS)
    assert [e.sequence for e in parsed.events] == [0]
    assert len(import_ics(store, data).created) == 1


@pytest.mark.parametrize("lines", [
    ("ATTENDEE:",), ("ATTENDEE;CN=Nobody:",), ("ATTENDEE:mailto:",), ("ORGANIZER:",),
    ("RRULE:FREQ=DAILY;UNTIL=20250101T000000Z",), ("RRULE:FREQ=YEARLY;BYMONTH=13",),
])
def test_odd_but_harmless_events_import_without_a_crash(store, lines: tuple[str, ...]) -> None:
    data = _hostile("DTSTART:20261201T100000Z", *lines)
    import_ics(store, data)
    before = dump(store)
    assert not import_ics(store, data).changed_anything
    assert dump(store) == before


def test_escape_sequences_and_nul_in_a_title_do_not_crash_the_import(store) -> None:
    data = _hostile("DTSTART:20261201T100000Z").replace(b"SUMMARY:Call", b"SUMMARY:\x1b]0;pwned\x07\x1b[2J\xc2\x9b1m\x00x")
    result = import_ics(store, data)
    assert len(result.created) == 1
