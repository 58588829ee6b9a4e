"""The "Add research source" dialog: a web address, what kind it is, an optional label.
Checks the address as it is typed; whether the host can be reached is decided when
refreshing, as on the command line."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from precall.errors import ValidationError
from precall.research.sources import SourceKind
from precall.validate import clean_url

KIND_LABELS = {
    SourceKind.PAGE: "A page (fetched as it is)",
    SourceKind.FEED: "A feed (RSS or Atom: each entry becomes an item)",
    SourceKind.SITE: "A site to explore (about, news, careers, team, products, feeds)",
}


class AddSourceDialog(QDialog):
    def __init__(self, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add research source")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://example.com/news")
        self.url.setAccessibleName("Web address")
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of source")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("optional, e.g. Trade association news")
        self.label.setAccessibleName("Label")
        self.error = QLabel(self)
        self.error.setAccessibleName("Address problem")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("For:", QLabel(owner, self))
        form.addRow("&Address:", self.url)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Label:", self.label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._check)
        self._check()

    def _problem(self) -> str:
        if not self.url.text().strip():
            return ""
        try:
            clean_url(self.url.text())
        except ValidationError as exc:
            return str(exc)
        return ""

    def _check(self) -> None:
        problem = self._problem()
        self.error.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.url.text().strip()) and not problem)

    def values(self) -> tuple[str, SourceKind, str]:
        return clean_url(self.url.text()), SourceKind(self.kind.currentData()), self.label.text().strip()
