"""The reminder scheduler with an injected clock: it fires once at the configured moment, never
when reminders are switched off, and its timer reads the injected clock."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from precall.clock import FixedClock
from precall.reminders import Reminder
from tests.precall.scenario import MEETING_START, Scenario
from ui.context import AppContext
from ui.reminders.scheduler import LEAD_SETTING, ReminderScheduler


def _check(qtbot: QtBot, scheduler: ReminderScheduler) -> None:
    assert scheduler.check_due(scheduler.ctx.clock.now())
    qtbot.wait_until(lambda: not scheduler._in_flight)


def test_scheduler_fires_once_at_the_configured_moment(qtbot: QtBot, ctx: AppContext, clock: FixedClock,
                                                       seeded: Scenario) -> None:
    ctx.settings.setValue(LEAD_SETTING, 15)
    scheduler = ReminderScheduler(ctx)
    seen: list[Reminder] = []
    scheduler.due.connect(seen.append)
    clock.set(MEETING_START - timedelta(minutes=20))
    for _ in range(12):  # every 30 s of fake time until 14 minutes before
        _check(qtbot, scheduler)
        clock.advance(timedelta(seconds=30))
    assert [r.meeting_id for r in seen] == [seeded.meeting.id]
    assert seen[0].fire_at == MEETING_START - timedelta(minutes=15)
    _check(qtbot, scheduler)
    assert len(seen) == 1


def test_reminders_switched_off_never_fire(qtbot: QtBot, ctx: AppContext, clock: FixedClock, seeded: Scenario) -> None:
    ctx.settings.setValue(LEAD_SETTING, 0)
    scheduler = ReminderScheduler(ctx)
    seen: list[Reminder] = []
    scheduler.due.connect(seen.append)
    clock.set(MEETING_START - timedelta(minutes=1))
    assert scheduler.check_due(clock.now())
    assert not scheduler._in_flight and seen == []


def test_the_timer_reads_the_injected_clock(qtbot: QtBot, ctx: AppContext, clock: FixedClock, seeded: Scenario) -> None:
    clock.set(MEETING_START - timedelta(minutes=5))
    scheduler = ReminderScheduler(ctx, interval_ms=50)
    with qtbot.wait_signal(scheduler.due, timeout=5000) as blocker:
        scheduler.start()
    scheduler.stop()
    assert blocker.args[0].meeting_id == seeded.meeting.id
