"""The Buyer's Matrix: per account, roles (columns) × rows, each cell a list of items.

Each item is a hypothesis with a status saying how sure we are and an origin saying
where it came from (``rep`` or ``template:<id>@<version>``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ItemStatus(str, enum.Enum):
    ASSUMED = "assumed"
    RESEARCHED = "researched"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class MatrixRole:
    id: int
    account_id: int
    name: str
    position: int


@dataclass(frozen=True)
class MatrixRow:
    id: int
    account_id: int
    key: str
    label: str
    position: int


@dataclass(frozen=True)
class MatrixItem:
    id: int
    account_id: int
    role_id: int
    row_id: int
    position: int
    text: str
    status: ItemStatus = ItemStatus.ASSUMED
    origin: str = "rep"
    note: str = ""
    keywords: tuple[str, ...] = ()
    rep_edited: bool = False


@dataclass(frozen=True)
class Matrix:
    account_id: int
    roles: tuple[MatrixRole, ...]
    rows: tuple[MatrixRow, ...]
    items: tuple[MatrixItem, ...] = field(default_factory=tuple)

    def cell(self, role_id: int, row_id: int) -> list[MatrixItem]:
        return sorted(
            (i for i in self.items if i.role_id == role_id and i.row_id == row_id),
            key=lambda i: i.position,
        )

    def role_named(self, name: str) -> MatrixRole | None:
        wanted = name.casefold()
        return next((r for r in self.roles if r.name.casefold() == wanted), None)
