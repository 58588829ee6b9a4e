"""One meeting's stored briefs: pick a version, read it, or see what changed.

Shared by the Brief meeting tab and the Briefs library. Everything shown comes from
the snapshots in the database (loaded on the database worker), so it opens at once
and needs no network.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from precall.briefs.diff import diff_texts, render_diff_html
from precall.store.briefs import BriefSnapshot, SnapshotSummary
from ui.briefs.browser import SafeBriefBrowser

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.briefs")


@dataclass(frozen=True)
class Loaded:
    history: list[SnapshotSummary]
    snapshot: BriefSnapshot | None
    previous: BriefSnapshot | None


def load_version(store: "Store", meeting_id: int, snapshot_id: int | None) -> Loaded:
    """The meeting's versions, the one asked for (default: latest) and the one before it."""
    history = store.briefs.history(meeting_id)
    if not history:
        return Loaded([], None, None)
    index = next((i for i, s in enumerate(history) if s.id == snapshot_id), 0)
    previous = store.briefs.get(history[index + 1].id) if index + 1 < len(history) else None
    return Loaded(history, store.briefs.get(history[index].id), previous)


def version_label(summary: SnapshotSummary, newest: bool) -> str:
    local = summary.created_at.astimezone()
    return f"{local:%a %d %b %Y, %H:%M}" + (" (latest)" if newest else "")


class SnapshotViewer(QWidget):
    #: Emitted with the snapshot now on screen (None when there is none).
    shown = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._meeting_id: int | None = None
        self._loaded = Loaded([], None, None)
        self._filling = False
        self.versions = QComboBox(self)
        self.versions.setAccessibleName("Brief versions")
        self.versions.setToolTip("Every generated brief is kept; pick an earlier version to read it as it was.")
        self.changes = QCheckBox("Show &what changed", self)
        self.changes.setAccessibleName("Show what changed since the previous version")
        self.changes.setToolTip("Lines added (+) and removed (−) since the version before this one")
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Changes summary")
        self.browser = SafeBriefBrowser(self)
        top = QHBoxLayout()
        version_label = QLabel("&Version:", self)
        version_label.setBuddy(self.versions)
        top.addWidget(version_label)
        top.addWidget(self.versions, 1)
        top.addWidget(self.changes)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.versions.currentIndexChanged.connect(self._version_picked)
        self.changes.toggled.connect(lambda _on: self._render())
        self._render()

    @property
    def snapshot(self) -> BriefSnapshot | None:
        return self._loaded.snapshot

    @property
    def meeting_id(self) -> int | None:
        return self._meeting_id

    def set_meeting(self, meeting_id: int | None, snapshot_id: int | None = None) -> None:
        self._meeting_id = meeting_id
        if meeting_id is None:
            self._show(Loaded([], None, None))
            return
        self.ctx.tasks.db(lambda store: load_version(store, meeting_id, snapshot_id), owner=self).latest(
            "load").success(lambda loaded: self._show(loaded) if meeting_id == self._meeting_id else None).run()

    def show_loaded(self, loaded: Loaded) -> None:
        self._show(loaded)

    def _show(self, loaded: Loaded) -> None:
        self._loaded = loaded
        self._filling = True
        try:
            self.versions.clear()
            for index, summary in enumerate(loaded.history):
                self.versions.addItem(version_label(summary, index == 0), summary.id)
            if loaded.snapshot is not None:
                self.versions.setCurrentIndex(max(0, self.versions.findData(loaded.snapshot.id)))
        finally:
            self._filling = False
        self.versions.setEnabled(len(loaded.history) > 1)
        self.changes.setEnabled(loaded.previous is not None)
        self._render()
        self.shown.emit(loaded.snapshot)

    def _version_picked(self, index: int) -> None:
        if self._filling or index < 0 or self._meeting_id is None:
            return
        self.set_meeting(self._meeting_id, self.versions.itemData(index))

    def _render(self) -> None:
        loaded = self._loaded
        if loaded.snapshot is None:
            self.summary.setText("")
            self.browser.setPlainText("No brief yet for this meeting. Generate one to keep a dated copy.")
            return
        if self.changes.isChecked() and loaded.previous is not None:
            diff = diff_texts(loaded.previous.plain_text, loaded.snapshot.plain_text)
            self.summary.setText(diff.summary())
            self.browser.show_html(render_diff_html(
                diff, title=f"What changed since {version_label(loaded.previous.summary, False)}"))
            return
        self.summary.setText("")
        self.browser.show_html(loaded.snapshot.html)
