"""The "Research" page: pick an account or an industry, see its sources and how their
last fetch went, add or remove sources, and refresh them in the background with
progress per source and a Cancel. The right half hosts the library's reader."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from precall.research.politeness import PolitenessPolicy
from precall.research.sources import ResearchSource
from ui.changes import Area, OpChanges
from ui.research import settings as research_settings
from ui.research.add_source import AddSourceDialog
from ui.research.reader import ResearchReader
from ui.research.refresh_runner import RefreshController, RefreshReport, submit
from ui.research.sources_model import COL_ERROR, COL_SOURCE, SourceTableModel
from ui.widgets.empty_state import EmptyState
from ui.widgets.splitters import remember_splitter
from ui.interfaces import Page

if TYPE_CHECKING:
    from precall.errors import PrecallError
    from precall.research.refresh import AppliedOutcome
    from ui.context import AppContext

log = logging.getLogger("precall.ui.research")

Scope = tuple[str, int]  # ("account" | "industry", id)
NO_SCOPES = "No accounts or industries yet. Create an account (with its industry) first; its research goes here."
NO_SOURCES = ("No research sources for {name} yet. Add the company's site, its news feed, or an industry "
              "association's page with “Add source…”.")


def create_research_page(ctx: "AppContext") -> ResearchPage:
    return ResearchPage(ctx)


class ResearchPage(Page):
    title = "Research"
    #: The sources of the current scope were (re)loaded: their count.
    loaded = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("researchPage")
        self._scope: Scope | None = None
        self._scope_names: dict[Scope, str] = {}
        self.model = SourceTableModel(self)
        self.refresher = RefreshController(ctx, self)

        self.scope_box = QComboBox(self)
        self.scope_box.setAccessibleName("Account or industry")
        self.scope_box.setMinimumWidth(260)
        self.allow_private = QCheckBox("Allow local network addresses", self)
        self.allow_private.setToolTip("Also fetch from this computer and private (intranet) addresses. "
                                      "Off by default: a web page could otherwise make Precall probe your network.")
        self.allow_private.setChecked(research_settings.allow_private(ctx.settings))
        top = QHBoxLayout()
        top.addWidget(QLabel("Research for:", self))
        top.addWidget(self.scope_box)
        top.addStretch(1)
        top.addWidget(self.allow_private)

        self.table = QTableView(self)
        self.table.setAccessibleName("Research sources")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Interactive, sized once per load: ResizeToContents re-measures every row on every
        # change, which during a refresh stalled the window for hundreds of milliseconds.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.empty = EmptyState(NO_SCOPES, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.add_button = QPushButton("Add source…", self)
        self.add_button.setToolTip("Ctrl+Shift+A")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Delete: remove the selected source (its items stay in the library)")
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("F5: fetch these sources now")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Esc: stop the refresh (what was fetched so far is kept)")
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Refresh progress")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setAccessibleName("Refresh status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.cancel_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.stack, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.status)
        self.reader = ResearchReader(ctx, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        remember_splitter(ctx.settings, self.splitter, "research")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.scope_box.currentIndexChanged.connect(self._scope_changed)
        self.allow_private.toggled.connect(lambda on: ctx.settings.setValue(research_settings.ALLOW_PRIVATE, on))
        self.add_button.clicked.connect(self.add_source)
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel_refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresher.started.connect(self._refresh_started)
        self.refresher.progress.connect(self._refresh_progress)
        self.refresher.source_started.connect(lambda source_id: self.model.set_progress([source_id], "fetching…"))
        self.refresher.source_saved.connect(self._source_saved)
        self.refresher.finished.connect(self._refresh_finished)
        self.refresher.failed.connect(lambda message: self.status.setText(f"Refresh problem: {message}"))
        ctx.changes.changed.connect(self._on_changes)
        for keys, slot in ((QKeySequence("F5"), self.refresh), (QKeySequence("Ctrl+Shift+A"), self.add_source),
                           (QKeySequence("Escape"), self.cancel_refresh)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        # The table's context menu; Delete and Shift+F5 work while it has the focus.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.refresh_selected_action = QAction("Refresh this source", self.table)
        self.refresh_selected_action.setShortcut(QKeySequence("Shift+F5"))
        self.refresh_selected_action.triggered.connect(self.refresh_selected)
        self.remove_action = QAction("Remove", self.table)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.triggered.connect(self.remove_selected)
        for action in (self.refresh_selected_action, self.remove_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self._sync_buttons()
        self.reload_scopes()

    # loading -----------------------------------------------------------------------
    def reload_scopes(self) -> None:
        submit(self.ctx.tasks.db(lambda store: store.sources.scopes(), owner=self).latest("scopes").success(
            self._scopes_loaded).failure(self._show_error))

    def _scopes_loaded(self, scopes: list[tuple[str, int, str, int]]) -> None:
        keep = self._scope
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        self._scope_names = {}
        for kind, scope_id, name, count in scopes:
            label = f"{'Account' if kind == 'account' else 'Industry'}: {name}" + (f"  ({count})" if count else "")
            self.scope_box.addItem(label, f"{kind}:{scope_id}")
            self._scope_names[(kind, scope_id)] = name
        self.scope_box.blockSignals(False)
        index = self.scope_box.findData(f"{keep[0]}:{keep[1]}") if keep is not None else -1
        if index < 0 and scopes:
            index = self.scope_box.findData(str(self.ctx.settings.value(research_settings.SCOPE, "")))
        self.scope_box.setCurrentIndex(max(index, 0) if scopes else -1)
        self._scope_changed()

    def select_scope(self, kind: str, scope_id: int) -> None:
        index = self.scope_box.findData(f"{kind}:{scope_id}")
        if index < 0:
            return
        if index == self.scope_box.currentIndex():
            self.reload_sources()
        else:
            self.scope_box.setCurrentIndex(index)

    def _scope_changed(self) -> None:
        data = self.scope_box.currentData()
        self._scope = _parse_scope(data)
        if self._scope is not None:
            self.ctx.settings.setValue(research_settings.SCOPE, data)
        account_id, industry_id = self._scope_ids()
        self.reader.set_scope(account_id, industry_id)
        self.reload_sources()

    def _scope_ids(self) -> tuple[int | None, int | None]:
        if self._scope is None:
            return None, None
        return (self._scope[1], None) if self._scope[0] == "account" else (None, self._scope[1])

    def reload_sources(self) -> None:
        account_id, industry_id = self._scope_ids()
        if account_id is None and industry_id is None:
            self.model.set_sources([])
            self._show_sources()
            return
        submit(self.ctx.tasks.db(
            lambda store: store.sources.list(account_id=account_id, industry_id=industry_id), owner=self
        ).latest("sources").success(self._sources_loaded).failure(self._show_error))

    def _sources_loaded(self, sources: list[ResearchSource]) -> None:
        same_rows = [s.id for s in sources] == [s.id for s in self.model.sources()]
        if self.refresher.running and same_rows:
            # Keep the progress notes of sources not fetched yet: only take the new states.
            for source in sources:
                self.model.update_source(source, clear_progress=False)
        else:
            self.model.set_sources(sources)
            self._size_columns()
        self._show_sources()
        self.loaded.emit(len(sources))

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COL_SOURCE, min(self.table.columnWidth(COL_SOURCE), 320))
        for column in range(COL_SOURCE + 1, COL_ERROR):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), 70))

    def _show_sources(self) -> None:
        if self._scope is None:
            self.empty.setText(NO_SCOPES)
            self.stack.setCurrentWidget(self.empty)
        elif self.model.rowCount() == 0:
            self.empty.setText(NO_SOURCES.format(name=self._scope_names.get(self._scope, "this")))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        self._sync_buttons()

    # actions ---------------------------------------------------------------------------
    def selected_source(self) -> ResearchSource | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.source_at(rows[0].row()) if rows else None

    def add_source(self) -> None:
        if self._scope is None:
            return
        dialog = AddSourceDialog(self._scope_names.get(self._scope, ""), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        url, kind, label = dialog.values()
        account_id, industry_id = self._scope_ids()
        submit(self.ctx.tasks.db(
            lambda store: store.sources.add(url, kind=kind, account_id=account_id, industry_id=industry_id,
                                            label=label), owner=self
        ).changes_from(_research_of).success(self._source_added).failure(self._show_error))

    def _source_added(self, source: ResearchSource) -> None:
        self.status.setText(f"Added {source.display_name}. Refresh (F5) to fetch it.")
        self.reload_scopes()  # the counts change; reloading the scopes reloads the sources too

    def remove_selected(self) -> None:
        source = self.selected_source()
        if source is None or self.refresher.running:
            return
        submit(self.ctx.tasks.db(lambda store: store.sources.remove(source.id), owner=self).changes_from(
            _research_of).success(self._source_removed).failure(self._show_error))

    def _source_removed(self, source: ResearchSource) -> None:
        self.status.setText(f"Removed {source.display_name}; what it fetched stays in the library.")
        self.reload_scopes()

    def policy(self) -> PolitenessPolicy:
        return research_settings.refresh_policy(self.ctx.settings, allow_private_hosts=self.allow_private.isChecked())

    def refresh(self) -> None:
        if self.refresher.running or self._scope is None or self.model.rowCount() == 0:
            return
        self.refresher.start(self.policy(), source_ids=[s.id for s in self.model.sources()])
        self._sync_buttons()

    def refresh_selected(self) -> None:
        source = self.selected_source()
        if source is None or self.refresher.running:
            return
        self.refresher.start(self.policy(), source_ids=[source.id])
        self._sync_buttons()

    def cancel_refresh(self) -> None:
        if self.refresher.running:
            self.status.setText("Cancelling… what was fetched so far is kept.")
            self.refresher.cancel()

    # refresh progress -------------------------------------------------------------------------
    def _refresh_started(self, source_ids: list[int]) -> None:
        self.model.set_progress(source_ids, "waiting…")
        self.progress.setRange(0, max(1, len(source_ids)))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Refreshing {len(source_ids)} source(s)…")
        self._sync_buttons()

    def _refresh_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        if message:
            self.status.setText(message)

    def _source_saved(self, applied: "AppliedOutcome", source: ResearchSource | None) -> None:
        if source is not None:
            self.model.update_source(source)

    def _refresh_finished(self, report: RefreshReport) -> None:
        self.model.clear_progress()
        self.progress.hide()
        failed = report.failed
        verb = "Cancelled after" if report.cancelled else "Refreshed"
        text = f"{verb} {len(report.applied)} of {report.total} source(s)."
        if failed:
            names = "; ".join(f"{a.outcome.name} ({a.outcome.status.label})" for a in failed)
            text += f" Not fetched: {names}. Their stored research is still there."
        self.status.setText(text)
        self._sync_buttons()
        self.reload_sources()

    # misc ---------------------------------------------------------------------------------------
    def _selection_changed(self, *_: Any) -> None:
        self._sync_buttons()
        source = self.selected_source()
        if source is not None and source.last_error and not self.refresher.running:
            self.status.setText(f"{source.display_name}: {source.last_error}")
        self.reader.show_source(source.id if source else None)

    def _sync_buttons(self) -> None:
        running = self.refresher.running
        has_scope = self._scope is not None
        self.add_button.setEnabled(has_scope)
        selected = self.selected_source() is not None
        self.remove_button.setEnabled(not running and selected)
        self.remove_action.setEnabled(not running and selected)
        self.refresh_selected_action.setEnabled(not running and selected)
        self.refresh_button.setEnabled(not running and has_scope and self.model.rowCount() > 0)
        self.refresh_button.setVisible(not running)
        self.cancel_button.setVisible(running)

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or initiator is self.refresher:
            return
        if changes.touches(Area.ACCOUNTS, Area.TEMPLATES):
            self.reload_scopes()
        elif changes.touches(Area.RESEARCH):
            self.reload_sources()

    def _show_error(self, error: "PrecallError") -> None:
        self.status.setText(str(error))
        log.info("research page: %s", error)


def _research_of(source: ResearchSource) -> OpChanges:
    """A source added or removed changes its account's research."""
    return OpChanges.of(Area.RESEARCH, account_id=source.account_id)


def _parse_scope(data: object) -> Scope | None:
    """"account:3" -> ("account", 3): combo-box data is kept as text, which Qt compares reliably."""
    kind, _, number = str(data or "").partition(":")
    return (kind, int(number)) if kind in ("account", "industry") and number.isdigit() else None
