"""The "Meetings" page: the filterable list of meetings on the left (upcoming first,
then past) and the selected meeting's view on the right.

Start-up cost is kept to the list: it loads summaries only, and the meeting view (with
the matrix editor and the feature tabs) is built the first time a meeting is selected.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListView, QMessageBox, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from precall.domain.meetings import MeetingSummary
from precall.errors import PrecallError
from ui.changes import Area, OpChanges
from ui.meetings.list_delegate import MeetingDelegate
from ui.meetings.list_model import MeetingFilterModel, MeetingIdRole, MeetingListModel
from ui.widgets.empty_state import EmptyState
from ui.widgets.lifecycle import shutting_down
from ui.widgets.splitters import remember_splitter
from ui.interfaces import Page

if TYPE_CHECKING:
    from datetime import datetime

    from ui.context import AppContext
    from ui.meetings.view import MeetingView

log = logging.getLogger("precall.ui.meetings")

#: How often the list checks whether a meeting has moved from upcoming to past.
SECTION_CHECK_MS = 60_000
#: Time for the filled list to paint before the first meeting view is built.
INITIAL_SELECTION_DELAY_MS = 30
EMPTY_TEXT = "No meetings yet — File ▸ New meeting, or run `precall demo`."
PICK_TEXT = "Select a meeting to see its plan and Buyer's Matrix."
START_TEXT = ("Plan your first call: File ▸ New meeting (Ctrl+N) picks the account and time; "
              "then fill its Buyer's Matrix with what you assume each decision-maker cares about.")


class MeetingsPage(Page):
    title = "Meetings"
    shortcut = "Ctrl+1"
    #: The list was filled from the database (count of meetings).
    loaded = Signal(int)
    #: The selected meeting changed (id or None).
    meeting_selected = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("meetingsPage")
        self._loading = False
        self._stale = False
        self._first_load = True
        self._view: MeetingView | None = None
        self._want_selected: int | None = None

        self.model = MeetingListModel(self)
        # Ask for the list first: the database worker opens the file and queries while
        # the widgets below are built.
        self.reload()
        self.proxy = MeetingFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter meetings (Ctrl+F)")
        self.filter.setAccessibleName("Filter meetings")
        self.filter.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setAccessibleName("Meetings")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(MeetingDelegate(self.list))
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        # Lay thousands of rows out in batches so the first screenful paints at once.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(200)
        self.empty = EmptyState(EMPTY_TEXT, self)
        self.no_match = EmptyState("No meeting matches the filter.", self)
        self.loading = EmptyState("Loading meetings…", self)
        self.list_stack = QStackedWidget(self)
        for widget in (self.loading, self.list, self.empty, self.no_match):
            self.list_stack.addWidget(widget)
        self.new_button = QPushButton("New meeting…", self)
        self.new_button.setToolTip("Ctrl+N")
        self.count = QLabel(self)
        self.count.setAccessibleName("Meeting count")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list_stack, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.new_button)
        left_layout.addLayout(bottom)

        self.right = QStackedWidget(self)
        self.placeholder = EmptyState(PICK_TEXT, self)
        self.right.addWidget(self.placeholder)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("meetingsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 880])
        remember_splitter(ctx.settings, self.splitter, "meetings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_filter)
        self.delete_action = QAction("Delete meeting…", self.list)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(lambda: self.delete_meeting(self.selected_meeting_id()))
        self.list.addAction(self.delete_action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.returnPressed.connect(self._focus_list)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.new_button.clicked.connect(self.new_meeting)
        ctx.changes.changed.connect(self._on_changes)
        # Time moves meetings from "Upcoming" to "Past" while the app stays open.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(SECTION_CHECK_MS)
        self._clock_timer.timeout.connect(self.check_sections)
        self._clock_timer.start()

    # public -----------------------------------------------------------------
    @property
    def view(self) -> "MeetingView | None":
        return self._view

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def reload(self) -> None:
        if self._loading:
            self._stale = True
            return
        self._loading, self._stale = True, False
        now = self.ctx.clock.now()
        self.ctx.tasks.db(lambda store: store.meetings.summaries(now), owner=self).success(
            lambda rows: self._loaded(rows, now)).failure(self._load_failed).ended(self._load_ended).run()

    def selected_meeting_id(self) -> int | None:
        index = self.list.currentIndex()
        value = index.data(MeetingIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def select_meeting(self, meeting_id: int) -> None:
        """Select ``meeting_id`` now, or as soon as the list has it."""
        row = self.model.row_of(meeting_id)
        proxy_index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else None
        if proxy_index is not None and not proxy_index.isValid() and self.filter.text():
            self.filter.clear()  # the filter hides it: show everything rather than nothing
            proxy_index = self.proxy.mapFromSource(self.model.index(row))
        if proxy_index is None or not proxy_index.isValid():
            self._want_selected = meeting_id
            return
        self._want_selected = None
        self.list.selectionModel().setCurrentIndex(proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(proxy_index)

    def check_sections(self) -> None:
        """Reload if a meeting shown as upcoming has ended since the list was loaded."""
        if not self._loading and not shutting_down(self.ctx) and self.model.sections_stale(self.ctx.clock.now()):
            self.reload()

    def new_meeting(self) -> None:
        from ui.meetings.new_meeting import NewMeetingDialog

        dialog = NewMeetingDialog(self.ctx, self)
        dialog.created.connect(self.select_meeting)
        dialog.open()

    def delete_meeting(self, meeting_id: int | None, *, confirm: bool = True) -> None:
        """Delete a meeting (its plan, checklist, debrief and briefs go with it) after asking."""
        row = self.model.row_of(meeting_id) if meeting_id is not None else -1
        summary = self.model.summary(row)
        if summary is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, "Delete meeting",
                f"Delete “{summary.title}” with {summary.account}? Its plan, checklist, debrief and saved briefs are "
                "deleted too; the account and its Buyer's Matrix stay.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.tasks.db(lambda store: store.meetings.delete(summary.id), owner=self).changes(
            Area.MEETINGS, meeting_id=summary.id).run()

    def flush(self) -> None:
        if self._view is not None:
            self._view.flush()

    # internals --------------------------------------------------------------
    def _loaded(self, rows: list[MeetingSummary], now: datetime) -> None:
        if self._stale:
            return  # a newer load follows (``_load_ended``)
        keep = self._want_selected or self.selected_meeting_id()
        if keep is None and self._first_load:
            saved = self.ctx.settings.value("meetings/selected")
            keep = int(saved) if saved not in (None, "") and str(saved).isdigit() else None
        self.list.selectionModel().blockSignals(True)
        self.model.set_meetings(rows, now)
        self.list.selectionModel().blockSignals(False)
        self._sync_states()
        first = self._first_load
        self._first_load = False
        if first:
            # Show the filled list first; building the meeting view (matrix editor, feature
            # tabs) for the initial selection waits until the window has painted it.
            QTimer.singleShot(INITIAL_SELECTION_DELAY_MS, self, lambda: self._select_initial(keep))
        elif keep is not None and self.model.row_of(keep) >= 0:
            self.select_meeting(keep)
        else:
            self._current_changed()
        self.loaded.emit(len(rows))

    def _select_initial(self, keep: int | None) -> None:
        if self.selected_meeting_id() is not None or shutting_down(self.ctx):
            return  # the user (or a new meeting) got there first, or the app is closing
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_meeting(keep)
        elif self.proxy.rowCount():
            self.list.selectionModel().setCurrentIndex(self.proxy.index(0, 0),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _load_failed(self, error: PrecallError) -> None:
        self.loading.setText(str(error))
        self.list_stack.setCurrentWidget(self.loading)

    def _load_ended(self) -> None:
        """One load at a time: the changes that came meanwhile are read in one more load."""
        self._loading = False
        if self._stale:
            self.reload()

    def _sync_states(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.list_stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.list_stack.setCurrentWidget(self.no_match)
        else:
            self.list_stack.setCurrentWidget(self.list)
        self.count.setText(f"{shown} of {total} meetings" if shown != total else f"{total} meetings" if total else "")
        self.placeholder.setText(PICK_TEXT if total else START_TEXT)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._sync_states()

    def _focus_list(self) -> None:
        if self.proxy.rowCount():
            self.list.setFocus()
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.proxy.index(0, 0))

    def _current_changed(self, *_: object) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is not None:
            self.ctx.settings.setValue("meetings/selected", meeting_id)
            view = self._ensure_view()
            self.right.setCurrentWidget(view)
            view.set_meeting(meeting_id)
        elif self._view is not None and self.model.row_of(self._view.meeting_id or -1) < 0:
            self._view.set_meeting(None)
            self.right.setCurrentWidget(self.placeholder)
        self.meeting_selected.emit(meeting_id)

    def _ensure_view(self) -> "MeetingView":
        if self._view is None:
            from ui.meetings.view import MeetingView

            self._view = MeetingView(self.ctx, self)
            self.right.addWidget(self._view)
        return self._view

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        if changes.touches(Area.MEETINGS, Area.ACCOUNTS):
            self.reload()


def create_meetings_page(ctx: "AppContext") -> MeetingsPage:
    return MeetingsPage(ctx)
