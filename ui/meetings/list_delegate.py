"""Paints a meeting in the list: title, then account and local time; a section heading
("Upcoming" / "Past") above the first meeting of each section as the view shows them
(so it follows the filter)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.meetings.list_model import AccountRole, SectionRole, StatusRole, WhenRole

PAD = 6

Index = QModelIndex | QPersistentModelIndex


def starts_section(index: Index) -> bool:
    if index.row() == 0:
        return True
    previous = index.sibling(index.row() - 1, 0)
    return bool(previous.data(SectionRole) != index.data(SectionRole))


class MeetingDelegate(QStyledItemDelegate):
    """Sizes are cached per font: a list of thousands asks for them thousands of times."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font_key: str | None = None
        self._fonts_cache: tuple[QFont, QFont, QFont] | None = None
        self._row_height = 0
        self._heading_height_cache = 0

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        key = option.font.key()
        if self._fonts_cache is None or key != self._font_key:
            title = QFont(option.font)
            title.setBold(True)
            small = QFont(option.font)
            small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.9))
            heading = QFont(option.font)
            heading.setBold(True)
            heading.setCapitalization(QFont.Capitalization.AllUppercase)
            heading.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
            self._font_key, self._fonts_cache = key, (title, small, heading)
            self._row_height = QFontMetrics(title).height() + QFontMetrics(small).height() + 2 * PAD + 2
            self._heading_height_cache = QFontMetrics(heading).height() + 2 * PAD
        return self._fonts_cache

    def _heading_height(self, option: QStyleOptionViewItem) -> int:
        self._fonts(option)
        return self._heading_height_cache

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self._fonts(option)
        height = self._row_height
        if starts_section(index):
            height += self._heading_height_cache
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        title_font, small_font, heading_font = self._fonts(option)
        rect = QRect(option.rect)
        painter.save()
        if starts_section(index):
            band = QRect(rect.left(), rect.top(), rect.width(), self._heading_height(option))
            painter.fillRect(band, option.palette.color(QPalette.ColorRole.AlternateBase))
            painter.setFont(heading_font)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(band.adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignVCenter, str(index.data(SectionRole)))
            rect.setTop(band.bottom() + 1)
        item = QStyleOptionViewItem(option)
        item.rect = rect
        item.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        inner = rect.adjusted(PAD, PAD, -PAD, -PAD)
        title_metrics = QFontMetrics(title_font)
        status = str(index.data(StatusRole) or "")
        painter.setFont(small_font)
        painter.setPen(text_colour)
        tag = "" if status in ("", "planned") else status
        tag_width = QFontMetrics(small_font).horizontalAdvance(tag) + (PAD if tag else 0)
        if tag:
            painter.drawText(QRect(inner.left(), inner.top(), inner.width(), title_metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tag)
        painter.setFont(title_font)
        title = title_metrics.elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, inner.width() - tag_width)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), title_metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(small_font)
        small_metrics = QFontMetrics(small_font)
        second = f"{index.data(AccountRole) or ''} · {index.data(WhenRole) or ''}"
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(inner.left(), inner.top() + title_metrics.height() + 2, inner.width(), small_metrics.height()),
                         Qt.AlignmentFlag.AlignLeft, small_metrics.elidedText(second, Qt.TextElideMode.ElideRight, inner.width()))
        painter.restore()
