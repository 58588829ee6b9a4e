"""The calendar's words: options for an import, the events read from a file, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from precall.clock import utc_iso
from precall.errors import PrecallError

MAX_ICS_BYTES = 10 * 1024 * 1024
MAX_OCCURRENCES = 5000
MAX_PROBLEMS_SHOWN = 3


class CalendarError(PrecallError):
    """A calendar file Precall cannot import as it is; the message names what is wrong."""


@dataclass(frozen=True)
class ImportOptions:
    """How to read a calendar: the rep's zone (for floating and all-day times), the
    window recurring events are expanded in, and what counts as the rep's own email."""

    user_tz: str = "UTC"
    days_back: int = 30
    days_ahead: int = 180
    max_bytes: int = MAX_ICS_BYTES
    max_occurrences: int = MAX_OCCURRENCES
    own_domains: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.days_back < 0 or self.days_ahead < 1:
            raise ValueError("the import window needs days_back >= 0 and days_ahead >= 1")
        if self.days_back + self.days_ahead > 3660:
            raise ValueError("the import window may span at most ten years")


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence of one calendar event, ready to become (or update) a meeting.

    ``recurrence_id`` is '' for a single event and, for an occurrence of a recurring
    one, its original start in UTC (``20261112T080000Z``) or date (``20261112``), so
    it stays the same whatever the zone is called in the next export.
    """

    uid: str
    recurrence_id: str
    sequence: int
    title: str
    start: datetime
    end: datetime
    tz: str
    location: str = ""
    cancelled: bool = False
    all_day: bool = False
    attendees: tuple[Attendee, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return self.uid, self.recurrence_id

    def snapshot(self) -> dict[str, Any]:
        """The fields a re-import compares; stored with the meeting when imported."""
        return {"title": self.title, "start": utc_iso(self.start), "end": utc_iso(self.end), "tz": self.tz,
                "location": self.location, "cancelled": self.cancelled,
                "attendees": sorted(a.email for a in self.attendees)}


@dataclass
class ParsedCalendar:
    """What a calendar file says, within the import window."""

    method: str
    name: str
    window_start: datetime
    window_end: datetime
    events: list[CalendarEvent] = field(default_factory=list)
    #: UIDs whose whole series is cancelled (METHOD:CANCEL or STATUS:CANCELLED without RECURRENCE-ID).
    cancelled_uids: set[str] = field(default_factory=set)
    #: UIDs of recurring series expanded here: an imported occurrence missing from them was removed.
    series_uids: set[str] = field(default_factory=set)
    #: Every UID the file mentions, expanded into the window or not.
    file_uids: set[str] = field(default_factory=set)
    owner_email: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def is_cancel_message(self) -> bool:
        return self.method == "CANCEL"


def problems_message(what: str, problems: list[str]) -> str:
    """One line naming what is wrong, the first few problems in full: the command line's
    contract is one line per error, and a dialog wraps it."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    tail = f"; and {more} more" if more > 0 else ""
    return f"{what} cannot be imported; nothing was changed: {'; '.join(shown)}{tail}."
