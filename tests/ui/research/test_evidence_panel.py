"""The Evidence side panel: suggestions → accept → researched → unlink, on a real database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from precall.domain.matrix import ItemStatus
from tests.ui.research.library_data import prepared_db, seeded  # noqa: F401 (fixtures)
from tests.ui.support import read
from ui.changes import Area, OpChanges
from ui.context import AppContext
from ui.extensions import matrix_side_panels
from ui.research.evidence_panel import EvidencePanel, IdRole


def ids(widget: QListWidget) -> list[int]:
    return [widget.item(i).data(IdRole) for i in range(widget.count())]


def make_panel(qtbot: Any, ctx: AppContext) -> EvidencePanel:
    panel = EvidencePanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(360, 600)
    panel.show()
    return panel


def test_panel_is_registered_beside_the_matrix(qtbot: Any, ctx: AppContext) -> None:
    panels = [factory(ctx) for factory in matrix_side_panels()]
    for panel in panels:
        qtbot.addWidget(panel)
    assert any(isinstance(p, EvidencePanel) and p.title == "Evidence" for p in panels)


def test_empty_state_without_selection(qtbot: Any, ctx: AppContext) -> None:
    panel = make_panel(qtbot, ctx)
    assert "Select an assumption" in panel.heading.text()
    assert not panel.suggestions.isVisible() and not panel.accept_button.isEnabled()


def test_accept_a_suggestion_then_unlink(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    panel = make_panel(qtbot, ctx)
    notified: list[OpChanges] = []
    ctx.changes.changed.connect(lambda changes, _initiator: notified.append(changes))
    panel.set_item(seeded["account"], seeded["item"])
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0)
    assert ids(panel.suggestions)[0] == seeded["hub"]
    assert "«inventory»" in panel.suggestions.item(0).text()
    assert panel.heading.text().endswith("— Assumed")
    panel.suggestions.setCurrentRow(0)
    assert panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ids(panel.linked) == [seeded["hub"]])
    assert seeded["hub"] not in ids(panel.suggestions)
    assert panel.heading.text().endswith("— Researched")
    assert read(ctx, lambda store: store.matrix.item(seeded["item"]).status) is ItemStatus.RESEARCHED
    assert any(c.touches(Area.MATRIX) and c.touches(Area.RESEARCH) and c.account_id == seeded["account"] for c in notified)

    panel.linked.setCurrentRow(0)
    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.linked.count() == 0)
    assert read(ctx, lambda store: store.matrix.item(seeded["item"]).status) is ItemStatus.ASSUMED
    assert seeded["hub"] in ids(panel.suggestions)


def test_panel_follows_changes_made_elsewhere(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    panel = make_panel(qtbot, ctx)
    panel.set_item(seeded["account"], seeded["item"])
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0)
    read(ctx, lambda store: store.research.link_evidence(seeded["item"], seeded["hub"]))
    ctx.changes.notify(OpChanges.of(Area.MATRIX, account_id=seeded["account"]))
    qtbot.waitUntil(lambda: ids(panel.linked) == [seeded["hub"]])


def test_deleted_item_clears_the_panel(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    panel = make_panel(qtbot, ctx)
    panel.set_item(seeded["account"], 999_999)
    qtbot.waitUntil(lambda: "Select an assumption" in panel.heading.text())
    panel.set_item(seeded["account"], None)
    assert panel.linked.count() == 0


def test_read_opens_the_item_offline(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    panel = make_panel(qtbot, ctx)
    panel.set_item(seeded["account"], seeded["item"])
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0)
    panel.suggestions.setCurrentRow(0)
    qtbot.mouseClick(panel.read_button, Qt.MouseButton.LeftButton)
    dialog = panel.reader_dialog
    from ui.research.reader import ReaderPane

    pane = dialog.findChild(ReaderPane)
    qtbot.waitUntil(lambda: "15%" in pane.browser.toPlainText())
    dialog.close()


def test_inside_the_matrix_editor_selection_drives_the_panel(qtbot: Any, ctx: AppContext,
                                                             seeded: dict[str, int]) -> None:
    from ui.matrix.editor import MatrixEditor

    editor = MatrixEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.set_account(seeded["account"])
    panel = next(p for p in editor.panels if isinstance(p, EvidencePanel))
    editor.grid.current_item_changed.emit(seeded["item"])
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0)
    panel.suggestions.setCurrentRow(0)
    panel.accept_selected()
    qtbot.waitUntil(lambda: panel.heading.text().endswith("— Researched"))
    assert read(ctx, lambda store: store.matrix.item(seeded["item"]).status) is ItemStatus.RESEARCHED


def test_all_sql_runs_on_the_database_worker(qtbot: Any, ctx: AppContext, seeded: dict[str, int]) -> None:
    from tests.ui.support import SqlThreads
    from ui.research.reader import ResearchReader

    threads = SqlThreads()
    threads.install(ctx)
    panel = make_panel(qtbot, ctx)
    panel.set_item(seeded["account"], seeded["item"])
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0)
    panel.suggestions.setCurrentRow(0)
    panel.accept_selected()
    qtbot.waitUntil(lambda: panel.linked.count() == 1)
    reader = ResearchReader(ctx)
    qtbot.addWidget(reader)
    reader.set_scope(seeded["account"], None)
    reader.search.box.setText("rotterdam")
    reader.search.refresh()
    qtbot.waitUntil(lambda: reader.search.model.rowCount() == 1)
    reader.show_item(seeded["hub"])
    qtbot.waitUntil(lambda: "15%" in reader.reader.browser.toPlainText())
    assert threads.names and {name.split("_")[0] for name in threads.names} == {"precall-db"}
