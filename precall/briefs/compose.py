"""Composing a brief: read one meeting and everything around it into a ``BriefData``.

The brief brings together the account, who is in the room, when and where, the
purpose (customer benefit and call to action, or a relationship purpose), the matrix
columns for the attendees' roles with each item's status and evidence, the most
relevant research, questions, the improvisation checklist, the risky gift and the trust
self-check. Call plans and checklists (``store.plans``, ``store.checklists``) and research
(``store.research``) come from their own areas; a database without them still composes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from precall.briefs.model import (
    BriefAccount,
    BriefAttendee,
    BriefChecklistItem,
    BriefData,
    BriefFollowUp,
    BriefItem,
    BriefPurpose,
    BriefQuestion,
    BriefResearch,
    BriefRoleColumn,
    BriefRowGroup,
    BriefTrust,
)
from precall.clock import from_utc_iso
from precall.domain.matrix import Matrix, MatrixItem
from precall.domain.meetings import Meeting

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.briefs")

#: The matrix row whose items are questions; they are listed under "Questions to ask".
QUESTIONS_ROW = "questions"
RELEVANT_RESEARCH_LIMIT = 6


def compose_brief(store: "Store", meeting_id: int) -> BriefData:
    """Everything the brief for ``meeting_id`` shows (raises NotFoundError if unknown)."""
    meeting = store.meetings.get(meeting_id)
    account = store.accounts.get(meeting.account_id)
    contacts = {c.id: c for c in store.accounts.contacts(meeting.account_id)}
    attendees = [contacts[i] for i in meeting.attendee_ids if i in contacts]
    matrix = store.matrix.load(meeting.account_id)
    role_ids = list(dict.fromkeys(c.role_id for c in attendees if c.role_id is not None))
    role_items = [i for i in matrix.items if i.role_id in role_ids and _row_key(matrix, i) != QUESTIONS_ROW]
    evidence = _evidence(store, [i.id for i in role_items])
    return BriefData(
        meeting_id=meeting.id,
        title=meeting.title,
        account=BriefAccount(account.name, account.industry, account.website, account.notes),
        start=meeting.local_start,
        end=meeting.local_end,
        tz=meeting.tz,
        location=meeting.location,
        attendees=tuple(BriefAttendee(c.name, c.title, c.role) for c in attendees),
        purpose=_purpose(meeting),
        roles=tuple(_columns(matrix, role_ids, attendees, evidence)),
        research=tuple(_relevant_research(store, meeting.account_id, role_items, account.industry)),
        questions=tuple(_questions(store, meeting, matrix, role_ids)),
        checklist=tuple(_checklist(store, meeting.id)),
        risky_gift=_plan_text(store, meeting.id, "risky_gift"),
        trust=_trust(store, meeting.id),
        followups=tuple(_open_followups(store, meeting)),
        generated_at=store.now(),
    )


def _row_key(matrix: Matrix, item: MatrixItem) -> str:
    row = next((r for r in matrix.rows if r.id == item.row_id), None)
    return row.key if row is not None else ""


def _purpose(meeting: Meeting) -> BriefPurpose:
    try:
        from precall.plans.model import plan_warnings
    except ImportError:  # the plans area is optional for composing
        warnings: list[str] = []
    else:
        warnings = plan_warnings(meeting)
    return BriefPurpose(
        customer_benefit=meeting.customer_benefit,
        best_commitment=meeting.best_commitment,
        min_commitment=meeting.min_commitment,
        relationship_purpose=meeting.relationship_purpose,
        warnings=tuple(warnings),
    )


def _columns(matrix: Matrix, role_ids: Sequence[int], attendees: Sequence[Any],
             evidence: dict[int, list[BriefResearch]]) -> Iterable[BriefRoleColumn]:
    roles = {r.id: r for r in matrix.roles}
    for role_id in role_ids:
        role = roles.get(role_id)
        if role is None:
            continue
        groups = []
        for row in matrix.rows:
            if row.key == QUESTIONS_ROW:
                continue
            items = matrix.cell(role_id, row.id)
            if items:
                groups.append(BriefRowGroup(row.label, tuple(
                    BriefItem(i.id, i.text, i.status, i.note, tuple(evidence.get(i.id, ()))) for i in items
                )))
        names = tuple(c.name for c in attendees if c.role_id == role_id)
        yield BriefRoleColumn(role.name, names, tuple(groups))


# research (store.research) -----------------------------------------------------------
def research_ref(item: Any) -> BriefResearch:
    """A research item as the brief cites it (title, source, date)."""
    url = str(getattr(item, "url", "") or "")
    source = str(getattr(item, "source_title", "") or getattr(item, "site_name", "") or _host(url))
    return BriefResearch(
        id=int(item.id),
        title=str(getattr(item, "title", "") or url or f"Research item {item.id}"),
        url=url,
        source=source,
        published=_as_date(getattr(item, "published", None)),
        fetched_at=_as_datetime(getattr(item, "fetched_at", None)),
        summary=str(getattr(item, "summary", "") or ""),
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") if url else ""


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    try:
        return from_utc_iso(str(value))
    except ValueError:
        return None


def _evidence(store: "Store", item_ids: list[int]) -> dict[int, list[BriefResearch]]:
    research = getattr(store, "research", None)
    if research is None or not item_ids or not hasattr(research, "evidence_for_items"):
        return {}
    found = research.evidence_for_items(item_ids)
    return {int(item_id): [research_ref(r) for r in refs] for item_id, refs in found.items()}


def _relevant_research(store: "Store", account_id: int, items: Sequence[MatrixItem],
                       industry: str) -> list[BriefResearch]:
    research = getattr(store, "research", None)
    if research is None or not hasattr(research, "relevant_for_account"):
        return []
    keywords = list(dict.fromkeys(k for i in items for k in i.keywords if k.strip()))
    if industry:
        keywords.append(industry)
    return [research_ref(r) for r in research.relevant_for_account(account_id, keywords, RELEVANT_RESEARCH_LIMIT)]


# plans, questions, checklist, follow-ups (store.plans & co) --------------------------
def _plan(store: "Store", meeting_id: int) -> Any:
    plans = getattr(store, "plans", None)
    return plans.get(meeting_id) if plans is not None else None


def _plan_text(store: "Store", meeting_id: int, name: str) -> str:
    plan = _plan(store, meeting_id)
    return str(getattr(plan, name, "") or "").strip() if plan is not None else ""


def _trust(store: "Store", meeting_id: int) -> BriefTrust | None:
    plan = _plan(store, meeting_id)
    if plan is None:
        return None
    values = [getattr(plan, name, None) for name in ("credibility", "reliability", "intimacy", "self_orientation")]
    if any(v is None for v in values):
        return None
    return BriefTrust(*(int(v) for v in values))


def _questions(store: "Store", meeting: Meeting, matrix: Matrix, role_ids: Sequence[int]) -> list[BriefQuestion]:
    try:
        from precall.plans.questions import questions_for_meeting
    except ImportError:
        questions_for_meeting = None
    if questions_for_meeting is not None and hasattr(store, "plans"):
        return [BriefQuestion(q.text, q.role) for q in questions_for_meeting(store, meeting.id)]
    # Without the plans area, the questions are the matrix's own question row.
    roles = {r.id: r.name for r in matrix.roles}
    row = next((r for r in matrix.rows if r.key == QUESTIONS_ROW), None)
    if row is None:
        return []
    return [BriefQuestion(i.text, roles.get(role_id, "")) for role_id in role_ids for i in matrix.cell(role_id, row.id)]


def _checklist(store: "Store", meeting_id: int) -> list[BriefChecklistItem]:
    checklists = getattr(store, "checklists", None)
    if checklists is None:
        return []
    items = checklists.for_meeting(meeting_id)
    return [BriefChecklistItem(i.text, i.moment.label, bool(i.done), i.note) for i in items]


def _open_followups(store: "Store", meeting: Meeting) -> list[BriefFollowUp]:
    """Follow-ups still open from earlier meetings with this account: what carries forward."""
    followups = getattr(store, "followups", None)
    if followups is None or not hasattr(followups, "open_for_account"):
        return []
    return [
        BriefFollowUp(f.text, f.due, getattr(f, "meeting_title", ""))
        for f in followups.open_for_account(meeting.account_id)
        if f.meeting_id != meeting.id
    ]
