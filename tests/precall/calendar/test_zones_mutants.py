"""normalize_component_zones() and file_zones(), case by case: which date-times are re-read
in which zone, what is reported, and what is left alone (the mutation run found no test)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from precall.calendar.zones import file_zones, iana_zone, normalize_component_zones

OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:{tzid}
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:{offset}
TZOFFSETTO:{offset}
END:STANDARD
END:VTIMEZONE
"""


def _calendar(event_lines: str, zones: str = "") -> icalendar.Calendar:
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n{zones}BEGIN:VEVENT\nUID:1\n{event_lines}END:VEVENT\nEND:VCALENDAR\n"
    return icalendar.Calendar.from_ical(text)


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    return calendar.walk("VEVENT")[0]


def test_a_windows_zone_defined_in_the_file_is_read_with_iana_rules() -> None:
    # The file's own block says +01:00 all year; IANA knows Berlin is on summer time in July.
    cal = _calendar("DTSTART;TZID=W. Europe Standard Time:20260710T100000\n",
                    OUTLOOK_ZONE.format(tzid="W. Europe Standard Time", offset="+0100"))
    event = _event(cal)
    problems, floating, private = normalize_component_zones(event, floating_zone=None, own_zones=file_zones(cal))
    assert (problems, floating, private) == ([], False, False)
    start = event.get("DTSTART").dt
    assert start.tzinfo == ZoneInfo("Europe/Berlin")
    assert start.utcoffset() == timedelta(hours=2)


def test_a_private_zone_keeps_the_files_own_rules() -> None:
    cal = _calendar("DTSTART;TZID=Customized Time Zone:20260710T100000\n",
                    OUTLOOK_ZONE.format(tzid="Customized Time Zone", offset="+0530"))
    own = file_zones(cal)
    assert list(own) == ["Customized Time Zone"]
    event = _event(cal)
    problems, floating, private = normalize_component_zones(event, floating_zone=None, own_zones=own)
    assert (problems, floating, private) == ([], False, True)
    start = event.get("DTSTART").dt
    assert start.tzinfo is own["Customized Time Zone"]
    assert start.utcoffset() == timedelta(hours=5, minutes=30)


def test_a_private_zone_without_its_block_is_left_as_it_was() -> None:
    event = icalendar.Event()
    event.add("dtstart", datetime(2026, 7, 10, 10, tzinfo=timezone(timedelta(hours=3))))
    event["DTSTART"].params["TZID"] = "Somewhere private"
    problems, floating, private = normalize_component_zones(event, floating_zone=None)
    assert (problems, floating, private) == ([], False, True)
    assert event.get("DTSTART").dt.utcoffset() == timedelta(hours=3)


def test_an_aware_time_without_a_tzid_is_left_alone() -> None:
    event = icalendar.Event()
    fixed = datetime(2026, 7, 10, 10, tzinfo=timezone(timedelta(hours=-4)))
    event.add("dtstart", fixed)
    event["DTSTART"].params.pop("TZID", None)
    problems, floating, private = normalize_component_zones(event, floating_zone="Asia/Tokyo", own_zones={})
    assert (problems, floating) == ([], False)
    assert event.get("DTSTART").dt == fixed and event.get("DTSTART").dt.utcoffset() == timedelta(hours=-4)


def test_an_unknown_zone_without_a_block_is_one_problem() -> None:
    cal = _calendar("DTSTART;TZID=Nowhere Zone:20261123T100000\nDTEND;TZID=Nowhere Zone:20261123T110000\n")
    problems, floating, private = normalize_component_zones(_event(cal), floating_zone="Europe/Berlin", own_zones={})
    assert problems == ["it uses the time zone 'Nowhere Zone', which is neither a known zone name "
                        "nor defined in the file (no VTIMEZONE block for it)"]
    assert (floating, private) == (False, False)


def test_floating_times_are_read_in_the_zone_given_or_left() -> None:
    lines = "DTSTART:20261123T100000\nDTEND:20261123T110000\n"
    event = _event(_calendar(lines))
    assert normalize_component_zones(event, floating_zone="Asia/Tokyo") == ([], True, False)
    assert event.get("DTSTART").dt == datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert event.get("DTEND").dt == datetime(2026, 11, 23, 11, tzinfo=ZoneInfo("Asia/Tokyo"))
    left = _event(_calendar(lines))
    assert normalize_component_zones(left, floating_zone=None) == ([], True, False)
    assert left.get("DTSTART").dt.tzinfo is None


def test_all_day_dates_are_not_date_times() -> None:
    event = _event(_calendar("DTSTART;VALUE=DATE:20261123\nDTEND;VALUE=DATE:20261124\n"))
    assert normalize_component_zones(event, floating_zone="Asia/Tokyo") == ([], False, False)
    assert event.get("DTSTART").dt == date(2026, 11, 23)


def test_exdate_lists_are_re_read_each() -> None:
    cal = _calendar("DTSTART;TZID=W. Europe Standard Time:20260710T100000\n"
                    "EXDATE;TZID=W. Europe Standard Time:20260717T100000,20260724T100000\n"
                    "EXDATE;TZID=W. Europe Standard Time:20260731T100000\n",
                    OUTLOOK_ZONE.format(tzid="W. Europe Standard Time", offset="+0100"))
    event = _event(cal)
    assert normalize_component_zones(event, floating_zone=None, own_zones=file_zones(cal)) == ([], False, False)
    excluded = [d.dt for prop in event.get("EXDATE") for d in prop.dts]
    assert len(excluded) == 3
    assert {d.tzinfo for d in excluded} == {ZoneInfo("Europe/Berlin")}
    assert {d.utcoffset() for d in excluded} == {timedelta(hours=2)}


def _zone_block(tzid: str, *, offset: timedelta | None) -> icalendar.Timezone:
    """A VTIMEZONE built in memory (a file with a nameless or damaged one fails to load)."""
    zone = icalendar.Timezone()
    zone.add("TZID", tzid)
    standard = icalendar.TimezoneStandard()
    if offset is not None:
        standard.add("DTSTART", datetime(1601, 1, 1))
    standard.add("TZOFFSETFROM", offset or timedelta(hours=1))
    standard.add("TZOFFSETTO", offset or timedelta(hours=1))
    zone.add_component(standard)
    return zone


def test_file_zones_takes_the_first_definition_and_skips_nameless_ones() -> None:
    zones_text = (OUTLOOK_ZONE.format(tzid="Custom", offset="+0200")
                  + OUTLOOK_ZONE.format(tzid="/Custom/", offset="+0700"))
    cal = _calendar("DTSTART:20261123T100000\n", zones_text)
    cal.add_component(_zone_block("  ", offset=timedelta(hours=3)))
    own = file_zones(cal)
    assert list(own) == ["Custom"]
    assert datetime(2026, 11, 23, 10, tzinfo=own["Custom"]).utcoffset() == timedelta(hours=2)


def test_a_broken_zone_block_is_passed_over() -> None:
    cal = _calendar("DTSTART:20261123T100000\n")
    cal.add_component(_zone_block("Broken", offset=None))
    cal.add_component(_zone_block("Fine", offset=timedelta(hours=1)))
    assert list(file_zones(cal)) == ["Fine"]


def test_iana_zone_unknown_names_are_none() -> None:
    assert iana_zone("Mars/Olympus") is None
    assert iana_zone("/vendor/Mars/Olympus") is None
    assert iana_zone("x" * 201) is None
    assert iana_zone("/vendor.example/tz/Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
