"""The template editor: the account matrix grid, driven by a ``TemplateDraft``.

Every grid gesture edits the draft in memory; "Save as version N" stores the draft as
the template's next version (validated exactly like an imported file), so reps who
follow the template see the change as an update.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from precall.errors import PrecallError
from precall.templates.draft import TemplateDraft
from precall.templates.model import Template
from ui.changes import Area
from ui.matrix.grid import MatrixGrid

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.templates")


class TemplateEditor(QWidget):
    #: The saved template (its new version).
    saved = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft: TemplateDraft | None = None
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Template name")
        self.industry = QLineEdit(self)
        self.industry.setAccessibleName("Target industry")
        self.description = QLineEdit(self)
        self.description.setAccessibleName("Template description")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Industry", self.industry)
        form.addRow("&Description", self.description)
        self.grid = MatrixGrid(self)
        # A template holds assumptions only; how sure a rep is belongs to each account.
        self.grid.cell.status_combo.hide()
        for label in self.grid.cell.findChildren(QLabel):
            if label.buddy() is self.grid.cell.status_combo or label.text().rstrip(":") == "Status":
                label.hide()
        self.grid.legend.hide()
        self.keywords = QLineEdit(self)
        self.keywords.setAccessibleName("Keywords of the selected assumption")
        self.keywords.setPlaceholderText("Keywords for matching research, separated by commas")
        self.keywords.setEnabled(False)
        self.save_button = QPushButton("&Save as new version", self)
        self.save_button.setAccessibleName("Save template as new version")
        self.save_button.setToolTip("Ctrl+S")
        self.message = QLabel(self)
        self.message.setAccessibleName("Editor message")
        self.message.setWordWrap(True)
        keywords_row = QHBoxLayout()
        keywords_label = QLabel("&Keywords:", self)
        keywords_label.setBuddy(self.keywords)
        keywords_row.addWidget(keywords_label)
        keywords_row.addWidget(self.keywords, 1)
        keywords_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grid, 1)
        layout.addLayout(keywords_row)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._current_item: int | None = None
        self._connect()
        self.set_template(None)

    def _connect(self) -> None:
        g = self.grid
        g.add_item.connect(lambda role, row, text: self._do(lambda d: d.add_item(role, row, text)))
        g.edit_item.connect(lambda item, text: self._do(lambda d: d.edit_item(item, text)))
        g.remove_item.connect(lambda item: self._do(lambda d: d.remove_item(item)))
        g.move_item.connect(lambda item, pos: self._do(lambda d: d.move_item(item, pos)))
        g.add_role.connect(lambda name: self._do(lambda d: d.add_role(name)))
        g.rename_role.connect(lambda role, name: self._do(lambda d: d.rename_role(role, name)))
        g.remove_role.connect(lambda role: self._do(lambda d: d.remove_role(role)))
        g.move_role.connect(lambda role, pos: self._do(lambda d: d.move_role(role, pos)))
        g.add_row.connect(lambda label: self._do(lambda d: d.add_row(label)))
        g.rename_row.connect(lambda row, label: self._do(lambda d: d.rename_row(row, label)))
        g.remove_row.connect(lambda row: self._do(lambda d: d.remove_row(row)))
        g.move_row.connect(lambda row, pos: self._do(lambda d: d.move_row(row, pos)))
        g.set_status.connect(lambda *_: g.show_message("A template holds assumptions; reps set the status per account."))
        g.current_item_changed.connect(self._item_selected)
        self.keywords.editingFinished.connect(self._keywords_edited)
        for field in (self.name, self.industry, self.description):
            field.editingFinished.connect(self._details_edited)
        self.save_button.clicked.connect(self.save)

    # public -------------------------------------------------------------------
    def set_template(self, template: Template | None) -> None:
        # Item ids are per draft: forget the old selection before the grid reports the new one.
        self._current_item = None
        self.keywords.clear()
        self.draft = TemplateDraft.from_template(template) if template is not None else None
        for field, value in ((self.name, template.name if template else ""),
                             (self.industry, template.industry if template else ""),
                             (self.description, template.description if template else "")):
            field.setText(value)
            field.setEnabled(template is not None)
        self.grid.set_matrix(self.draft.matrix() if self.draft else None)
        self._sync()

    @property
    def dirty(self) -> bool:
        return self.draft is not None and self.draft.dirty

    def save(self) -> None:
        if self.draft is None:
            return
        self._details_edited()
        self._keywords_edited()
        template = self.draft.to_template()
        self.save_button.setEnabled(False)
        # Announced even if the editor closes meanwhile: reps' views must see the new version.
        self.ctx.tasks.db(lambda store: store.templates.save_edit(template), owner=self).changes(
            Area.TEMPLATES).success(self._saved).failure(self._failed).ended(
            lambda: self.save_button.setEnabled(self.dirty)).run()

    # internals ----------------------------------------------------------------
    def _do(self, change: Callable[[TemplateDraft], object]) -> None:
        if self.draft is None:
            return
        try:
            change(self.draft)
        except PrecallError as exc:
            self.grid.show_message(str(exc))
            return
        self.grid.show_message("")
        self.grid.set_matrix(self.draft.matrix())
        self._sync()

    def _item_selected(self, item_id: object) -> None:
        self._keywords_edited()
        self._current_item = item_id if isinstance(item_id, int) else None
        if self.draft is not None and self._current_item is not None:
            try:
                self.keywords.setText(", ".join(self.draft.item(self._current_item).keywords))
            except PrecallError:
                self._current_item = None
        if self._current_item is None:
            self.keywords.clear()
        self.keywords.setEnabled(self._current_item is not None)

    def _keywords_edited(self) -> None:
        if self.draft is None or self._current_item is None:
            return
        try:
            item = self.draft.item(self._current_item)
        except PrecallError:
            return
        if ", ".join(item.keywords) != self.keywords.text().strip():
            self.draft.set_keywords(self._current_item, self.keywords.text())
            self._sync()

    def _details_edited(self) -> None:
        if self.draft is None:
            return
        t = self.draft.template
        if (t.name, t.industry, t.description) != (self.name.text().strip(), self.industry.text().strip(),
                                                   self.description.text().strip()):
            self.draft.set_details(name=self.name.text(), industry=self.industry.text(),
                                   description=self.description.text())
            self._sync()

    def _sync(self) -> None:
        draft = self.draft
        if draft is None:
            self.save_button.setEnabled(False)
            self.message.setText("Select a template in the library, or make a new one.")
            return
        self.save_button.setText(f"&Save as version {draft.template.version + 1}")
        self.save_button.setEnabled(draft.dirty)
        self.message.setText("Unsaved changes." if draft.dirty else
                             f"Version {draft.template.version}: edit the grid, then save as a new version.")

    def _saved(self, template: Template) -> None:
        self.set_template(template)
        self.message.setText(f"Saved version {template.version}. Reps following this template will see the update.")
        self.saved.emit(template)

    def _failed(self, error: PrecallError) -> None:
        self._sync()
        self.message.setText(f"Not saved: {error}")
