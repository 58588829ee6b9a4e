"""The brief as a value: everything one meeting's brief shows, already read from the store.

Renderers (HTML, Markdown, plain text) take a ``BriefData`` and nothing else, so they
are pure, fast and testable without a database. There is deliberately no field for
scripted opening lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from precall.domain.matrix import ItemStatus

#: How each status shows at a glance, in words and a symbol (never colour alone).
STATUS_SYMBOLS: dict[ItemStatus, str] = {
    ItemStatus.ASSUMED: "○",
    ItemStatus.RESEARCHED: "◐",
    ItemStatus.CONFIRMED: "✔",
    ItemStatus.REFUTED: "✘",
}


def status_badge(status: ItemStatus) -> str:
    return f"{STATUS_SYMBOLS[status]} {status.label}"


@dataclass(frozen=True)
class BriefAccount:
    name: str
    industry: str = ""
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class BriefAttendee:
    name: str
    title: str = ""
    role: str = ""


@dataclass(frozen=True)
class BriefResearch:
    """A research item as the brief cites it: what, from where, and when."""

    id: int
    title: str
    url: str = ""
    source: str = ""
    published: date | None = None
    fetched_at: datetime | None = None
    summary: str = ""

    @property
    def when(self) -> date | None:
        if self.published is not None:
            return self.published
        return self.fetched_at.date() if self.fetched_at is not None else None


@dataclass(frozen=True)
class BriefItem:
    id: int
    text: str
    status: ItemStatus
    note: str = ""
    evidence: tuple[BriefResearch, ...] = ()


@dataclass(frozen=True)
class BriefRowGroup:
    label: str
    items: tuple[BriefItem, ...]


@dataclass(frozen=True)
class BriefRoleColumn:
    """One matrix column for a role that is in the room, items grouped by row."""

    role: str
    attendees: tuple[str, ...]
    rows: tuple[BriefRowGroup, ...]

    @property
    def item_count(self) -> int:
        return sum(len(r.items) for r in self.rows)


@dataclass(frozen=True)
class BriefPurpose:
    customer_benefit: str = ""
    best_commitment: str = ""
    min_commitment: str = ""
    relationship_purpose: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BriefQuestion:
    text: str
    role: str = ""


@dataclass(frozen=True)
class BriefChecklistItem:
    text: str
    moment: str
    done: bool = False
    note: str = ""


@dataclass(frozen=True)
class BriefTrust:
    credibility: int
    reliability: int
    intimacy: int
    self_orientation: int

    @property
    def score(self) -> float:
        return (self.credibility + self.reliability + self.intimacy) / self.self_orientation


@dataclass(frozen=True)
class BriefFollowUp:
    text: str
    due: date | None = None
    from_meeting: str = ""


@dataclass(frozen=True)
class BriefData:
    meeting_id: int
    title: str
    account: BriefAccount
    start: datetime
    end: datetime
    tz: str
    location: str = ""
    attendees: tuple[BriefAttendee, ...] = ()
    purpose: BriefPurpose = field(default_factory=BriefPurpose)
    roles: tuple[BriefRoleColumn, ...] = ()
    research: tuple[BriefResearch, ...] = ()
    questions: tuple[BriefQuestion, ...] = ()
    checklist: tuple[BriefChecklistItem, ...] = ()
    risky_gift: str = ""
    trust: BriefTrust | None = None
    followups: tuple[BriefFollowUp, ...] = ()
    #: When it was generated; left out of the content hash so regenerating an unchanged
    #: brief is recognised as the same version.
    generated_at: datetime | None = None

    @property
    def heading(self) -> str:
        if self.account.name.casefold() in self.title.casefold():
            return self.title
        return f"{self.account.name}: {self.title}"

    def cited_research(self) -> list[BriefResearch]:
        """Every research item the brief mentions (relevant list and evidence), once."""
        seen: dict[int, BriefResearch] = {}
        for item in self.research:
            seen.setdefault(item.id, item)
        for column in self.roles:
            for row in column.rows:
                for entry in row.items:
                    for evidence in entry.evidence:
                        seen.setdefault(evidence.id, evidence)
        return list(seen.values())
