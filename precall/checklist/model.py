"""The improvisation-prep checklist: items due at moments relative to a meeting's start.

The moments come from the product brief: the day before, ten minutes before, in the
waiting room, when you meet. There is deliberately no place for scripted opening lines.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Moment(str, enum.Enum):
    DAY_BEFORE = "day_before"
    TEN_MINUTES = "ten_minutes"
    WAITING_ROOM = "waiting_room"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return MOMENT_LABELS[self]

    @property
    def default_offset_minutes(self) -> int:
        return MOMENT_OFFSETS[self]


MOMENT_LABELS: dict[Moment, str] = {
    Moment.DAY_BEFORE: "The day before",
    Moment.TEN_MINUTES: "Ten minutes before",
    Moment.WAITING_ROOM: "In the waiting room",
    Moment.MEETING: "When you meet",
}
MOMENT_OFFSETS: dict[Moment, int] = {
    Moment.DAY_BEFORE: -24 * 60,
    Moment.TEN_MINUTES: -10,
    Moment.WAITING_ROOM: -5,
    Moment.MEETING: 0,
}


#: Other spellings of a moment (assumption templates write "at_meeting").
MOMENT_ALIASES: dict[str, Moment] = {
    "at_meeting": Moment.MEETING,
    "when_you_meet": Moment.MEETING,
    "ten_minutes_before": Moment.TEN_MINUTES,
}


def parse_moment(value: str | Moment) -> Moment:
    if isinstance(value, str) and value.strip().lower() in MOMENT_ALIASES:
        return MOMENT_ALIASES[value.strip().lower()]
    try:
        return Moment(value)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in Moment)
        raise ValueError(f"unknown checklist moment {value!r}; use one of {allowed}") from exc


@dataclass(frozen=True)
class ChecklistItem:
    id: int
    meeting_id: int
    key: str
    text: str
    moment: Moment
    offset_minutes: int
    done: bool = False
    #: Observations captured on the spot (the waiting-room item asks for them).
    note: str = ""
    position: int = 0
    takes_note: bool = False
    origin: str = "default"

    def due_at(self, meeting_start: datetime) -> datetime:
        return meeting_start + timedelta(minutes=self.offset_minutes)
