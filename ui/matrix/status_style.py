"""How an item's status looks: a shape, a colour and a word, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from precall.domain.matrix import ItemStatus


@dataclass(frozen=True)
class StatusLook:
    colour: str
    shape: str  # "ring", "diamond", "check", "cross"
    symbol: str  # a text fallback for places that cannot paint (tooltips, plain lists)


LOOKS: dict[ItemStatus, StatusLook] = {
    ItemStatus.ASSUMED: StatusLook("#8a8f98", "ring", "○"),
    ItemStatus.RESEARCHED: StatusLook("#2f6fd0", "diamond", "◆"),
    ItemStatus.CONFIRMED: StatusLook("#2e8b3e", "check", "✓"),
    ItemStatus.REFUTED: StatusLook("#c0392b", "cross", "✗"),
}

#: Keyboard order for Ctrl+1..4.
STATUS_ORDER: tuple[ItemStatus, ...] = (
    ItemStatus.ASSUMED, ItemStatus.RESEARCHED, ItemStatus.CONFIRMED, ItemStatus.REFUTED,
)


def look(status: ItemStatus | str) -> StatusLook:
    return LOOKS[ItemStatus(status)]


def paint_marker(painter: QPainter, rect: QRectF, status: ItemStatus | str) -> None:
    """Draw the status marker centred in ``rect`` (a square a little under a line high)."""
    style = look(status)
    colour = QColor(style.colour)
    side = min(rect.width(), rect.height())
    box = QRectF(0, 0, side, side)
    box.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.5, side / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    inner = box.adjusted(side * 0.12, side * 0.12, -side * 0.12, -side * 0.12)
    if style.shape == "ring":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
    elif style.shape == "diamond":
        path = QPainterPath()
        c = inner.center()
        path.moveTo(c.x(), inner.top())
        path.lineTo(inner.right(), c.y())
        path.lineTo(c.x(), inner.bottom())
        path.lineTo(inner.left(), c.y())
        path.closeSubpath()
        painter.setBrush(colour)
        painter.drawPath(path)
    elif style.shape == "check":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline([
            QPointF(inner.left(), inner.center().y()),
            QPointF(inner.left() + inner.width() * 0.38, inner.bottom()),
            QPointF(inner.right(), inner.top()),
        ])
    else:
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())
    painter.restore()
