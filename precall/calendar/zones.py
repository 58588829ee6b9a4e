"""Time zones as calendars write them, turned into IANA zones Precall can store.

Calendars name zones in several ways: IANA names (``Europe/Berlin``), Outlook's Windows
names (``W. Europe Standard Time``), vendor-prefixed ids (``/mozilla.org/…/Europe/Berlin``)
and private names defined only by a VTIMEZONE block in the file. Wherever a name maps
to an IANA zone we re-read the wall-clock time in that zone, because IANA rules cover
every year while an exported VTIMEZONE block often carries only this year's rule.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar.prop import vBroken
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

log = logging.getLogger("precall.calendar")

#: The longest IANA name is about 30 characters; Windows and vendor-prefixed names are longer.
MAX_ZONE_NAME = 200
_ZONE_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")


def iana_zone(name: str) -> ZoneInfo | None:
    """The IANA zone a calendar's TZID means, or None when it names none we know."""
    cleaned = (name or "").strip().strip('"').strip()
    if len(cleaned) > MAX_ZONE_NAME:
        return None  # ZoneInfo would ask the file system for it: OSError "File name too long"
    candidates = [cleaned.strip("/")]
    if cleaned in WINDOWS_TO_OLSON:
        candidates.insert(0, WINDOWS_TO_OLSON[cleaned])
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[i:]) for i in range(1, len(parts))]
    for candidate in candidates:
        if not candidate or ".." in candidate or candidate.startswith("/"):
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None


def user_zone_name() -> str:
    """The rep's own zone: ``TZ`` if set, else the system's zone, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and iana_zone(env) is not None:
        return env
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo" + os.sep
        if marker in target:
            name = target.split(marker, 1)[1]
            if iana_zone(name) is not None:
                return name
    except OSError:
        pass
    timezone_file = Path("/etc/timezone")
    try:
        name = timezone_file.read_text(encoding="utf-8").strip()
        if name and iana_zone(name) is not None:
            return name
    except OSError:
        pass
    return "UTC"


def display_zone(value: datetime, fallback: str) -> str:
    """The zone a meeting is shown in: its own IANA zone, or the rep's for UTC times."""
    key = getattr(value.tzinfo, "key", None)
    if key and key != "UTC" and key in _known_zones():
        return str(key)
    return fallback


def day_start(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone_name))


_KNOWN: set[str] = set()


def _known_zones() -> set[str]:
    if not _KNOWN:
        _KNOWN.update(available_timezones())
    return _KNOWN


def _values(prop: object) -> list[Any]:
    """The date-time holders inside one property value (EXDATE/RDATE carry lists)."""
    items = prop if isinstance(prop, list) else [prop]
    found: list[Any] = []
    for item in items:
        if isinstance(item, vBroken):
            continue  # reported by the event checks, never read
        dts = getattr(item, "dts", None)
        if dts is not None:
            found.extend(dts)
        elif hasattr(item, "dt"):
            found.append(item)
    return found


def _tzid(prop: object, holder: object) -> str:
    for source in (holder, *(prop if isinstance(prop, list) else [prop])):
        params = getattr(source, "params", None)
        if params and params.get("TZID"):
            return str(params.get("TZID"))
    return ""


def file_zones(calendar: Any) -> dict[str, tzinfo]:
    """The zones this file defines itself (VTIMEZONE), built fresh from this file.

    icalendar caches a VTIMEZONE by its TZID for the whole process and never replaces
    it, so a second file defining "Customized Time Zone" differently (Outlook reuses the
    name) would silently get the first file's offsets.
    """
    zones: dict[str, tzinfo] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", "") or "").strip().strip("/")
        if not tzid or tzid in zones:
            continue
        try:
            zones[tzid] = component.to_tz(lookup_tzid=False)
        except Exception as exc:  # a damaged VTIMEZONE: the events using it are reported
            log.info("VTIMEZONE %r cannot be used: %r", tzid, exc)
    return zones


def normalize_component_zones(component: Any, *, floating_zone: str | None,
                              own_zones: dict[str, tzinfo] | None = None) -> tuple[list[str], bool, bool]:
    """Re-read every date-time of one event in an IANA zone where its TZID names one,
    else in the zone the file itself defines under that TZID.

    Returns (problems, had_floating, kept_private_zone). Floating (zone-less) times are
    read in ``floating_zone`` when given, else left for the caller (X-WR-TIMEZONE).
    """
    problems: list[str] = []
    had_floating = False
    private = False
    for name in _ZONE_PROPERTIES:
        prop = component.get(name)
        if prop is None:
            continue
        for holder in _values(prop):
            value = getattr(holder, "dt", None)
            if not isinstance(value, datetime):
                continue
            tzid = _tzid(prop, holder)
            if value.tzinfo is None:
                if tzid:
                    problems.append(f"it uses the time zone {tzid!r}, which is neither a known zone name "
                                    "nor defined in the file (no VTIMEZONE block for it)")
                    return problems, had_floating, private
                had_floating = True
                if floating_zone:
                    holder.dt = value.replace(tzinfo=ZoneInfo(floating_zone))
                continue
            if isinstance(value.tzinfo, ZoneInfo):
                continue
            zone: tzinfo | None = iana_zone(tzid) if tzid else None
            if zone is None:
                # The file's own VTIMEZONE rules; the meeting is shown in the rep's zone.
                zone = (own_zones or {}).get(tzid.strip().strip('"').strip("/"))
                private = True
            if zone is not None:
                holder.dt = value.replace(tzinfo=zone)
    return problems, had_floating, private
