"""The time source. Code that needs "now" takes a Clock, so tests control time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, always time-zone aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to; for tests and benchmarks."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a time-zone aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(timezone.utc)


def utc_iso(when: datetime) -> str:
    """The one text form of an instant in the database: sortable ISO 8601 in UTC."""
    if when.tzinfo is None:
        raise ValueError("refusing a naive datetime: its time zone is unknown")
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_utc_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value
