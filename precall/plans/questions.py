"""Questions to ask in a meeting, drawn from the Buyer's Matrix.

For each attendee's role (in the matrix's column order), the items of the row keyed
``questions``; then the questions the rep added for this meeting alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from precall.plans.model import Question

if TYPE_CHECKING:
    from precall.store.facade import Store

QUESTIONS_ROW_KEY = "questions"


def questions_for_meeting(store: "Store", meeting_id: int) -> list[Question]:
    store.meetings.get(meeting_id)  # a clear NotFoundError for a wrong id
    role_ids = store.meetings.attendee_role_ids(meeting_id)
    questions = [Question(text=text, role=role, item_id=item_id)
                 for item_id, text, role in store.matrix.row_items(role_ids, QUESTIONS_ROW_KEY)]
    questions.extend(store.plans.extra_questions(meeting_id))
    return questions
