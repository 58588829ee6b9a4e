"""Turning what a user types into time-zone aware instants, refusing what is unclear.

Accepted: ISO 8601 dates and times (``2026-11-23 14:00``, ``2026-11-23T14:00+01:00``).
Refused with a message that says why: slashed dates (``03/04/2026`` is March in one
country and April in another), times that do not exist or happen twice on a
daylight-saving change, and unknown time zones.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from precall.errors import ValidationError

_SLASHED = re.compile(r"^\s*\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"Unknown time zone {name!r}; use a name like 'Europe/Paris'.", "tz") from exc


def parse_when(text: str, tz_name: str, *, field: str = "start") -> datetime:
    """Parse ``text`` as a moment; a time without offset is read in ``tz_name``."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(f"The {field} time is empty.", field)
    if _SLASHED.match(raw):
        raise ValidationError(
            f"The {field} date {raw!r} is ambiguous (day/month or month/day?); "
            "write it as YYYY-MM-DD, e.g. 2026-11-23 14:00.",
            field,
        )
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(
            f"The {field} time {raw!r} is not a date and time; write it as YYYY-MM-DD HH:MM.", field
        ) from exc
    if value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    return localize(value, tz_name, field=field)


def localize(naive: datetime, tz_name: str, *, field: str = "start") -> datetime:
    """Attach ``tz_name`` to a wall-clock time, refusing gaps and overlaps from DST."""
    tz = zone(tz_name)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # The wall-clock time either happens twice (clocks go back) or never (forward).
        round_trip = first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
        if round_trip != naive:
            raise ValidationError(
                f"The {field} time {naive:%Y-%m-%d %H:%M} does not exist in {tz_name} "
                "(the clocks skip it on a daylight-saving change).",
                field,
            )
        raise ValidationError(
            f"The {field} time {naive:%Y-%m-%d %H:%M} happens twice in {tz_name} "
            "(the clocks go back); add the UTC offset, e.g. +01:00.",
            field,
        )
    return first.astimezone(timezone.utc)
