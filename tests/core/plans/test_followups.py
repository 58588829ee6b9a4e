"""Follow-ups: dates, done state, and one content-specific "10% rule" follow-up per meeting."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from precall.errors import ValidationError
from tests.core.plans.conftest import Scenario


def test_add_update_and_list_follow_ups(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    plain = store.followups.add(meeting.id, "Send the pricing sheet", "2026-11-30")
    ten = store.followups.add(meeting.id, "Send the cold-chain benchmark they asked about", date(2026, 11, 25),
                              ten_percent=True)
    undated = store.followups.add(meeting.id, "Connect on LinkedIn")
    assert [f.id for f in store.followups.for_meeting(meeting.id)] == [ten.id, plain.id, undated.id]
    assert ten.due == date(2026, 11, 25) and ten.ten_percent and ten.meeting_title == "Discovery call"
    store.followups.set_done(plain.id)
    assert [f.id for f in store.followups.open_for_account(scenario.account_id)] == [ten.id, undated.id]
    moved = store.followups.update(undated.id, due="2026-12-01", text="Connect on LinkedIn, with a note")
    assert moved.due == date(2026, 12, 1) and moved.text.endswith("with a note")


def test_only_one_ten_percent_follow_up_per_meeting(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    first = store.followups.add(meeting.id, "Share the depot study", ten_percent=True)
    second = store.followups.add(meeting.id, "Share the article on automation")
    with pytest.raises(ValidationError, match="10% follow-up"):
        store.followups.add(meeting.id, "Another one", ten_percent=True)
    with pytest.raises(ValidationError, match="10% follow-up"):
        store.followups.update(second.id, ten_percent=True)
    store.followups.update(first.id, ten_percent=False)
    assert store.followups.update(second.id, ten_percent=True).ten_percent
    with pytest.raises(sqlite3.IntegrityError):  # the index guards it even against a bypass
        with store.write():
            store.conn.execute("UPDATE followups SET ten_percent=1 WHERE id=?", [first.id])


@pytest.mark.parametrize("due", ["30/11/2026", "tomorrow", "2026-13-01"])
def test_bad_due_dates_are_refused_in_words(scenario: Scenario, due: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        scenario.store.followups.add(scenario.meeting.id, "Call back", due)
    assert scenario.store.followups.for_meeting(scenario.meeting.id) == []


def test_follow_ups_go_with_their_meeting(scenario: Scenario) -> None:
    store = scenario.store
    store.followups.add(scenario.meeting.id, "Send notes")
    store.meetings.delete(scenario.meeting.id)
    assert store.conn.execute("SELECT count(*) FROM followups").fetchone()[0] == 0
