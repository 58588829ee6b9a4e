"""A centred, wrapped message shown where a list or view has nothing to show yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class EmptyState(QLabel):
    """Says what is missing and how to get it, in words a first-time user follows."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("emptyState")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMargin(24)
        self.setAccessibleName("Empty state")
        self.setStyleSheet("QLabel#emptyState { color: palette(mid); font-size: 13pt; }")
