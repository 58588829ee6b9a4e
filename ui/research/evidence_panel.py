"""The "Evidence" side panel beside the matrix: research that supports the selected
assumption, to accept as evidence (the item becomes *researched*) or to unlink.

Suggestions come from ``store.research.suggest_evidence`` (keywords from the item and
its template, in the account's and its industry's research). Every read and write runs
on the database worker; a write notifies ``ctx.changes`` ("matrix" and "research") so
the grid repaints the item's status.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from precall.domain.matrix import MatrixItem
from precall.errors import NotFoundError, PrecallError
from precall.research.items import ResearchHit, ResearchItemRef
from ui.changes import Area, OpChanges
from ui.widgets.safe_text import open_in_system_browser
from ui.interfaces import MatrixSidePanel

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.research")

SUGGESTIONS = 8
IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class EvidenceView:
    item: MatrixItem
    linked: list[ResearchItemRef]
    suggestions: list[ResearchHit]
    library_size: int


def load_evidence(store: "Store", item_id: int) -> EvidenceView | None:
    try:
        item = store.matrix.item(item_id)
    except NotFoundError:
        return None
    return EvidenceView(item, store.research.evidence_for_items([item_id])[item_id],
                        store.research.suggest_evidence(item_id, SUGGESTIONS),
                        len(store.research.items_for_account(item.account_id, limit=1)))


class EvidencePanel(MatrixSidePanel):
    title = "Evidence"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None,
                 open_external: Callable[[QUrl], bool] = open_in_system_browser) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._open_external = open_external
        self.account_id: int | None = None
        self.item_id: int | None = None
        self.heading = QLabel("Select an assumption in the matrix to see research that supports it.", self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Selected assumption")
        self.linked = self._list("Evidence linked to this assumption")
        self.suggestions = self._list("Suggested research")
        self.linked_label = QLabel("Linked evidence", self)
        self.suggestions_label = QLabel("Suggestions", self)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Evidence hint")
        self.accept_button = QPushButton("&Accept as evidence", self)
        self.accept_button.setToolTip("Link the selected suggestion and mark the assumption researched")
        self.unlink_button = QPushButton("&Unlink", self)
        self.read_button = QPushButton("&Read", self)
        self.read_button.setToolTip("Read the selected research item (offline)")
        for button in (self.accept_button, self.unlink_button, self.read_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self.accept_button.clicked.connect(self.accept_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.read_button.clicked.connect(self.read_selected)
        self.suggestions.itemActivated.connect(lambda _item: self.accept_selected())
        self.linked.itemActivated.connect(lambda _item: self.read_selected())
        for widget in (self.linked, self.suggestions):
            widget.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.unlink_button)
        buttons.addWidget(self.read_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.linked_label)
        layout.addWidget(self.linked, 1)
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.suggestions, 2)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        ctx.changes.changed.connect(self._changed)
        self._show(None)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setAccessibleName(name)
        widget.setWordWrap(True)
        return widget

    # the interface the matrix editor calls -------------------------------------------
    def set_item(self, account_id: int | None, item_id: int | None) -> None:
        self.account_id, self.item_id = account_id, item_id
        self.reload()

    def reload(self) -> None:
        item_id = self.item_id
        if item_id is None:
            self._show(None)
            return
        self.ctx.tasks.db(lambda store: load_evidence(store, item_id), owner=self).latest("load").success(
            lambda view: self._show(view) if item_id == self.item_id else None).run()

    # showing -------------------------------------------------------------------------
    def _show(self, view: EvidenceView | None) -> None:
        self.linked.clear()
        self.suggestions.clear()
        has_item = view is not None
        for widget in (self.linked, self.suggestions, self.linked_label, self.suggestions_label):
            widget.setVisible(has_item)
        if view is None:
            self.heading.setText("Select an assumption in the matrix to see research that supports it.")
            self.hint.setText("")
            self._update_buttons()
            return
        self.heading.setText(f"“{view.item.text}” — {view.item.status.label}")
        self.linked_label.setText("Linked evidence" if view.linked else "Linked evidence: none yet")
        for ref in view.linked:
            self._add(self.linked, ref.id, ref.title, ref.published.isoformat() if ref.published else "", "")
        for hit in view.suggestions:
            self._add(self.suggestions, hit.id, hit.title, hit.published.isoformat() if hit.published else "",
                      hit.snippet_plain("«", "»"))
        if not view.library_size:
            self.hint.setText("No research for this account yet: add sources on the Research page and refresh.")
        elif not view.suggestions:
            self.hint.setText("No research matches this assumption's words. Add keywords or sources.")
        else:
            self.hint.setText("Accept a suggestion that supports the assumption (Enter or double-click).")
        self._update_buttons()

    def _add(self, widget: QListWidget, item_id: int, title: str, date: str, snippet: str) -> None:
        text = f"{title}  ·  {date}" if date else title
        entry = QListWidgetItem(f"{text}\n{snippet}" if snippet else text)
        entry.setData(IdRole, item_id)
        entry.setToolTip(snippet or title)
        widget.addItem(entry)

    def _update_buttons(self) -> None:
        self.accept_button.setEnabled(bool(self.suggestions.selectedItems()))
        self.unlink_button.setEnabled(bool(self.linked.selectedItems()))
        self.read_button.setEnabled(bool(self.suggestions.selectedItems() or self.linked.selectedItems()))

    @staticmethod
    def _selected(widget: QListWidget) -> int | None:
        items = widget.selectedItems()
        return int(items[0].data(IdRole)) if items else None

    # acting --------------------------------------------------------------------------
    def accept_selected(self) -> None:
        research_id, item_id = self._selected(self.suggestions), self.item_id
        if research_id is not None and item_id is not None:
            self._write(lambda store: store.research.link_evidence(item_id, research_id))

    def unlink_selected(self) -> None:
        research_id, item_id = self._selected(self.linked), self.item_id
        if research_id is not None and item_id is not None:
            self._write(lambda store: store.research.unlink_evidence(item_id, research_id))

    def _write(self, fn: Callable[["Store"], None]) -> None:
        account_id = self.account_id
        self.accept_button.setEnabled(False)
        self.unlink_button.setEnabled(False)

        def failed(exc: PrecallError) -> None:
            self.hint.setText(str(exc))
            self.reload()

        self.ctx.tasks.db(fn, owner=self).changes(Area.MATRIX, Area.RESEARCH, account_id=account_id).success(
            lambda _result: self.reload()).failure(failed).run()

    def read_selected(self) -> None:
        research_id = self._selected(self.suggestions) or self._selected(self.linked)
        if research_id is None:
            return
        from ui.research.reader import ReaderPane

        dialog = QDialog(self)
        dialog.setWindowTitle("Research")
        dialog.setAccessibleName("Research item")
        dialog.resize(640, 560)
        pane = ReaderPane(self.ctx, dialog, open_external=self._open_external)
        QVBoxLayout(dialog).addWidget(pane)
        pane.show_item(research_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.reader_dialog = dialog

    # keeping current ------------------------------------------------------------------
    def _changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or self.item_id is None:
            return
        if changes.touches(Area.RESEARCH, Area.MATRIX) and changes.account_id in (None, self.account_id):
            self.reload()


def evidence_panel(ctx: "AppContext") -> EvidencePanel:
    return EvidencePanel(ctx)
