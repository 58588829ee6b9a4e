"""Starting the desktop app: QApplication, crash hook, context and main window.

Reached from ``ui.entry`` (the ``precall`` command) when no subcommand is given."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from precall import APP_NAME, __version__
from precall.logs import setup_logging
from precall.terminal import printable
from ui.context import AppContext
from ui.crash import install_excepthook, show_error

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def create_qapplication() -> QApplication:
    existing = QApplication.instance()
    # instance() is typed as QCoreApplication; here it is the QApplication an earlier call
    # made, or the PDF renderer's offscreen QGuiApplication, which has every method used below.
    app = cast(QApplication, existing) if existing is not None else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    return app


def build_window(ctx: AppContext) -> "MainWindow":
    """The main window as the app composes it: the app's services (``ui.services``) start
    once the window has built its pages, after the first meetings list was painted."""
    from ui.main_window import MainWindow

    window = MainWindow(ctx)

    def start() -> None:
        from ui.services import start_services

        start_services(ctx, window)

    window.pages_built.connect(start)
    return window


def run(db_path: Path) -> int:
    setup_logging()
    app = create_qapplication()
    install_excepthook()
    ctx = AppContext.create(db_path)
    ctx.tasks.error.connect(lambda error: show_error(str(error)))
    window = build_window(ctx)

    def refuse(error: BaseException) -> None:
        from precall.store.repair import explain_open_failure

        message = explain_open_failure(db_path, error)
        # Also on stderr: a rep who started the app from a terminal (or a script) reads why.
        print(f"precall: error: {printable(message)}", file=sys.stderr, flush=True)
        show_error(message, title="Precall cannot open the database")
        app.exit(1)

    from ui.external_changes import ExternalChanges

    # Commands may write to the file while the app runs; their edits reach the views.
    external = ExternalChanges(ctx.tasks, parent=ctx.tasks)
    # Opening runs the migrations, so it happens on the database worker too.
    ctx.tasks.db(lambda store: None).success(lambda _: external.start()).failure(refuse).run()
    window.show()
    if os.environ.get("PRECALL_QUIT_AFTER_MS"):  # start-up smoke test of the packaged app
        QTimer.singleShot(int(os.environ["PRECALL_QUIT_AFTER_MS"]), app.quit)
    try:
        return app.exec()
    finally:
        ctx.close()
