"""The table of research sources with their fetch state, and per-source progress
while a refresh runs. ``data()`` never raises: an odd value shows as an empty cell."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from precall.research.sources import FetchStatus, ResearchSource

log = logging.getLogger("precall.ui.research")

Index = QModelIndex | QPersistentModelIndex
SourceIdRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Source", "Status", "Items", "Last fetched", "Kind", "robots.txt", "Last error")
COL_SOURCE, COL_STATUS, COL_ITEMS, COL_FETCHED, COL_KIND, COL_ROBOTS, COL_ERROR = range(len(COLUMNS))

_FAILED = (FetchStatus.UNREACHABLE, FetchStatus.ERROR, FetchStatus.BLOCKED, FetchStatus.DISALLOWED)


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "never"


class SourceTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: list[ResearchSource] = []
        #: source id -> what a running refresh says about it ("waiting", "fetching").
        self._progress: dict[int, str] = {}

    # the Qt model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default argument)
        return 0 if parent.isValid() else len(self._sources)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._sources)):
            return None
        try:
            return self._data(self._sources[index.row()], index.column(), role)
        except Exception:  # a display problem must not take the table down
            log.exception("research source cell %d,%d failed", index.row(), index.column())
            return None

    def _data(self, source: ResearchSource, column: int, role: int) -> Any:
        if role == SourceIdRole:
            return source.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(source, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_SOURCE:
                return f"{source.url}\n{source.scope}: {source.owner}"
            if column in (COL_ERROR, COL_STATUS) and source.last_error:
                return source.last_error
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS and source.id not in self._progress:
            if source.last_status in _FAILED:
                return QBrush(QColor("#b3261e"))
            if source.last_status == FetchStatus.PARTIAL:
                return QBrush(QColor("#8a5a00"))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_STATUS:
            return f"{source.display_name}: {self._display(source, COL_STATUS)}"
        return None

    def _display(self, source: ResearchSource, column: int) -> str | int | None:
        if column == COL_SOURCE:
            return source.display_name
        if column == COL_KIND:
            return source.kind.value
        if column == COL_STATUS:
            return self._progress.get(source.id) or source.last_status.label
        if column == COL_FETCHED:
            return _when(source.last_fetched_at)
        if column == COL_ROBOTS:
            return source.robots_decision.label
        if column == COL_ITEMS:
            return source.item_count
        if column == COL_ERROR:
            return source.last_error.splitlines()[0] if source.last_error else ""
        return None

    # for the page ----------------------------------------------------------------
    def set_sources(self, sources: list[ResearchSource]) -> None:
        self.beginResetModel()
        self._sources = list(sources)
        self._progress = {k: v for k, v in self._progress.items() if any(s.id == k for s in sources)}
        self.endResetModel()

    def sources(self) -> list[ResearchSource]:
        return list(self._sources)

    def source_at(self, row: int) -> ResearchSource | None:
        return self._sources[row] if 0 <= row < len(self._sources) else None

    def row_of(self, source_id: int) -> int:
        return next((i for i, s in enumerate(self._sources) if s.id == source_id), -1)

    def update_source(self, source: ResearchSource, *, clear_progress: bool = True) -> None:
        """One source's new state (after its outcome was saved: its progress note is cleared)."""
        if clear_progress:
            self._progress.pop(source.id, None)
        row = self.row_of(source.id)
        if row < 0:
            return
        self._sources[row] = source
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_progress(self, source_ids: list[int], note: str) -> None:
        for source_id in source_ids:
            self._progress[source_id] = note
        self._status_changed(source_ids)

    def clear_progress(self) -> None:
        ids = list(self._progress)
        self._progress.clear()
        self._status_changed(ids)

    def _status_changed(self, source_ids: list[int]) -> None:
        # One signal for the whole span: a view re-lays out once, not once per row.
        rows = [r for r in (self.row_of(i) for i in source_ids) if r >= 0]
        if rows:
            self.dataChanged.emit(self.index(min(rows), COL_STATUS), self.index(max(rows), COL_STATUS))
