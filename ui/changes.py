"""One hook after every change: views decide for themselves whether to refresh.

After an operation writes, its initiator calls ``changes.notify(OpChanges(...))``.
Views never call each other; they listen here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class OpChanges:
    """What changed: area names such as "meetings", "accounts", "matrix", "research",
    "briefs", "templates", "checklist", and the account it concerns if only one."""

    areas: frozenset[str] = field(default_factory=frozenset)
    account_id: int | None = None
    meeting_id: int | None = None

    @classmethod
    def of(cls, *areas: str, account_id: int | None = None, meeting_id: int | None = None) -> "OpChanges":
        return cls(frozenset(areas), account_id, meeting_id)

    def touches(self, *areas: str) -> bool:
        return bool(self.areas.intersection(areas))


class ChangeBus(QObject):
    #: (OpChanges, initiator): the initiator is the object that made the change, or None.
    changed = Signal(object, object)

    def notify(self, changes: OpChanges, initiator: object | None = None) -> None:
        self.changed.emit(changes, initiator)
