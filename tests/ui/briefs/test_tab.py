"""The Brief meeting tab: generate with Ctrl+G, read versions and changes, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from precall.briefs.generate import generate_brief
from tests.precall.briefs.factory import BriefScenario
from tests.ui.support import read
from ui.briefs.tab import BriefTab
from ui.context import AppContext


def make_tab(qtbot, ctx: AppContext, meeting_id: int) -> BriefTab:  # noqa: ANN001
    tab = BriefTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_meeting(meeting_id)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    return tab


def test_generate_with_ctrl_g_shows_the_brief_and_keeps_a_snapshot(qtbot, ctx: AppContext,
                                                                    scenario: BriefScenario) -> None:
    tab = make_tab(qtbot, ctx, scenario.meeting_id)
    assert "No brief yet" in tab.viewer.browser.toPlainText()
    assert not tab.export_buttons["pdf"].isEnabled()
    tab.activateWindow()
    tab.setFocus()
    qtbot.keyClick(tab, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None, timeout=10_000)
    shown = tab.viewer.browser.toPlainText()
    assert "Working-capital review" in shown and "Protect gross margin" in shown and "Researched" in shown
    assert "New version kept" in tab.status.text()
    assert tab.export_buttons["pdf"].isEnabled()
    assert len(read(ctx, lambda store: store.briefs.history(scenario.meeting_id))) == 1
    assert tab.viewer.browser.refused == []  # a brief loads nothing


def test_regenerating_unchanged_keeps_one_version_and_a_change_shows_a_diff(qtbot, ctx: AppContext,
                                                                             scenario: BriefScenario, clock) -> None:
    tab = make_tab(qtbot, ctx, scenario.meeting_id)
    tab.generate()
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None, timeout=10_000)
    first = tab.viewer.snapshot
    tab.generate()
    qtbot.waitUntil(lambda: "Nothing changed" in tab.status.text(), timeout=10_000)
    clock.advance(timedelta(hours=1))
    read(ctx, lambda store: store.matrix.update_item(scenario.items["cfo_objective"], status="confirmed",
                                                           note="Dana said so"))
    tab.generate()
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None and tab.viewer.snapshot.id != first.id, timeout=10_000)
    assert tab.viewer.versions.count() == 2 and tab.viewer.changes.isEnabled()
    tab.viewer.changes.setChecked(True)
    diff = tab.viewer.browser.toPlainText()
    assert "What changed" in diff and "added" in diff and "removed" in diff
    assert "Confirmed: Protect gross margin" in diff
    assert tab.viewer.summary.text().endswith("removed.")
    # Reading the earlier version shows it exactly as it was.
    tab.viewer.changes.setChecked(False)
    tab.viewer.versions.setCurrentIndex(1)
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None and tab.viewer.snapshot.id == first.id, timeout=10_000)
    assert "Assumed Protect gross margin" in " ".join(tab.viewer.browser.toPlainText().split())


def test_exports_write_html_markdown_and_pdf(qtbot, ctx: AppContext, scenario: BriefScenario, tmp_path: Path,
                                             monkeypatch) -> None:
    read(ctx, lambda store: generate_brief(store, scenario.meeting_id))
    tab = make_tab(qtbot, ctx, scenario.meeting_id)
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None, timeout=10_000)
    targets = iter([tmp_path / "b.html", tmp_path / "b.md", tmp_path / "b"])
    monkeypatch.setattr(tab, "ask_path", lambda caption, name, filters: next(targets))
    assert tab.export("html").read_text().startswith("<!DOCTYPE html>")
    assert "## Questions to ask" in tab.export("md").read_text()
    pdf = tab.export("pdf")
    assert pdf == tmp_path / "b.pdf"
    assert "Dana Whitfield" in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert f"Exported to {pdf}" in tab.status.text()


def test_export_failure_is_shown_not_raised(qtbot, ctx: AppContext, scenario: BriefScenario, tmp_path: Path,
                                            monkeypatch) -> None:
    read(ctx, lambda store: generate_brief(store, scenario.meeting_id))
    tab = make_tab(qtbot, ctx, scenario.meeting_id)
    qtbot.waitUntil(lambda: tab.viewer.snapshot is not None, timeout=10_000)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(tab, "ask_path", lambda *a: blocker / "b.html")
    assert tab.export("html") is None
    assert tab.status.text().startswith("Not exported: Cannot write")
