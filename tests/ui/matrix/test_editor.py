"""The matrix editor driven like a rep would: keys and the cell editor, every change
saved to the real database, undone and redone through the window's Edit menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from precall.domain.matrix import ItemStatus, Matrix
from tests.ui.support import add_window, read, wait_idle
from ui.main_window import MainWindow
from ui.matrix.editor import MatrixEditor

CFO_OBJECTIVE = "Protect gross margin while input costs rise"


def open_matrix(qtbot, ctx) -> tuple[MainWindow, MatrixEditor]:  # noqa: ANN001
    window = MainWindow(ctx)
    add_window(qtbot, window, ctx)
    window.show()
    page = window.page("Meetings")
    qtbot.waitUntil(lambda: page.view is not None and page.view.meeting is not None, timeout=10_000)
    page.view.tabs.setCurrentWidget(page.view.matrix)
    editor = page.view.matrix
    qtbot.waitUntil(lambda: editor.controller.matrix is not None, timeout=10_000)
    window.ensure_pages()  # the pages built after start-up, built now so tests end quiet
    wait_idle(qtbot, ctx)
    return window, editor


def stored(ctx, account_id: int) -> Matrix:  # noqa: ANN001
    return read(ctx, lambda store: store.matrix.load(account_id))


def select(qtbot, editor: MatrixEditor, role: str, row_key: str, text: str | None = None) -> None:  # noqa: ANN001
    matrix = editor.controller.matrix
    role_id = next(r.id for r in matrix.roles if r.name == role)
    row_id = next(r.id for r in matrix.rows if r.key == row_key)
    editor.grid.select_cell(role_id, row_id)
    if text is not None:
        item = next(i for i in matrix.cell(role_id, row_id) if i.text == text)
        editor.grid.cell.select_item(item.id)
    editor.grid.cell.list.setFocus()


def wait_for(qtbot, ctx, editor: MatrixEditor, predicate) -> None:  # noqa: ANN001
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: predicate(editor.controller.matrix), timeout=10_000)


def texts(matrix: Matrix) -> set[str]:
    return {i.text for i in matrix.items}


def test_edit_a_cell_item_then_undo_redo_and_reopen(qtbot, demo_db: Path, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    window, editor = open_matrix(qtbot, ctx)
    account_id = editor.account_id
    select(qtbot, editor, "CFO", "objectives", CFO_OBJECTIVE)
    cell_list = editor.grid.cell.list
    qtbot.keyClick(cell_list, Qt.Key.Key_F2)
    line_edit = QApplication.focusWidget()
    assert isinstance(line_edit, QLineEdit)
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, "Protect margin as costs rise")
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    wait_for(qtbot, ctx, editor, lambda m: "Protect margin as costs rise" in texts(m))
    assert "Protect margin as costs rise" in texts(stored(ctx, account_id))
    assert CFO_OBJECTIVE not in texts(stored(ctx, account_id))

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, ctx, editor, lambda m: CFO_OBJECTIVE in texts(m))
    assert CFO_OBJECTIVE in texts(stored(ctx, account_id))

    window.redo_action.trigger()
    wait_for(qtbot, ctx, editor, lambda m: "Protect margin as costs rise" in texts(m))

    # Close the window like a user would, drop the app context, open everything anew.
    window.close()
    wait_idle(qtbot, ctx)
    ctx.close()
    ctx2 = make_ctx()
    _, editor2 = open_matrix(qtbot, ctx2)
    assert "Protect margin as costs rise" in texts(editor2.controller.matrix)
    assert CFO_OBJECTIVE not in texts(editor2.controller.matrix)


def test_add_remove_reorder_and_grade_by_keyboard(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    account_id = editor.account_id
    select(qtbot, editor, "CFO", "metrics")
    cell = editor.grid.cell
    qtbot.keyClick(cell.list, Qt.Key.Key_Insert)
    assert cell.new_text.hasFocus()
    qtbot.keyClicks(cell.new_text, "Cash conversion cycle")
    qtbot.keyClick(cell.new_text, Qt.Key.Key_Return)
    wait_for(qtbot, ctx, editor, lambda m: "Cash conversion cycle" in texts(m))
    added = next(i for i in stored(ctx, account_id).items if i.text == "Cash conversion cycle")
    assert added.status == ItemStatus.ASSUMED and added.origin == "rep" and added.position == 2

    cell.select_item(added.id)
    cell.list.setFocus()
    qtbot.keyClick(cell.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, ctx, editor, lambda m: next(i for i in m.items if i.id == added.id).position == 1)

    cell.select_item(added.id)
    qtbot.keyClick(cell.list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, ctx, editor, lambda m: next(i for i in m.items if i.id == added.id).status == ItemStatus.CONFIRMED)
    # Ctrl+3 graded the item; it did not switch pages.
    assert window.pages.currentIndex() == 0

    cell.select_item(added.id)
    qtbot.keyClick(cell.list, Qt.Key.Key_Delete)
    wait_for(qtbot, ctx, editor, lambda m: all(i.id != added.id for i in m.items))
    assert all(i.id != added.id for i in stored(ctx, account_id).items)

    window.undo_action.trigger()  # remove_item → restore_item: same id, place and state
    wait_for(qtbot, ctx, editor, lambda m: any(i.id == added.id for i in m.items))
    back = next(i for i in stored(ctx, account_id).items if i.id == added.id)
    assert (back.position, back.status, back.text) == (1, ItemStatus.CONFIRMED, "Cash conversion cycle")


def test_roles_added_renamed_removed_and_restored(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    account_id = editor.account_id
    grid = editor.grid
    assert grid.request_add_role("Head of Procurement")
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("Head of Procurement") is not None)

    assert not grid.request_add_role("cfo")
    assert "already a role" in grid.message.text() and grid.message.isVisible()
    assert not grid.request_add_role("   ")
    assert "needs a name" in grid.message.text()

    role = editor.controller.matrix.role_named("Head of Procurement")
    assert grid.request_rename_role(role.id, "Procurement Lead")
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("Procurement Lead") is not None)

    cfo = editor.controller.matrix.role_named("CFO")
    cfo_items = {i.text for i in editor.controller.matrix.items if i.role_id == cfo.id}
    grid.remove_role.emit(cfo.id)
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("CFO") is None)
    contacts = read(ctx, lambda store: store.accounts.contacts(account_id))
    assert not any(c.role == "CFO" for c in contacts)

    window.undo_action.trigger()
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("CFO") is not None)
    matrix = stored(ctx, account_id)
    restored = matrix.role_named("CFO")
    assert restored.position == cfo.position
    assert {i.text for i in matrix.items if i.role_id == restored.id} == cfo_items
    contacts = read(ctx, lambda store: store.accounts.contacts(account_id))
    assert any(c.role == "CFO" and c.name == "Dana Whitfield" for c in contacts)

    # Undo the rename and the add too: the role ids changed on the way, the map follows.
    window.undo_action.trigger()
    window.undo_action.trigger()
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("Procurement Lead") is None
             and m.role_named("Head of Procurement") is None)
    window.redo_action.trigger()
    wait_for(qtbot, ctx, editor, lambda m: m.role_named("Head of Procurement") is not None)


def test_rows_added_moved_and_removed_with_undo(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    grid = editor.grid
    assert not grid.request_add_row("objectives")
    assert "already a row" in grid.message.text()
    assert grid.request_add_row("Budget cycle")
    wait_for(qtbot, ctx, editor, lambda m: any(r.label == "Budget cycle" for r in m.rows))
    row = next(r for r in editor.controller.matrix.rows if r.label == "Budget cycle")
    grid.move_row.emit(row.id, 0)
    wait_for(qtbot, ctx, editor, lambda m: m.rows[0].label == "Budget cycle")
    objectives = next(r for r in editor.controller.matrix.rows if r.key == "objectives")
    count = sum(1 for i in editor.controller.matrix.items if i.row_id == objectives.id)
    grid.remove_row.emit(objectives.id)
    wait_for(qtbot, ctx, editor, lambda m: all(r.key != "objectives" for r in m.rows))
    window.undo_action.trigger()
    wait_for(qtbot, ctx, editor, lambda m: any(r.key == "objectives" for r in m.rows))
    back = next(r for r in editor.controller.matrix.rows if r.key == "objectives")
    assert back.position == 1
    assert sum(1 for i in editor.controller.matrix.items if i.row_id == back.id) == count


def test_store_refusal_is_shown_and_leaves_no_undo_step(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    # Bypass the grid's own check so the store's refusal is what the user sees.
    editor.grid.add_role.emit("IT Director")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "already a role" in editor.grid.message.text())
    assert not editor.undo_stack.canUndo()


@pytest.mark.parametrize("status", list(ItemStatus))
def test_every_status_paints_with_its_word(qtbot, demo_db: Path, ctx, status: ItemStatus) -> None:  # noqa: ANN001
    from ui.matrix.status_style import LOOKS

    window, editor = open_matrix(qtbot, ctx)
    assert LOOKS[status].symbol
    tip = editor.grid.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "CFO — Objectives" in tip and "(assumed)" in tip
    assert not editor.grid.grab().isNull()


def test_grid_keys_grade_the_selected_item_and_start_an_addition(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    select(qtbot, editor, "IT Director", "objectives", "Finish the ERP migration on time")
    item_id = editor.grid.cell.current_item().id
    editor.grid.table.setFocus()
    qtbot.keyClick(editor.grid.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, ctx, editor, lambda m: next(i for i in m.items if i.id == item_id).status == ItemStatus.RESEARCHED)
    assert window.pages.currentIndex() == 0
    editor.grid.table.setFocus()
    qtbot.keyClick(editor.grid.table, Qt.Key.Key_Insert)
    assert editor.grid.cell.new_text.hasFocus()
    editor.grid.table.setFocus()
    qtbot.keyClick(editor.grid.table, Qt.Key.Key_F2)
    assert editor.grid.is_editing()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not editor.grid.is_editing()
    # Away from the matrix, Ctrl+2 is the window's page shortcut again.
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 1


def test_status_controls_can_be_hidden_for_items_without_status(qtbot) -> None:  # noqa: ANN001
    from ui.matrix.grid import MatrixGrid
    from tests.ui.matrix.test_models import sample_matrix

    grid = MatrixGrid()
    qtbot.addWidget(grid)
    grid.set_matrix(sample_matrix())
    grid.cell.set_status_editable(False)
    grid.show()
    assert not grid.cell.status_combo.isVisible() and not grid.cell.status_label.isVisible()
    grid.table.setFocus()
    with qtbot.assertNotEmitted(grid.set_status):
        qtbot.keyClick(grid.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(grid.cell.list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)


def test_a_reload_waits_while_an_item_is_being_edited(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    from ui.changes import Area, OpChanges

    window, editor = open_matrix(qtbot, ctx)
    account_id = editor.account_id
    select(qtbot, editor, "CFO", "objectives", CFO_OBJECTIVE)
    qtbot.keyClick(editor.grid.cell.list, Qt.Key.Key_F2)
    line_edit = QApplication.focusWidget()
    assert isinstance(line_edit, QLineEdit)
    qtbot.keyClick(line_edit, Qt.Key.Key_End)
    qtbot.keyClicks(line_edit, " (half typed)")
    # Someone else changes this account's matrix meanwhile.
    read(ctx, lambda store: store.matrix.add_item(store.matrix.roles(account_id)[1].id,
                                                  store.matrix.rows(account_id)[1].id, "Added elsewhere"))
    ctx.changes.notify(OpChanges.of(Area.MATRIX, account_id=account_id))
    wait_idle(qtbot, ctx)
    assert editor.grid.is_editing() and QApplication.focusWidget() is line_edit
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    wait_for(qtbot, ctx, editor, lambda m: f"{CFO_OBJECTIVE} (half typed)" in texts(m) and "Added elsewhere" in texts(m))


def test_role_headers_name_who_attends(qtbot, demo_db: Path, ctx) -> None:  # noqa: ANN001
    window, editor = open_matrix(qtbot, ctx)
    matrix = editor.controller.matrix
    column = {r.name: n for n, r in enumerate(matrix.roles)}
    header = editor.grid.model.headerData
    assert header(column["CFO"], Qt.Orientation.Horizontal) == "CFO\n● Dana"
    assert header(column["CFO"], Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        "CFO — attending: Dana Whitfield"
    assert header(column["IT Director"], Qt.Orientation.Horizontal) == "IT Director"  # Priya is not coming
