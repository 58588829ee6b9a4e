"""The call plan around one meeting: purpose, trust self-check, risky gift, questions."""

from precall.plans.model import (
    TRUST_FIELDS,
    CallPlan,
    DebriefOutcome,
    FollowUp,
    Question,
    plan_warnings,
    trust_score,
)
from precall.plans.questions import questions_for_meeting

__all__ = [
    "TRUST_FIELDS", "CallPlan", "DebriefOutcome", "FollowUp", "Question",
    "plan_warnings", "questions_for_meeting", "trust_score",
]
