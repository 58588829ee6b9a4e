"""A template being edited: the same gestures as the account matrix, on a Template.

The desktop editor reuses the matrix grid, which speaks in role, row and item ids;
``TemplateDraft`` hands out stable in-memory ids, applies each gesture, shows itself as
a ``Matrix`` for the grid and becomes a ``Template`` again to be saved as a new version.
New items get keys that are unique in the template and never reused, so accounts can
follow them across versions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from precall.domain.matrix import ItemStatus, Matrix, MatrixItem, MatrixRole, MatrixRow
from precall.errors import ValidationError
from precall.templates.model import Template, TemplateItem, TemplateRole, TemplateRow, origin_for

_SLUG = re.compile(r"[^a-z0-9]+")
_Entry = TypeVar("_Entry")


def slug(text: str, fallback: str = "item") -> str:
    value = _SLUG.sub("-", text.casefold()).strip("-")[:40].strip("-")
    return value or fallback


@dataclass
class _Item:
    id: int
    key: str
    role_id: int
    row_id: int
    text: str
    keywords: tuple[str, ...] = ()
    note: str = ""


@dataclass
class TemplateDraft:
    template: Template
    roles: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # id, key, label
    items: list[_Item] = field(default_factory=list)
    dirty: bool = False
    _next_id: int = 1

    @classmethod
    def from_template(cls, template: Template) -> "TemplateDraft":
        draft = cls(template)
        row_ids = {}
        for row in template.rows:
            row_ids[row.key] = draft._new_id()
            draft.rows.append((row_ids[row.key], row.key, row.label))
        for role in template.roles:
            role_id = draft._new_id()
            draft.roles.append((role_id, role.name))
            for item in role.items:
                draft.items.append(_Item(draft._new_id(), item.key, role_id, row_ids[item.row], item.text,
                                         item.keywords, item.note))
        return draft

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    # what the grid shows ------------------------------------------------------
    def matrix(self) -> Matrix:
        positions: dict[tuple[int, int], int] = {}
        shown = []
        origin = origin_for(self.template.id, self.template.version)
        for item in self.items:
            cell = (item.role_id, item.row_id)
            positions[cell] = positions.get(cell, -1) + 1
            shown.append(MatrixItem(item.id, 0, item.role_id, item.row_id, positions[cell], item.text,
                                    ItemStatus.ASSUMED, origin, item.note, item.keywords))
        return Matrix(
            account_id=0,
            roles=tuple(MatrixRole(id_, 0, name, pos) for pos, (id_, name) in enumerate(self.roles)),
            rows=tuple(MatrixRow(id_, 0, key, label, pos) for pos, (id_, key, label) in enumerate(self.rows)),
            items=tuple(shown),
        )

    def item(self, item_id: int) -> _Item:
        found = next((i for i in self.items if i.id == item_id), None)
        if found is None:
            raise ValidationError("That item is no longer in the template.", "item")
        return found

    # gestures -----------------------------------------------------------------
    def add_item(self, role_id: int, row_id: int, text: str) -> int:
        text = self._text(text)
        taken = self._all_keys()
        role_name = dict(self.roles)[role_id]
        base = f"{slug(role_name, 'role')}-{slug(dict((r[0], r[1]) for r in self.rows)[row_id], 'row')}"
        n = 1
        while f"{base}-{n}" in taken:
            n += 1
        item = _Item(self._new_id(), f"{base}-{n}"[:64], role_id, row_id, text)
        self.items.append(item)
        self._changed()
        return item.id

    def edit_item(self, item_id: int, text: str) -> None:
        self.item(item_id).text = self._text(text)
        self._changed()

    def set_keywords(self, item_id: int, text: str) -> None:
        words: list[str] = []
        for word in (w.strip() for w in text.split(",")):
            if word and word.casefold() not in (w.casefold() for w in words):
                words.append(word)
        self.item(item_id).keywords = tuple(words)
        self._changed()

    def remove_item(self, item_id: int) -> None:
        self.items.remove(self.item(item_id))
        self._changed()

    def move_item(self, item_id: int, position: int) -> None:
        item = self.item(item_id)
        cell = [i for i in self.items if (i.role_id, i.row_id) == (item.role_id, item.row_id)]
        cell.remove(item)
        cell.insert(max(0, min(position, len(cell))), item)
        others = [i for i in self.items if (i.role_id, i.row_id) != (item.role_id, item.row_id)]
        self.items = others + cell
        self._changed()

    def add_role(self, name: str) -> None:
        name = self._name(name, [n for _, n in self.roles], "role")
        self.roles.append((self._new_id(), name))
        self._changed()

    def rename_role(self, role_id: int, name: str) -> None:
        name = self._name(name, [n for i, n in self.roles if i != role_id], "role")
        self.roles = [(i, name if i == role_id else n) for i, n in self.roles]
        self._changed()

    def remove_role(self, role_id: int) -> None:
        self.roles = [(i, n) for i, n in self.roles if i != role_id]
        self.items = [i for i in self.items if i.role_id != role_id]
        self._changed()

    def move_role(self, role_id: int, position: int) -> None:
        self.roles = _moved(self.roles, lambda r: r[0] == role_id, position)
        self._changed()

    def add_row(self, label: str) -> None:
        label = self._name(label, [r[2] for r in self.rows], "row")
        key, n, taken = slug(label, "row").replace("-", "_"), 2, {r[1] for r in self.rows}
        unique = key
        while unique in taken:
            unique, n = f"{key}_{n}", n + 1
        self.rows.append((self._new_id(), unique, label))
        self._changed()

    def rename_row(self, row_id: int, label: str) -> None:
        label = self._name(label, [r[2] for r in self.rows if r[0] != row_id], "row")
        self.rows = [(i, k, label if i == row_id else lbl) for i, k, lbl in self.rows]
        self._changed()

    def remove_row(self, row_id: int) -> None:
        self.rows = [r for r in self.rows if r[0] != row_id]
        self.items = [i for i in self.items if i.row_id != row_id]
        self._changed()

    def move_row(self, row_id: int, position: int) -> None:
        self.rows = _moved(self.rows, lambda r: r[0] == row_id, position)
        self._changed()

    def set_details(self, *, name: str, description: str, industry: str) -> None:
        self.template = replace(self.template, name=name.strip(), description=description.strip(),
                                industry=industry.strip())
        self._changed()

    # back to a template ---------------------------------------------------------
    def to_template(self) -> Template:
        row_keys = {id_: key for id_, key, _ in self.rows}
        roles = tuple(
            TemplateRole(name, tuple(TemplateItem(i.key, row_keys[i.row_id], i.text, i.keywords, i.note)
                                     for i in self.items if i.role_id == role_id))
            for role_id, name in self.roles
        )
        rows = tuple(TemplateRow(key, label) for _, key, label in self.rows)
        return replace(self.template, rows=rows, roles=roles)

    # helpers --------------------------------------------------------------------
    def _all_keys(self) -> set[str]:
        # Keys of every version's items stay reserved: a reused key would make accounts
        # mistake a new assumption for an old one.
        return {i.key for i in self.items} | {p.key for p in self.template.placed_items()}

    def _changed(self) -> None:
        self.dirty = True

    @staticmethod
    def _text(text: str) -> str:
        value = text.strip()
        if not value:
            raise ValidationError("An assumption needs some text.", "text")
        if len(value) > 2000:
            raise ValidationError(f"That text is {len(value)} characters; at most 2000.", "text")
        return value

    @staticmethod
    def _name(name: str, taken: list[str], kind: str) -> str:
        value = name.strip()
        if not value:
            raise ValidationError(f"A {kind} needs a name.", "name")
        if value.casefold() in {t.casefold() for t in taken}:
            raise ValidationError(f"There is already a {kind} named {value!r}.", "name")
        return value


def _moved(entries: list[_Entry], match: Callable[[_Entry], bool], position: int) -> list[_Entry]:
    found = [e for e in entries if match(e)]
    if not found:
        return entries
    rest = [e for e in entries if not match(e)]
    rest.insert(max(0, min(position, len(rest))), found[0])
    return rest


def new_template(template_id: str, name: str, author: str, rows: list[dict[str, str]]) -> Template:
    """An empty first draft with the default rows and one role to start from."""
    return Template(id=template_id, version=0, name=name.strip() or "New template", author=author,
                    rows=tuple(TemplateRow(r["key"], r["label"]) for r in rows),
                    roles=(TemplateRole("Decision maker"),))
