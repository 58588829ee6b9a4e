"""Subscriptions (team folders and URLs) and team feedback, on the Templates page.

Checking a subscription crosses threads on purpose: the list is read on the database
worker, folders and URLs are fetched on the network pool, and what they brought is
validated and stored back on the database worker. Nothing blocks the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from precall.errors import PrecallError
from precall.domain.sharing import Subscription
from precall.templates import feedback
from precall.templates.feedback import FeedbackLine
from precall.templates.subscriptions import CheckReport, FetchResult, fetch, record, subscribe
from ui.changes import Area, OpChanges

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext


class SubscriptionsPanel(QWidget):
    checked = Signal(list)  # the CheckReports of one check

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget(self)
        self.list.setAccessibleName("Template subscriptions")
        self.location = QLineEdit(self)
        self.location.setAccessibleName("Folder or web address to subscribe to")
        self.location.setPlaceholderText("A team folder, or https://… of a template file")
        self.browse = QPushButton("&Folder…", self)
        self.allow_private = QCheckBox("Allow this computer or a private network", self)
        self.subscribe_button = QPushButton("&Subscribe", self)
        self.check_button = QPushButton("Check &now", self)
        self.check_button.setToolTip("F5 (anywhere on the Templates page)")
        self.remove_button = QPushButton("&Remove", self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Subscription status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        add_row = QHBoxLayout()
        add_row.addWidget(self.location, 1)
        add_row.addWidget(self.browse)
        add_row.addWidget(self.subscribe_button)
        tools = QHBoxLayout()
        tools.addWidget(self.allow_private)
        tools.addStretch(1)
        tools.addWidget(self.check_button)
        tools.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Follow a team folder (every .json file in it) or the web address of a template. "
                                "Precall checks at start and when you ask, and works from the last copy offline.", self,
                                wordWrap=True))
        layout.addLayout(add_row)
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.browse.clicked.connect(self._browse)
        self.subscribe_button.clicked.connect(lambda: self.subscribe(self.location.text()))
        self.location.returnPressed.connect(lambda: self.subscribe(self.location.text()))
        self.check_button.clicked.connect(lambda: self.check_all())
        self.remove_button.clicked.connect(self._remove_selected)

    def set_subscriptions(self, subscriptions: list[Subscription]) -> None:
        self.list.clear()
        for s in subscriptions:
            state = f"error: {s.last_error}" if s.last_error else (s.last_summary or "not checked yet")
            when = f" (checked {s.last_checked_at})" if s.last_checked_at else ""
            item = QListWidgetItem(f"{s.label}\n{state}{when}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
        self.remove_button.setEnabled(bool(subscriptions))
        if not subscriptions:
            self.status.setText("No subscriptions yet.")

    def subscribe(self, location: str) -> None:
        allow = self.allow_private.isChecked()
        self.ctx.tasks.db(lambda store: subscribe(store, location, allow_private=allow),
                          owner=self).success(
            self._subscribed).failure(self._failed).run()

    def _subscribed(self, _subscription: Subscription) -> None:
        self.location.clear()
        self.check_all()

    def check_all(self, done: Callable[[list[CheckReport]], None] | None = None) -> None:
        """Check every subscription: list (db) → fetch (network) → store (db)."""
        self.check_button.setEnabled(False)
        self.status.setText("Checking subscriptions…")

        def fetched(results: list[FetchResult]) -> None:
            self.ctx.tasks.db(lambda store: [record(store, r) for r in results],
                              owner=self).changes_from(_templates_if_changed).success(
                lambda reports: self._reported(reports, done)).failure(self._failed).run()

        def listed(subscriptions: list[Subscription]) -> None:
            def fetch_all() -> list[FetchResult]:
                from precall.net import make_session

                session = make_session()
                try:
                    return [fetch(s, session) for s in subscriptions]
                finally:
                    session.close()

            self.ctx.tasks.background(fetch_all, owner=self).success(fetched).failure(self._failed).run()

        self.ctx.tasks.db(lambda store: store.subscriptions.list(), owner=self).success(listed).failure(
            self._failed).run()

    def _reported(self, reports: list[CheckReport], done: Callable[[list[CheckReport]], None] | None) -> None:
        self.check_button.setEnabled(True)
        self.status.setText("\n".join(r.message() for r in reports) if reports else "No subscriptions to check.")
        self.checked.emit(reports)
        if done is not None:
            done(reports)

    def _remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        subscription_id = item.data(Qt.ItemDataRole.UserRole)
        self.ctx.tasks.db(lambda store: store.subscriptions.remove(subscription_id), owner=self).changes(
            Area.TEMPLATES).failure(self._failed).run()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Team folder with templates")
        if folder:
            self.location.setText(folder)

    def _failed(self, error: PrecallError) -> None:
        self.check_button.setEnabled(True)
        self.status.setText(str(error))


def _templates_if_changed(reports: list[CheckReport]) -> OpChanges | None:
    """A check changes the library only when a subscription brought a new version."""
    return OpChanges.of(Area.TEMPLATES) if any(r.changed for r in reports) else None


class FeedbackPanel(QWidget):
    COLUMNS = ("Held up", "Confirmed", "Refuted", "Files", "Role", "Row", "Assumption")

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setAccessibleName("How often each assumption held up")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton("&Export my feedback…", self)
        self.import_button = QPushButton("&Import team feedback…", self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Feedback status")
        self.empty = QLabel("No feedback on this template yet. Import the files reps send you.", self)
        self.empty.setAccessibleName("No feedback yet")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Reps export anonymous counts of confirmed and refuted assumptions (no account or "
                                "person names); a manager imports them to see which assumptions hold up.", self,
                                wordWrap=True))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        self.export_button.clicked.connect(self._ask_export)
        self.import_button.clicked.connect(self._ask_import)

    def set_report(self, lines: list[FeedbackLine]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            rate = f"{line.held_rate:.0%}" if line.held_rate is not None else "–"
            for column, value in enumerate((rate, line.confirmed, line.refuted, line.files, line.role, line.row,
                                            line.text)):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(lines))
        self.empty.setVisible(not lines)

    def export_to(self, path: Path) -> None:
        self.ctx.tasks.db(lambda store: feedback.export_file(store, path), owner=self).success(
            lambda count: self.status.setText(f"Wrote anonymous counts for {count} assumptions to {path}.")
        ).failure(self._failed).run()

    def import_files(self, paths: list[Path]) -> None:
        def work(store: Store) -> list[str]:
            return [f"{p.name}: {feedback.import_file(store, p).message()}" for p in paths]

        self.ctx.tasks.db(work, owner=self).changes(Area.TEMPLATES).success(
            lambda messages: self.status.setText("\n".join(messages))).failure(self._failed).run()

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export feedback", "precall-feedback.json", "JSON (*.json)")
        if path:
            self.export_to(Path(path))

    def _ask_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import feedback files", "", "JSON (*.json)")
        if paths:
            self.import_files([Path(p) for p in paths])

    def _failed(self, error: PrecallError) -> None:
        self.status.setText(str(error))
