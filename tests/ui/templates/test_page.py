"""The Templates page driven like a user would, on a real database and a real task runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import Qt

from precall.templates.subscriptions import subscribe
from tests.precall.templates.builders import template_doc, write_doc
from tests.ui.support import SqlThreads, read, wait_idle
from ui.templates.library import TemplateLibraryModel
from ui.templates.page import TemplatesPage


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> Iterator[TemplatesPage]:
    view = TemplatesPage(ctx, check_at_start=False)
    # Not qtbot.addWidget: pytest-qt would delete the page before this fixture's teardown
    # lets follow-up loads finish.
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    wait_idle(qtbot, ctx)
    yield view
    wait_idle(qtbot, ctx)  # follow-up loads finish before the page and the task runner go
    view.close()
    view.deleteLater()


def _select(qtbot: Any, ctx: Any, page: TemplatesPage, template_id: str) -> None:
    qtbot.waitUntil(lambda: page.model.row_of(template_id) >= 0)
    page.library.setCurrentIndex(page.model.index(page.model.row_of(template_id)))
    wait_idle(qtbot, ctx)
    assert page.editor.draft is not None and page.editor.draft.template.id == template_id


def _v2() -> dict:
    doc = template_doc(version=2)
    items = doc["roles"][0]["items"]
    items[0]["text"] = "Reworded by the manager"
    items[1]["text"] = "Also reworded, but the rep confirmed the old one"
    del items[2]
    items.append({"key": "n1", "row": "objectives", "text": "A brand new assumption"})
    return doc


def test_starters_are_in_the_library(page: TemplatesPage) -> None:
    names = [page.model.info_at(n).name for n in range(page.model.rowCount())]
    assert "CFO in manufacturing" in names and "IT Director in healthcare" in names
    assert page.editor.draft is not None  # the first template is selected and shown


def test_apply_a_template_then_its_update(qtbot: Any, ctx: Any, page: TemplatesPage, tmp_path: Path) -> None:
    threads = SqlThreads()
    threads.install(ctx)
    account = read(ctx, lambda s: s.accounts.create("Acme Tools", industry="Manufacturing"))
    page.import_file(write_doc(tmp_path / "v1.json", template_doc()))
    wait_idle(qtbot, ctx)
    assert "Imported 'Team CFO' version 1" in page.message.text()
    _select(qtbot, ctx, page, "team-cfo")
    page.tabs.setCurrentWidget(page.apply_panel)
    panel = page.apply_panel
    panel.set_checked(account.id)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Acme Tools: 6 new assumptions" in panel.preview.toPlainText())
    assert "+ CFO / Objectives: Assumption number 0" in panel.preview.toPlainText()
    assert read(ctx, lambda s: s.matrix.items(account.id)) == []  # a preview writes nothing
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Applied version 1 to 1 account" in panel.status.text())
    items = {i.key: i for i in read(ctx, lambda s: s.templates.linked_items(account.id, "team-cfo"))}
    assert len(items) == 6

    # The rep confirms one assumption and rewrites another.
    read(ctx, lambda s: s.matrix.update_item(items["i1"].id, status="confirmed"))
    read(ctx, lambda s: s.matrix.update_item(items["i2"].id, text="The rep's own words"))
    page.import_file(write_doc(tmp_path / "v2.json", _v2()))
    wait_idle(qtbot, ctx)
    assert "Updated 'Team CFO' to version 2: 1 new assumption, 2 changed, 1 removed" in page.message.text()
    qtbot.waitUntil(lambda: "version 2 is ready to apply" in panel.accounts.item(0).text())
    assert panel.checked_ids() == [account.id]
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Acme Tools:" in panel.preview.toPlainText())
    preview = panel.preview.toPlainText()
    assert "1 new assumption, 1 changed, 2 you edited stay as you left them" in preview
    assert "(kept as you left it; the template dropped it)" in preview
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Applied version 2" in panel.status.text())
    after = {i.key: i for i in read(ctx, lambda s: s.templates.linked_items(account.id, "team-cfo"))}
    assert after["i0"].text == "Reworded by the manager"
    assert after["i1"].text == "Assumption number 1" and after["i1"].status == "confirmed"
    assert after["i2"].text == "The rep's own words"
    assert "n1" in after
    qtbot.waitUntil(lambda: "(follows version 2)" in panel.accounts.item(0).text())
    assert page.changes_panel.summary.text() == "Version 1 → 2: 1 new assumption, 2 changed, 1 removed"
    assert threads.names and {name.split("_")[0] for name in threads.names} == {"precall-db"}


def test_editor_saves_a_new_version_with_the_matrix_grid(qtbot: Any, ctx: Any, page: TemplatesPage,
                                                          tmp_path: Path) -> None:
    page.import_file(write_doc(tmp_path / "v1.json", template_doc()))
    wait_idle(qtbot, ctx)
    _select(qtbot, ctx, page, "team-cfo")
    editor = page.editor
    matrix = editor.draft.matrix()
    role, row = matrix.roles[0], matrix.rows[1]
    editor.grid.select_cell(role.id, row.id)
    editor.grid.cell.new_text.setText("Cash is tight after the plant expansion")
    editor.grid.cell.new_text.returnPressed.emit()
    assert "Cash is tight after the plant expansion" in [i.text for i in editor.draft.matrix().items]
    new_id = next(i.id for i in editor.draft.matrix().items if i.text.startswith("Cash is tight"))
    editor.grid.current_item_changed.emit(new_id)
    editor.keywords.setText("cash, capex, cash")
    editor.keywords.editingFinished.emit()
    assert editor.save_button.isEnabled() and editor.save_button.text() == "&Save as version 2"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved version 2" in editor.message.text())
    saved = read(ctx, lambda s: s.templates.get("team-cfo"))
    new_item = next(p.item for p in saved.placed_items() if p.item.text.startswith("Cash is tight"))
    assert saved.version == 2 and new_item.row == "challenges" and new_item.keywords == ("cash", "capex")
    assert new_item.key == "cfo-challenges-1"
    wait_idle(qtbot, ctx)
    assert page.changes_panel.summary.text() == "Version 1 → 2: 1 new assumption"


def test_editor_refuses_a_duplicate_role_in_words(qtbot: Any, ctx: Any, page: TemplatesPage) -> None:
    _select(qtbot, ctx, page, "cfo-manufacturing")
    page.editor.grid.add_role.emit("CFO")
    assert "already a role named 'CFO'" in page.editor.grid.message.text()
    assert not page.editor.dirty


def test_subscribe_to_a_team_folder_from_the_page(qtbot: Any, ctx: Any, page: TemplatesPage, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    write_doc(folder / "cfo.json", template_doc())
    panel = page.subscriptions
    panel.subscribe(str(folder))
    qtbot.waitUntil(lambda: "new template 'Team CFO'" in panel.status.text(), timeout=10_000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.row_of("team-cfo") >= 0)
    assert panel.list.count() == 1
    write_doc(folder / "cfo.json", _v2())
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "version 2: 1 new assumption, 2 changed, 1 removed" in panel.status.text())
    assert "Templates updated from your subscriptions" in page.message.text()


def test_subscriptions_are_checked_when_the_page_starts(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    read(ctx, lambda s: subscribe(s, str(folder)))
    write_doc(folder / "cfo.json", template_doc())
    view = TemplatesPage(ctx)
    try:
        qtbot.waitUntil(lambda: view.model.row_of("team-cfo") >= 0, timeout=10_000)
        assert "new template 'Team CFO'" in view.subscriptions.status.text()
    finally:
        wait_idle(qtbot, ctx)
        view.deleteLater()


def test_feedback_report_on_the_page(qtbot: Any, ctx: Any, page: TemplatesPage, tmp_path: Path) -> None:
    page.import_file(write_doc(tmp_path / "v1.json", template_doc()))
    wait_idle(qtbot, ctx)
    feedback = tmp_path / "fb.json"
    feedback.write_text(json.dumps({"format": "precall-template-feedback", "format_version": 1, "batch": "a" * 32,
                                    "counts": [{"template_id": "team-cfo", "version": 1, "item_key": "i0",
                                                "confirmed": 3, "refuted": 1}]}))
    page.feedback.import_files([feedback])
    qtbot.waitUntil(lambda: "Imported feedback on 1 assumption" in page.feedback.status.text())
    _select(qtbot, ctx, page, "team-cfo")
    qtbot.waitUntil(lambda: page.feedback.table.rowCount() == 1)
    assert page.feedback.table.item(0, 0).text() == "75%"
    assert page.feedback.table.item(0, 6).text() == "Assumption number 0"


def test_library_model_is_a_well_behaved_model(qtmodeltester: Any, page: TemplatesPage) -> None:
    assert isinstance(page.model, TemplateLibraryModel) and page.model.rowCount() == 3
    qtmodeltester.check(page.model)


def test_page_is_in_the_main_window(qtbot: Any, ctx: Any) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.ensure_pages()
    wait_idle(qtbot, ctx)
    try:
        page = window.page("Templates")
        assert isinstance(page, TemplatesPage)
        qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    finally:
        window.close()  # the close path runs its own work (backups); let it finish first
        wait_idle(qtbot, ctx)
        window.deleteLater()


def test_dropping_a_template_file_on_the_window_imports_it(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    from ui.main_window import MainWindow
    from ui.templates.drop import sniff, template_drop_handler

    notes = tmp_path / "notes.json"
    notes.write_text('{"something": "else"}')
    assert sniff(notes) is None and sniff(tmp_path / "x.ics") is None
    window = MainWindow(ctx)
    window.ensure_pages()
    wait_idle(qtbot, ctx)
    try:
        assert not template_drop_handler(ctx, window, notes)
        assert template_drop_handler(ctx, window, write_doc(tmp_path / "cfo.json", template_doc()))
        page = window.page("Templates")
        qtbot.waitUntil(lambda: "Imported 'Team CFO' version 1" in page.message.text())
        assert window.pages.currentWidget() is page
    finally:
        window.close()
        wait_idle(qtbot, ctx)
        window.deleteLater()


def test_matrix_side_panel_previews_and_applies_an_update(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    from ui.templates.account_panel import AccountTemplatesPanel

    account = read(ctx, lambda s: s.accounts.create("Acme Tools"))
    read(ctx, lambda s: s.templates.import_data(json.dumps(template_doc())))
    panel = AccountTemplatesPanel(ctx)
    try:
        panel.set_item(account.id, None)
        wait_idle(qtbot, ctx)
        assert "follows no template yet" in panel.status.text()
        panel.library.setCurrentIndex(panel.library.findData("team-cfo"))
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Team CFO version 1: 6 new assumptions" in panel.preview.toPlainText())
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Applied version 1" in panel.status.text())
        items = {i.key: i for i in read(ctx, lambda s: s.templates.linked_items(account.id, "team-cfo"))}
        read(ctx, lambda s: s.matrix.update_item(items["i1"].id, status="refuted"))
        read(ctx, lambda s: s.templates.import_data(json.dumps(_v2())))
        panel.reload()  # what the Templates page's notification does
        qtbot.waitUntil(lambda: "Team CFO version 2:" in panel.preview.toPlainText())
        assert "new version" in panel.status.text()
        assert "1 new assumption, 1 changed, 1 removed, 1 you edited stay as you left it" in panel.preview.toPlainText()
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Applied version 2" in panel.status.text())
        after = {i.key: i for i in read(ctx, lambda s: s.templates.linked_items(account.id, "team-cfo"))}
        assert after["i1"].status == "refuted" and after["i0"].text == "Reworded by the manager"
        # Selecting another item of the same account does not reload the panel.
        wait_idle(qtbot, ctx)
        panel.set_item(account.id, 123)
        assert ctx.tasks.pending == 0
    finally:
        wait_idle(qtbot, ctx)
        panel.deleteLater()


def test_a_new_template_is_written_saved_and_exported(qtbot: Any, ctx: Any, page: TemplatesPage, tmp_path: Path) -> None:
    page.start_new("VP Sales at a logistics company")
    editor = page.editor
    assert editor.save_button.isEnabled() and editor.save_button.text() == "&Save as version 1"
    matrix = editor.draft.matrix()
    editor.grid.add_item.emit(matrix.roles[0].id, matrix.rows[0].id, "Grow revenue per route")
    editor.grid.rename_role.emit(matrix.roles[0].id, "VP Sales")
    editor.industry.setText("Logistics")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Saved version 1" in editor.message.text())
    wait_idle(qtbot, ctx)
    saved = read(ctx, lambda s: s.templates.get("vp-sales-at-a-logistics-company"))
    assert saved.industry == "Logistics" and saved.roles[0].name == "VP Sales"
    assert [p.item.text for p in saved.placed_items()] == ["Grow revenue per route"]
    assert page.model.row_of(saved.id) >= 0
    target = tmp_path / "out" / "vp-sales.json"
    page.export_to(target)
    qtbot.waitUntil(lambda: target.exists())
    from precall.templates.format import read_template_file

    assert read_template_file(target) == saved


def test_f5_checks_subscriptions_from_any_tab(qtbot: Any, ctx: Any, page: TemplatesPage, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    read(ctx, lambda s: subscribe(s, str(folder)))
    write_doc(folder / "cfo.json", template_doc())
    page.tabs.setCurrentWidget(page.editor)
    page.library.setFocus()
    qtbot.keyClick(page.library, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "new template 'Team CFO'" in page.subscriptions.status.text())


def _announced(ctx: Any) -> list[Any]:
    seen: list[Any] = []
    ctx.changes.changed.connect(lambda changes, _initiator: seen.append(changes))
    return seen


def test_an_apply_still_tells_other_views_when_the_panel_closed_meanwhile(qtbot: Any, ctx: Any) -> None:
    """The matrix and the checklist must reload even if the side panel that applied the
    template was closed before the store answered."""
    import threading

    import shiboken6

    from ui.changes import Area
    from ui.templates.account_panel import AccountTemplatesPanel

    account = read(ctx, lambda s: s.accounts.create("Acme Tools"))
    read(ctx, lambda s: s.templates.import_data(json.dumps(template_doc())))
    panel = AccountTemplatesPanel(ctx)
    panel.set_item(account.id, None)
    wait_idle(qtbot, ctx)
    panel.library.setCurrentIndex(panel.library.findData("team-cfo"))
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.apply_button.isEnabled())
    seen = _announced(ctx)
    gate = threading.Event()
    ctx.tasks.db(lambda store: gate.wait(10)).run()
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    shiboken6.delete(panel)
    gate.set()
    wait_idle(qtbot, ctx)
    assert read(ctx, lambda s: s.templates.linked_items(account.id, "team-cfo")), "the apply committed"
    assert [(c.touches(Area.MATRIX), c.account_id) for c in seen] == [(True, account.id)]


def test_a_saved_template_version_is_announced_when_the_page_closed_meanwhile(qtbot: Any, ctx: Any,
                                                                              tmp_path: Path) -> None:
    import threading

    import shiboken6

    from ui.changes import Area

    view = TemplatesPage(ctx, check_at_start=False)
    wait_idle(qtbot, ctx)
    view.import_file(write_doc(tmp_path / "v1.json", template_doc()))
    wait_idle(qtbot, ctx)
    _select(qtbot, ctx, view, "team-cfo")
    view.editor.name.setText("Team CFO, renamed")
    seen = _announced(ctx)
    gate = threading.Event()
    ctx.tasks.db(lambda store: gate.wait(10)).run()
    view.editor.save()
    shiboken6.delete(view)
    gate.set()
    wait_idle(qtbot, ctx)
    assert read(ctx, lambda s: s.templates.get("team-cfo")).version == 2
    assert [c.touches(Area.TEMPLATES) for c in seen] == [True]
