"""The "Brief" meeting tab: generate the meeting's brief, read any stored version, export.

Generating composes and snapshots on the database worker; the tab then shows the
stored HTML. Exports write the version on screen: HTML and Markdown as stored, PDF
rendered here on the GUI thread (Qt's text layout lives there; a typical brief takes
tens of milliseconds, see tests/benchmarks/bench_brief.py), never running SQL.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from precall.briefs.generate import GeneratedBrief, generate_brief
from precall.errors import PrecallError
from precall.fileio import atomic_write_text
from precall.store.briefs import BriefSnapshot
from ui.briefs.viewer import Loaded, SnapshotViewer, load_version
from ui.changes import Area, OpChanges
from ui.plan.common import show_status, status_label
from ui.interfaces import MeetingTab

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.briefs")

EXPORTS = {
    "html": ("Export brief as HTML", "HTML page (*.html)", ".html"),
    "md": ("Export brief as Markdown", "Markdown (*.md)", ".md"),
    "pdf": ("Export brief as PDF", "PDF document (*.pdf)", ".pdf"),
}


def suggested_name(snapshot: BriefSnapshot, suffix: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", snapshot.title).strip().replace(" ", "-")[:80] or "brief"
    return f"{stem}-{snapshot.created_at:%Y-%m-%d}{suffix}"


def export_snapshot(snapshot: BriefSnapshot, fmt: str, path: Path) -> float:
    """Write ``snapshot`` as ``fmt`` to ``path``; returns the seconds it took."""
    started = time.perf_counter()
    if fmt == "html":
        atomic_write_text(path, snapshot.html)
    elif fmt == "md":
        atomic_write_text(path, snapshot.markdown)
    elif fmt == "pdf":
        from ui.pdf import render_pdf

        render_pdf(snapshot.html, path, title=snapshot.title)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return time.perf_counter() - started


class BriefTab(MeetingTab):
    title = "Brief"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.setAccessibleName("Brief")
        self.generate_button = QPushButton("&Generate brief", self)
        self.generate_button.setShortcut(QKeySequence("Ctrl+G"))
        self.generate_button.setToolTip("Compose the brief from the plan, matrix and research and keep it (Ctrl+G)")
        self.generate_button.setAccessibleName("Generate brief")
        self.export_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.generate_button)
        row.addStretch(1)
        for fmt, label in (("html", "Export &HTML…"), ("md", "Export &Markdown…"), ("pdf", "Export &PDF…")):
            button = QPushButton(label, self)
            button.setAccessibleName(EXPORTS[fmt][0])
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            row.addWidget(button)
            self.export_buttons[fmt] = button
        self.status = status_label(self, "Brief status")
        self.viewer = SnapshotViewer(ctx, self)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.viewer, 1)
        self.generate_button.clicked.connect(self.generate)
        self.viewer.shown.connect(self._on_shown)
        ctx.changes.changed.connect(self._on_changes)
        self._on_shown(None)

    # public -----------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        show_status(self.status, "")
        self.generate_button.setEnabled(meeting_id is not None)
        self.viewer.set_meeting(meeting_id)

    def generate(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        self.generate_button.setEnabled(False)
        show_status(self.status, "Composing the brief…")

        def work(store: Store) -> tuple[GeneratedBrief, Loaded]:
            generated = generate_brief(store, meeting_id)
            return generated, load_version(store, meeting_id, generated.snapshot.id)

        self.ctx.tasks.db(work, owner=self).changes(Area.BRIEFS, meeting_id=meeting_id).success(
            self._generated).failure(self._failed).run()

    def export(self, fmt: str) -> Path | None:
        snapshot = self.viewer.snapshot
        if snapshot is None:
            return None
        caption, filters, suffix = EXPORTS[fmt]
        path = self.ask_path(caption, suggested_name(snapshot, suffix), filters)
        if path is None:
            return None
        if not path.suffix:
            path = path.with_suffix(suffix)
        try:
            seconds = export_snapshot(snapshot, fmt, path)
        except PrecallError as error:
            show_status(self.status, f"Not exported: {error}")
            return None
        log.info("exported brief %s as %s in %.0f ms", snapshot.id, fmt, seconds * 1000)
        show_status(self.status, f"Exported to {path}.")
        return path

    def ask_path(self, caption: str, name: str, filters: str) -> Path | None:
        """The save dialog (tests replace it)."""
        folder = str(self.ctx.settings.value("briefs/export_dir", str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(self, caption, str(Path(folder) / name), filters)
        if not chosen:
            return None
        self.ctx.settings.setValue("briefs/export_dir", str(Path(chosen).parent))
        return Path(chosen)

    # internals --------------------------------------------------------------
    def _generated(self, result: tuple[GeneratedBrief, Loaded]) -> None:
        generated, loaded = result
        self.generate_button.setEnabled(self.meeting_id is not None)
        if generated.snapshot.meeting_id != self.meeting_id:
            return  # the rep moved on to another meeting meanwhile
        self.viewer.show_loaded(loaded)
        when = generated.snapshot.created_at.astimezone()
        show_status(self.status, f"New version kept ({when:%d %b %Y, %H:%M})." if generated.created
                    else f"Nothing changed since the version of {when:%d %b %Y, %H:%M}.")

    def _failed(self, error: PrecallError) -> None:
        self.generate_button.setEnabled(self.meeting_id is not None)
        show_status(self.status, f"The brief could not be generated: {error}")

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        # A brief pack (or another window) may have stored a new version of this brief.
        if initiator is self or self.meeting_id is None or not changes.touches(Area.BRIEFS):
            return
        if changes.meeting_id in (None, self.meeting_id):
            self.viewer.set_meeting(self.meeting_id)

    def _on_shown(self, snapshot: BriefSnapshot | None) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(snapshot is not None)


def brief_tab(ctx: "AppContext") -> BriefTab:
    return BriefTab(ctx)
