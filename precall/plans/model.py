"""What a rep plans around one meeting: the call plan, questions and follow-ups.

Plain frozen dataclasses, shared by the store, the brief and the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

TRUST_MIN, TRUST_MAX = 1, 10
TRUST_FIELDS = ("credibility", "reliability", "intimacy", "self_orientation")


def trust_score(
    credibility: int | None, reliability: int | None, intimacy: int | None, self_orientation: int | None
) -> float | None:
    """The trust equation (C + R + I) / S, or None until all four are rated."""
    if credibility is None or reliability is None or intimacy is None or self_orientation is None:
        return None
    for value in (credibility, reliability, intimacy, self_orientation):
        if not TRUST_MIN <= int(value) <= TRUST_MAX:
            raise ValueError(f"trust ratings go from {TRUST_MIN} to {TRUST_MAX}, got {value}")
    return (credibility + reliability + intimacy) / self_orientation


@dataclass(frozen=True)
class CallPlan:
    """A meeting's plan. The purpose fields are the meeting's own (stored on meetings)."""

    meeting_id: int
    customer_benefit: str = ""
    best_commitment: str = ""
    min_commitment: str = ""
    relationship_purpose: str = ""
    risky_gift: str = ""
    credibility: int | None = None
    reliability: int | None = None
    intimacy: int | None = None
    self_orientation: int | None = None

    @property
    def trust_score(self) -> float | None:
        return trust_score(self.credibility, self.reliability, self.intimacy, self.self_orientation)

    @property
    def has_call_to_action(self) -> bool:
        return bool(self.best_commitment.strip() or self.min_commitment.strip())


class HasPurpose(Protocol):
    """What ``plan_warnings`` reads: a Meeting (frozen) or a CallPlan."""

    @property
    def customer_benefit(self) -> str: ...
    @property
    def best_commitment(self) -> str: ...
    @property
    def min_commitment(self) -> str: ...
    @property
    def relationship_purpose(self) -> str: ...


def plan_warnings(meeting: HasPurpose) -> list[str]:
    """Gentle reminders about a plan with no payoff for the customer; never a block.

    A meeting needs a payoff for the customer and a call to action, or an explicit
    relationship purpose. Works on a Meeting or a CallPlan.
    """
    if meeting.relationship_purpose.strip():
        return []
    benefit = bool(meeting.customer_benefit.strip())
    action = bool(meeting.best_commitment.strip() or meeting.min_commitment.strip())
    if not benefit and not action:
        return [
            "This meeting has no customer benefit, no call to action and no relationship purpose yet. "
            "What will the customer be able to do with what they learn, and what do you hope they agree to?"
        ]
    warnings = []
    if not benefit:
        warnings.append("No customer benefit yet: what will the customer be able to do with what they learn?")
    if not action:
        warnings.append("No call to action yet: what is the best commitment you hope for, and the minimum?")
    return warnings


@dataclass(frozen=True)
class Question:
    """A question to ask: from the matrix ``questions`` row of an attendee's role
    (``item_id`` set) or added by the rep for this meeting (``extra_id`` set)."""

    text: str
    role: str = ""
    item_id: int | None = None
    extra_id: int | None = None


@dataclass(frozen=True)
class FollowUp:
    id: int
    meeting_id: int
    text: str
    due: date | None = None
    done: bool = False
    #: The one content-specific follow-up of the "10% rule".
    ten_percent: bool = False
    #: The meeting it came from (filled where follow-ups of many meetings are listed).
    meeting_title: str = ""


@dataclass(frozen=True)
class DebriefOutcome:
    """What a debrief decided about one matrix item in one meeting."""

    meeting_id: int
    item_id: int
    status: str
    note: str = ""
