"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from ui.context import AppContext
from ui.pages import page_factories


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Precall")
        self.resize(1200, 760)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        self.nav = QListWidget(central)
        self.nav.setAccessibleName("Navigation")
        self.nav.setMaximumWidth(180)
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
        self._restore_state()

    def _restore_state(self) -> None:
        geometry = self.ctx.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        super().closeEvent(event)
