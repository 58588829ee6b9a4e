"""The "Briefs" page: every meeting's latest brief, upcoming first, searchable offline.

Opening a brief shows the stored snapshot (no composing, no network). The search box
runs a full-text search over every stored version. "Export brief pack…" writes all
upcoming briefs with the research they cite as a folder of linked HTML files and a
PDF, with progress and cancel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressDialog, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from precall.briefs.pack import BriefPack, build_pack, write_pack
from precall.errors import PrecallError
from precall.store.briefs import BriefSearchHit, LibraryEntry
from ui.briefs.viewer import SnapshotViewer
from ui.changes import Area, OpChanges
from ui.plan.common import show_status, status_label
from ui.interfaces import Page

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext
    from ui.tasks import Op

log = logging.getLogger("precall.ui.briefs")
SEARCH_DELAY_MS = 250
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LibraryRow:
    meeting_id: int
    snapshot_id: int | None
    when: str
    title: str
    account: str
    brief: str
    upcoming: bool = False


def rows_from_library(entries: list[LibraryEntry]) -> list[LibraryRow]:
    rows = []
    for e in entries:
        local = e.start.astimezone()
        brief = f"Brief of {e.latest.created_at.astimezone():%d %b, %H:%M}" if e.latest else "No brief yet"
        when = f"{local:%a %d %b %Y, %H:%M}" + ("" if e.upcoming else " (past)")
        rows.append(LibraryRow(e.meeting_id, e.latest.id if e.latest else None, when,
                               e.title, e.account, brief, e.upcoming))
    return rows


def rows_from_hits(hits: list[BriefSearchHit]) -> list[LibraryRow]:
    return [LibraryRow(h.snapshot.meeting_id, h.snapshot.id, f"{h.snapshot.created_at.astimezone():%a %d %b %Y, %H:%M}",
                       h.snapshot.title, h.account, " ".join(h.snippet.split())) for h in hits]


class LibraryModel(QAbstractTableModel):
    HEADERS = ("When", "Meeting", "Account", "Brief")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LibraryRow] = []

    def set_rows(self, rows: list[LibraryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.when, row.title, row.account, row.brief)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self.HEADERS[section]
        return None


class BriefsPage(Page):
    title = "Briefs"
    #: The folder of a finished pack, or the error that stopped it.
    pack_finished = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pack_op: Op[Any] | None = None
        self._progress: QProgressDialog | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search every stored brief (Ctrl+F)")
        self.search.setAccessibleName("Search briefs")
        self.search.setClearButtonEnabled(True)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.pack_button = QPushButton("Export brief &pack…", self)
        self.pack_button.setAccessibleName("Export brief pack")
        self.pack_button.setToolTip("All upcoming briefs with the research they cite, as HTML files and one PDF")
        self.model = LibraryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Briefs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(2, True)  # the account is in the meeting's title and the brief
        self.empty = QLabel(self)
        self.empty.setAccessibleName("Empty state")
        self.empty.setWordWrap(True)
        self.status = status_label(self, "Briefs status")
        self.viewer = SnapshotViewer(ctx, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.pack_button)
        left_layout.addLayout(top)
        self.table.setWordWrap(True)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 820])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.pack_button.clicked.connect(self.export_pack)
        ctx.changes.changed.connect(self._on_changes)
        self.reload()

    # listing ----------------------------------------------------------------
    def reload(self) -> None:
        query = self.search.text().strip()
        now = self.ctx.clock.now()

        def load(store: Store) -> list[LibraryRow]:
            if query:
                return rows_from_hits(store.briefs.search(query))
            return rows_from_library(store.briefs.library(now))

        self.ctx.tasks.db(load, owner=self).latest("load").success(lambda rows: self._fill(rows, query)).run()

    def _fill(self, rows: list[LibraryRow], query: str) -> None:
        chosen = self._chosen()
        self.model.set_rows(rows)
        if not rows:
            self.empty.setText(f"No stored brief mentions “{query}”." if query else
                               "No meetings yet. Add one on the Meetings page, then generate its brief.")
        self.empty.setVisible(not rows)
        self.table.resizeRowsToContents()
        for index, row in enumerate(rows):
            if chosen is not None and (row.meeting_id, row.snapshot_id) == chosen:
                self.table.selectRow(index)
                break

    def _chosen(self) -> tuple[int, int | None] | None:
        index = self.table.currentIndex()
        row = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        return (row.meeting_id, row.snapshot_id) if row else None

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.data(current, Qt.ItemDataRole.UserRole) if current.isValid() else None
        if row is not None:
            self.viewer.set_meeting(row.meeting_id, row.snapshot_id)

    def open_row(self, index: int) -> None:
        self.table.selectRow(index)

    def _on_changes(self, changes: OpChanges, _initiator: object) -> None:
        if changes.touches(Area.BRIEFS, Area.MEETINGS, Area.ACCOUNTS):
            self.reload()

    # the brief pack ---------------------------------------------------------
    def ask_folder(self) -> Path | None:
        """Where to put the pack (tests replace it)."""
        start = str(self.ctx.settings.value("briefs/pack_dir", str(Path.home())))
        chosen = QFileDialog.getExistingDirectory(self, "Export brief pack into folder", start)
        if not chosen:
            return None
        self.ctx.settings.setValue("briefs/pack_dir", chosen)
        return Path(chosen)

    def export_pack(self) -> None:
        folder = self.ask_folder()
        if folder is None or self._pack_op is not None:
            return
        self._progress = QProgressDialog("Composing the upcoming briefs…", "Cancel", 0, 0, self)
        self._progress.setWindowTitle("Export brief pack")
        self._progress.setMinimumDuration(300)
        self._progress.canceled.connect(self._cancel_pack)
        self.pack_button.setEnabled(False)
        now = self.ctx.clock.now()
        # Building a pack stores a brief version for each meeting.
        op = self.ctx.tasks.db(lambda store, progress: build_pack(store, progress, now), owner=self).long().changes(
            Area.BRIEFS)
        self._pack_op = op
        op.on_progress(self._pack_progress).success(lambda pack: self._pack_built(pack, folder))
        op.failure(self._pack_failed).cancelled(self._pack_cancelled).ended(lambda: self._pack_ended(op)).run()

    def _pack_progress(self, done: int, total: int, message: str) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)
            self._progress.setLabelText(message)

    def _pack_built(self, pack: BriefPack, folder: Path) -> None:
        from ui.pdf import render_pdf_bytes

        if self._pack_op is None:  # cancelled meanwhile
            return
        self._pack_progress(0, 1, "Rendering the PDF…")
        # Qt text layout belongs to the GUI thread; measured at tens of ms per brief.
        pdf = render_pdf_bytes(pack.combined_html, title="Precall brief pack")
        op = self.ctx.tasks.background(lambda progress: write_pack(pack, folder, pdf, progress), owner=self).long()
        self._pack_op = op
        op.on_progress(self._pack_progress).success(self._pack_written)
        op.failure(self._pack_failed).cancelled(self._pack_cancelled).ended(lambda: self._pack_ended(op)).run()

    def _pack_written(self, path: Path) -> None:
        self._end_pack(f"Brief pack written to {path}.")
        self.pack_finished.emit(path)

    def _pack_failed(self, error: PrecallError) -> None:
        self._end_pack(f"The brief pack was not written: {error}")
        self.pack_finished.emit(error)

    def _pack_ended(self, op: "Op[Any]") -> None:
        if self._pack_op is op:  # still this step's: a bug stopped it (the crash handler tells)
            self._end_pack("")

    def _cancel_pack(self) -> None:
        if self._pack_op is not None:
            self._pack_op.cancel()

    def _pack_cancelled(self) -> None:
        self._end_pack("Brief pack cancelled; nothing was written.")
        self.pack_finished.emit(None)

    def _end_pack(self, message: str) -> None:
        self._pack_op = None
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel_pack)
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        self.pack_button.setEnabled(True)
        show_status(self.status, message)


def create_briefs_page(ctx: "AppContext") -> BriefsPage:
    return BriefsPage(ctx)
