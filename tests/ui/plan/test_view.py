"""The Plan tab: trust score updates live and is saved, the warning is gentle,
questions come from the matrix and the rep's own."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.precall.scenario import Scenario
from tests.ui.support import read
from ui.context import AppContext
from ui.plan.view import PlanView


def _build(qtbot: QtBot, ctx: AppContext, meeting_id: int) -> PlanView:
    view = PlanView(ctx)
    qtbot.add_widget(view)
    view.set_meeting(meeting_id)
    qtbot.wait_until(lambda: view.questions.count() > 0)
    return view


def test_trust_score_updates_live_and_persists(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    assert "rate all four" in view.trust_score.text()
    for name, value in (("credibility", 7), ("reliability", 8), ("intimacy", 6)):
        view.trust[name].setValue(value)
    assert "rate all four" in view.trust_score.text()
    view.trust["self_orientation"].setValue(3)
    assert view.trust_score.text() == "Trust (C + R + I) / S = 7"
    view.trust["self_orientation"].setValue(4)
    assert view.trust_score.text() == "Trust (C + R + I) / S = 5.25"
    qtbot.wait_until(lambda: read(ctx, lambda s: s.plans.get(seeded.meeting.id).trust_score) == 5.25)
    view.trust["intimacy"].setValue(0)  # back to "not rated"
    assert view.trust["intimacy"].text() == "–" and "rate all four" in view.trust_score.text()
    qtbot.wait_until(lambda: read(ctx, lambda s: s.plans.get(seeded.meeting.id).intimacy) is None)


def test_gentle_warning_goes_away_with_a_purpose(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    assert view.warning.isVisibleTo(view) and "no customer benefit" in view.warning.text()
    view.fields["relationship_purpose"].setFocus()
    qtbot.keyClicks(view.fields["relationship_purpose"], "Meet the new CFO before budget season")
    assert not view.warning.isVisibleTo(view)
    qtbot.wait_until(lambda: read(ctx, lambda s: s.meetings.get(seeded.meeting.id).relationship_purpose)
                     == "Meet the new CFO before budget season")
    view.fields["risky_gift"].setPlainText("Our benchmark of 3 peers' cold-chain costs")
    view.flush()
    qtbot.wait_until(lambda: read(ctx, lambda s: s.plans.get(seeded.meeting.id).risky_gift).startswith("Our bench"))


def test_questions_from_roles_and_the_reps_own(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    texts = [view.questions.item(i).text() for i in range(view.questions.count())]
    assert texts == ["CFO: How do you measure payback on IT spend?", "IT Director: Which systems must the new tool talk to?"]
    qtbot.keyClicks(view.new_question, "What changed since the merger?")
    qtbot.keyClick(view.new_question, "\r")
    qtbot.wait_until(lambda: view.questions.count() == 3)
    assert view.questions.item(2).text() == "Yours: What changed since the merger?"
    view.questions.setCurrentRow(0)
    view.remove_question_button.click()
    assert "questions from the matrix are edited in the matrix" in view.error.text()
    view.questions.setCurrentRow(2)
    view.remove_question_button.click()
    qtbot.wait_until(lambda: view.questions.count() == 2)


def test_a_plan_survives_rebuilding_the_tab(qtbot: QtBot, ctx: AppContext, seeded: Scenario) -> None:
    view = _build(qtbot, ctx, seeded.meeting.id)
    view.fields["best_commitment"].setText("Pilot in one depot")
    view._edited("best_commitment")  # as textEdited would
    view.trust["credibility"].setValue(9)
    view.set_meeting(None)
    qtbot.wait_until(lambda: read(ctx, lambda s: s.plans.get(seeded.meeting.id).credibility) == 9)
    again = _build(qtbot, ctx, seeded.meeting.id)
    qtbot.wait_until(lambda: again.fields["best_commitment"].text() == "Pilot in one depot")
    assert again.trust["credibility"].value() == 9
