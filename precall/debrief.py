"""The debrief after a meeting: what held, what was learned, what was promised.

Everything lands on the account, not the meeting: a confirmed or refuted assumption
changes the account's matrix item (status and note), what was learned becomes a new
confirmed item, so the next meeting's brief starts from it. Per meeting we also keep
which items this debrief decided (``debrief_outcomes``), so it can be reviewed or undone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from precall.domain.matrix import ItemStatus, MatrixItem
from precall.domain.meetings import Meeting, MeetingStatus
from precall.errors import ValidationError
from precall.plans.model import DebriefOutcome
from precall.validate import MAX_TEXT

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.debrief")

OUTCOMES = (ItemStatus.CONFIRMED, ItemStatus.REFUTED)


@dataclass(frozen=True)
class DebriefEntry:
    """One matrix item of an attendee's role, with what this meeting's debrief said."""

    item: MatrixItem
    role: str
    row_label: str
    outcome: DebriefOutcome | None = None


def _outcome_status(status: str | ItemStatus) -> ItemStatus:
    try:
        parsed = ItemStatus(status)
    except ValueError:
        parsed = None
    if parsed not in OUTCOMES:
        raise ValidationError(f"A debrief marks an assumption confirmed or refuted, not {status!r}.", "status")
    return parsed


def outcomes(store: "Store", meeting_id: int) -> dict[int, DebriefOutcome]:
    return store.plans.debrief_outcomes(meeting_id)


def debrief_entries(store: "Store", meeting_id: int) -> list[DebriefEntry]:
    """The matrix items of the attendees' roles, by column then row order."""
    meeting = store.meetings.get(meeting_id)
    role_ids = store.meetings.attendee_role_ids(meeting_id)
    matrix = store.matrix.load(meeting.account_id)
    decided = outcomes(store, meeting_id)
    roles = {role.id: role for role in matrix.roles}
    entries: list[DebriefEntry] = []
    for role_id in role_ids:
        for row in matrix.rows:
            for item in matrix.cell(role_id, row.id):
                entries.append(DebriefEntry(item, roles[role_id].name, row.label, decided.get(item.id)))
    return entries


def record_outcome(
    store: "Store", meeting_id: int, item_id: int, status: str | ItemStatus | None, note: str | None = None
) -> MatrixItem:
    """Mark an item confirmed or refuted in this meeting (None takes the mark back).

    The account's matrix item gets the status and, when given, the note.
    """
    if note is not None and len(note) > MAX_TEXT:
        raise ValidationError(f"The note is too long ({len(note)} characters, at most {MAX_TEXT}).", "note")
    with store.write():
        meeting = store.meetings.get(meeting_id)
        item = store.matrix.item(item_id)
        if item.account_id != meeting.account_id:
            raise ValidationError("That assumption belongs to another account's matrix.", "item")
        if status is None:
            restored = store.plans.remove_debrief_outcome(meeting_id, item_id)
            if restored is not None:
                return store.matrix.update_item(item_id, status=restored, note=note)
            return store.matrix.update_item(item_id, note=note) if note is not None else item
        decided = _outcome_status(status)
        text = (note if note is not None else item.note).strip()
        # A second decision keeps the status from before the first (the repo does not
        # overwrite previous_status), so the item's current status is only stored once.
        store.plans.record_debrief_outcome(meeting_id, item_id, decided.value, item.status.value, text)
        updated = store.matrix.update_item(item_id, status=decided, note=text)
    log.info("meeting %s: item %s %s", meeting_id, item_id, decided.value)
    return updated


def add_learning(store: "Store", meeting_id: int, role_id: int, row_id: int, text: str, note: str = "") -> MatrixItem:
    """What the rep learned in the meeting becomes a confirmed item of the account's matrix."""
    with store.write():
        meeting = store.meetings.get(meeting_id)
        role = store.matrix.role(role_id)
        if role.account_id != meeting.account_id:
            raise ValidationError("That role belongs to another account's matrix.", "role")
        item = store.matrix.add_item(role_id, row_id, text, status=ItemStatus.CONFIRMED, origin="rep", note=note)
        store.plans.record_debrief_outcome(meeting_id, item.id, ItemStatus.CONFIRMED.value, None, note.strip())
    return item


def save_summary(store: "Store", meeting_id: int, summary: str) -> Meeting:
    return store.meetings.update(meeting_id, debrief=summary)


def mark_done(store: "Store", meeting_id: int, summary: str | None = None) -> Meeting:
    """Close the meeting. A cancelled meeting cannot be debriefed into done."""
    with store.write():
        meeting = store.meetings.get(meeting_id)
        if meeting.status is MeetingStatus.CANCELLED:
            raise ValidationError("This meeting was cancelled; set it back to planned before marking it done.", "status")
        fields: dict[str, object] = {"status": MeetingStatus.DONE}
        if summary is not None:
            fields["debrief"] = summary
        return store.meetings.update(meeting_id, **fields)
