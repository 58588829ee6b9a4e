"""The main window: navigation on the left, one page at a time on the right, the menu
bar (File, Edit with the shared undo group, View with a shortcut per page, and menus
other features add), a status bar, and file drops handed to registered handlers.

It remembers its geometry, its state and its splitters; on close it saves what is
typed and not yet saved, and leaves running work to finish (``AppContext.close``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMenu, QStackedWidget, QWidget

from ui.context import AppContext
from ui.interfaces import AppWindow, Page
from ui.pages import PageFactory, page_factories
from ui.widgets.lifecycle import shutting_down
from ui.widgets.splitters import save_splitters

log = logging.getLogger("precall.ui")

MENU_ORDER = ("File", "Edit", "View")
#: How long after the meetings list is filled the other pages are built (time to paint).
REST_DELAY_MS = 50


class MainWindow(AppWindow):
    #: Every page is built and the features' menu actions are in place (once per window).
    pages_built = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle("Precall")
        self.resize(1280, 800)
        self.setAcceptDrops(True)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.nav = QListWidget(central)
        self.nav.setAccessibleName("Navigation")
        self.nav.setMaximumWidth(130)
        self.pages = QStackedWidget(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # Only the home page is built before the window shows; the other pages (and the
        # menu actions features add) follow once the meetings list has been painted, so
        # their imports do not delay the first useful window.
        from ui.meetings.page import create_meetings_page

        self._factories: list[PageFactory] = [create_meetings_page]
        self._rest_built = False
        self._restore_page = True
        home = create_meetings_page(ctx)
        self.pages.addWidget(home)
        self.nav.addItem(home.title)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self.pending = QLabel(self)
        self.pending.setAccessibleName("Background work")
        self.statusBar().addPermanentWidget(self.pending)
        ctx.tasks.pending_changed.connect(self._pending_changed)
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self._build_rest_when_due)
        self._home_loaded = False
        home.loaded.connect(self._home_page_loaded)
        self._rest_timer.start(0)
        self._restore_state()

    # menus ------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        """The menu called ``name``, created at the end of the menu bar if new."""
        if name not in self.menus:
            self.menus[name] = self.menuBar().addMenu(f"&{name}")
        return self.menus[name]

    def _action(self, menu: str, text: str, slot: Callable[..., object],
                shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu(menu).addAction(action)
        return action

    def _build_menus(self) -> None:
        for name in MENU_ORDER:
            self.menu(name)
        self.new_meeting_action = self._action("File", "&New meeting…", self.new_meeting, "Ctrl+N")
        self.new_account_action = self._action("File", "New &account…", self.new_account)
        self._quit_separator = self.menu("File").addSeparator()
        self.quit_action = self._action("File", "&Quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        group = self.ctx.undo
        self.undo_action = group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.menu("Edit").addAction(self.undo_action)
        self.menu("Edit").addAction(self.redo_action)
        self.page_actions: list[QAction] = []
        self._build_page_actions()

    def _build_page_actions(self) -> None:
        for action in self.page_actions:
            self.menu("View").removeAction(action)
            action.deleteLater()
        self.page_actions = []
        for index, page in enumerate(self.all_pages()):
            title = page.title
            shortcut = f"Ctrl+{index + 1}" if index < 9 else None
            action = self._action("View", title, lambda _=False, i=index: self.show_page(i), shortcut)
            self.page_actions.append(action)

    def _home_page_loaded(self, *_: object) -> None:
        if not self._home_loaded:
            self._home_loaded = True
            self._rest_timer.start(REST_DELAY_MS)

    def _build_rest_when_due(self) -> None:
        # A shown window waits for its meetings list; one never shown (a test, a
        # script) has nothing to paint first and builds everything at once.
        if self.isVisible() and not self._home_loaded:
            return
        self.ensure_pages()

    def ensure_pages(self) -> None:
        """Build the pages after the home page and add the features' menu actions."""
        # A runner that is shut down (the app is exiting) takes no work: build nothing.
        if self._rest_built or shutting_down(self.ctx):
            return
        self._rest_built = True
        self._rest_timer.stop()
        current = self.pages.currentWidget()
        built: dict[PageFactory, Page] = {self._factories[0]: self.page_at(0)}
        factories = page_factories()
        if self._factories[0] not in factories:
            factories.insert(0, self._factories[0])
        for factory in factories:
            if factory not in built:
                built[factory] = factory(self.ctx)
        self.nav.blockSignals(True)
        self.nav.clear()
        while (first := self.pages.widget(0)) is not None:
            self.pages.removeWidget(first)
        for factory in factories:
            page = built[factory]
            self.pages.addWidget(page)
            self.nav.addItem(page.title)
        self._factories = factories
        self.nav.blockSignals(False)
        self.nav.setCurrentRow(self.pages.indexOf(current) if current is not None else -1)
        self._build_page_actions()
        self._add_extension_actions()
        page = self.ctx.settings.value("main_window/page")
        if page is not None and str(page).isdigit() and self._restore_page:
            self.show_page(int(page))
        self.pages_built.emit()

    def _add_extension_actions(self) -> None:
        from ui.extensions import menu_action_providers

        for provider in menu_action_providers():
            for menu_name, action in provider(self.ctx, self):
                action.setParent(self)
                if menu_name == "File":  # keep Quit last
                    self.menu("File").insertAction(self._quit_separator, action)
                else:
                    self.menu(menu_name).addAction(action)

    # pages --------------------------------------------------------------------
    def page_at(self, index: int) -> Page:
        widget = self.pages.widget(index)
        if not isinstance(widget, Page):
            raise TypeError(f"page {index} is a {type(widget).__name__}, not a ui.interfaces.Page")
        return widget

    def all_pages(self) -> list[Page]:
        return [self.page_at(index) for index in range(self.pages.count())]

    def reveal(self, page: Page) -> None:
        self.show_page(self.pages.indexOf(page))

    # actions ----------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self._restore_page = False  # the user chose; a late restore must not override it
        if index >= self.pages.count():
            self.ensure_pages()
        if 0 <= index < self.pages.count():
            self.nav.setCurrentRow(index)

    def page(self, title: str) -> Page | None:
        """The page titled ``title`` (building the remaining pages if need be)."""
        found = next((page for page in self.all_pages() if page.title == title), None)
        if found is None:
            self.ensure_pages()
            found = next((page for page in self.all_pages() if page.title == title), None)
        return found

    def new_meeting(self) -> None:
        from ui.meetings.page import MeetingsPage

        page = self.page("Meetings")
        if not isinstance(page, MeetingsPage):
            return
        self.reveal(page)
        page.new_meeting()

    def new_account(self) -> None:
        from ui.accounts.new_account import NewAccountDialog

        dialog = NewAccountDialog(self.ctx, self)
        dialog.created.connect(lambda _: self.statusBar().showMessage("Account created.", 4000))
        dialog.open()

    def _pending_changed(self, count: int) -> None:
        self.pending.setText("Working…" if count else "")

    # file drops -------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        for path in paths:
            self.offer_file(path)

    def offer_file(self, path: Path) -> bool:
        """Give ``path`` to the first handler that takes it; say so if none does."""
        from ui.extensions import file_drop_handlers

        for handler in file_drop_handlers():
            if handler(self.ctx, self, path):
                return True
        self.statusBar().showMessage(f"Precall does not know what to do with {path.name}.", 6000)
        return False

    # state ------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.ctx.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.ctx.settings.value("main_window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("main_window/state", self.saveState())
        self.ctx.settings.setValue("main_window/page", self.nav.currentRow())
        save_splitters(self.ctx.settings, self)
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Typed-but-unsaved edits become database tasks now; AppContext.close (after the
        # event loop ends) waits for them, so nothing acknowledged or typed is lost.
        for page in self.all_pages():
            page.flush()
        self._rest_timer.stop()
        self.save_state()
        super().closeEvent(event)
