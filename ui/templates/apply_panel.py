"""Applying a template to accounts: pick accounts, preview every change, then apply.

The preview is the plan the store will carry out (``store.templates.plan``): new,
changed and removed assumptions, and the items the rep edited that stay as they are.
Applying runs in one transaction with progress and cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from precall.errors import PrecallError
from precall.templates.apply import ApplyPlan, describe_plan
from precall.templates.model import Application, Template
from ui.changes import Area, OpChanges

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.tasks import Op


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str
    applied: Application | None


class ApplyPanel(QWidget):
    applied = Signal(list)  # the ApplyPlans carried out

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template: Template | None = None
        self._op: Op[list[ApplyPlan]] | None = None
        self.accounts = QListWidget(self)
        self.accounts.setAccessibleName("Accounts to apply the template to")
        self.preview_button = QPushButton("&Preview changes", self)
        self.apply_button = QPushButton("&Apply", self)
        self.apply_button.setAccessibleName("Apply template to checked accounts")
        self.cancel_button = QPushButton("Cancel", self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Apply progress")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview of changes")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Apply status")
        buttons = QHBoxLayout()
        for widget in (self.preview_button, self.apply_button, self.cancel_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Check the accounts that should follow this template:", self))
        layout.addWidget(self.accounts, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 3)
        self.preview_button.clicked.connect(self.show_preview)
        self.apply_button.clicked.connect(self.apply_checked)
        self.cancel_button.clicked.connect(self._cancel)
        self.accounts.itemChanged.connect(lambda _item: self._invalidate())
        self._idle()
        self.set_accounts(None, [])

    # public -------------------------------------------------------------------
    def set_accounts(self, template: Template | None, choices: list[AccountChoice]) -> None:
        same = template is not None and self.template is not None and template.id == self.template.id
        checked = set(self.checked_ids()) if same else set()
        self.template = template
        self.accounts.blockSignals(True)
        self.accounts.clear()
        for choice in choices:
            text = choice.name
            if choice.applied is not None:
                text += (f"  (follows version {choice.applied.version}; version {choice.applied.latest_version} "
                         "is ready to apply)" if choice.applied.update_available
                         else f"  (follows version {choice.applied.version})")
            item = QListWidgetItem(text, self.accounts)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            wanted = choice.id in checked or (choice.applied is not None and choice.applied.update_available)
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.accounts.blockSignals(False)
        if template is None:
            self.status.setText("Select a template first.")
        elif not choices:
            self.status.setText("There are no accounts yet. Add an account, then apply the template to it.")
        elif not same:  # a refresh of the same template keeps what the last action said
            self.status.setText("Preview the changes before applying.")
        self._invalidate()

    def checked_ids(self) -> list[int]:
        return [self.accounts.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.accounts.count())
                if self.accounts.item(n).checkState() == Qt.CheckState.Checked]

    def set_checked(self, account_id: int, checked: bool = True) -> None:
        for n in range(self.accounts.count()):
            item = self.accounts.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == account_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def show_preview(self) -> None:
        template, ids = self.template, self.checked_ids()
        if template is None or not ids:
            self.status.setText("Check at least one account.")
            return
        self.ctx.tasks.db(lambda store: [(store.accounts.get(i).name, store.templates.plan(i, template.id))
                                         for i in ids], owner=self).latest("preview").success(
            self._previewed).failure(self._failed).run()

    def apply_checked(self) -> None:
        template, ids = self.template, self.checked_ids()
        if template is None or not ids:
            return
        self._busy()
        # Changing many accounts at once is worth a verified backup first.
        op = self._op = self.ctx.tasks.db(lambda store, progress: store.templates.apply_many(
            ids, template.id, template.version, progress, backup_first=len(ids) > 1), owner=self).long()
        # Other views learn of the change even if this one closed while it ran.
        op.changes_from(_applied_changes)
        op.on_progress(self._progressed)
        op.success(self._applied).failure(self._failed).cancelled(self._cancelled).ended(self._idle).run()

    # internals ----------------------------------------------------------------
    def _previewed(self, plans: list[tuple[str, ApplyPlan]]) -> None:
        labels = {row.key: row.label for row in self.template.rows} if self.template else {}
        lines = []
        for name, plan in plans:
            lines.append(f"{name}: {plan.summary()}")
            lines += [f"    {line}" for line in describe_plan(plan, labels)]
        self.preview.setPlainText("\n".join(lines))
        changing = sum(1 for _, plan in plans if plan.changes_matrix or plan.previous_version != plan.version)
        self.apply_button.setEnabled(changing > 0)
        self.apply_button.setText(f"&Apply to {len(plans)} account{'s' if len(plans) != 1 else ''}")
        self.status.setText("Nothing would change." if not changing else
                            "Items you edited, confirmed or refuted stay as you left them. Apply when ready.")

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _applied(self, plans: list[ApplyPlan]) -> None:
        self._idle()
        self.status.setText(f"Applied version {plans[0].version} to {len(plans)} account"
                            f"{'s' if len(plans) != 1 else ''}." if plans else "Nothing applied.")
        self.applied.emit(plans)

    def _failed(self, error: PrecallError) -> None:
        self._idle()
        self.status.setText(f"Not applied: {error}")

    def _cancelled(self) -> None:
        self._idle()
        self.status.setText("Cancelled; no account was changed.")

    def _cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()

    def _invalidate(self) -> None:
        self.preview.clear()
        self.apply_button.setEnabled(False)
        self.apply_button.setText("&Apply")

    def _busy(self) -> None:
        for widget in (self.preview_button, self.apply_button, self.accounts):
            widget.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()

    def _idle(self) -> None:
        self._op = None
        self.preview_button.setEnabled(True)
        self.accounts.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.progress.hide()


def _applied_changes(plans: list[ApplyPlan]) -> OpChanges | None:
    """What applying to several accounts changed: one account's data, or (several) any account's."""
    if not plans:
        return None
    account_id = plans[0].account_id if len({plan.account_id for plan in plans}) == 1 else None
    return OpChanges.of(Area.MATRIX, Area.TEMPLATES, Area.RESEARCH, Area.CHECKLIST, account_id=account_id)
