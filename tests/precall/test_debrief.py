"""The debrief writes back to the account's matrix, keeps follow-ups and closes the meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from precall import debrief
from precall.domain.matrix import ItemStatus
from precall.domain.meetings import MeetingStatus
from precall.errors import ValidationError
from tests.precall.scenario import Scenario


def _item(scenario: Scenario, text: str) -> int:
    return next(i.id for i in scenario.store.matrix.items(scenario.account_id) if i.text == text)


def test_entries_are_the_attendees_roles_items(scenario: Scenario) -> None:
    entries = debrief.debrief_entries(scenario.store, scenario.meeting.id)
    assert [(e.role, e.row_label) for e in entries] == [
        ("CFO", "Objectives"), ("CFO", "Questions to ask"), ("IT Director", "Challenges"),
        ("IT Director", "Questions to ask"),
    ]
    assert all(e.outcome is None for e in entries)


def test_a_debrief_carries_into_the_next_meeting(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    capital = _item(scenario, "Cut working capital by 10%")
    erp = _item(scenario, "Legacy ERP nobody wants to touch")
    debrief.record_outcome(store, meeting.id, capital, "confirmed", "Ada said 12%, by Q3")
    debrief.record_outcome(store, meeting.id, erp, ItemStatus.REFUTED, "They replaced it in 2025")
    learned = debrief.add_learning(store, meeting.id, scenario.it_role_id, scenario.rows["trigger_events"],
                                   "New CIO starts in January")
    store.followups.add(meeting.id, "Send the working-capital benchmark", "2026-11-26", ten_percent=True)
    store.followups.add(meeting.id, "Book a demo with Ben", "2026-12-02")
    done = debrief.mark_done(store, meeting.id, "Good call; Ada is the sponsor.")
    assert done.status is MeetingStatus.DONE and done.debrief == "Good call; Ada is the sponsor."

    # The next meeting with this account sees it all through the account.
    nxt = store.meetings.create(scenario.account_id, "Follow-up", meeting.start + timedelta(days=7),
                                meeting.start + timedelta(days=7, hours=1), "Europe/Paris",
                                attendee_ids=list(meeting.attendee_ids))
    items = {i.id: i for i in store.matrix.items(scenario.account_id)}
    assert (items[capital].status, items[capital].note) == (ItemStatus.CONFIRMED, "Ada said 12%, by Q3")
    assert (items[erp].status, items[erp].note) == (ItemStatus.REFUTED, "They replaced it in 2025")
    assert (items[learned.id].status, items[learned.id].origin) == (ItemStatus.CONFIRMED, "rep")
    assert [f.text for f in store.followups.open_for_account(scenario.account_id)][0].startswith("Send the working")
    next_entries = {e.item.id: e for e in debrief.debrief_entries(store, nxt.id)}
    assert next_entries[capital].item.status is ItemStatus.CONFIRMED and next_entries[capital].outcome is None
    recorded = debrief.outcomes(store, meeting.id)
    assert {k: v.status for k, v in recorded.items()} == {capital: "confirmed", erp: "refuted", learned.id: "confirmed"}


def test_taking_a_mark_back_restores_the_earlier_status(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    erp = _item(scenario, "Legacy ERP nobody wants to touch")
    store.matrix.update_item(erp, status="researched")
    debrief.record_outcome(store, meeting.id, erp, "refuted", "Replaced")
    debrief.record_outcome(store, meeting.id, erp, "confirmed", "Actually still there")
    assert store.matrix.item(erp).status is ItemStatus.CONFIRMED
    debrief.record_outcome(store, meeting.id, erp, None)
    assert store.matrix.item(erp).status is ItemStatus.RESEARCHED
    assert debrief.outcomes(store, meeting.id) == {}


def test_bad_debrief_input_is_refused_and_nothing_changes(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    erp = _item(scenario, "Legacy ERP nobody wants to touch")
    with pytest.raises(ValidationError, match="confirmed or refuted"):
        debrief.record_outcome(store, meeting.id, erp, "assumed")
    other = store.accounts.create("Other Co")
    role = store.matrix.add_role(other.id, "CEO")
    row = store.matrix.rows(other.id)[0]
    foreign = store.matrix.add_item(role.id, row.id, "Wants growth")
    with pytest.raises(ValidationError, match="another account"):
        debrief.record_outcome(store, meeting.id, foreign.id, "confirmed")
    with pytest.raises(ValidationError, match="another account"):
        debrief.add_learning(store, meeting.id, role.id, row.id, "x")
    with pytest.raises(ValidationError):
        debrief.add_learning(store, meeting.id, scenario.cfo_role_id, scenario.rows["objectives"], "  ")
    assert store.matrix.item(erp).status is ItemStatus.ASSUMED
    assert debrief.outcomes(store, meeting.id) == {}
    store.meetings.update(meeting.id, status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        debrief.mark_done(store, meeting.id)
