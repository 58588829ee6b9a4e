"""The Buyer's Matrix in storage: roles, rows and items per account, kept in order.

Positions inside a list (roles, rows, the items of one cell) are dense 0..n-1; every
move rewrites them in one transaction so the order is never half-changed.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from precall import resources
from precall.domain.matrix import ItemStatus, Matrix, MatrixItem, MatrixRole, MatrixRow
from precall.errors import NotFoundError, ValidationError
from precall.store.connection import inserted_id
from precall.store.like import like_every_word
from precall.store.matrix_links import TemplateItemWrites
from precall.validate import MAX_TEXT, required_text

if TYPE_CHECKING:
    from precall.store.facade import Store

# Undo of a removal within a session puts back the whole row (columns later migrations
# added, such as template links) and the rows that cascaded with it (evidence, debrief).
_MAX_TOMBSTONES = 500
_ITEM_COLUMNS = "id, account_id, role_id, row_id, position, text, status, origin, note, keywords, rep_edited"


def default_rows() -> list[dict[str, str]]:
    return list(resources.read_json("default_rows.json")["rows"])


def _item(row: tuple[Any, ...]) -> MatrixItem:
    (id_, account_id, role_id, row_id, position, text, status, origin, note, keywords, rep_edited) = row
    return MatrixItem(
        id=id_, account_id=account_id, role_id=role_id, row_id=row_id, position=position, text=text,
        status=ItemStatus(status), origin=origin, note=note, keywords=tuple(json.loads(keywords or "[]")),
        rep_edited=bool(rep_edited),
    )


def parse_status(value: str | ItemStatus) -> ItemStatus:
    try:
        return ItemStatus(value)
    except ValueError as exc:
        allowed = ", ".join(s.value for s in ItemStatus)
        raise ValidationError(f"Unknown status {value!r}; use one of {allowed}.", "status") from exc


class MatrixRepo(TemplateItemWrites):
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn
        # Keyed by (id, text): SQLite reuses the id of a deleted last row, so an item added
        # and removed after this one may carry the same id; its tombstone must not replace ours.
        self._tombstones: OrderedDict[tuple[int, str], tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]] = \
            OrderedDict()

    # reading ----------------------------------------------------------------
    def load(self, account_id: int) -> Matrix:
        return Matrix(
            account_id=account_id,
            roles=tuple(self.roles(account_id)),
            rows=tuple(self.rows(account_id)),
            items=tuple(self.items(account_id)),
        )

    def roles(self, account_id: int) -> list[MatrixRole]:
        rows = self._conn.execute(
            "SELECT id, account_id, name, position FROM matrix_roles WHERE account_id=? ORDER BY position", [account_id]
        )
        return [MatrixRole(*r) for r in rows]

    def rows(self, account_id: int) -> list[MatrixRow]:
        rows = self._conn.execute(
            "SELECT id, account_id, key, label, position FROM matrix_rows WHERE account_id=? ORDER BY position",
            [account_id],
        )
        return [MatrixRow(*r) for r in rows]

    def items(self, account_id: int) -> list[MatrixItem]:
        rows = self._conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM matrix_items WHERE account_id=? ORDER BY role_id, row_id, position",
            [account_id],
        )
        return [_item(r) for r in rows]

    def item(self, item_id: int) -> MatrixItem:
        row = self._conn.execute(f"SELECT {_ITEM_COLUMNS} FROM matrix_items WHERE id=?", [item_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no matrix item with id {item_id}.")
        return _item(row)

    def role(self, role_id: int) -> MatrixRole:
        row = self._conn.execute("SELECT id, account_id, name, position FROM matrix_roles WHERE id=?", [role_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no matrix role with id {role_id}.")
        return MatrixRole(*row)

    def row(self, row_id: int) -> MatrixRow:
        found = self._conn.execute(
            "SELECT id, account_id, key, label, position FROM matrix_rows WHERE id=?", [row_id]
        ).fetchone()
        if found is None:
            raise NotFoundError(f"There is no matrix row with id {row_id}.")
        return MatrixRow(*found)

    def row_items(self, role_ids: list[int], row_key: str) -> list[tuple[int, str, str]]:
        """(item id, text, role name) of the items in the row keyed ``row_key`` under
        these roles, in column order and then cell order."""
        if not role_ids:
            return []
        marks = ", ".join("?" * len(role_ids))
        rows = self._conn.execute(
            f"""SELECT i.id, i.text, r.name FROM matrix_items i
                JOIN matrix_roles r ON r.id = i.role_id
                JOIN matrix_rows w ON w.id = i.row_id
                WHERE i.role_id IN ({marks}) AND w.key = ?
                ORDER BY r.position, r.id, i.position""",
            [*role_ids, row_key],
        )
        return [(item_id, text, role) for item_id, text, role in rows]

    def search(self, terms: list[str], limit: int) -> list[tuple[Any, ...]]:
        """Items whose text or note holds every term: (id, text, note, status, account
        name, role name, row label), by account then matrix order."""
        where, params = like_every_word(["i.text", "i.note"], terms)
        return self._conn.execute(
            "SELECT i.id, i.text, i.note, i.status, a.name, r.name, w.label FROM matrix_items i"
            " JOIN accounts a ON a.id = i.account_id JOIN matrix_roles r ON r.id = i.role_id"
            f" JOIN matrix_rows w ON w.id = i.row_id WHERE {where} ORDER BY a.name, r.position, w.position, i.position"
            " LIMIT ?", [*params, limit]).fetchall()

    # rows -------------------------------------------------------------------
    def ensure_default_rows(self, account_id: int) -> None:
        with self._store.write():
            for spec in default_rows():
                self.ensure_row(account_id, spec["key"], spec["label"])

    def ensure_row(self, account_id: int, key: str, label: str) -> MatrixRow:
        with self._store.write():
            found = self._conn.execute(
                "SELECT id FROM matrix_rows WHERE account_id=? AND key=?", [account_id, key]
            ).fetchone()
            if found:
                return self.row(found[0])
            position = self._next_position("matrix_rows", "account_id=?", [account_id])
            cur = self._conn.execute(
                "INSERT INTO matrix_rows(account_id, key, label, position) VALUES (?, ?, ?, ?)",
                [account_id, key, required_text(label, "label", "Row name"), position],
            )
        return self.row(inserted_id(cur))

    def add_row(self, account_id: int, label: str) -> MatrixRow:
        label = required_text(label, "label", "Row name")
        key = "".join(ch if ch.isalnum() else "_" for ch in label.casefold()).strip("_") or "row"
        with self._store.write():
            if any(r.label.casefold() == label.casefold() for r in self.rows(account_id)):
                raise ValidationError(f"There is already a row {label!r} in this matrix.", "label")
            taken = {r.key for r in self.rows(account_id)}
            unique, n = key, 2
            while unique in taken:
                unique, n = f"{key}_{n}", n + 1
            return self.ensure_row(account_id, unique, label)

    def rename_row(self, row_id: int, label: str) -> MatrixRow:
        label = required_text(label, "label", "Row name")
        with self._store.write():
            row = self.row(row_id)
            if any(r.label.casefold() == label.casefold() and r.id != row_id for r in self.rows(row.account_id)):
                raise ValidationError(f"There is already a row {label!r} in this matrix.", "label")
            self._conn.execute("UPDATE matrix_rows SET label=? WHERE id=?", [label, row_id])
        return self.row(row_id)

    def remove_row(self, row_id: int) -> None:
        with self._store.write():
            row = self.row(row_id)
            self._conn.execute("DELETE FROM matrix_rows WHERE id=?", [row_id])
            self._renumber("matrix_rows", "account_id=?", [row.account_id])

    def move_row(self, row_id: int, position: int) -> None:
        with self._store.write():
            row = self.row(row_id)
            self._move("matrix_rows", row_id, position, "account_id=?", [row.account_id])

    # roles ------------------------------------------------------------------
    def add_role(self, account_id: int, name: str, position: int | None = None) -> MatrixRole:
        name = required_text(name, "name", "Role name", max_length=120)
        with self._store.write():
            if self.find_role(account_id, name) is not None:
                raise ValidationError(f"There is already a role {name!r} in this matrix.", "name")
            end = self._next_position("matrix_roles", "account_id=?", [account_id])
            cur = self._conn.execute(
                "INSERT INTO matrix_roles(account_id, name, position) VALUES (?, ?, ?)", [account_id, name, end]
            )
            role_id = inserted_id(cur)
            if position is not None and position != end:
                self._move("matrix_roles", role_id, position, "account_id=?", [account_id])
        return self.role(role_id)

    def find_role(self, account_id: int, name: str) -> MatrixRole | None:
        row = self._conn.execute(
            "SELECT id, account_id, name, position FROM matrix_roles WHERE account_id=? AND name=?",
            [account_id, name.strip()],
        ).fetchone()
        return MatrixRole(*row) if row else None

    def ensure_role(self, account_id: int, name: str) -> MatrixRole:
        return self.find_role(account_id, name) or self.add_role(account_id, name)

    def rename_role(self, role_id: int, name: str) -> MatrixRole:
        name = required_text(name, "name", "Role name", max_length=120)
        with self._store.write():
            role = self.role(role_id)
            other = self.find_role(role.account_id, name)
            if other is not None and other.id != role_id:
                raise ValidationError(f"There is already a role {name!r} in this matrix.", "name")
            self._conn.execute("UPDATE matrix_roles SET name=? WHERE id=?", [name, role_id])
        return self.role(role_id)

    def remove_role(self, role_id: int) -> None:
        with self._store.write():
            role = self.role(role_id)
            self._conn.execute("DELETE FROM matrix_roles WHERE id=?", [role_id])
            self._renumber("matrix_roles", "account_id=?", [role.account_id])

    def move_role(self, role_id: int, position: int) -> None:
        with self._store.write():
            role = self.role(role_id)
            self._move("matrix_roles", role_id, position, "account_id=?", [role.account_id])

    # items ------------------------------------------------------------------
    def add_item(
        self,
        role_id: int,
        row_id: int,
        text: str,
        *,
        status: str | ItemStatus = ItemStatus.ASSUMED,
        origin: str = "rep",
        note: str = "",
        keywords: tuple[str, ...] | list[str] = (),
        position: int | None = None,
    ) -> MatrixItem:
        text = required_text(text, "text", "The assumption", max_length=MAX_TEXT)
        status = parse_status(status)
        with self._store.write():
            role, row = self.role(role_id), self.row(row_id)
            if role.account_id != row.account_id:
                raise ValueError("role and row belong to different accounts")
            where, args = "role_id=? AND row_id=?", [role_id, row_id]
            end = self._next_position("matrix_items", where, args)
            now = self._store.now_iso()
            cur = self._conn.execute(
                "INSERT INTO matrix_items(account_id, role_id, row_id, position, text, status, origin, note,"
                " keywords, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [role.account_id, role_id, row_id, end, text, status.value, origin, note,
                 json.dumps(list(keywords)), now, now],
            )
            item_id = inserted_id(cur)
            if position is not None and position != end:
                self._move("matrix_items", item_id, position, where, args)
        return self.item(item_id)

    def update_item(self, item_id: int, *, text: str | None = None, status: str | ItemStatus | None = None,
                    note: str | None = None) -> MatrixItem:
        with self._store.write():
            current = self.item(item_id)
            new = replace(
                current,
                text=required_text(text, "text", "The assumption", max_length=MAX_TEXT) if text is not None else current.text,
                status=parse_status(status) if status is not None else current.status,
                note=note if note is not None else current.note,
            )
            if new == current:
                return current
            self._conn.execute(
                "UPDATE matrix_items SET text=?, status=?, note=?, rep_edited=1, updated_at=? WHERE id=?",
                [new.text, new.status.value, new.note, self._store.now_iso(), item_id],
            )
        return self.item(item_id)

    def remove_item(self, item_id: int) -> MatrixItem:
        """Delete an item and return it as it was, so an undo can put it back."""
        with self._store.write():
            item = self.item(item_id)
            self._remember(item_id)
            self._conn.execute("DELETE FROM matrix_items WHERE id=?", [item_id])
            self._renumber("matrix_items", "role_id=? AND row_id=?", [item.role_id, item.row_id])
        return item

    def restore_item(self, item: MatrixItem) -> MatrixItem:
        """Put back an item removed earlier, with its id, place and state (and, if it was
        removed in this session, every column and the evidence that went with it)."""
        with self._store.write():
            now = self._store.now_iso()
            row, dependents = self._tombstones.pop((item.id, item.text), ({}, []))
            values: dict[str, Any] = {
                **row, "id": item.id, "account_id": item.account_id, "role_id": item.role_id,
                "row_id": item.row_id, "text": item.text, "status": item.status.value, "origin": item.origin,
                "note": item.note, "keywords": json.dumps(list(item.keywords)), "rep_edited": int(item.rep_edited),
                "position": self._next_position("matrix_items", "role_id=? AND row_id=?", [item.role_id, item.row_id]),
                "updated_at": now,
            }
            values.setdefault("created_at", now)
            self._insert("matrix_items", values)
            for table, dependent in dependents:
                self._insert(table, dependent, ignore=True)
            self._move("matrix_items", item.id, item.position, "role_id=? AND row_id=?", [item.role_id, item.row_id])
        return self.item(item.id)

    def move_item(self, item_id: int, position: int) -> MatrixItem:
        with self._store.write():
            item = self.item(item_id)
            self._move("matrix_items", item_id, position, "role_id=? AND row_id=?", [item.role_id, item.row_id])
        return self.item(item_id)

    # undo support -----------------------------------------------------------
    def _remember(self, item_id: int) -> None:
        cursor = self._conn.execute("SELECT * FROM matrix_items WHERE id=?", [item_id])
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone()))
        dependents: list[tuple[str, dict[str, Any]]] = []
        for table, column in self._cascading_references():
            cursor = self._conn.execute(f'SELECT * FROM "{table}" WHERE "{column}"=?', [item_id])
            cols = [d[0] for d in cursor.description]
            dependents += [(table, dict(zip(cols, values))) for values in cursor.fetchall()]
        self._tombstones[(item_id, str(row["text"]))] = (row, dependents)
        while len(self._tombstones) > _MAX_TOMBSTONES:
            self._tombstones.popitem(last=False)

    def _cascading_references(self) -> list[tuple[str, str]]:
        """(table, column) pairs whose rows are deleted with a matrix item."""
        tables = [r[0] for r in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE '%REFERENCES matrix_items%'")]
        found = []
        for table in tables:
            for fk in self._conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                # (id, seq, table, from, to, on_update, on_delete, match)
                if fk[2] == "matrix_items" and fk[6].upper() == "CASCADE":
                    found.append((table, fk[3]))
        return found

    def _insert(self, table: str, values: dict[str, Any], *, ignore: bool = False) -> None:
        columns = ", ".join(f'"{name}"' for name in values)
        marks = ", ".join("?" for _ in values)
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self._conn.execute(f'{verb} INTO "{table}" ({columns}) VALUES ({marks})', list(values.values()))

    # ordering helpers -------------------------------------------------------
    def _next_position(self, table: str, where: str, args: list[Any]) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0])

    def _renumber(self, table: str, where: str, args: list[Any]) -> None:
        ids = [r[0] for r in self._conn.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY position, id", args)]
        for position, row_id in enumerate(ids):
            self._conn.execute(f"UPDATE {table} SET position=? WHERE id=?", [position, row_id])

    def _move(self, table: str, row_id: int, position: int, where: str, args: list[Any]) -> None:
        ids = [r[0] for r in self._conn.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY position, id", args)]
        ids.remove(row_id)
        position = max(0, min(position, len(ids)))
        ids.insert(position, row_id)
        for index, each in enumerate(ids):
            self._conn.execute(f"UPDATE {table} SET position=? WHERE id=?", [index, each])
