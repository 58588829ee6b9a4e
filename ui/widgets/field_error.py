"""Inline validation messages: a small red label under a field, named after the field
(``ValidationError.field``) so an error lands next to what caused it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class FieldError(QLabel):
    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"error_{field}")
        self.setAccessibleName(f"Problem with {field.replace('_', ' ')}")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldErrors:
    """A set of FieldError labels; ``show(field, text)`` shows one and hides none."""

    def __init__(self) -> None:
        self.labels: dict[str, FieldError] = {}

    def add(self, field: str, parent: QWidget | None = None) -> FieldError:
        label = FieldError(field, parent)
        self.labels[field] = label
        return label

    def show(self, field: str | None, text: str) -> bool:
        """Show ``text`` under ``field``; False if there is no such field here."""
        label = self.labels.get(field or "")
        if label is None:
            return False
        label.show_message(text)
        return True

    def clear(self, field: str | None = None) -> None:
        for name, label in self.labels.items():
            if field is None or name == field:
                label.show_message("")

    def visible(self) -> dict[str, str]:
        return {name: label.text() for name, label in self.labels.items() if not label.isHidden()}
