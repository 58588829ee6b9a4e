"""Inline validation messages: a small red label under a field, named after the field
(``ValidationError.field``) so an error lands next to what caused it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


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


def save_cancel_form(dialog: QDialog, errors: FieldErrors, rows: Iterable[tuple[str, QWidget, str]],
                     save: Callable[[], None]) -> QDialogButtonBox:
    """Lay out a dialog as a form of (label, widget, field) rows, each with its error line
    below, then Save and Cancel; Save calls ``save``. Returns the button box."""
    form = QFormLayout()
    for label, widget, field in rows:
        form.addRow(label, widget)
        form.addRow("", errors.add(field, dialog))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons
