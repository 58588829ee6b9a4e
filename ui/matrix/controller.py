"""Connects a MatrixGrid to the database: loads an account's matrix through
``ctx.tasks``, turns the grid's intents into undoable commands, and reloads when
``ctx.changes`` says the matrix changed.

Reloads are coalesced: while one is in flight, further notifications only mark the
view stale, and a single reload follows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from precall.domain.matrix import Matrix, MatrixItem, MatrixRole, MatrixRow
from precall.errors import PrecallError
from ui.changes import Area, OpChanges
from ui.matrix import commands as cmd
from ui.matrix.grid import MatrixGrid
from ui.widgets.lifecycle import shutting_down

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.matrix")
#: How often a reload that arrived during in-place editing retries to show itself.
HOLD_RETRY_MS = 250


class MatrixController(QObject):
    #: The matrix now shown (after every load), or None.
    loaded = Signal(object)

    def __init__(self, ctx: "AppContext", grid: MatrixGrid, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = grid
        self.stack = stack
        self.ids = cmd.IdMap()
        self.account_id: int | None = None
        self.matrix: Matrix | None = None
        self._loading = False
        self._stale = False
        self._held: Matrix | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(HOLD_RETRY_MS)
        self._hold_timer.timeout.connect(self._show_held)
        ctx.changes.changed.connect(self._on_changes)
        grid.add_item.connect(lambda role, row, text: self._push(cmd.AddItem(self._submit, self.ids, role, row, text)))
        grid.edit_item.connect(self._edit_text)
        grid.set_status.connect(self._set_status)
        grid.remove_item.connect(self._remove_item)
        grid.move_item.connect(self._move_item)
        grid.add_role.connect(lambda name: self._push(cmd.AddRole(self._submit, self.ids, self._account(), name)))
        grid.rename_role.connect(self._rename_role)
        grid.remove_role.connect(self._remove_role)
        grid.move_role.connect(self._move_role)
        grid.add_row.connect(lambda label: self._push(cmd.AddRow(self._submit, self.ids, self._account(), label)))
        grid.rename_row.connect(self._rename_row)
        grid.remove_row.connect(self._remove_row)
        grid.move_row.connect(self._move_row)

    # loading ----------------------------------------------------------------
    def set_account(self, account_id: int | None) -> None:
        if account_id == self.account_id and self.matrix is not None:
            return
        self.account_id = account_id
        self.matrix = None
        self.grid.show_message("")
        self.grid.set_matrix(None)
        self.reload()

    def reload(self) -> None:
        if self.account_id is None:
            self.loaded.emit(None)
            return
        if self._loading:
            self._stale = True
            return
        self._loading, self._stale = True, False
        account_id = self.account_id
        self.ctx.tasks.db(lambda store: store.matrix.load(account_id), owner=self).success(
            lambda matrix: self._loaded(account_id, matrix)).failure(self._load_failed).ended(self._load_ended).run()

    def _loaded(self, account_id: int, matrix: Matrix) -> None:
        if self._stale or account_id != self.account_id:
            return  # a newer load follows (``_load_ended``)
        if self.grid.is_editing():
            # Showing it now would close the editor and lose what is being typed.
            self._held = matrix
            self._hold_timer.start()
            return
        self.matrix = matrix
        self.grid.set_matrix(matrix)
        self.loaded.emit(matrix)

    def _show_held(self) -> None:
        held, self._held = self._held, None
        if shutting_down(self.ctx):
            return
        if held is not None and held.account_id == self.account_id and not self._loading:
            self._loaded(held.account_id, held)

    def _load_failed(self, error: PrecallError) -> None:
        self.grid.show_message(str(error))

    def _load_ended(self) -> None:
        """One load at a time: the changes that came meanwhile are read in one more load."""
        self._loading = False
        if self._stale:
            self.reload()

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        if self.account_id is None or not changes.touches(Area.MATRIX, Area.ACCOUNTS, Area.TEMPLATES):
            return
        if changes.account_id in (None, self.account_id):
            self.reload()

    # commands ---------------------------------------------------------------
    def _account(self) -> int:
        if self.account_id is None:
            raise ValueError("no account is shown in the matrix editor")
        return self.account_id

    def _push(self, command: cmd.MatrixCommand) -> None:
        command.account_id = self._account()
        self.stack.push(command)

    def _submit(self, command: cmd.MatrixCommand, fn: "cmd.StoreFn") -> None:
        account_id = command.account_id if command.account_id is not None else self.account_id

        def failed(error: PrecallError) -> None:
            log.info("matrix edit refused: %s", error)
            command.failed = True
            self._drop(command)
            self.grid.show_message(str(error))
            self.reload()

        self.ctx.tasks.db(lambda store: fn(store), owner=self).changes(Area.MATRIX, account_id=account_id).failure(
            failed).run()

    def _drop(self, command: cmd.MatrixCommand) -> None:
        """Take a refused command off the stack so undo never replays a no-op."""
        command.setObsolete(True)
        # QUndoStack deletes an obsolete command, without running it, when undo() or
        # redo() reaches it; reach it now if it is next in line.
        index = self.stack.index()
        if index > 0 and self.stack.command(index - 1) is command:
            self.stack.undo()
        elif index < self.stack.count() and self.stack.command(index) is command:
            self.stack.redo()

    def _item(self, item_id: int) -> MatrixItem | None:
        if self.matrix is None:
            return None
        return next((i for i in self.matrix.items if i.id == item_id), None)

    def _edit_text(self, item_id: int, text: str) -> None:
        item = self._item(item_id)
        if item is not None and text != item.text:
            self._push(cmd.UpdateItem(self._submit, self.ids, item_id, "text", item.text, text))

    def _set_status(self, item_id: int, status: str) -> None:
        item = self._item(item_id)
        if item is not None and status != item.status.value:
            self._push(cmd.UpdateItem(self._submit, self.ids, item_id, "status", item.status.value, status))

    def _remove_item(self, item_id: int) -> None:
        item = self._item(item_id)
        if item is not None:
            self._push(cmd.RemoveItem(self._submit, self.ids, item))

    def _move_item(self, item_id: int, position: int) -> None:
        item = self._item(item_id)
        if item is not None and position != item.position:
            self._push(cmd.MoveItem(self._submit, self.ids, item_id, item.position, position))

    def _role(self, role_id: int) -> MatrixRole | None:
        return next((r for r in self.matrix.roles if r.id == role_id), None) if self.matrix else None

    def _row(self, row_id: int) -> MatrixRow | None:
        return next((r for r in self.matrix.rows if r.id == row_id), None) if self.matrix else None

    def _rename_role(self, role_id: int, name: str) -> None:
        role = self._role(role_id)
        if role is not None and name != role.name:
            self._push(cmd.RenameRole(self._submit, self.ids, role_id, role.name, name))

    def _remove_role(self, role_id: int) -> None:
        role = self._role(role_id)
        if role is not None:
            self._push(cmd.RemoveRole(self._submit, self.ids, role))

    def _move_role(self, role_id: int, position: int) -> None:
        role = self._role(role_id)
        if role is not None and position != role.position:
            self._push(cmd.MoveRole(self._submit, self.ids, role_id, role.position, position))

    def _rename_row(self, row_id: int, label: str) -> None:
        row = self._row(row_id)
        if row is not None and label != row.label:
            self._push(cmd.RenameRow(self._submit, self.ids, row_id, row.label, label))

    def _remove_row(self, row_id: int) -> None:
        row = self._row(row_id)
        if row is not None:
            self._push(cmd.RemoveRow(self._submit, self.ids, row))

    def _move_row(self, row_id: int, position: int) -> None:
        row = self._row(row_id)
        if row is not None and position != row.position:
            self._push(cmd.MoveRow(self._submit, self.ids, row_id, row.position, position))
