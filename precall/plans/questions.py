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


def attendee_role_ids(store: "Store", meeting_id: int) -> list[int]:
    """The matrix roles of a meeting's attendees, in column order, each once."""
    rows = store.conn.execute(
        """SELECT DISTINCT r.id, r.position FROM meeting_attendees ma
           JOIN contacts c ON c.id = ma.contact_id
           JOIN matrix_roles r ON r.id = c.role_id
           WHERE ma.meeting_id = ? ORDER BY r.position, r.id""",
        [meeting_id],
    )
    return [row[0] for row in rows]


def questions_for_meeting(store: "Store", meeting_id: int) -> list[Question]:
    store.meetings.get(meeting_id)  # a clear NotFoundError for a wrong id
    role_ids = attendee_role_ids(store, meeting_id)
    questions: list[Question] = []
    if role_ids:
        marks = ", ".join("?" * len(role_ids))
        rows = store.conn.execute(
            f"""SELECT i.id, i.text, r.name FROM matrix_items i
                JOIN matrix_roles r ON r.id = i.role_id
                JOIN matrix_rows w ON w.id = i.row_id
                WHERE i.role_id IN ({marks}) AND w.key = ?
                ORDER BY r.position, r.id, i.position""",
            [*role_ids, QUESTIONS_ROW_KEY],
        )
        questions.extend(Question(text=text, role=role, item_id=item_id) for item_id, text, role in rows)
    questions.extend(store.plans.extra_questions(meeting_id))
    return questions
