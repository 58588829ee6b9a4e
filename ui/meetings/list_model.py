"""The meetings list as an item model: upcoming meetings first (soonest first), then past
ones (latest first), each row knowing which of the two sections it belongs to.

The order comes from ``store.meetings.summaries(now)``; this model keeps it and only
adds the section, the text shown and what the filter searches.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from precall.domain.meetings import MeetingStatus, MeetingSummary

Index = QModelIndex | QPersistentModelIndex
MeetingIdRole = Qt.ItemDataRole.UserRole + 1
SectionRole = Qt.ItemDataRole.UserRole + 2  # "Upcoming" or "Past"
WhenRole = Qt.ItemDataRole.UserRole + 3
AccountRole = Qt.ItemDataRole.UserRole + 4
StatusRole = Qt.ItemDataRole.UserRole + 5
SearchRole = Qt.ItemDataRole.UserRole + 6

UPCOMING = "Upcoming"
PAST = "Past"


def local_when(summary: MeetingSummary) -> str:
    """The start in the meeting's own time zone, e.g. "Mon 23 Nov 2026, 14:00 Europe/Paris"."""
    try:
        start = summary.start.astimezone(ZoneInfo(summary.tz))
    except Exception:  # an unknown zone in old data still shows, in UTC
        start = summary.start
    return f"{start:%a %d %b %Y, %H:%M} {summary.tz}"


class MeetingListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingSummary] = []
        self._sections: list[str] = []
        self._when: list[str | None] = []

    def set_meetings(self, summaries: list[MeetingSummary], now: datetime) -> None:
        """Show ``summaries``; when only details changed (same meetings, same order) the
        changed rows are updated in place, so the view keeps its scroll and selection."""
        sections = [UPCOMING if s.end >= now else PAST for s in summaries]
        if [s.id for s in summaries] == [s.id for s in self._rows] and sections == self._sections:
            changed = [n for n, (old, new) in enumerate(zip(self._rows, summaries)) if old != new]
            self._rows = list(summaries)
            for n in changed:
                self._when[n] = None
                self.dataChanged.emit(self.index(n), self.index(n))
            return
        self.beginResetModel()
        self._rows = list(summaries)
        self._sections = [UPCOMING if s.end >= now else PAST for s in self._rows]
        self._when = [None] * len(self._rows)  # formatted on first use: most rows are never seen
        self.endResetModel()

    def _when_at(self, row: int) -> str:
        text = self._when[row]
        if text is None:
            text = self._when[row] = local_when(self._rows[row])
        return text

    def sections_stale(self, now: datetime) -> bool:
        """True once a meeting listed as upcoming has ended (the list needs re-sorting)."""
        return any(section == UPCOMING and summary.end < now
                   for summary, section in zip(self._rows, self._sections))

    def summary(self, row: int) -> MeetingSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, meeting_id: int) -> int:
        return next((n for n, s in enumerate(self._rows) if s.id == meeting_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        summary = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == MeetingIdRole:
            return summary.id
        if role == SectionRole:
            return self._sections[row]
        if role == WhenRole:
            return self._when_at(row)
        if role == AccountRole:
            return summary.account
        if role == StatusRole:
            return summary.status.value
        if role == SearchRole:
            return f"{summary.title} {summary.account} {self._when_at(row)} {summary.status.value}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            extra = "" if summary.status == MeetingStatus.PLANNED else f", {summary.status.value}"
            return f"{self._sections[row]}: {summary.title} with {summary.account}, {self._when_at(row)}{extra}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MeetingFilterModel(QSortFilterProxyModel):
    """Type-to-filter over title, account, date and status; keeps the source order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterRole(SearchRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        # Every word must match somewhere, in any order: "north cfo" finds both.
        words = [w.casefold() for w in text.split() if w]
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        words = self._words
        if not words:
            return True
        text = str(self.sourceModel().index(source_row, 0, source_parent).data(SearchRole) or "").casefold()
        return all(word in text for word in words)
