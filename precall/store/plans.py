"""Call plans in storage (``store.plans``): the risky gift, the trust self-check, the
rep's extra questions per meeting and what each meeting's debrief decided.

The purpose of a meeting (customer benefit, best and minimum commitment, relationship
purpose) is stored on the meeting itself; ``get`` reads it from there and ``update``
writes it through ``store.meetings`` so there is one copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from precall.domain.matrix import ItemStatus
from precall.errors import NotFoundError, ValidationError
from precall.plans.model import TRUST_FIELDS, TRUST_MAX, TRUST_MIN, CallPlan, DebriefOutcome, Question
from precall.store.connection import inserted_id
from precall.validate import MAX_TEXT, required_text

if TYPE_CHECKING:
    from precall.store.facade import Store

MEETING_FIELDS = ("customer_benefit", "best_commitment", "min_commitment", "relationship_purpose")
PLAN_FIELDS = ("risky_gift", *TRUST_FIELDS)
_TRUST_LABELS = {
    "credibility": "Credibility",
    "reliability": "Reliability",
    "intimacy": "Intimacy",
    "self_orientation": "Self-orientation",
}


def check_trust(field: str, value: Any) -> int | None:
    """A trust rating is empty or a whole number from 1 to 10."""
    if value is None or value == "":
        return None
    label = _TRUST_LABELS[field]
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(f"{label} must be a whole number from {TRUST_MIN} to {TRUST_MAX}.", field)
    try:
        number = int(value)
    except ValueError:
        raise ValidationError(f"{label} must be a whole number from {TRUST_MIN} to {TRUST_MAX}, not {value!r}.", field) from None
    if not TRUST_MIN <= number <= TRUST_MAX:
        raise ValidationError(f"{label} goes from {TRUST_MIN} to {TRUST_MAX}; {number} is outside that.", field)
    return number


class PlanRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def get(self, meeting_id: int) -> CallPlan:
        meeting = self._store.meetings.get(meeting_id)
        row = self._conn.execute(
            "SELECT risky_gift, trust_credibility, trust_reliability, trust_intimacy, trust_self_orientation"
            " FROM meeting_plans WHERE meeting_id=?",
            [meeting_id],
        ).fetchone()
        gift, credibility, reliability, intimacy, self_orientation = row or ("", None, None, None, None)
        return CallPlan(
            meeting_id=meeting_id,
            customer_benefit=meeting.customer_benefit,
            best_commitment=meeting.best_commitment,
            min_commitment=meeting.min_commitment,
            relationship_purpose=meeting.relationship_purpose,
            risky_gift=gift,
            credibility=credibility,
            reliability=reliability,
            intimacy=intimacy,
            self_orientation=self_orientation,
        )

    def update(self, meeting_id: int, **fields: Any) -> CallPlan:
        """Change any of the plan's fields; unrated trust fields are None (or "")."""
        unknown = set(fields) - set(MEETING_FIELDS) - set(PLAN_FIELDS)
        if unknown:
            raise ValueError(f"unknown plan fields: {sorted(unknown)}")
        trust = {name: check_trust(name, fields[name]) for name in TRUST_FIELDS if name in fields}
        if "risky_gift" in fields:
            gift = str(fields["risky_gift"] or "").strip()
            if len(gift) > MAX_TEXT:
                raise ValidationError(f"The risky gift is too long ({len(gift)} characters, at most {MAX_TEXT}).", "risky_gift")
        with self._store.write():
            current = self.get(meeting_id)
            meeting_changes = {name: fields[name] for name in MEETING_FIELDS if name in fields}
            if meeting_changes:
                self._store.meetings.update(meeting_id, **meeting_changes)
            if trust or "risky_gift" in fields:
                values = {name: getattr(current, name) for name in TRUST_FIELDS} | trust
                gift = str(fields.get("risky_gift", current.risky_gift) or "").strip()
                self._conn.execute(
                    """INSERT INTO meeting_plans(meeting_id, risky_gift, trust_credibility, trust_reliability,
                           trust_intimacy, trust_self_orientation, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(meeting_id) DO UPDATE SET risky_gift=excluded.risky_gift,
                           trust_credibility=excluded.trust_credibility, trust_reliability=excluded.trust_reliability,
                           trust_intimacy=excluded.trust_intimacy, trust_self_orientation=excluded.trust_self_orientation,
                           updated_at=excluded.updated_at""",
                    [meeting_id, gift, values["credibility"], values["reliability"], values["intimacy"],
                     values["self_orientation"], self._store.now_iso()],
                )
        return self.get(meeting_id)

    # the rep's own questions for this meeting ------------------------------------
    def extra_questions(self, meeting_id: int) -> list[Question]:
        rows = self._conn.execute(
            "SELECT id, text FROM meeting_questions WHERE meeting_id=? ORDER BY position, id", [meeting_id]
        )
        return [Question(text=text, extra_id=id_) for id_, text in rows]

    def add_question(self, meeting_id: int, text: str) -> Question:
        text = required_text(text, "question", "The question", max_length=1000)
        with self._store.write():
            self._store.meetings.get(meeting_id)
            position = self._conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM meeting_questions WHERE meeting_id=?", [meeting_id]
            ).fetchone()[0]
            cur = self._conn.execute(
                "INSERT INTO meeting_questions(meeting_id, text, position, created_at) VALUES (?, ?, ?, ?)",
                [meeting_id, text, position, self._store.now_iso()],
            )
        return Question(text=text, extra_id=inserted_id(cur))

    def remove_question(self, question_id: int) -> None:
        with self._store.write():
            cur = self._conn.execute("DELETE FROM meeting_questions WHERE id=?", [question_id])
            if cur.rowcount == 0:
                raise NotFoundError(f"There is no extra question with id {question_id}.")

    # what a meeting's debrief decided -------------------------------------------
    def debrief_outcomes(self, meeting_id: int) -> dict[int, DebriefOutcome]:
        """Per matrix item id, what this meeting's debrief said about it."""
        rows = self._conn.execute(
            "SELECT meeting_id, item_id, status, note FROM debrief_outcomes WHERE meeting_id=?", [meeting_id]
        )
        return {row[1]: DebriefOutcome(*row) for row in rows}

    def record_debrief_outcome(self, meeting_id: int, item_id: int, status: str, previous_status: str | None,
                               note: str) -> None:
        """Record (or change) what this debrief decided; the status the item had before
        the first decision is kept, so taking the mark back restores it."""
        with self._store.write():
            self._conn.execute(
                """INSERT INTO debrief_outcomes(meeting_id, item_id, status, previous_status, note, recorded_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(meeting_id, item_id) DO UPDATE SET status=excluded.status, note=excluded.note,
                       recorded_at=excluded.recorded_at""",
                [meeting_id, item_id, status, previous_status, note, self._store.now_iso()],
            )

    def remove_debrief_outcome(self, meeting_id: int, item_id: int) -> str | None:
        """Take back what this debrief decided about an item: the status to restore (the
        one it had before, ``assumed`` for an item the debrief created), or None when
        the debrief had decided nothing about it."""
        with self._store.write():
            found = self._conn.execute(
                "SELECT previous_status FROM debrief_outcomes WHERE meeting_id=? AND item_id=?", [meeting_id, item_id]
            ).fetchone()
            if found is None:
                return None
            self._conn.execute("DELETE FROM debrief_outcomes WHERE meeting_id=? AND item_id=?", [meeting_id, item_id])
        return str(found[0] or ItemStatus.ASSUMED.value)
