"""Reminder timing with an injected clock: once, at the right moment, never in a burst."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precall.clock import FixedClock
from precall.reminders import (
    Reminder,
    UpcomingMeeting,
    claim_due,
    decide,
    is_catching_up,
    lead_time,
    next_fire_time,
)
from precall.store import Store
from tests.precall.scenario import MEETING_START, Scenario

LEAD = timedelta(minutes=10)


class Watcher:
    """What the app does: check every 30 s of (fake) time, catching up on the first check."""

    def __init__(self, store: Store, clock: FixedClock) -> None:
        self.store, self.clock = store, clock
        self.last: datetime | None = None
        self.shown: list[tuple[int, datetime]] = []

    def check(self) -> list[Reminder]:
        now = self.clock.now()
        found = claim_due(self.store, now, LEAD, catching_up=is_catching_up(self.last, now))
        self.last = now
        self.shown.extend((r.meeting_id, now) for r in found)
        return found

    def run_until(self, end: datetime, step: timedelta = timedelta(seconds=30)) -> None:
        while self.clock.now() < end:
            self.clock.advance(step)
            self.check()


def test_fires_once_at_ten_minutes_before(scenario: Scenario, clock: FixedClock) -> None:
    clock.set(MEETING_START - timedelta(hours=1))
    watcher = Watcher(scenario.store, clock)
    assert watcher.check() == []
    watcher.run_until(MEETING_START + timedelta(hours=2))
    assert watcher.shown == [(scenario.meeting.id, MEETING_START - LEAD)]


def test_not_a_second_time_after_a_restart(scenario: Scenario, clock: FixedClock) -> None:
    clock.set(MEETING_START - timedelta(minutes=9))
    assert [r.meeting_id for r in Watcher(scenario.store, clock).check()] == [scenario.meeting.id]
    clock.advance(timedelta(minutes=1))
    assert Watcher(scenario.store, clock).check() == []  # a fresh start: catching up, nothing new


def test_a_moved_meeting_fires_at_its_new_time_only(scenario: Scenario, clock: FixedClock) -> None:
    store = scenario.store
    clock.set(MEETING_START - timedelta(hours=1))
    watcher = Watcher(store, clock)
    watcher.check()
    watcher.run_until(MEETING_START - timedelta(minutes=30))
    later = MEETING_START + timedelta(hours=1)
    store.meetings.update(scenario.meeting.id, start=later, end=later + timedelta(hours=1))
    watcher.run_until(later + timedelta(hours=1))
    assert watcher.shown == [(scenario.meeting.id, later - LEAD)]


def test_moved_after_its_reminder_it_fires_once_more_at_the_new_time_and_not_back(
    scenario: Scenario, clock: FixedClock
) -> None:
    store = scenario.store
    clock.set(MEETING_START - timedelta(minutes=15))
    watcher = Watcher(store, clock)
    watcher.check()
    watcher.run_until(MEETING_START - timedelta(minutes=5))
    later = MEETING_START + timedelta(minutes=30)
    store.meetings.update(scenario.meeting.id, start=later, end=later + timedelta(hours=1))
    watcher.run_until(MEETING_START)
    store.meetings.update(scenario.meeting.id, start=MEETING_START, end=MEETING_START + timedelta(hours=1))
    store.meetings.update(scenario.meeting.id, start=later, end=later + timedelta(hours=1))
    watcher.run_until(later + timedelta(minutes=5))
    assert watcher.shown == [(scenario.meeting.id, MEETING_START - LEAD), (scenario.meeting.id, later - LEAD)]


def test_cancelled_and_done_meetings_never_fire(scenario: Scenario, clock: FixedClock) -> None:
    store = scenario.store
    done = store.meetings.create(scenario.account_id, "Old follow-up", MEETING_START + timedelta(minutes=5),
                                 MEETING_START + timedelta(minutes=35), "UTC")
    store.meetings.update(scenario.meeting.id, status="cancelled")
    store.meetings.update(done.id, status="done")
    clock.set(MEETING_START - timedelta(hours=1))
    watcher = Watcher(store, clock)
    watcher.check()
    watcher.run_until(MEETING_START + timedelta(hours=1))
    assert watcher.shown == []


def test_missed_reminders_are_not_fired_in_a_burst_on_start(scenario: Scenario, clock: FixedClock) -> None:
    store = scenario.store
    account = scenario.account_id
    # Earlier meetings that day: their moments passed while the app was closed.
    for hours in (4, 3, 2):
        start = MEETING_START - timedelta(hours=hours)
        store.meetings.create(account, f"Earlier {hours}", start, start + timedelta(minutes=30), "UTC")
    soon = store.meetings.create(account, "Quick sync", MEETING_START + timedelta(minutes=3),
                                 MEETING_START + timedelta(minutes=20), "UTC")
    clock.set(MEETING_START - timedelta(minutes=4))  # the app starts now
    watcher = Watcher(store, clock)
    shown = watcher.check()
    # Two meetings start within the window: one calm screen, for the one starting first.
    assert [r.meeting_id for r in shown] == [scenario.meeting.id]
    outcomes = dict(store.conn.execute("SELECT meeting_id, outcome FROM reminders").fetchall())
    assert outcomes[soon.id] == "skipped" and outcomes[scenario.meeting.id] == "shown"
    assert sum(1 for o in outcomes.values() if o == "skipped") == 4
    watcher.run_until(MEETING_START + timedelta(hours=1))
    assert [m for m, _ in watcher.shown] == [scenario.meeting.id]


def test_after_the_computer_slept_only_one_reminder_shows(scenario: Scenario, clock: FixedClock) -> None:
    store = scenario.store
    other = store.meetings.create(scenario.account_id, "Back to back", MEETING_START + timedelta(minutes=2),
                                  MEETING_START + timedelta(minutes=30), "UTC")
    clock.set(MEETING_START - timedelta(hours=2))
    watcher = Watcher(store, clock)
    watcher.check()
    clock.set(MEETING_START - timedelta(minutes=1))  # woke up an hour and 59 minutes later
    assert [r.meeting_id for r in watcher.check()] == [scenario.meeting.id]
    watcher.run_until(MEETING_START + timedelta(minutes=30))
    assert other.id not in [m for m, _ in watcher.shown]


def test_a_setting_change_does_not_refire(scenario: Scenario, clock: FixedClock) -> None:
    store = scenario.store
    clock.set(MEETING_START - timedelta(minutes=9))
    assert len(claim_due(store, clock.now(), LEAD, catching_up=False)) == 1
    assert claim_due(store, clock.now(), timedelta(minutes=30), catching_up=False) == []


def test_next_fire_time(scenario: Scenario, clock: FixedClock) -> None:
    clock.set(MEETING_START - timedelta(hours=3))
    assert next_fire_time(scenario.store, clock.now(), LEAD) == MEETING_START - LEAD


def test_decide_is_pure_and_refuses_naive_now() -> None:
    start = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    meetings = [UpcomingMeeting(1, "A", "X", start), UpcomingMeeting(2, "B", "X", start + timedelta(minutes=1))]
    now = start - timedelta(minutes=5)
    running = decide(meetings, set(), now, LEAD, catching_up=False)
    assert [r.meeting_id for r in running.show] == [1, 2] and running.skip == []
    assert decide(meetings, {(1, start)}, now, LEAD, catching_up=False).show[0].meeting_id == 2
    with pytest.raises(ValueError):
        decide(meetings, set(), now.replace(tzinfo=None), LEAD, catching_up=False)


@pytest.mark.parametrize("raw, minutes", [(None, 10), ("15", 15), ("abc", 10), (-5, 0), (99999, 1440)])
def test_lead_time_from_settings(raw: object, minutes: int) -> None:
    assert lead_time(raw) == timedelta(minutes=minutes)  # type: ignore[arg-type]


def test_two_connections_checking_at_once_show_one_reminder(scenario: Scenario, db_path: Any,
                                                            clock: FixedClock) -> None:
    """Deciding and recording happen in one BEGIN IMMEDIATE transaction, so two checkers
    racing on the same file neither both show it nor fail with 'database is locked'."""
    now = MEETING_START - timedelta(minutes=5)
    barrier = threading.Barrier(2)
    shown: list[int] = []
    errors: list[BaseException] = []

    def check() -> None:
        # A connection belongs to the thread that opened it.
        store = Store.open(db_path, clock=clock, lock=False)
        try:
            barrier.wait()
            shown.extend(r.meeting_id for r in claim_due(store, now, LEAD, catching_up=False))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and shown == [scenario.meeting.id]


@settings(max_examples=200, deadline=None)
@given(
    starts=st.lists(st.integers(min_value=-180, max_value=180), min_size=0, max_size=8),
    statuses=st.lists(st.sampled_from(["planned", "planned", "cancelled", "done"]), min_size=8, max_size=8),
    recorded_mask=st.lists(st.booleans(), min_size=8, max_size=8),
    lead_minutes=st.integers(min_value=1, max_value=60),
    catching_up=st.booleans(),
)
@pytest.mark.fuzz
def test_decide_invariants(starts: list[int], statuses: list[str], recorded_mask: list[bool], lead_minutes: int,
                           catching_up: bool) -> None:
    now = datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    lead = timedelta(minutes=lead_minutes)
    meetings = [UpcomingMeeting(i, f"M{i}", "A", now + timedelta(minutes=m), statuses[i]) for i, m in enumerate(starts)]
    recorded = {(m.id, m.start) for m in meetings if recorded_mask[m.id]}
    decision = decide(meetings, recorded, now, lead, catching_up=catching_up)
    shown = {r.meeting_id for r in decision.show}
    skipped = {r.meeting_id for r in decision.skip}
    by_id = {m.id: m for m in meetings}
    assert not shown & skipped
    for meeting_id in shown | skipped:
        meeting = by_id[meeting_id]
        assert meeting.status == "planned" and (meeting.id, meeting.start) not in recorded
        assert meeting.start - lead <= now
    for meeting_id in shown:
        assert by_id[meeting_id].start > now  # never remind about a meeting already started
    if catching_up:
        assert len(shown) <= 1
    # Everything due and not yet recorded is decided one way or the other: nothing fires later.
    due = {m.id for m in meetings if m.status == "planned" and (m.id, m.start) not in recorded and m.start - lead <= now}
    assert shown | skipped == due
