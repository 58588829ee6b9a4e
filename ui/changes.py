"""One hook after every change: views decide for themselves whether to refresh.

An operation declares what it changes (``tasks.db(fn, owner=self).changes(Area.MATRIX)``)
and the task runner announces it here once the work committed, with the owner as the
initiator. Views never call each other; they listen here and ask ``changes.touches(...)``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal


class Area(enum.Enum):
    """A kind of data a view may show. Each member has at least one operation that
    declares it and one view that listens for it (tests/ui/test_changes.py checks)."""

    ACCOUNTS = "accounts"
    MEETINGS = "meetings"
    MATRIX = "matrix"
    RESEARCH = "research"
    BRIEFS = "briefs"
    TEMPLATES = "templates"
    CHECKLIST = "checklist"
    PLANS = "plans"
    FOLLOWUPS = "followups"
    #: Calendar feeds and what they imported (their sync state).
    CALENDAR = "calendar"


@dataclass(frozen=True)
class OpChanges:
    """What changed: the areas, and the account or meeting it concerns if only one."""

    areas: frozenset[Area] = field(default_factory=frozenset)
    account_id: int | None = None
    meeting_id: int | None = None

    def __post_init__(self) -> None:
        for area in self.areas:
            if not isinstance(area, Area):
                raise ValueError(f"not a change area: {area!r} (use ui.changes.Area)")

    @classmethod
    def of(cls, *areas: Area, account_id: int | None = None, meeting_id: int | None = None) -> "OpChanges":
        return cls(frozenset(areas), account_id, meeting_id)

    def touches(self, *areas: Area) -> bool:
        return bool(self.areas.intersection(areas))


class ChangeBus(QObject):
    #: (OpChanges, initiator): the initiator is the object that made the change, or None.
    changed = Signal(object, object)

    def notify(self, changes: OpChanges, initiator: object | None = None) -> None:
        self.changed.emit(changes, initiator)
