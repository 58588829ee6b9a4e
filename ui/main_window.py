"""The main window: navigation on the left, one page at a time on the right, the menu
bar (File, Edit with the shared undo group, View with a shortcut per page, and menus
other features add), a status bar, and file drops handed to registered handlers.

It remembers its geometry, its state and its splitters; on close it saves what is
typed and not yet saved, and leaves running work to finish (``AppContext.close``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QMenu, QStackedWidget, QWidget

from ui.context import AppContext
from ui.pages import page_factories
from ui.widgets.splitters import save_splitters
from ui.widgets.undo import undo_group

log = logging.getLogger("precall.ui")

MENU_ORDER = ("File", "Edit", "View")


class MainWindow(QMainWindow):
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
        self.nav.setMaximumWidth(160)
        self.pages = QStackedWidget(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        for factory in page_factories():
            page = factory(ctx)
            self.pages.addWidget(page)
            self.nav.addItem(getattr(page, "title", page.objectName()))
        if self.pages.count() == 0:
            self.pages.addWidget(QLabel("Nothing here yet.", central))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self._add_extension_actions()
        self.pending = QLabel(self)
        self.pending.setAccessibleName("Background work")
        self.statusBar().addPermanentWidget(self.pending)
        ctx.tasks.pending_changed.connect(self._pending_changed)
        self._restore_state()

    # menus ------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        """The menu called ``name``, created at the end of the menu bar if new."""
        if name not in self.menus:
            self.menus[name] = self.menuBar().addMenu(f"&{name}")
        return self.menus[name]

    def _action(self, menu: str, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
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
        self.menu("File").addSeparator()
        self.quit_action = self._action("File", "&Quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        group = undo_group(self.ctx)
        self.undo_action = group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.menu("Edit").addAction(self.undo_action)
        self.menu("Edit").addAction(self.redo_action)
        self.page_actions: list[QAction] = []
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            title = getattr(page, "title", page.objectName() or f"Page {index + 1}")
            shortcut = f"Ctrl+{index + 1}" if index < 9 else None
            action = self._action("View", title, lambda _=False, i=index: self.show_page(i), shortcut)
            self.page_actions.append(action)

    def _add_extension_actions(self) -> None:
        from ui.extensions import menu_action_providers

        for provider in menu_action_providers():
            for menu_name, action in provider(self.ctx, self):
                action.setParent(self)
                self.menu(menu_name).addAction(action)

    # actions ----------------------------------------------------------------
    def show_page(self, index: int) -> None:
        if 0 <= index < self.pages.count():
            self.nav.setCurrentRow(index)

    def page(self, title: str) -> QWidget | None:
        for index in range(self.pages.count()):
            widget = self.pages.widget(index)
            if getattr(widget, "title", None) == title:
                return widget
        return None

    def new_meeting(self) -> None:
        page = self.page("Meetings")
        if page is None:
            return
        self.show_page(self.pages.indexOf(page))
        page.new_meeting()  # type: ignore[attr-defined]

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
        page = self.ctx.settings.value("main_window/page")
        if page is not None and str(page).isdigit():
            self.show_page(int(page))

    def save_state(self) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("main_window/state", self.saveState())
        self.ctx.settings.setValue("main_window/page", self.nav.currentRow())
        save_splitters(self.ctx.settings, self)
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Typed-but-unsaved edits become database tasks now; AppContext.close (after the
        # event loop ends) waits for them, so nothing acknowledged or typed is lost.
        for index in range(self.pages.count()):
            flush = getattr(self.pages.widget(index), "flush", None)
            if callable(flush):
                flush()
        self.save_state()
        super().closeEvent(event)
