"""The Templates page: the library on the left; editor, version changes, apply to
accounts, subscriptions and team feedback on the right.

The page checks subscriptions once when it is built (at app start) and again on F5.
All SQL runs through ``ctx.tasks.db``; fetching folders and URLs through ``ctx.tasks.background``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QListView, QMessageBox, QPushButton,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from precall.domain.sharing import Subscription
from precall.errors import PrecallError
from precall.store.matrix import default_rows
from precall.templates.draft import new_template, slug
from precall.templates.feedback import FeedbackLine
from precall.templates.feedback import report as feedback_report
from precall.templates.format import write_template_file
from precall.templates.model import Template, TemplateInfo
from ui.changes import Area, OpChanges
from ui.templates.apply_panel import AccountChoice, ApplyPanel
from ui.templates.changes_panel import ChangesPanel
from ui.templates.editor import TemplateEditor
from ui.templates.library import TemplateLibraryModel
from ui.templates.sharing_panel import FeedbackPanel, SubscriptionsPanel
from ui.interfaces import Page

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.templates")


@dataclass(frozen=True)
class TemplateBundle:
    """Everything the right-hand side shows for one template, read in one go."""

    template: Template
    versions: list[Template]
    accounts: list[AccountChoice]
    feedback: list[FeedbackLine]


def load_bundle(store: "Store", template_id: str) -> TemplateBundle:
    templates = store.templates
    applied = {a.account_id: a for a in templates.applications(template_id=template_id)}
    return TemplateBundle(
        template=templates.get(template_id),
        versions=[templates.get(template_id, v) for v in templates.versions(template_id)],
        accounts=[AccountChoice(a.id, a.name, applied.get(a.id)) for a in store.accounts.list()],
        feedback=feedback_report(store, template_id),
    )


class TemplatesPage(Page):
    title = "Templates"
    #: The library was (re)loaded: the number of templates.
    loaded = Signal(int)
    #: The selected template's details were shown.
    bundle_shown = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None, *, check_at_start: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("templatesPage")
        self.model = TemplateLibraryModel(self)
        self.library = QListView(self)
        self.library.setModel(self.model)
        self.library.setAccessibleName("Template library")
        self.library.setWordWrap(True)
        self.library.setSpacing(2)
        self.new_button = QPushButton("&New…", self)
        self.import_button = QPushButton("&Import…", self)
        self.export_button = QPushButton("E&xport…", self)
        self.delete_button = QPushButton("Delete", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Templates message")
        self.editor = TemplateEditor(ctx, self)
        self.changes_panel = ChangesPanel(self)
        self.apply_panel = ApplyPanel(ctx, self)
        self.subscriptions = SubscriptionsPanel(ctx, self)
        self.feedback = FeedbackPanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Template views")
        for widget, label in ((self.editor, "&Editor"), (self.changes_panel, "&Changes"),
                              (self.apply_panel, "Apply to &accounts"), (self.subscriptions, "S&ubscriptions"),
                              (self.feedback, "&Feedback")):
            self.tabs.addTab(widget, label)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Library</b>", left))
        left_layout.addWidget(self.library, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.import_button, self.export_button, self.delete_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        splitter = QSplitter(self)
        splitter.setObjectName("templatesSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self._selected: str | None = None
        self.library.selectionModel().currentChanged.connect(lambda current, _prev: self._select_row(current.row()))
        self.new_button.clicked.connect(self._ask_new)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.delete_button.clicked.connect(self._ask_delete)
        self.editor.saved.connect(lambda t: self.reload(select=t.id))
        self.apply_panel.applied.connect(lambda _plans: self.reload())
        self.subscriptions.checked.connect(self._subscriptions_checked)
        # F5 anywhere on the page checks subscriptions, whichever tab is showing.
        check = QShortcut(QKeySequence("F5"), self, lambda: self.subscriptions.check_all())
        check.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.changes.changed.connect(self._changed)
        self._sync_buttons()
        self.reload(after=self._check_at_start if check_at_start else None)

    # loading --------------------------------------------------------------------
    def reload(self, select: str | None = None, after: Any = None) -> None:
        def work(store: "Store") -> tuple[list[TemplateInfo], list[Subscription]]:
            store.templates.ensure_starters()
            return store.templates.list(), store.subscriptions.list()

        def done(result: tuple[list[TemplateInfo], list[Subscription]]) -> None:
            infos, subscriptions = result
            self.model.set_templates(infos)
            self.subscriptions.set_subscriptions(subscriptions)
            if self.editor.dirty and not select:
                # Keep an unsaved edit (or a new template) on screen; the list refreshes around it.
                row = self.model.row_of(self._selected) if self._selected else -1
                if row >= 0:
                    self.library.selectionModel().blockSignals(True)
                    self.library.setCurrentIndex(self.model.index(row))
                    self.library.selectionModel().blockSignals(False)
                self.loaded.emit(len(infos))
                return
            wanted = select or self._selected or (infos[0].id if infos else None)
            row = self.model.row_of(wanted) if wanted else -1
            if row < 0 and infos:
                row = 0
            if row >= 0:
                self.library.setCurrentIndex(self.model.index(row))
                self._select_row(row, force=True)
            else:
                self._show_bundle(None)
            self.loaded.emit(len(infos))
            if after is not None:
                after(subscriptions)

        self.ctx.tasks.db(work, owner=self).success(done).failure(self._failed).run()

    def _subscriptions_checked(self, reports: list[Any]) -> None:
        changed = sorted({template_id for report in reports for template_id in report.changed})
        if changed:
            self.message.setText("Templates updated from your subscriptions: " + "; ".join(
                line for report in reports for line in report.lines) +
                ". Accounts that follow them take the update under Apply to accounts, after a preview.")
        elif any(report.offline for report in reports):
            self.message.setText("Some subscriptions could not be checked; working from the last copies.")

    def _check_at_start(self, subscriptions: list[Subscription]) -> None:
        if subscriptions:
            self.subscriptions.check_all()

    def _select_row(self, row: int, force: bool = False) -> None:
        info = self.model.info_at(row)
        if info is None:
            return
        if info.id != self._selected and self.editor.dirty and not self._discard_ok():
            return
        if info.id == self._selected and not force:
            return
        self._selected = info.id
        template_id = info.id
        self.ctx.tasks.db(lambda store: load_bundle(store, template_id), owner=self).latest("bundle").success(
            self._show_bundle).failure(self._failed).run()

    def _show_bundle(self, bundle: TemplateBundle | None) -> None:
        if bundle is not None and bundle.template.id != self._selected:
            return  # an older answer for a template no longer selected
        if bundle is None or not self.editor.dirty:
            self.editor.set_template(bundle.template if bundle else None)
        self.changes_panel.set_versions(bundle.versions if bundle else [])
        self.apply_panel.set_accounts(bundle.template if bundle else None, bundle.accounts if bundle else [])
        self.feedback.set_report(bundle.feedback if bundle else [])
        self._sync_buttons()
        self.bundle_shown.emit(bundle)

    def _changed(self, changes: OpChanges, initiator: object) -> None:
        if changes.touches(Area.TEMPLATES, Area.ACCOUNTS) and initiator is not self.editor:
            self.reload()

    # actions --------------------------------------------------------------------
    def import_file(self, path: Path) -> None:
        self.ctx.tasks.db(lambda store: store.templates.import_file(path), owner=self).changes(
            Area.TEMPLATES).success(self._imported).failure(self._failed).run()

    def export_to(self, path: Path) -> None:
        template_id = self._selected
        if template_id is None:
            return
        self.ctx.tasks.db(lambda store: write_template_file(store.templates.get(template_id), path),
                          owner=self).success(
            lambda written: self.message.setText(f"Wrote {written}. Share it, or put it in a team folder.")
        ).failure(self._failed).run()

    def start_new(self, name: str) -> None:
        taken = {info.id for n in range(self.model.rowCount()) if (info := self.model.info_at(n)) is not None}
        base, n = slug(name, "template"), 2
        template_id = base
        while template_id in taken:
            template_id, n = f"{base}-{n}", n + 1
        self._selected = template_id
        self.editor.set_template(new_template(template_id, name, "", default_rows()))
        if self.editor.draft is not None:
            self.editor.draft.dirty = True
            self.editor._sync()
        self.tabs.setCurrentWidget(self.editor)
        self.message.setText(f"New template {name!r}: add roles and assumptions, then save it.")

    def _imported(self, outcome: Any) -> None:
        self.message.setText(outcome.message())
        self.reload(select=outcome.template.id)

    def _ask_new(self) -> None:
        name, ok = QInputDialog.getText(self, "New template", "Name (e.g. VP Sales at a logistics company):")
        if ok and name.strip():
            self.start_new(name.strip())

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a template", "", "Precall templates (*.json)")
        if path:
            self.import_file(Path(path))

    def _ask_export(self) -> None:
        if self._selected is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export template", f"{self._selected}.json", "JSON (*.json)")
        if path:
            self.export_to(Path(path))

    def _ask_delete(self) -> None:
        template_id = self._selected
        if template_id is None:
            return
        answer = QMessageBox.question(self, "Delete template",
                                      f"Delete {template_id} and all its versions from the library? Accounts keep "
                                      "the assumptions they already have.")
        if answer == QMessageBox.StandardButton.Yes:
            self._selected = None
            self.ctx.tasks.db(lambda store: store.templates.delete(template_id), owner=self).changes(
                Area.TEMPLATES).failure(self._failed).run()

    def _discard_ok(self) -> bool:
        answer = QMessageBox.question(self, "Unsaved template", "Discard the unsaved changes to this template?")
        return answer == QMessageBox.StandardButton.Yes

    def _sync_buttons(self) -> None:
        has = self._selected is not None and self.model.row_of(self._selected) >= 0
        self.export_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _failed(self, error: PrecallError) -> None:
        self.message.setText(str(error))


def create_templates_page(ctx: "AppContext") -> TemplatesPage:
    return TemplatesPage(ctx)
