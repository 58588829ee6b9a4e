"""The "Templates" side panel beside an account's matrix: which templates this account
follows, whether a newer version is waiting, and applying one after seeing its changes.

The preview is the store's own plan for this account (new, changed and removed
assumptions, and the items the rep edited that stay as they are); nothing is written
until the rep presses Apply.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from precall.errors import PrecallError
from precall.templates.apply import ApplyPlan, describe_plan
from precall.templates.model import Application, TemplateInfo
from ui.changes import Area, OpChanges
from ui.interfaces import MatrixSidePanel

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.templates")


class AccountTemplatesPanel(MatrixSidePanel):
    title = "Templates"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account_id: int | None = None
        self._plan_for: str | None = None
        self._plan_version: int | None = None  # apply exactly the version the rep previewed
        self.followed = QListWidget(self)
        self.followed.setAccessibleName("Templates this account follows")
        self.followed.setMaximumHeight(110)  # a few lines; the preview below is what needs room
        self.library = QComboBox(self)
        self.library.setAccessibleName("Template to apply")
        self.preview_button = QPushButton("&Preview", self)
        self.apply_button = QPushButton("Appl&y", self)
        self.apply_button.setAccessibleName("Apply template to this account")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Changes the template would make")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Template status")
        pick = QHBoxLayout()
        pick.addWidget(self.library, 1)
        pick.addWidget(self.preview_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Follows:", self))
        layout.addWidget(self.followed)
        layout.addLayout(pick)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.apply_button)
        self.followed.currentItemChanged.connect(self._followed_selected)
        self.preview_button.clicked.connect(lambda: self.show_preview(self.library.currentData()))
        self.apply_button.clicked.connect(self.apply)
        ctx.changes.changed.connect(self._changed)
        self.set_item(None, None)

    # the matrix editor calls this on every selection change --------------------
    def set_item(self, account_id: int | None, item_id: object) -> None:
        if account_id == self.account_id and account_id is not None:
            return  # only the selected item changed; this panel is about the account
        self.account_id = account_id
        self.reload()

    def reload(self, note: str = "") -> None:
        """Read the account's templates again; ``note`` replaces the usual status line."""
        self._clear_preview()
        account_id = self.account_id
        if account_id is None:
            self.followed.clear()
            self.library.clear()
            self.status.setText("Open an account to see its templates.")
            return

        def work(store: "Store") -> tuple[list[Application], list[TemplateInfo]]:
            return store.templates.applications(account_id=account_id), store.templates.list()

        self.ctx.tasks.db(work, owner=self).latest("load").success(
            lambda result: self._show(account_id, *result, note=note)).failure(self._failed).run()

    def show_preview(self, template_id: Any) -> None:
        account_id = self.account_id
        if account_id is None or not isinstance(template_id, str):
            return
        self.ctx.tasks.db(lambda store: (store.templates.plan(account_id, template_id),
                                         store.templates.get(template_id)), owner=self).latest("preview").success(
            lambda result: self._previewed(account_id, *result)).failure(self._failed).run()

    def apply(self) -> None:
        account_id, template_id, version = self.account_id, self._plan_for, self._plan_version
        if account_id is None or template_id is None:
            return
        self.apply_button.setEnabled(False)
        # Announced even if this panel closes meanwhile: the matrix and checklist must reload.
        self.ctx.tasks.db(lambda store: store.templates.apply(account_id, template_id, version), owner=self).changes(
            Area.MATRIX, Area.TEMPLATES, Area.RESEARCH, Area.CHECKLIST, account_id=account_id).success(
            self._applied).failure(self._failed).run()

    # internals ------------------------------------------------------------------
    def _show(self, account_id: int, applications: list[Application], infos: list[TemplateInfo],
              note: str = "") -> None:
        if account_id != self.account_id:
            return
        self.followed.clear()
        waiting = None
        for application in applications:
            text = f"{application.template_name}: version {application.version}"
            if application.update_available:
                text += f" (version {application.latest_version} is ready)"
                waiting = waiting or application.template_id
            item = QListWidgetItem(text, self.followed)
            item.setData(Qt.ItemDataRole.UserRole, application.template_id)
        self.library.clear()
        for info in infos:
            self.library.addItem(f"{info.name} (v{info.version})", info.id)
        if not infos:
            self.status.setText("The template library is empty; import one on the Templates page.")
        elif waiting is not None:
            self.status.setText("A template this account follows has a new version: preview it, then apply.")
            self.show_preview(waiting)
        elif not applications:
            self.status.setText("This account follows no template yet. Pick one to preview what it adds.")
        else:
            self.status.setText("Up to date with its templates.")
        if note:
            self.status.setText(note)

    def _followed_selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            template_id = current.data(Qt.ItemDataRole.UserRole)
            index = self.library.findData(template_id)
            if index >= 0:
                self.library.setCurrentIndex(index)
            self.show_preview(template_id)

    def _previewed(self, account_id: int, plan: ApplyPlan, template: Any) -> None:
        if account_id != self.account_id:
            return
        self._plan_for = plan.template_id
        self._plan_version = plan.version
        labels = {row.key: row.label for row in template.rows}
        head = f"{template.name} version {plan.version}: {plan.summary()}"
        self.preview.setPlainText("\n".join([head, *describe_plan(plan, labels)]))
        would_change = plan.changes_matrix or plan.previous_version != plan.version
        self.apply_button.setEnabled(would_change)
        self.apply_button.setText(f"Appl&y version {plan.version}" if would_change else "Appl&y")

    def _applied(self, plan: ApplyPlan) -> None:
        self.reload(note=f"Applied version {plan.version}: {plan.summary()}.")

    def _changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or self.account_id is None:
            return
        if changes.touches(Area.TEMPLATES) and changes.account_id in (None, self.account_id):
            self.reload()
        elif changes.touches(Area.MATRIX) and changes.account_id == self.account_id and self._plan_for:
            self.show_preview(self._plan_for)  # the rep's edit may change what an update keeps

    def _clear_preview(self) -> None:
        self._plan_for = None
        self._plan_version = None
        self.preview.clear()
        self.apply_button.setEnabled(False)
        self.apply_button.setText("Appl&y")

    def _failed(self, error: PrecallError) -> None:
        self.status.setText(str(error))


def account_templates_panel(ctx: "AppContext") -> AccountTemplatesPanel:
    return AccountTemplatesPanel(ctx)
