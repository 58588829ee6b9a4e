"""Paints matrix items: for each item a status marker (shape + colour), its text, and
the status in words, word-wrapped to the column width.

Used for the grid's cells (several items each) and the cell detail list (one item per
row, edited in place with the standard line editor).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from precall.domain.matrix import MatrixItem
from ui.matrix.models import ItemsRole
from ui.matrix.status_style import look, paint_marker

PADDING = 6
GAP = 4
MIN_TEXT_WIDTH = 60


class MatrixItemDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView, *, empty_hint: str = "") -> None:
        super().__init__(view)
        self._view = view
        self._empty_hint = empty_hint

    # layout -----------------------------------------------------------------
    def _document(self, item: MatrixItem, width: float, option: QStyleOptionViewItem, selected: bool) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        style = look(item.status)
        palette = option.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        word_colour = text_colour.name() if selected else style.colour
        doc.setHtml(
            f'<span style="color:{text_colour.name()}">{escape(item.text)}</span>'
            f'&nbsp;<span style="color:{word_colour}; font-size:small">· {escape(item.status.value)}</span>'
        )
        doc.setTextWidth(max(MIN_TEXT_WIDTH, width))
        return doc

    def _items(self, index: QModelIndex | QPersistentModelIndex) -> list[MatrixItem]:
        items = index.data(ItemsRole)
        return list(items) if isinstance(items, list) else []

    def _width(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        if isinstance(self._view, QTableView):
            # The painted cell is the column less its grid line; measure exactly that, or
            # a word can wrap in paint that did not in the size and the last line is cut.
            return self._view.columnWidth(index.column()) - (1 if self._view.showGrid() else 0)
        width = option.rect.width()
        return width if width > 0 else self._view.viewport().width()

    def _marker_side(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height()

    # QStyledItemDelegate ----------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.initStyleOption(option, index)
        width = self._width(option, index)
        side = self._marker_side(option)
        text_width = width - 2 * PADDING - side - GAP
        height = PADDING
        items = self._items(index)
        for item in items:
            height += int(self._document(item, text_width, option, False).size().height()) + GAP
        if not items:
            height += option.fontMetrics.height() + GAP
        return QSize(max(width, 80), height + PADDING - GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect
        side = self._marker_side(option)
        x_text = rect.left() + PADDING + side + GAP
        text_width = rect.width() - 2 * PADDING - side - GAP
        y: float = rect.top() + PADDING
        items = self._items(index)
        painter.save()
        painter.setClipRect(rect)
        if not items and self._empty_hint:
            colour = option.palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(colour)
            painter.drawText(QRectF(x_text, y, max(text_width, 1), side), Qt.AlignmentFlag.AlignLeft, self._empty_hint)
        for item in items:
            doc = self._document(item, text_width, option, selected)
            marker = QRectF(rect.left() + PADDING, y + 1, side, side)
            if selected:
                # The status colours are chosen for a light ground; give them one.
                painter.save()
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(option.palette.color(QPalette.ColorRole.Base))
                painter.drawRoundedRect(marker.adjusted(-1, -1, 1, 1), 3, 3)
                painter.restore()
            paint_marker(painter, marker, item.status)
            painter.save()
            painter.translate(x_text, y)
            context = QAbstractTextDocumentLayout.PaintContext()
            doc.documentLayout().draw(painter, context)
            painter.restore()
            y += doc.size().height() + GAP
            if y > rect.bottom():
                break
        painter.restore()

    def updateEditorGeometry(self, editor: Any, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        side = self._marker_side(option)
        rect = option.rect.adjusted(PADDING + side + GAP - 2, 0, 0, 0)
        editor.setGeometry(rect)
