"""The Briefs page: upcoming first, stored snapshots open offline, search, brief pack."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from precall.briefs.generate import generate_brief
from tests.precall.briefs.factory import BriefScenario
from tests.precall.briefs.test_pack import check_links_stay_inside
from tests.ui.support import read
from ui.briefs.library import BriefsPage, LibraryModel, LibraryRow
from ui.context import AppContext


def make_page(qtbot, ctx: AppContext) -> BriefsPage:  # noqa: ANN001
    page = BriefsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    return page


def test_library_lists_upcoming_first_and_opens_the_stored_snapshot(qtbot, ctx: AppContext,
                                                                     scenario: BriefScenario) -> None:
    snapshot = read(ctx, lambda store: generate_brief(store, scenario.meeting_id).snapshot)
    page = make_page(qtbot, ctx)
    rows = page.model.rows
    assert [r.meeting_id for r in rows] == [scenario.meeting_id, scenario.earlier_meeting_id]
    assert rows[0].snapshot_id == snapshot.id and rows[1].brief == "No brief yet"
    # Opening reads the stored snapshot: even if the account changes meanwhile, the
    # rep sees exactly what they prepared.
    read(ctx, lambda store: store.accounts.update(scenario.account_id, notes="Changed after the brief"))
    page.open_row(0)
    qtbot.waitUntil(lambda: page.viewer.snapshot is not None, timeout=10_000)
    assert page.viewer.snapshot.id == snapshot.id
    text = page.viewer.browser.toPlainText()
    assert "Family-owned snack maker." in text and "Changed after the brief" not in text
    page.open_row(1)
    qtbot.waitUntil(lambda: "No brief yet" in page.viewer.browser.toPlainText(), timeout=10_000)


def test_search_finds_words_in_stored_briefs_and_survives_fts_syntax(qtbot, ctx: AppContext,
                                                                      scenario: BriefScenario) -> None:
    read(ctx, lambda store: generate_brief(store, scenario.meeting_id))
    page = make_page(qtbot, ctx)
    page.search.setText("safety stock")
    qtbot.waitUntil(lambda: len(page.model.rows) == 1 and "[" in page.model.rows[0].brief, timeout=10_000)
    page.search.setText('"title: NEAR(')
    qtbot.waitUntil(lambda: not page.model.rows and page.empty.isVisible(), timeout=10_000)
    assert "No stored brief mentions" in page.empty.text()


def test_generating_elsewhere_refreshes_the_library(qtbot, ctx: AppContext, scenario: BriefScenario) -> None:
    from ui.changes import Area, OpChanges

    page = make_page(qtbot, ctx)
    assert page.model.rows[0].snapshot_id is None
    read(ctx, lambda store: generate_brief(store, scenario.meeting_id))
    ctx.changes.notify(OpChanges.of(Area.BRIEFS, meeting_id=scenario.meeting_id))
    qtbot.waitUntil(lambda: page.model.rows[0].snapshot_id is not None, timeout=10_000)


def test_export_pack_writes_linked_files_and_a_pdf(qtbot, ctx: AppContext, scenario: BriefScenario,
                                                   tmp_path: Path, monkeypatch) -> None:
    page = make_page(qtbot, ctx)
    out = tmp_path / "packs"
    out.mkdir()
    monkeypatch.setattr(page, "ask_folder", lambda: out)
    with qtbot.waitSignal(page.pack_finished, timeout=20_000) as finished:
        page.export_pack()
    folder = finished.args[0]
    assert isinstance(folder, Path) and folder.parent == out
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == ["briefs.pdf", f"briefs/meeting-{scenario.meeting_id}.html", "index.html",
                     f"research/item-{scenario.research['results']}.html"]
    assert check_links_stay_inside(folder) >= 3
    pdf_text = " ".join(PdfReader(folder / "briefs.pdf").pages[0].extract_text().split())
    assert "Working-capital review" in pdf_text
    assert b"/FontFile2" in (folder / "briefs.pdf").read_bytes()
    assert re.search(r"Brief pack written to .*Precall briefs", page.status.text())
    assert page.pack_button.isEnabled()


def test_cancelling_the_pack_writes_nothing(qtbot, ctx: AppContext, scenario: BriefScenario, tmp_path: Path,
                                            monkeypatch) -> None:
    page = make_page(qtbot, ctx)
    out = tmp_path / "packs"
    out.mkdir()
    monkeypatch.setattr(page, "ask_folder", lambda: out)
    # Hold the database worker so the cancel lands before the pack is built.
    import threading

    gate = threading.Event()
    ctx.tasks.db(lambda store: gate.wait(10)).run()
    with qtbot.waitSignal(page.pack_finished, timeout=20_000) as finished:
        page.export_pack()
        page._progress.findChild(QPushButton).click()  # the dialog's Cancel button
        gate.set()
    assert finished.args[0] is None
    assert list(out.iterdir()) == []
    assert "cancelled" in page.status.text()


def test_library_model_is_a_well_behaved_qt_model(qtmodeltester) -> None:
    model = LibraryModel()
    model.set_rows([LibraryRow(1, 2, "Mon", "Call", "Acme", "Brief of …", True), LibraryRow(3, None, "Tue", "B", "C", "No brief yet")])
    qtmodeltester.check(model)
