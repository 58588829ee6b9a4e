"""Undoable matrix edits. Each command's redo and undo are plain functions of the Store
that the controller runs on the database worker, one after another, in stack order.

Because the worker runs them in order, a command can keep what its redo produced (the
new item, the removed role and its items) for its undo without any locking. A role or
row removed and put back gets a new id; ``IdMap`` lets older commands still find it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand

from precall.domain.matrix import MatrixItem, MatrixRole, MatrixRow

if TYPE_CHECKING:
    from precall.store import Store

StoreFn = Callable[["Store"], object]
#: Hands a command's store function to the worker (the controller's ``_submit``).
Submit = Callable[["MatrixCommand", StoreFn], None]


class IdMap:
    """Old id → current id for roles and rows re-created by an undo (worker-only)."""

    def __init__(self) -> None:
        self.roles: dict[int, int] = {}
        self.rows: dict[int, int] = {}

    @staticmethod
    def _follow(table: dict[int, int], key: int) -> int:
        seen = {key}
        while key in table and table[key] not in seen:
            key = table[key]
            seen.add(key)
        return key

    def role(self, role_id: int) -> int:
        return self._follow(self.roles, role_id)

    def row(self, row_id: int) -> int:
        return self._follow(self.rows, row_id)

    @staticmethod
    def _moved(table: dict[int, int], old: int, new: int) -> None:
        # SQLite may hand a re-created row an id used before; a live id never forwards.
        table.pop(new, None)
        if old != new:
            table[old] = new

    def role_moved(self, old: int, new: int) -> None:
        self._moved(self.roles, old, new)

    def row_moved(self, old: int, new: int) -> None:
        self._moved(self.rows, old, new)

    def item(self, item: MatrixItem) -> MatrixItem:
        return replace(item, role_id=self.role(item.role_id), row_id=self.row(item.row_id))


class MatrixCommand(QUndoCommand):
    """A command whose redo/undo are handed to ``submit`` to run on the worker."""

    def __init__(self, text: str, submit: Submit, ids: IdMap) -> None:
        super().__init__(text)
        self._submit = submit
        self.ids = ids
        self.failed = False
        self.account_id: int | None = None

    def _account(self) -> int:
        # Set by the constructor of the commands that need it, and again when pushed.
        if self.account_id is None:
            raise ValueError(f"{type(self).__name__} has no account")
        return self.account_id

    def redo(self) -> None:
        if not self.failed:
            self._submit(self, self.do)

    def undo(self) -> None:
        if not self.failed:
            self._submit(self, self.undo_in_store)

    def do(self, store: "Store") -> object:
        raise NotImplementedError

    def undo_in_store(self, store: "Store") -> object:
        raise NotImplementedError


class AddItem(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, role_id: int, row_id: int, text: str) -> None:
        super().__init__(f"Add “{text[:40]}”", submit, ids)
        # Not self.text: that would hide QUndoCommand.text().
        self.role_id, self.row_id, self.item_text = role_id, row_id, text
        self.item: MatrixItem | None = None

    def do(self, store: "Store") -> object:
        if self.item is None:
            self.item = store.matrix.add_item(self.ids.role(self.role_id), self.ids.row(self.row_id), self.item_text)
        else:
            self.item = store.matrix.restore_item(self.ids.item(self.item))
        return self.item

    def undo_in_store(self, store: "Store") -> object:
        if self.item is not None:
            self.item = store.matrix.remove_item(self.item.id)
        return self.item


class UpdateItem(MatrixCommand):
    """Change an item's text or status (``field`` is "text" or "status")."""

    def __init__(self, submit: Submit, ids: IdMap, item_id: int, field: str, old: str, new: str) -> None:
        label = "Edit item" if field == "text" else f"Mark item {new}"
        super().__init__(label, submit, ids)
        self.item_id, self.field, self.old, self.new = item_id, field, old, new

    def do(self, store: "Store") -> object:
        return store.matrix.update_item(self.item_id, **{self.field: self.new})

    def undo_in_store(self, store: "Store") -> object:
        return store.matrix.update_item(self.item_id, **{self.field: self.old})


class RemoveItem(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, item: MatrixItem) -> None:
        super().__init__(f"Remove “{item.text[:40]}”", submit, ids)
        self.item = item

    def do(self, store: "Store") -> object:
        self.item = store.matrix.remove_item(self.item.id)
        return self.item

    def undo_in_store(self, store: "Store") -> object:
        self.item = store.matrix.restore_item(self.ids.item(self.item))
        return self.item


class MoveItem(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, item_id: int, old: int, new: int) -> None:
        super().__init__("Move item", submit, ids)
        self.item_id, self.old, self.new = item_id, old, new

    def do(self, store: "Store") -> object:
        return store.matrix.move_item(self.item_id, self.new)

    def undo_in_store(self, store: "Store") -> object:
        return store.matrix.move_item(self.item_id, self.old)


class AddRole(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, account_id: int, name: str) -> None:
        super().__init__(f"Add role {name}", submit, ids)
        self.account_id, self.name = account_id, name
        self.role: MatrixRole | None = None

    def do(self, store: "Store") -> object:
        if self.role is None:
            self.role = store.matrix.add_role(self._account(), self.name)
            return self.role
        old = self.ids.role(self.role.id)
        new = store.matrix.add_role(self._account(), self.name, self.role.position)
        self.ids.role_moved(old, new.id)
        return new

    def undo_in_store(self, store: "Store") -> object:
        if self.role is not None:
            store.matrix.remove_role(self.ids.role(self.role.id))
        return None


class RenameRole(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, role_id: int, old: str, new: str) -> None:
        super().__init__(f"Rename role {old} to {new}", submit, ids)
        self.role_id, self.old, self.new = role_id, old, new

    def do(self, store: "Store") -> object:
        return store.matrix.rename_role(self.ids.role(self.role_id), self.new)

    def undo_in_store(self, store: "Store") -> object:
        return store.matrix.rename_role(self.ids.role(self.role_id), self.old)


class RemoveRole(MatrixCommand):
    """Removing a role takes its items and unsets contacts' role; undo puts all back."""

    def __init__(self, submit: Submit, ids: IdMap, role: MatrixRole) -> None:
        super().__init__(f"Remove role {role.name}", submit, ids)
        self.role = role
        self.items: list[MatrixItem] = []
        self.contact_ids: list[int] = []

    def do(self, store: "Store") -> object:
        role_id = self.ids.role(self.role.id)
        with store.write():
            self.role = replace(store.matrix.role(role_id), id=self.role.id)
            self.items = [i for i in store.matrix.items(self.role.account_id) if i.role_id == role_id]
            self.contact_ids = [c.id for c in store.accounts.contacts(self.role.account_id) if c.role_id == role_id]
            store.matrix.remove_role(role_id)
        return None

    def undo_in_store(self, store: "Store") -> object:
        with store.write():
            old = self.ids.role(self.role.id)
            new = store.matrix.add_role(self.role.account_id, self.role.name, self.role.position)
            self.ids.role_moved(old, new.id)
            for item in self.items:
                store.matrix.restore_item(self.ids.item(item))
            for contact_id in self.contact_ids:
                store.accounts.update_contact(contact_id, role=new.name)
        return new


class MoveRole(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, role_id: int, old: int, new: int) -> None:
        super().__init__("Move role", submit, ids)
        self.role_id, self.old, self.new = role_id, old, new

    def do(self, store: "Store") -> object:
        store.matrix.move_role(self.ids.role(self.role_id), self.new)
        return None

    def undo_in_store(self, store: "Store") -> object:
        store.matrix.move_role(self.ids.role(self.role_id), self.old)
        return None


class AddRow(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, account_id: int, label: str) -> None:
        super().__init__(f"Add row {label}", submit, ids)
        self.account_id, self.label = account_id, label
        self.row: MatrixRow | None = None

    def do(self, store: "Store") -> object:
        if self.row is None:
            self.row = store.matrix.add_row(self._account(), self.label)
            return self.row
        old = self.ids.row(self.row.id)
        with store.write():
            new = store.matrix.ensure_row(self._account(), self.row.key, self.row.label)
            store.matrix.move_row(new.id, self.row.position)
        self.ids.row_moved(old, new.id)
        return new

    def undo_in_store(self, store: "Store") -> object:
        if self.row is not None:
            store.matrix.remove_row(self.ids.row(self.row.id))
        return None


class RenameRow(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, row_id: int, old: str, new: str) -> None:
        super().__init__(f"Rename row {old} to {new}", submit, ids)
        self.row_id, self.old, self.new = row_id, old, new

    def do(self, store: "Store") -> object:
        return store.matrix.rename_row(self.ids.row(self.row_id), self.new)

    def undo_in_store(self, store: "Store") -> object:
        return store.matrix.rename_row(self.ids.row(self.row_id), self.old)


class RemoveRow(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, row: MatrixRow) -> None:
        super().__init__(f"Remove row {row.label}", submit, ids)
        self.row = row
        self.items: list[MatrixItem] = []

    def do(self, store: "Store") -> object:
        row_id = self.ids.row(self.row.id)
        with store.write():
            self.row = replace(store.matrix.row(row_id), id=self.row.id)
            self.items = [i for i in store.matrix.items(self.row.account_id) if i.row_id == row_id]
            store.matrix.remove_row(row_id)
        return None

    def undo_in_store(self, store: "Store") -> object:
        with store.write():
            old = self.ids.row(self.row.id)
            new = store.matrix.ensure_row(self.row.account_id, self.row.key, self.row.label)
            store.matrix.move_row(new.id, self.row.position)
            self.ids.row_moved(old, new.id)
            for item in self.items:
                store.matrix.restore_item(self.ids.item(item))
        return new


class MoveRow(MatrixCommand):
    def __init__(self, submit: Submit, ids: IdMap, row_id: int, old: int, new: int) -> None:
        super().__init__("Move row", submit, ids)
        self.row_id, self.old, self.new = row_id, old, new

    def do(self, store: "Store") -> object:
        store.matrix.move_row(self.ids.row(self.row_id), self.new)
        return None

    def undo_in_store(self, store: "Store") -> object:
        store.matrix.move_row(self.ids.row(self.row_id), self.old)
        return None
