"""What an assumption template is: a manager's Buyer's Matrix for one persona or industry.

A template has a stable ``id`` and an integer ``version`` that grows with every edit;
its items carry stable ``key``s so an account that applied version 3 can follow the
changes of version 4 item by item. These are plain frozen dataclasses: reading and
writing the file format lives in ``precall.templates.format``.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

# A template's checklist additions and research sources are the same kinds of thing the
# checklist and the research library hold: one enum each, defined there.
from precall.checklist.model import Moment
from precall.research.sources import SourceKind


class SourceScope(str, enum.Enum):
    ACCOUNT = "account"
    INDUSTRY = "industry"


@dataclass(frozen=True)
class TemplateRow:
    key: str
    label: str


@dataclass(frozen=True)
class TemplateItem:
    """One assumption (or question) for one role, in one row."""

    key: str
    row: str
    text: str
    keywords: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TemplateRole:
    name: str
    items: tuple[TemplateItem, ...] = ()


@dataclass(frozen=True)
class ResearchSourceSpec:
    url: str
    scope: SourceScope = SourceScope.INDUSTRY
    kind: SourceKind = SourceKind.PAGE
    title: str = ""


@dataclass(frozen=True)
class ChecklistAddition:
    text: str
    moment: Moment = Moment.DAY_BEFORE


@dataclass(frozen=True)
class PlacedItem:
    """A template item with the role it belongs to, as apply and diff need it."""

    role: str
    item: TemplateItem

    @property
    def key(self) -> str:
        return self.item.key


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    name: str
    description: str = ""
    author: str = ""
    updated_at: str = ""
    industry: str = ""
    rows: tuple[TemplateRow, ...] = ()
    roles: tuple[TemplateRole, ...] = ()
    research_sources: tuple[ResearchSourceSpec, ...] = ()
    checklist: tuple[ChecklistAddition, ...] = field(default_factory=tuple)

    @property
    def ref(self) -> str:
        """The origin written on matrix items: ``template:<id>@<version>``."""
        return origin_for(self.id, self.version)

    def placed_items(self) -> list[PlacedItem]:
        return list(self._index.values())

    def items_by_key(self) -> Mapping[str, PlacedItem]:
        """Every item by its key, in template order (shared: do not modify)."""
        return self._index

    @functools.cached_property
    def _index(self) -> dict[str, PlacedItem]:
        # A template never changes once built, and applying one to 200 accounts asks for
        # this index twice per account.
        return {item.key: PlacedItem(role.name, item) for role in self.roles for item in role.items}

    def row_label(self, key: str) -> str:
        return next((row.label for row in self.rows if row.key == key), key)

    @property
    def item_count(self) -> int:
        return sum(len(role.items) for role in self.roles)


def origin_for(template_id: str, version: int) -> str:
    return f"template:{template_id}@{version}"


def parse_origin(origin: str) -> tuple[str, int] | None:
    """``template:<id>@<version>`` → (id, version); anything else (``rep``) → None."""
    if not origin.startswith("template:") or "@" not in origin:
        return None
    body = origin[len("template:"):]
    template_id, _, version = body.rpartition("@")
    if not template_id or not version.isdigit():
        return None
    return template_id, int(version)


@dataclass(frozen=True)
class TemplateInfo:
    """One line of the library: the current version of a template and where it came from."""

    id: str
    name: str
    version: int
    author: str
    updated_at: str
    industry: str
    description: str
    source: str  # builtin, import, subscription or local
    item_count: int
    roles: tuple[str, ...]
    accounts: int = 0
    subscription: str = ""


@dataclass(frozen=True)
class Application:
    """A template applied to an account, with the version the account follows."""

    account_id: int
    account: str
    template_id: str
    template_name: str
    version: int
    latest_version: int
    applied_at: str

    @property
    def update_available(self) -> bool:
        return self.latest_version > self.version
