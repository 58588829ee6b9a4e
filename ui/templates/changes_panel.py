"""The differences between two versions of one template, item by item."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from precall.templates.diff import describe, diff_templates
from precall.templates.model import Template


class ChangesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._versions: dict[int, Template] = {}
        self.old = QComboBox(self)
        self.old.setAccessibleName("Older version")
        self.new = QComboBox(self)
        self.new.setAccessibleName("Newer version")
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Summary of changes")
        self.summary.setWordWrap(True)
        self.lines = QPlainTextEdit(self)
        self.lines.setReadOnly(True)
        self.lines.setAccessibleName("Changes between versions")
        pick = QHBoxLayout()
        from_label = QLabel("&From", self)
        from_label.setBuddy(self.old)
        pick.addWidget(from_label)
        pick.addWidget(self.old)
        to_label = QLabel("&to", self)
        to_label.setBuddy(self.new)
        pick.addWidget(to_label)
        pick.addWidget(self.new)
        pick.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        self.old.currentIndexChanged.connect(self._show)
        self.new.currentIndexChanged.connect(self._show)
        self.set_versions([])

    def set_versions(self, templates: list[Template]) -> None:
        self._versions = {t.version: t for t in templates}
        ordered = sorted(self._versions)
        for combo in (self.old, self.new):
            combo.blockSignals(True)
            combo.clear()
            for version in ordered:
                combo.addItem(f"version {version}", version)
            combo.blockSignals(False)
        if ordered:
            self.new.setCurrentIndex(len(ordered) - 1)
            self.old.setCurrentIndex(max(0, len(ordered) - 2))
        self._show()

    def _show(self) -> None:
        old, new = self._versions.get(self.old.currentData()), self._versions.get(self.new.currentData())
        if new is None:
            self.summary.setText("Select a template to compare its versions.")
            self.lines.clear()
            return
        if len(self._versions) == 1:
            self.summary.setText(f"Only version {new.version} is in the library; an update will show its changes here.")
            self.lines.setPlainText("\n".join(describe(diff_templates(None, new), _labels(new))))
            return
        if old is None or old.version == new.version:
            self.summary.setText("Pick two different versions.")
            self.lines.clear()
            return
        diff = diff_templates(old, new)
        self.summary.setText(f"Version {old.version} → {new.version}: {diff.summary()}")
        self.lines.setPlainText("\n".join(describe(diff, _labels(new))) or "No item changes.")


def _labels(template: Template) -> dict[str, str]:
    return {row.key: row.label for row in template.rows}
