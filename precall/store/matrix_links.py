"""Matrix items linked to a template, read and written in batches: ``MatrixRepo``'s
share of applying a template to an account.

Applying one template to 200 accounts touches tens of thousands of items, so these
methods take whole lists and run one statement per kind of change (``executemany``)
inside one savepoint, instead of the item-by-item methods a rep's edit uses. Every
change to an existing item is guarded by ``rep_edited=0``: an item the rep rewrote is
the rep's, and a template never overwrites it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from precall.store.facade import Store

#: Item ids per ``IN (...)`` query, well under SQLite's limit on bound parameters.
_CHUNK = 500

Cell = tuple[int, int]  # (role id, row id)


class NewLinkedItem(NamedTuple):
    """A template item to add to an account's matrix at a known place (a named tuple:
    an apply makes 100,000 of them, and a frozen dataclass costs several times more)."""

    role_id: int
    row_id: int
    position: int
    text: str
    note: str
    keywords: tuple[str, ...]
    key: str


class LinkedItemMove(NamedTuple):
    item_id: int
    role_id: int
    row_id: int
    position: int


class LinkedItemEdit(NamedTuple):
    item_id: int
    text: str
    keywords: tuple[str, ...]
    note: str


class TemplateItemWrites:
    """Mixed into ``MatrixRepo``, which provides ``_store`` and ``_conn``."""

    _store: "Store"
    _conn: sqlite3.Connection

    def template_items(self, account_id: int, template_id: str) -> list[tuple[Any, ...]]:
        """The account's items that came from this template, oldest first: (id, item
        key, role name, row key, text, keywords, note, status, rep edited, origin)."""
        rows = self._conn.execute(
            """SELECT i.id, i.template_item_key, r.name, w.key, i.text, i.keywords, i.note, i.status,
                      i.rep_edited, i.origin
               FROM matrix_items i JOIN matrix_roles r ON r.id=i.role_id JOIN matrix_rows w ON w.id=i.row_id
               WHERE i.account_id=? AND i.template_id=? AND i.template_item_key IS NOT NULL ORDER BY i.id""",
            [account_id, template_id],
        )
        decoded: dict[str, tuple[str, ...]] = {}  # the same keyword lists recur item after item

        def words(raw: str) -> tuple[str, ...]:
            if raw not in decoded:
                decoded[raw] = tuple(json.loads(raw or "[]"))
            return decoded[raw]

        return [(id_, key, role, row, text, words(keywords), note, status, bool(edited), origin)
                for id_, key, role, row, text, keywords, note, status, edited, origin in rows]

    def cell_sizes(self, account_id: int) -> dict[Cell, int]:
        """How many items each non-empty cell of the account holds (the next free position)."""
        return {(role_id, row_id): count for role_id, row_id, count in self._conn.execute(
            "SELECT role_id, row_id, count(*) FROM matrix_items WHERE account_id=? GROUP BY role_id, row_id",
            [account_id])}

    def add_template_items(self, account_id: int, template_id: str, origin: str,
                           items: Sequence[NewLinkedItem]) -> None:
        """Add template items, each at the place given (the caller keeps cells dense)."""
        now = self._store.now_iso()
        with self._store.write():
            self._conn.executemany(
                "INSERT INTO matrix_items(account_id, role_id, row_id, position, text, status, origin, note,"
                " keywords, rep_edited, created_at, updated_at, template_id, template_item_key)"
                " VALUES (?, ?, ?, ?, ?, 'assumed', ?, ?, ?, 0, ?, ?, ?, ?)",
                [(account_id, i.role_id, i.row_id, i.position, i.text, origin, i.note, json.dumps(list(i.keywords)),
                  now, now, template_id, i.key) for i in items],
            )

    def follow_template(self, origin: str, *, moves: Sequence[LinkedItemMove] = (),
                        edits: Sequence[LinkedItemEdit] = (), relabels: Iterable[int] = (),
                        removals: Sequence[int] = ()) -> None:
        """Bring linked items to a new template version: move, rewrite, relabel (origin
        only) and remove, skipping items the rep edited; then close the gaps that moved
        and removed items leave in their old cells."""
        now = self._store.now_iso()
        with self._store.write():
            emptied = self._cells_of([m.item_id for m in moves] + list(removals))
            self._conn.executemany(
                "UPDATE matrix_items SET role_id=?, row_id=?, position=? WHERE id=? AND rep_edited=0",
                [(m.role_id, m.row_id, m.position, m.item_id) for m in moves])
            self._conn.executemany(
                "UPDATE matrix_items SET text=?, keywords=?, note=?, origin=?, updated_at=?"
                " WHERE id=? AND rep_edited=0",
                [(e.text, json.dumps(list(e.keywords)), e.note, origin, now, e.item_id) for e in edits])
            self._conn.executemany("UPDATE matrix_items SET origin=? WHERE id=? AND rep_edited=0",
                                   [(origin, item_id) for item_id in relabels])
            self._conn.executemany("DELETE FROM matrix_items WHERE id=? AND rep_edited=0",
                                   [(item_id,) for item_id in removals])
            for role_id, row_id in emptied:
                ids = [r[0] for r in self._conn.execute(
                    "SELECT id FROM matrix_items WHERE role_id=? AND row_id=? ORDER BY position, id",
                    [role_id, row_id])]
                self._conn.executemany("UPDATE matrix_items SET position=? WHERE id=?", list(zip(range(len(ids)), ids)))

    def _cells_of(self, item_ids: list[int]) -> set[Cell]:
        cells: set[Cell] = set()
        for start in range(0, len(item_ids), _CHUNK):
            chunk = item_ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            cells.update(self._conn.execute(
                f"SELECT role_id, row_id FROM matrix_items WHERE id IN ({marks})", chunk).fetchall())
        return cells
