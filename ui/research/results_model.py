"""The list under the research search box: search hits or items, one row each with
title, date and snippet (an item model, checked with pytest-qt's modeltester)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from precall.research.items import ResearchHit, ResearchItemRef

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ResultRow:
    id: int
    title: str
    date: str
    snippet: str


def rows_from_hits(hits: list[ResearchHit]) -> list[ResultRow]:
    return [ResultRow(h.id, h.title, h.published.isoformat() if h.published else "", h.snippet_plain("«", "»"))
            for h in hits]


def rows_from_refs(refs: list[ResearchItemRef]) -> list[ResultRow]:
    return [ResultRow(r.id, r.title, r.published.isoformat() if r.published else "", "") for r in refs]


class ResultsModel(QAbstractListModel):
    """Search results (or recent items): title, date and snippet per row."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    SnippetRole = Qt.ItemDataRole.UserRole + 2
    DateRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            first = f"{row.title}  ·  {row.date}" if row.date else row.title
            return f"{first}\n{row.snippet}" if row.snippet else first
        if role in (Qt.ItemDataRole.ToolTipRole, self.SnippetRole):
            return row.snippet or row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}, {row.date or 'no date'}. {row.snippet}"
        if role == self.IdRole:
            return row.id
        if role == self.DateRole:
            return row.date
        return None

    def item_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None
