"""Follow-ups in storage (``store.followups``): dates, done state, the one content-specific
"10% rule" follow-up per meeting, what update keeps, what is refused, and what missing ones
are called."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from precall.errors import NotFoundError, ValidationError
from tests.precall.scenario import Scenario


def test_update_keeps_what_it_is_not_given(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    item = store.followups.add(meeting.id, "Send pricing", "2026-11-30", ten_percent=True)
    done = store.followups.set_done(item.id)
    assert (done.text, done.due, done.done, done.ten_percent) == ("Send pricing", date(2026, 11, 30), True, True)
    reopened = store.followups.update(item.id, done=False, due="")
    assert (reopened.done, reopened.due, reopened.ten_percent) == (False, None, True)
    assert store.followups.get(item.id) == reopened


def test_due_dates_may_be_dates_strings_or_empty_but_nothing_else(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    assert store.followups.add(meeting.id, "a", " 2026-12-01 ").due == date(2026, 12, 1)
    assert store.followups.add(meeting.id, "b", "").due is None
    with pytest.raises(ValidationError, match="The due date 20261201 is not a date.") as caught:
        store.followups.add(meeting.id, "c", 20261201)  # type: ignore[arg-type]
    assert caught.value.field == "due"


def test_unknown_fields_and_missing_follow_ups_are_refused(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    item = store.followups.add(meeting.id, "Send pricing")
    with pytest.raises(ValueError, match="unknown follow-up fields: \\['owner'\\]"):
        store.followups.update(item.id, owner="me")
    store.followups.remove(item.id)
    for call in (store.followups.get, store.followups.remove, store.followups.set_done):
        with pytest.raises(NotFoundError, match=f"no follow-up with id {item.id}"):
            call(item.id)
    with pytest.raises(NotFoundError):
        store.followups.add(meeting.id + 99, "orphan")


def test_the_second_ten_percent_refusal_names_the_first(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    store.followups.add(meeting.id, "Share the depot study", ten_percent=True)
    with pytest.raises(ValidationError, match="\\('Share the depot study'\\); unmark") as caught:
        store.followups.add(meeting.id, "Another", ten_percent=True)
    assert caught.value.field == "ten_percent"
    # Marking the one that already is the 10% follow-up again is no clash.
    first = store.followups.for_meeting(meeting.id)[0]
    assert store.followups.update(first.id, ten_percent=True, text="Share the depot study v2").ten_percent


def test_open_follow_ups_come_from_every_meeting_of_the_account_soonest_first(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    later = store.followups.add(meeting.id, "later", "2026-12-20")
    undated = store.followups.add(meeting.id, "undated")
    second = store.meetings.create(scenario.account_id, "Second", meeting.start, meeting.end, "UTC")
    sooner = store.followups.add(second.id, "sooner", "2026-12-01")
    other = store.accounts.create("Elsewhere")
    other_meeting = store.meetings.create(other.id, "Other", meeting.start, meeting.end, "UTC")
    store.followups.add(other_meeting.id, "not this account", "2026-11-01")
    assert [f.id for f in store.followups.open_for_account(scenario.account_id)] == [sooner.id, later.id, undated.id]


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
