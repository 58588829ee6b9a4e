"""The matrix item models pass pytest-qt's model tester, filled and empty, and a drop
in the cell list asks for a move instead of editing the list itself."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from precall.domain.matrix import ItemStatus, Matrix, MatrixItem, MatrixRole, MatrixRow
from ui.matrix.models import CellItemsModel, ItemsRole, MatrixGridModel


def sample_matrix() -> Matrix:
    roles = (MatrixRole(1, 7, "CFO", 0), MatrixRole(2, 7, "IT Director", 1))
    rows = (MatrixRow(10, 7, "objectives", "Objectives", 0), MatrixRow(11, 7, "questions", "Questions to ask", 1))
    items = (
        MatrixItem(100, 7, 1, 10, 1, "Cut working capital", ItemStatus.RESEARCHED),
        MatrixItem(101, 7, 1, 10, 0, "Protect margin"),
        MatrixItem(102, 7, 2, 11, 0, "Which integrations must be live?", ItemStatus.REFUTED),
    )
    return Matrix(7, roles, rows, items)


def test_grid_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = MatrixGridModel()
    qtmodeltester.check(model)
    model.set_matrix(sample_matrix())
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    cell = model.index(0, 0)
    assert [i.text for i in cell.data(ItemsRole)] == ["Protect margin", "Cut working capital"]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "IT Director"
    assert model.headerData(1, Qt.Orientation.Vertical) == "Questions to ask"
    assert "(refuted)" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 0).data(ItemsRole) == []


def test_cell_model_passes_the_model_tester_and_turns_gestures_into_intents(qtmodeltester, qtbot) -> None:  # noqa: ANN001
    model = CellItemsModel()
    qtmodeltester.check(model)
    items = sample_matrix().cell(1, 10)
    model.set_items(items)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.text_edited) as edited:
        assert model.setData(model.index(0), "  Protect gross margin  ")
    assert edited.args == [101, "Protect gross margin"]
    assert not model.setData(model.index(0), "   ")  # an empty text is refused, not saved
    assert model.data(model.index(0)) == "Protect margin"  # the owner's reload changes it, not the edit
    mime = model.mimeData([model.index(0)])
    with qtbot.waitSignal(model.move_requested) as moved:
        model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert moved.args == [101, 1]


def test_dragging_a_header_asks_for_a_move_and_leaves_the_model_in_charge(qtbot) -> None:  # noqa: ANN001
    from ui.matrix.grid import MatrixGrid

    grid = MatrixGrid()
    qtbot.addWidget(grid)
    grid.set_matrix(sample_matrix())
    header = grid.table.horizontalHeader()
    with qtbot.waitSignal(grid.move_role) as moved:
        header.moveSection(0, 1)  # what a mouse drag of the CFO column ends in
    assert moved.args == [1, 1]
    assert header.logicalIndex(0) == 0  # the header is put back; the reload shows the move
    with qtbot.waitSignal(grid.move_row) as moved_row:
        grid.table.verticalHeader().moveSection(1, 0)
    assert moved_row.args == [11, 0]


def test_grid_refuses_duplicate_and_empty_names_with_a_message(qtbot) -> None:  # noqa: ANN001
    from ui.matrix.grid import MatrixGrid

    grid = MatrixGrid()
    qtbot.addWidget(grid)
    grid.set_matrix(sample_matrix())
    with qtbot.assertNotEmitted(grid.rename_role), qtbot.assertNotEmitted(grid.add_row):
        assert not grid.request_rename_role(1, "it director")
        assert "already a role named 'it director'" in grid.message.text()
        assert not grid.request_add_row(" ")
        assert "needs a name" in grid.message.text()
    with qtbot.waitSignal(grid.rename_role) as renamed:
        assert grid.request_rename_role(1, " Chief Financial Officer ")
    assert renamed.args == [1, "Chief Financial Officer"]
    assert grid.message.isHidden()


def test_a_matrix_without_roles_says_how_to_add_one(qtbot) -> None:  # noqa: ANN001
    from ui.matrix.grid import MatrixGrid

    grid = MatrixGrid()
    qtbot.addWidget(grid)
    grid.show()
    full = sample_matrix()
    grid.set_matrix(Matrix(full.account_id, (), full.rows, ()))
    assert grid.empty_hint.isVisible() and "Add role" in grid.empty_hint.text()
    grid.set_matrix(full)
    assert not grid.empty_hint.isVisible()
