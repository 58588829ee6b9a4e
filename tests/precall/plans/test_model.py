"""Call plans: purpose on the meeting, trust self-check validation, warnings, questions."""

from __future__ import annotations

import sqlite3

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.plans import CallPlan, plan_warnings, questions_for_meeting, trust_score
from tests.precall.scenario import Scenario


def test_new_plan_is_empty_and_reads_the_meetings_purpose(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    store.meetings.update(meeting.id, customer_benefit="Know their payback period")
    plan = store.plans.get(meeting.id)
    assert plan.customer_benefit == "Know their payback period"
    assert plan.risky_gift == "" and plan.credibility is None and plan.trust_score is None


def test_purpose_written_through_the_plan_lands_on_the_meeting(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    store.plans.update(meeting.id, best_commitment="Pilot in one depot", min_commitment="Second meeting with IT")
    stored = store.meetings.get(meeting.id)
    assert (stored.best_commitment, stored.min_commitment) == ("Pilot in one depot", "Second meeting with IT")
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(meeting_plans)")}
    assert not columns & {"customer_benefit", "best_commitment", "min_commitment", "relationship_purpose"}


def test_trust_score_is_c_plus_r_plus_i_over_s(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    plan = store.plans.update(meeting.id, credibility=7, reliability=8, intimacy=6, self_orientation=3)
    assert plan.trust_score == pytest.approx(7.0)
    plan = store.plans.update(meeting.id, self_orientation=7)
    assert plan.trust_score == pytest.approx(3.0)
    assert (plan.credibility, plan.reliability, plan.intimacy) == (7, 8, 6)
    assert store.plans.update(meeting.id, intimacy=None).trust_score is None


@pytest.mark.parametrize("value", [0, 11, -3, "ten", 2.5, True])
def test_trust_ratings_outside_one_to_ten_are_refused_and_nothing_is_saved(scenario: Scenario, value: object) -> None:
    store, meeting = scenario.store, scenario.meeting
    store.plans.update(meeting.id, credibility=5, risky_gift="Benchmark of 3 peers")
    with pytest.raises(ValidationError) as caught:
        store.plans.update(meeting.id, credibility=value, risky_gift="changed")
    assert caught.value.field == "credibility"
    assert "Credibility" in str(caught.value)
    plan = store.plans.get(meeting.id)
    assert (plan.credibility, plan.risky_gift) == (5, "Benchmark of 3 peers")


def test_the_database_itself_refuses_a_rating_of_eleven(scenario: Scenario) -> None:
    store = scenario.store
    with pytest.raises(sqlite3.IntegrityError):
        with store.write():
            store.conn.execute(
                "INSERT INTO meeting_plans(meeting_id, trust_credibility, updated_at) VALUES (?, 11, 'x')",
                [scenario.meeting.id],
            )


def test_unknown_fields_and_meetings_are_refused(scenario: Scenario) -> None:
    with pytest.raises(ValueError, match="opening"):
        scenario.store.plans.update(scenario.meeting.id, opening_lines="Hi, I'm…")
    with pytest.raises(NotFoundError):
        scenario.store.plans.get(9999)


def test_trust_score_function_refuses_out_of_range() -> None:
    assert trust_score(10, 10, 10, 1) == 30
    assert trust_score(None, 1, 1, 1) is None
    with pytest.raises(ValueError):
        trust_score(1, 1, 1, 0)


def test_warning_is_gentle_and_disappears_with_a_purpose() -> None:
    empty = CallPlan(meeting_id=1)
    assert len(plan_warnings(empty)) == 1
    assert "no customer benefit" in plan_warnings(empty)[0]
    assert plan_warnings(CallPlan(1, relationship_purpose="Meet the new CFO")) == []
    assert plan_warnings(CallPlan(1, customer_benefit="See their savings", min_commitment="A demo")) == []
    only_benefit = plan_warnings(CallPlan(1, customer_benefit="See their savings"))
    assert len(only_benefit) == 1 and "call to action" in only_benefit[0]
    only_action = plan_warnings(CallPlan(1, best_commitment="Pilot"))
    assert len(only_action) == 1 and "customer benefit" in only_action[0]
    assert plan_warnings(CallPlan(1, customer_benefit="   ", best_commitment=" ")) == plan_warnings(empty)


def test_questions_come_from_each_attendees_role_then_the_reps_own(scenario: Scenario) -> None:
    store, meeting = scenario.store, scenario.meeting
    extra = store.plans.add_question(meeting.id, "What happened since the merger?")
    questions = questions_for_meeting(store, meeting.id)
    assert [(q.text, q.role) for q in questions] == [
        ("How do you measure payback on IT spend?", "CFO"),
        ("Which systems must the new tool talk to?", "IT Director"),
        ("What happened since the merger?", ""),
    ]
    assert all(q.item_id is not None for q in questions[:2]) and questions[2].extra_id == extra.extra_id
    # The VP Marketing is not attending: their questions stay out.
    vp = store.matrix.find_role(scenario.account_id, "VP Marketing")
    store.matrix.add_item(vp.id, scenario.rows["questions"], "Who owns the brand budget?")
    assert "Who owns the brand budget?" not in [q.text for q in questions_for_meeting(store, meeting.id)]
    store.plans.remove_question(extra.extra_id)
    assert len(questions_for_meeting(store, meeting.id)) == 2
    with pytest.raises(ValidationError):
        store.plans.add_question(meeting.id, "   ")
