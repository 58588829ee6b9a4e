"""Call plans in storage: empty defaults, the risky gift's length limit, extra questions."""

from __future__ import annotations

import pytest

from precall.errors import NotFoundError, ValidationError
from precall.validate import MAX_TEXT
from tests.precall.scenario import Scenario


def test_a_meeting_without_a_plan_has_nothing_rated(scenario: Scenario) -> None:
    plan = scenario.store.plans.get(scenario.meeting.id)
    assert plan.risky_gift == ""
    assert (plan.credibility, plan.reliability, plan.intimacy, plan.self_orientation) == (None, None, None, None)


def test_the_risky_gift_may_be_exactly_the_longest_text(scenario: Scenario) -> None:
    plans, meeting_id = scenario.store.plans, scenario.meeting.id
    assert len(plans.update(meeting_id, risky_gift="g" * MAX_TEXT).risky_gift) == MAX_TEXT
    with pytest.raises(ValidationError, match=f"too long \\({MAX_TEXT + 1} characters") as caught:
        plans.update(meeting_id, risky_gift="g" * (MAX_TEXT + 1))
    assert caught.value.field == "risky_gift"


def test_extra_questions_keep_their_order_and_missing_ones_are_named(scenario: Scenario) -> None:
    plans, meeting_id = scenario.store.plans, scenario.meeting.id
    first = plans.add_question(meeting_id, "What changed since last quarter?")
    second = plans.add_question(meeting_id, "Who else decides?")
    assert [q.text for q in plans.extra_questions(meeting_id)] == [first.text, second.text]
    plans.remove_question(first.extra_id)  # type: ignore[arg-type]
    assert [q.extra_id for q in plans.extra_questions(meeting_id)] == [second.extra_id]
    with pytest.raises(NotFoundError, match=f"no extra question with id {first.extra_id}"):
        plans.remove_question(first.extra_id)  # type: ignore[arg-type]
