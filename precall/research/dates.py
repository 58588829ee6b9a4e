"""Reading the publication dates that pages and feeds write in a dozen styles."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, timedelta, timezone

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_SLASHED = re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?\d{4,6}Z?)?$")
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_WORDY = re.compile(r"\b(\d{1,2})?\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})?(?:st|nd|rd|th)?,?\s+(\d{4})\b",
                    re.IGNORECASE)
EARLIEST_YEAR = 1990


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if EARLIEST_YEAR <= year <= 2100 else None


def parse_datetime(text: str | None) -> datetime | None:
    """A timezone-aware datetime (UTC if none given) from ISO 8601 or RFC 2822 text."""
    if not text:
        return None
    text = text.strip()[:80]
    match = _ISO.search(text)
    if match and match.group(4):
        year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
        second = int(match.group(6) or 0)
        zone = match.group(7)
        try:
            tz = timezone.utc
            if zone and zone != "Z":
                sign = 1 if zone[0] == "+" else -1
                digits = zone[1:].replace(":", "")

                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))
            return datetime(year, month, day, hour, minute, second, tzinfo=tz)
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    date_only = parse_date(text)
    if date_only is None:
        return None
    return datetime(date_only.year, date_only.month, date_only.day, tzinfo=timezone.utc)


def parse_date(text: str | None) -> date | None:
    """A calendar date from the common ways pages write one, or None."""
    if not text:
        return None
    text = text.strip()[:80]
    match = _ISO.search(text) or _SLASHED.search(text) or _COMPACT.match(text)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _WORDY.search(text)
    if match:
        day = match.group(1) or match.group(3)
        if day:
            return _valid(int(match.group(4)), _MONTHS[match.group(2).lower()[:3]], int(day))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _valid(parsed.year, parsed.month, parsed.day)
