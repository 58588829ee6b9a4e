"""Tools → Watched calendars…: the .ics files and calendar addresses Precall re-imports.

Listing, adding and removing run on the database worker; "Check now" asks the
app's watcher (``ctx.services.calendar_watcher``) for a round and refreshes when it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton, QStackedWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from precall.calendar.watch import normalize_location
from precall.errors import PrecallError
from precall.store.calendar import CalendarFeed
from ui.changes import Area, OpChanges
from ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from precall.store import Store
    from ui.calendar.watcher import CalendarWatcher
    from ui.context import AppContext

EMPTY_TEXT = ("No watched calendars yet.\nAdd an .ics file or a calendar address (https:// or webcal://): "
              "Precall re-imports it when it changes.")


class FeedsDialog(QDialog):
    def __init__(self, ctx: "AppContext", watcher: "CalendarWatcher | None", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watcher = watcher
        self.feeds: list[CalendarFeed] = []
        self.setWindowTitle("Watched calendars")
        self.setAccessibleName("Watched calendars")
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        self.empty = EmptyState(EMPTY_TEXT, self)
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName("Watched calendar list")
        self.table.setHorizontalHeaderLabels(["Calendar", "Last checked (UTC)", "State"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(2, 260)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Watched calendars message")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_file_button = self._button(buttons, "Add &file…", self.add_file)
        self.add_url_button = self._button(buttons, "Add &address…", self.add_url)
        self.remove_button = self._button(buttons, "&Remove", self.remove_selected)
        self.check_button = self._button(buttons, "&Check now", self.check_now)
        buttons.addStretch(1)
        self._button(buttons, "Close", self.accept)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        ctx.changes.changed.connect(self._changed)
        self.reload()

    def _button(self, row: QHBoxLayout, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # data ----------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.tasks.db(lambda store: store.calendar.feeds(), owner=self).latest("load").success(
            self.show_feeds).failure(self._failed).run()

    def _changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is not self and changes.touches(Area.CALENDAR):
            self.reload()  # e.g. the watcher checked a feed: its state column changes

    def show_feeds(self, feeds: list[CalendarFeed]) -> None:
        self.feeds = feeds
        self.table.setRowCount(len(feeds))
        for row, feed in enumerate(feeds):
            state = (f"Error: {feed.last_error}" if feed.last_error else
                     f"{feed.pending_review} events need an account" if feed.pending_review else
                     "Imported" if feed.last_imported_at else "Not checked yet")
            for column, text in enumerate((feed.location, feed.last_checked_at.replace("T", " ")[:16], state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, feed.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.stack.setCurrentWidget(self.table if feeds else self.empty)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_feed_id() is not None)
        self.check_button.setEnabled(self.watcher is not None and bool(self.feeds))

    def selected_feed_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    # actions -------------------------------------------------------------------
    def add_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Watch a calendar file", "", "Calendar files (*.ics);;All (*)")
        if name:
            self.add_location(name)

    def add_url(self) -> None:
        text, ok = QInputDialog.getText(self, "Subscribe to a calendar", "Calendar address (https:// or webcal://):")
        if ok and text.strip():
            self.add_location(text)

    def add_location(self, text: str) -> None:
        def work(store: Store) -> CalendarFeed:
            kind, location = normalize_location(text)
            return store.calendar.add_feed(kind, location)

        self.ctx.tasks.db(work, owner=self).changes(Area.CALENDAR).success(
            lambda feed: self._done(f"Watching {feed.location}.")).failure(self._failed).run()

    def remove_selected(self) -> None:
        feed_id = self.selected_feed_id()
        if feed_id is None:
            return
        self.ctx.tasks.db(lambda store: store.calendar.remove_feed(feed_id), owner=self).changes(Area.CALENDAR) \
            .success(lambda _: self._done("Stopped watching; meetings already imported stay.")) \
            .failure(self._failed).run()

    def check_now(self) -> None:
        if self.watcher is None:
            return
        self.message.setText("Checking…")
        self.watcher.round_finished.connect(self._round_finished)
        self.watcher.check_now()

    def _round_finished(self, reports: list[Any]) -> None:
        if self.watcher is not None:  # always: check_now connected this to it
            self.watcher.round_finished.disconnect(self._round_finished)
        lines = [r.summary() for r in reports if r.error or (r.result and r.result.changed_anything)]
        self._done("\n".join(lines) or "No changes.")

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def _failed(self, error: PrecallError) -> None:
        self.message.setText(str(error))
