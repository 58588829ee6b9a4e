"""Composing a brief: read one meeting and everything around it into a ``BriefData``.

The brief brings together the account, who is in the room, when and where, the
purpose (customer benefit and call to action, or a relationship purpose), the matrix
columns for the attendees' roles with each item's status and evidence, the most
relevant research, questions, the improvisation checklist, the risky gift and the trust
self-check, and the follow-ups still open with this account. Plans, checklists and
follow-ups (``store.plans`` & co) and research (``store.research``) come from their areas.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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
from precall.briefs.safety import one_line
from precall.domain.accounts import Contact
from precall.domain.matrix import Matrix, MatrixItem
from precall.domain.meetings import Meeting
from precall.errors import NotFoundError
from precall.plans.model import CallPlan, plan_warnings
from precall.plans.questions import questions_for_meeting
from precall.research.items import ResearchHit, ResearchItemRef

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
    # Columns in the matrix's own order, one per role in the room.
    present = {c.role_id for c in attendees if c.role_id is not None}
    role_ids = [r.id for r in matrix.roles if r.id in present]
    role_items = [i for i in matrix.items if i.role_id in role_ids and _row_key(matrix, i) != QUESTIONS_ROW]
    plan = store.plans.get(meeting_id)
    reader = _ResearchReader(store)
    evidence = _evidence(store, reader, [i.id for i in role_items])
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
        research=tuple(_relevant_research(store, reader, meeting.account_id, role_items, account.industry)),
        questions=tuple(_questions(store, meeting.id)),
        checklist=tuple(_checklist(store, meeting.id)),
        risky_gift=_risky_gift(plan),
        trust=_trust(plan),
        followups=tuple(_open_followups(store, meeting)),
        generated_at=store.now(),
    )


def _row_key(matrix: Matrix, item: MatrixItem) -> str:
    row = next((r for r in matrix.rows if r.id == item.row_id), None)
    return row.key if row is not None else ""


def _purpose(meeting: Meeting) -> BriefPurpose:
    warnings = plan_warnings(meeting)
    return BriefPurpose(
        customer_benefit=meeting.customer_benefit,
        best_commitment=meeting.best_commitment,
        min_commitment=meeting.min_commitment,
        relationship_purpose=meeting.relationship_purpose,
        warnings=tuple(warnings),
    )


def _columns(matrix: Matrix, role_ids: Sequence[int], attendees: Sequence[Contact],
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
class _ResearchReader:
    """Turns the research area's items into what the brief cites, naming each source
    once (its label, else the web site's host)."""

    def __init__(self, store: "Store") -> None:
        self._store = store
        self._sources: dict[int, str] = {}

    def ref(self, item: ResearchItemRef | ResearchHit, summary: str = "") -> BriefResearch:
        return BriefResearch(
            id=item.id,
            title=one_line(item.title or item.url) or f"Research item {item.id}",
            url=item.url,
            source=self._source_name(item.source_id, item.url),
            published=item.published,
            fetched_at=item.fetched_at if isinstance(item, ResearchHit) else None,
            summary=summary,
        )

    def _source_name(self, source_id: int | None, url: str) -> str:
        host = (urlsplit(url).hostname or "") if url else ""
        if source_id is None:
            return host
        if source_id not in self._sources:
            try:
                self._sources[source_id] = one_line(self._store.sources.get(source_id).label) or host
            except NotFoundError:
                self._sources[source_id] = host
        return self._sources[source_id] or host


def _evidence(store: "Store", reader: _ResearchReader, item_ids: list[int]) -> dict[int, list[BriefResearch]]:
    if not item_ids:
        return {}
    found = store.research.evidence_for_items(item_ids)
    return {int(item_id): [reader.ref(r) for r in refs] for item_id, refs in found.items() if refs}


def _relevant_research(store: "Store", reader: _ResearchReader, account_id: int, items: Sequence[MatrixItem],
                       industry: str) -> list[BriefResearch]:
    """The research that matches the assumptions about the people in the room, best
    first; the account's newest research when nothing matches."""
    research = store.research
    keywords = [k for i in items for k in i.keywords if k.strip()] or [i.text for i in items]
    if industry:
        keywords.append(industry)
    found: list[ResearchItemRef | ResearchHit] = list(research.relevant_for_account(account_id, keywords, RELEVANT_RESEARCH_LIMIT))
    if not found:
        found = list(research.items_for_account(account_id, RELEVANT_RESEARCH_LIMIT))
    out = []
    for hit in found:
        try:
            summary = research.item(hit.id).summary
        except NotFoundError:
            continue
        out.append(reader.ref(hit, one_line(summary)))
    return out


# plans, questions, checklist, follow-ups (store.plans & co) --------------------------
def _risky_gift(plan: CallPlan) -> str:
    return plan.risky_gift.strip()


def _trust(plan: CallPlan) -> BriefTrust | None:
    credibility, reliability, intimacy, self_orientation = (
        plan.credibility, plan.reliability, plan.intimacy, plan.self_orientation)
    if credibility is None or reliability is None or intimacy is None or self_orientation is None:
        return None
    return BriefTrust(int(credibility), int(reliability), int(intimacy), int(self_orientation))


def _questions(store: "Store", meeting_id: int) -> list[BriefQuestion]:
    return [BriefQuestion(one_line(q.text), q.role) for q in questions_for_meeting(store, meeting_id)]


def _checklist(store: "Store", meeting_id: int) -> list[BriefChecklistItem]:
    return [BriefChecklistItem(i.text, i.moment.label, bool(i.done), i.note)
            for i in store.checklists.for_meeting(meeting_id)]


def _open_followups(store: "Store", meeting: Meeting) -> list[BriefFollowUp]:
    """Follow-ups still open from earlier meetings with this account: what carries forward."""
    earlier = {m.id: m.title for m in store.meetings.for_account(meeting.account_id)}
    return [
        BriefFollowUp(one_line(f.text), f.due, earlier.get(f.meeting_id, ""))
        for f in store.followups.open_for_account(meeting.account_id)
        if f.meeting_id != meeting.id
    ]
