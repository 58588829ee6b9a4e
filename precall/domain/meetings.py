"""Meetings: an account, attendees, a time-zone aware slot, a purpose and a status."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo


class MeetingStatus(str, enum.Enum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Meeting:
    id: int
    account_id: int
    account: str
    title: str
    start: datetime
    end: datetime
    tz: str
    location: str = ""
    customer_benefit: str = ""
    best_commitment: str = ""
    min_commitment: str = ""
    relationship_purpose: str = ""
    status: MeetingStatus = MeetingStatus.PLANNED
    debrief: str = ""
    attendee_ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(ZoneInfo(self.tz))

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(ZoneInfo(self.tz))

    def is_upcoming(self, now: datetime) -> bool:
        return self.end >= now


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the meetings list: enough to show and sort without loading more."""

    id: int
    title: str
    account: str
    start: datetime
    end: datetime
    tz: str
    status: MeetingStatus
