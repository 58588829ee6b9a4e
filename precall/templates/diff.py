"""What changed between two versions of a template, item by item.

Items are matched by their stable ``key``; an item whose text, keywords, note, row or
role differ is "changed". Rows (by key), research sources (by URL), checklist additions
(by text), the name, description and industry are compared too, so a version that
changes only those still shows what changed. ``summary()`` is the sentence a rep or
manager reads: "3 new assumptions, 1 changed, 1 removed, 1 row renamed".
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
    # Changes beyond the items (name, rows, research sources, checklist), counted in words
    # for the summary ("1 row renamed") ...
    other: tuple[str, ...] = field(default_factory=tuple)
    # ... and one line each for the list of changes ("~ row 'Goals' (was 'Objectives')").
    details: tuple[str, ...] = field(default_factory=tuple)

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


def _count(number: int, singular: str, plural: str, what: str) -> str:
    """"1 new row", "2 research sources changed": ``what`` follows the noun."""
    noun = singular if number == 1 else plural
    return f"{number} {noun} {what}".strip()


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
    other: list[str] = []
    details: list[str] = []
    if old is not None:
        for compare in (_metadata_changes, _row_changes, _source_changes, _checklist_changes):
            words, lines = compare(old, new)
            other += words
            details += lines
    return TemplateDiff(
        old_version=old.version if old is not None else None,
        new_version=new.version,
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        other=tuple(other),
        details=tuple(details),
    )


Changes = tuple[list[str], list[str]]  # (summary words, one line per change)


def _metadata_changes(old: Template, new: Template) -> Changes:
    words, lines = [], []
    if old.name != new.name:
        words.append(f"renamed to {new.name!r}")
        lines.append(f"~ name: {new.name} (was: {old.name})")
    for label, before, after in (("description", old.description, new.description),
                                 ("industry", old.industry, new.industry)):
        if before != after:
            words.append(f"{label} changed")
            lines.append(f"~ {label}: {after or '(none)'} (was: {before or '(none)'})")
    return words, lines


def _row_changes(old: Template, new: Template) -> Changes:
    before = {row.key: row.label for row in old.rows}
    after = {row.key: row.label for row in new.rows}
    added = [key for key in after if key not in before]
    renamed = [key for key in after if key in before and before[key] != after[key]]
    removed = [key for key in before if key not in after]
    lines = [f"+ row: {after[key]}" for key in added]
    lines += [f"~ row: {after[key]} (was: {before[key]})" for key in renamed]
    lines += [f"- row: {before[key]}" for key in removed]
    words = []
    if added:
        words.append(_count(len(added), "new row", "new rows", ""))
    if renamed:
        words.append(_count(len(renamed), "row", "rows", "renamed"))
    if removed:
        words.append(_count(len(removed), "row", "rows", "removed"))
    kept_before = [key for key in before if key in after]
    kept_after = [key for key in after if key in before]
    if kept_before != kept_after:
        words.append("rows reordered")
        lines.append("~ rows in a new order: " + ", ".join(after[key] for key in kept_after))
    return words, lines


def _source_changes(old: Template, new: Template) -> Changes:
    before = {source.url: source for source in old.research_sources}
    after = {source.url: source for source in new.research_sources}
    added = [url for url in after if url not in before]
    removed = [url for url in before if url not in after]
    changed = []
    lines = [f"+ research source: {url}" for url in added]
    for url, source in after.items():
        previous = before.get(url)
        if previous is None:
            continue
        fields = [name for name in ("title", "kind", "scope") if getattr(previous, name) != getattr(source, name)]
        if fields:
            changed.append(url)
            lines.append(f"~ research source: {url} ({', '.join(fields)} changed)")
    lines += [f"- research source: {url}" for url in removed]
    words = []
    if added:
        words.append(_count(len(added), "new research source", "new research sources", ""))
    if changed:
        words.append(_count(len(changed), "research source", "research sources", "changed"))
    if removed:
        words.append(_count(len(removed), "research source", "research sources", "dropped"))
    return words, lines


def _checklist_changes(old: Template, new: Template) -> Changes:
    """Checklist additions are matched by their text; the same text at another moment
    is a change, not one removed and one added."""
    before = {entry.text: entry.moment for entry in old.checklist}
    after = {entry.text: entry.moment for entry in new.checklist}
    added = [text for text in after if text not in before]
    moved = [text for text in after if text in before and before[text] != after[text]]
    removed = [text for text in before if text not in after]
    lines = [f"+ checklist ({after[text].value}): {text}" for text in added]
    lines += [f"~ checklist ({after[text].value}, was {before[text].value}): {text}" for text in moved]
    lines += [f"- checklist: {text}" for text in removed]
    words = []
    if added:
        words.append(_count(len(added), "new checklist addition", "new checklist additions", ""))
    if moved:
        words.append(_count(len(moved), "checklist addition", "checklist additions", "moved"))
    if removed:
        words.append(_count(len(removed), "checklist addition", "checklist additions", "removed"))
    if not (added or moved or removed) and list(after) != list(before):
        words.append("checklist reordered")
        lines.append("~ checklist in a new order")
    return words, lines


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
    return lines + list(diff.details)
