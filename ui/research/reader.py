"""Reading research offline: a search box with results and a reader pane.

``ResearchReader(ctx)`` is what the Research page puts in its splitter:

    reader.set_scope(account_id, industry_id)  # scope search and the item list (None, None: all)
    reader.show_source(source_id)              # list a source's items, open the newest
    reader.show_item(item_id)                  # open one item

Searching is typed (debounced) and runs on the database worker; rendering (bounding and
escaping the text, sanitising) runs on the network pool, so neither SQL nor large HTML
ever reaches the GUI thread. Late answers for an older query or item are dropped.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from precall.research.items import ResearchItem, ResearchItemVersion
from precall.research.sanitise import sanitise_html, text_to_html
from ui.changes import Area
from ui.research.results_model import ResultRow, ResultsModel, rows_from_hits, rows_from_refs
from ui.widgets.safe_text import SafeTextBrowser, open_in_system_browser
from ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from precall.errors import PrecallError
    from precall.store import Store
    from ui.changes import OpChanges
    from ui.context import AppContext

log = logging.getLogger("precall.ui.research")

SEARCH_DELAY_MS = 250
RESULT_LIMIT = 50


@dataclass(frozen=True)
class ReaderData:
    item: ResearchItem
    versions: list[ResearchItemVersion]
    sources: list[str]


FACT_LABELS = {"name": "Organisation", "legal_name": "Legal name", "description": "About", "address": "Address",
               "employee_count": "Employees", "founded": "Founded", "industry": "Industry", "telephone": "Telephone",
               "email": "Email", "website": "Website", "social_profiles": "Profiles"}


def facts_html(facts: dict[str, Any]) -> str:
    """Organisation facts the page stated, as a small table (escaped; web links only)."""
    rows = []
    for key, label in FACT_LABELS.items():
        value = facts.get(key)
        if not value:
            continue
        values = value if isinstance(value, list) else [value]
        cells = [f'<a href="{html.escape(v, quote=True)}">{html.escape(v)}</a>'
                 if isinstance(v, str) and v.lower().startswith(("http://", "https://")) else html.escape(str(v))
                 for v in values[:8]]
        rows.append(f"<tr><th align='left'>{label}</th><td>{'<br>'.join(cells)}</td></tr>")
    return f"<table cellpadding='2'>{''.join(rows)}</table><hr>" if rows else ""


def render_body(text: str, url: str, facts: dict[str, Any] | None = None) -> str:
    """The reader's HTML for one version: the organisation facts, the escaped text and a
    link to the original. Runs on a worker."""
    link = f'<p><a href="{html.escape(url, quote=True)}">Open the original page</a></p>' \
        if url.lower().startswith(("http://", "https://")) else ""
    return sanitise_html(facts_html(facts or {}) + text_to_html(text) + link)


class ReaderPane(QWidget):
    """One research item: title, date, source, the version picker and the clean text."""

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None,
                 open_external: Callable[[QUrl], bool] = open_in_system_browser) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_id: int | None = None
        self._data: ReaderData | None = None
        self.stack = QStackedWidget(self)
        self.empty = EmptyState("Pick a research item, or search above, to read it here — it works offline.", self)
        page = QWidget(self)
        self.title = QLabel(page)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setAccessibleName("Research item title")
        self.meta = QLabel(page)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setAccessibleName("Research item date and source")
        self.versions = QComboBox(page)
        self.versions.setAccessibleName("Version of this page")
        self.versions.setToolTip("Pages that changed keep their earlier versions")
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.browser = SafeTextBrowser(page, open_external=open_external)
        self.browser.setAccessibleName("Research item text")
        top = QHBoxLayout()
        top.addWidget(self.meta, 1)
        top.addWidget(self.versions)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def show_item(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            self._data = None
            self.stack.setCurrentWidget(self.empty)
            return

        def load(store: "Store") -> ReaderData:
            return ReaderData(store.research.item(item_id), store.research.versions(item_id),
                              store.research.source_names(item_id))

        self.ctx.tasks.db(load, owner=self).latest("item").success(
            lambda data: self._loaded(data) if item_id == self.item_id else None).failure(
            lambda exc: self._failed(exc) if item_id == self.item_id else None).run()

    def _loaded(self, data: ReaderData) -> None:
        self._data = data
        item = data.item
        self.title.setText(item.display_title)
        parts = [f"Published {item.published.isoformat()}" if item.published else "No publication date",
                 f"by {item.author}" if item.author else "", "; ".join(data.sources) or item.url]
        self.meta.setText(" · ".join(p for p in parts if p))
        self.versions.blockSignals(True)
        self.versions.clear()
        fetched = item.fetched_at.strftime("%Y-%m-%d %H:%M") if item.fetched_at else "?"
        self.versions.addItem(f"Latest (fetched {fetched})")
        for version in data.versions:
            self.versions.addItem(f"Earlier (fetched {version.fetched_at:%Y-%m-%d %H:%M})")
        self.versions.setCurrentIndex(0)
        self.versions.setVisible(bool(data.versions))
        self.versions.blockSignals(False)
        self.stack.setCurrentIndex(1)
        self._render(item.text or item.summary, item.url, item.facts)

    def _failed(self, exc: "PrecallError") -> None:
        self.empty.setText(str(exc))
        self.stack.setCurrentWidget(self.empty)

    def _version_chosen(self, index: int) -> None:
        if self._data is None or index < 0:
            return
        if index == 0:
            item = self._data.item
            self._render(item.text or item.summary, item.url, item.facts)
        else:
            version = self._data.versions[index - 1]
            self._render(version.text or version.summary, version.url)

    def _render(self, text: str, url: str, facts: dict[str, Any] | None = None) -> None:
        item_id = self.item_id
        self.browser.setPlainText("Loading…")
        self.ctx.tasks.background(lambda: render_body(text, url, facts), owner=self).latest("render").success(
            lambda body: self.browser.setHtml(body) if item_id == self.item_id else None).run()


class ResearchSearch(QWidget):
    """The search box and its results; with an empty box, the latest items."""

    item_chosen = Signal(int)
    #: How many rows the list shows after a refresh (search results or items).
    rows_shown = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account_id: int | None = None
        self.industry_id: int | None = None
        #: With an empty box, list this source's items instead of the scope's newest.
        self.source_id: int | None = None
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Search research (Ctrl+F)…")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("Search research")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Search status")
        self.model = ResultsModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setAccessibleName("Research results")
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.box.returnPressed.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def set_account(self, account_id: int | None) -> None:
        self.set_scope(account_id, None)

    def set_scope(self, account_id: int | None, industry_id: int | None) -> None:
        """Search an account's research (its own and its industry's), an industry's, or
        (both None) the whole library."""
        self.account_id, self.industry_id, self.source_id = account_id, industry_id, None
        self.refresh()

    def show_source(self, source_id: int | None) -> None:
        self.source_id = source_id
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        query = self.box.text()
        account_id, industry_id, source_id = self.account_id, self.industry_id, self.source_id

        def load(store: "Store") -> list[ResultRow]:
            if query.strip():
                return rows_from_hits(store.research.search(
                    query, limit=RESULT_LIMIT, account_id=account_id, industry_id=industry_id))
            if source_id is not None:
                return rows_from_refs(store.research.items_for_source(source_id, limit=RESULT_LIMIT))
            if account_id is not None:
                return rows_from_refs(store.research.items_for_account(account_id, limit=RESULT_LIMIT))
            if industry_id is not None:
                return rows_from_refs(store.research.items_for_industry(industry_id, limit=RESULT_LIMIT))
            return rows_from_refs(store.research.recent(limit=RESULT_LIMIT))

        self.ctx.tasks.db(load, owner=self).latest("search").success(lambda rows: self._show(query, rows)).run()

    def _show(self, query: str, rows: list[ResultRow]) -> None:
        self.model.set_rows(rows)
        if query.strip():
            self.status.setText(f"{len(rows)} result{'s' if len(rows) != 1 else ''} for “{query.strip()}”"
                                if rows else f"No research matches “{query.strip()}”. Try fewer or other words.")
        elif self.source_id is not None:
            self.status.setText("From the selected source" if rows else
                                "Nothing fetched from this source yet: refresh it.")
        else:
            self.status.setText("Latest research" if rows else
                                "No research yet: add sources and refresh them on the Research page.")
        self.rows_shown.emit(len(rows))

    def _activated(self, index: QModelIndex) -> None:
        item_id = self.model.item_id(index.row())
        if item_id is not None:
            self.item_chosen.emit(item_id)


class ResearchReader(QWidget):
    """Search above, the reader below; kept current when research changes."""

    title = "Reader"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None,
                 open_external: Callable[[QUrl], bool] = open_in_system_browser) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = ResearchSearch(ctx, self)
        self.reader = ReaderPane(ctx, self, open_external=open_external)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._open_first = False
        self.search.item_chosen.connect(self.reader.show_item)
        self.search.rows_shown.connect(self._rows_shown)
        ctx.changes.changed.connect(self._changed)

    def set_account(self, account_id: int | None) -> None:
        self.search.set_scope(account_id, None)

    def set_scope(self, account_id: int | None, industry_id: int | None) -> None:
        self.search.set_scope(account_id, industry_id)

    def show_item(self, item_id: int | None) -> None:
        self.reader.show_item(item_id)

    def show_source(self, source_id: int | None) -> None:
        """List a source's items and open its newest one (the Research page's selection)."""
        self._open_first = source_id is not None
        self.search.show_source(source_id)
        if source_id is None:
            self.reader.show_item(None)

    def _rows_shown(self, count: int) -> None:
        if self._open_first:
            self._open_first = False
            first = self.search.model.item_id(0)
            self.reader.show_item(first)

    def _changed(self, changes: "OpChanges", initiator: object) -> None:
        if not changes.touches(Area.RESEARCH):
            return
        if changes.account_id is None or self.search.account_id in (None, changes.account_id) \
                or self.search.industry_id is not None:
            self.search.refresh()
            if self.reader.item_id is not None:
                self.reader.show_item(self.reader.item_id)
