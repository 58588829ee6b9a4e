"""What changed between two versions of a template, item by item.

Items are matched by their stable ``key``; an item whose text, keywords, note, row or
role differ is "changed". ``summary()`` is the sentence a rep or manager reads:
"3 new assumptions, 1 changed, 1 removed".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from precall.templates.model import PlacedItem, Template


@dataclass(frozen=True)
class ItemChange:
    old: PlacedItem
    new: PlacedItem
    fields: tuple[str, ...]


@dataclass(frozen=True)
class TemplateDiff:
    old_version: int | None
    new_version: int
    added: tuple[PlacedItem, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    removed: tuple[PlacedItem, ...] = ()
    # Changes beyond the items (name, rows, research sources, checklist), in words.
    other: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.other)

    def summary(self) -> str:
        return change_summary(len(self.added), len(self.changed), len(self.removed), self.other)


def change_summary(added: int, changed: int, removed: int, other: tuple[str, ...] = ()) -> str:
    parts = []
    if added:
        parts.append(f"{added} new assumption{'s' if added != 1 else ''}")
    if changed:
        parts.append(f"{changed} changed")
    if removed:
        parts.append(f"{removed} removed")
    if not parts:
        parts.append("no changes to assumptions")
    return ", ".join(parts + list(other))


def changed_fields(old: PlacedItem, new: PlacedItem) -> tuple[str, ...]:
    fields = []
    if old.item.text != new.item.text:
        fields.append("text")
    if old.role.casefold() != new.role.casefold():
        fields.append("role")
    if old.item.row != new.item.row:
        fields.append("row")
    if old.item.keywords != new.item.keywords:
        fields.append("keywords")
    if old.item.note != new.item.note:
        fields.append("note")
    return tuple(fields)


def diff_templates(old: Template | None, new: Template) -> TemplateDiff:
    """The changes from ``old`` (None: nothing yet) to ``new``, in ``new``'s order."""
    before = old.items_by_key() if old is not None else {}
    after = new.items_by_key()
    added, changed = [], []
    for key, placed in after.items():
        previous = before.get(key)
        if previous is None:
            added.append(placed)
        else:
            fields = changed_fields(previous, placed)
            if fields:
                changed.append(ItemChange(previous, placed, fields))
    removed = [placed for key, placed in before.items() if key not in after]
    return TemplateDiff(
        old_version=old.version if old is not None else None,
        new_version=new.version,
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        other=tuple(_other_changes(old, new)) if old is not None else (),
    )


def _other_changes(old: Template, new: Template) -> list[str]:
    notes = []
    if old.name != new.name:
        notes.append(f"renamed to {new.name!r}")
    if old.description != new.description:
        notes.append("description changed")
    if old.rows != new.rows:
        notes.append("rows changed")
    old_urls = {s.url for s in old.research_sources}
    new_urls = {s.url for s in new.research_sources}
    if new_urls - old_urls:
        count = len(new_urls - old_urls)
        notes.append(f"{count} new research source{'s' if count != 1 else ''}")
    if old_urls - new_urls:
        notes.append(f"{len(old_urls - new_urls)} research source(s) dropped")
    if old.checklist != new.checklist:
        notes.append("checklist additions changed")
    return notes


def describe(diff: TemplateDiff, row_label: dict[str, str] | None = None) -> list[str]:
    """One line per item change, for the command line and the preview."""
    labels = row_label or {}
    lines = []
    for placed in diff.added:
        lines.append(f"+ {placed.role} / {labels.get(placed.item.row, placed.item.row)}: {placed.item.text}")
    for change in diff.changed:
        what = ", ".join(change.fields)
        lines.append(f"~ {change.new.role} / {labels.get(change.new.item.row, change.new.item.row)}: "
                     f"{change.new.item.text} ({what} changed; was: {change.old.item.text})"
                     if "text" in change.fields else
                     f"~ {change.new.role} / {labels.get(change.new.item.row, change.new.item.row)}: "
                     f"{change.new.item.text} ({what} changed)")
    for placed in diff.removed:
        lines.append(f"- {placed.role} / {labels.get(placed.item.row, placed.item.row)}: {placed.item.text}")
    return lines
