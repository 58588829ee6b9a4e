"""Planning what applying a template (or a newer version of it) does to one account.

The conflict policy, in one place:

* a template item the account does not have yet is added (status ``assumed``), unless
  the account applied an earlier version that already had it: then the rep deleted
  it, and it stays deleted;
* an item the rep never touched (not edited, still ``assumed``) follows the template:
  its text, keywords, note, role and row change with it, and it goes when the
  template drops it;
* an item the rep edited, confirmed, refuted or backed with research stays exactly as
  the rep left it, even when the template changes or drops it.

Planning is pure: it takes the template, the version applied before and the account's
linked items, and returns an ``ApplyPlan`` that the store executes in one transaction
and the desktop shows before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from precall.templates.diff import changed_fields
from precall.templates.model import PlacedItem, Template, TemplateItem, origin_for


@dataclass(frozen=True)
class LinkedItem:
    """A matrix item that came from a template item, as the account has it now."""

    id: int
    key: str
    role: str
    row: str
    text: str
    keywords: tuple[str, ...]
    note: str
    status: str
    rep_edited: bool
    origin: str

    @property
    def touched(self) -> bool:
        # Research evidence can make an item "researched" without a text edit; the rep's
        # judgement is in it either way, so the template no longer overrides it.
        return self.rep_edited or self.status != "assumed"

    def as_placed(self) -> PlacedItem:
        return PlacedItem(self.role, TemplateItem(self.key, self.row, self.text, self.keywords, self.note))


@dataclass(frozen=True)
class ItemUpdate:
    current: LinkedItem
    target: PlacedItem
    fields: tuple[str, ...]


@dataclass(frozen=True)
class KeptItem:
    """A rep-touched item the template changed or dropped: it stays as the rep left it."""

    current: LinkedItem
    reason: str  # "changed" or "removed"
    target: PlacedItem | None = None


@dataclass(frozen=True)
class ApplyPlan:
    account_id: int
    template_id: str
    version: int
    previous_version: int | None
    adds: tuple[PlacedItem, ...] = ()
    updates: tuple[ItemUpdate, ...] = ()
    removes: tuple[LinkedItem, ...] = ()
    kept: tuple[KeptItem, ...] = ()
    # Template items the rep deleted from this account earlier; not brought back.
    skipped: tuple[PlacedItem, ...] = ()
    # Untouched, unchanged items whose origin moves to the new version.
    relabel: tuple[LinkedItem, ...] = field(default_factory=tuple)

    @property
    def changes_matrix(self) -> bool:
        return bool(self.adds or self.updates or self.removes or self.relabel)

    @property
    def is_update(self) -> bool:
        return self.previous_version is not None

    def summary(self) -> str:
        parts = []
        if self.adds:
            parts.append(f"{len(self.adds)} new assumption{'s' if len(self.adds) != 1 else ''}")
        if self.updates:
            parts.append(f"{len(self.updates)} changed")
        if self.removes:
            parts.append(f"{len(self.removes)} removed")
        if not parts:
            parts.append("no changes to assumptions")
        if self.kept:
            parts.append(f"{len(self.kept)} you edited stay as you left {'them' if len(self.kept) != 1 else 'it'}")
        return ", ".join(parts)


def plan_apply(account_id: int, template: Template, previous: Template | None,
               linked: list[LinkedItem]) -> ApplyPlan:
    """What applying ``template`` to an account with ``linked`` items would change.

    ``previous`` is the version the account applied before (None for a first apply).
    """
    by_key: dict[str, LinkedItem] = {}
    for item in linked:
        by_key.setdefault(item.key, item)  # a duplicate link is left alone; the first one follows
    before = previous.items_by_key() if previous is not None else {}
    wanted = template.items_by_key()
    wanted_origin = origin_for(template.id, template.version)
    adds: list[PlacedItem] = []
    skipped: list[PlacedItem] = []
    updates: list[ItemUpdate] = []
    kept: list[KeptItem] = []
    relabel: list[LinkedItem] = []
    for key, target in wanted.items():
        current = by_key.get(key)
        if current is None:
            (skipped if key in before else adds).append(target)
            continue
        fields = _fields_to_follow(current, before.get(key), target)
        if not fields:
            if not current.touched and current.origin != wanted_origin:
                relabel.append(current)
            continue
        if not current.touched:
            updates.append(ItemUpdate(current, target, fields))
        elif key not in before or changed_fields(before[key], target):
            # Only a change the template made since the version applied is worth mentioning.
            kept.append(KeptItem(current, "changed", target))
    removes: list[LinkedItem] = []
    for key, current in by_key.items():
        if key in wanted:
            continue
        if not current.touched:
            removes.append(current)
        elif key in before or previous is None:
            kept.append(KeptItem(current, "removed"))
    return ApplyPlan(
        account_id=account_id,
        template_id=template.id,
        version=template.version,
        previous_version=previous.version if previous is not None else None,
        adds=tuple(adds),
        updates=tuple(updates),
        removes=tuple(removes),
        kept=tuple(kept),
        skipped=tuple(skipped),
        relabel=tuple(relabel),
    )


def _fields_to_follow(current: LinkedItem, before: PlacedItem | None, target: PlacedItem) -> tuple[str, ...]:
    """What differs between the account's item and the template's, ignoring a column or row the
    template itself did not move (the rep may have renamed the column, and that is the rep's)."""
    item = target.item
    fields = []
    if current.text != item.text:
        fields.append("text")
    if current.role.casefold() != target.role.casefold() and (
            before is None or before.role.casefold() != target.role.casefold()):
        fields.append("role")
    if current.row != item.row and (before is None or before.item.row != item.row):
        fields.append("row")
    if current.keywords != item.keywords:
        fields.append("keywords")
    if current.note != item.note:
        fields.append("note")
    return tuple(fields)


def describe_plan(plan: ApplyPlan, row_labels: dict[str, str] | None = None) -> list[str]:
    """One line per change, as the preview and the command line show them."""
    labels = row_labels or {}

    def where(placed: PlacedItem) -> str:
        return f"{placed.role} / {labels.get(placed.item.row, placed.item.row)}"

    lines = [f"+ {where(p)}: {p.item.text}" for p in plan.adds]
    for update in plan.updates:
        was = f" (was: {update.current.text})" if "text" in update.fields else f" ({', '.join(update.fields)} changed)"
        lines.append(f"~ {where(update.target)}: {update.target.item.text}{was}")
    lines += [f"- {where(item.as_placed())}: {item.text}" for item in plan.removes]
    for keep in plan.kept:
        verb = "the template changed it" if keep.reason == "changed" else "the template dropped it"
        lines.append(f"= {where(keep.current.as_placed())}: {keep.current.text} (kept as you left it; {verb})")
    return lines
