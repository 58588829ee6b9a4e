"""When to remind the rep to go clear their head before a meeting.

Pure decisions (``decide``) plus one store function (``claim_due``) that decides and
records in the same transaction, so two checks can never show the same reminder.

Rules:
* a reminder fires ``lead`` before the start of each planned meeting (never a cancelled
  or done one), once per meeting and start time: a meeting that moves is reminded once
  at its new time, never again at the old one;
* reminders missed while the app was closed (or the computer slept) are not fired
  late in a burst: when catching up, at most one is shown, the meeting starting
  soonest that has not started yet; the rest are recorded as skipped.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, SupportsIndex, SupportsInt

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.reminders")

DEFAULT_LEAD_MINUTES = 10
MAX_LEAD_MINUTES = 24 * 60
#: A gap between two checks longer than this means the app was not watching (asleep,
#: suspended): treat the next check like a start-up.
MAX_CHECK_GAP = timedelta(minutes=2)
#: Meetings that started longer ago than this are not even looked at.
LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class UpcomingMeeting:
    id: int
    title: str
    account: str
    start: datetime
    status: str = "planned"


@dataclass(frozen=True)
class Reminder:
    meeting_id: int
    title: str
    account: str
    start: datetime
    fire_at: datetime


@dataclass(frozen=True)
class ReminderDecision:
    show: list[Reminder] = field(default_factory=list)
    skip: list[Reminder] = field(default_factory=list)


def lead_time(minutes: object) -> timedelta:
    """The reminder lead from a setting's raw value (text, a number or None: settings
    files hold anything); a bad value falls back to the default."""
    value: int | None = DEFAULT_LEAD_MINUTES if minutes in (None, "") else None
    if value is None and isinstance(minutes, (str, bytes, bytearray, SupportsInt, SupportsIndex)):
        with contextlib.suppress(TypeError, ValueError):
            value = int(minutes)
    if value is None:
        log.warning("reminder lead %r is not a number; using %s minutes", minutes, DEFAULT_LEAD_MINUTES)
        value = DEFAULT_LEAD_MINUTES
    return timedelta(minutes=max(0, min(value, MAX_LEAD_MINUTES)))


def is_catching_up(last_check: datetime | None, now: datetime) -> bool:
    """The first check after start, or after a long gap, may find missed reminders."""
    return last_check is None or now - last_check > MAX_CHECK_GAP or now < last_check


def decide(
    meetings: Iterable[UpcomingMeeting],
    recorded: set[tuple[int, datetime]],
    now: datetime,
    lead: timedelta,
    *,
    catching_up: bool,
) -> ReminderDecision:
    """Which reminders to show now and which to record as skipped.

    ``recorded`` holds (meeting id, start) pairs already shown or skipped.
    """
    if now.tzinfo is None:
        raise ValueError("reminders need a time-zone aware 'now'")
    due: list[Reminder] = []
    for meeting in meetings:
        if meeting.status != "planned" or (meeting.id, meeting.start) in recorded:
            continue
        fire_at = meeting.start - lead
        if fire_at <= now:
            due.append(Reminder(meeting.id, meeting.title, meeting.account, meeting.start, fire_at))
    started = [r for r in due if r.start <= now]
    pending = sorted((r for r in due if r.start > now), key=lambda r: (r.start, r.meeting_id))
    if catching_up:
        return ReminderDecision(show=pending[:1], skip=started + pending[1:])
    return ReminderDecision(show=pending, skip=started)


def claim_due(store: "Store", now: datetime, lead: timedelta, *, catching_up: bool) -> list[Reminder]:
    """Decide and record in one write transaction; returns the reminders to show."""
    with store.write():
        meetings = [UpcomingMeeting(*row) for row in store.meetings.unreminded(now - LOOKBACK, now + lead)]
        decision = decide(meetings, set(), now, lead, catching_up=catching_up)
        store.meetings.record_reminders(
            [(r.meeting_id, r.start, r.fire_at, outcome)
             for outcome, reminders in (("shown", decision.show), ("skipped", decision.skip)) for r in reminders],
            fired_at=now)
    if decision.skip:
        log.info("skipped %d missed reminder(s)", len(decision.skip))
    return decision.show


def next_fire_time(store: "Store", now: datetime, lead: timedelta) -> datetime | None:
    """When the next reminder is due (for a timer that sleeps until then)."""
    start = store.meetings.next_unreminded_start(now)
    return start - lead if start is not None else None


def countdown_text(start: datetime, now: datetime) -> str:
    """What the clear-head screen says about the time left, calmly and roughly."""
    seconds = int((start - now).total_seconds())
    if seconds > 0:
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return f"Starts in {hours} h {minutes:02d} min"
        return f"Starts in {minutes}:{secs:02d}"
    late = -seconds // 60
    if late < 1:
        return "Starting now"
    return f"Started {late} min ago"
