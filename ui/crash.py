"""Bugs get logged and shown in a dialog; the app goes on where it safely can.

In PySide6 an exception in a slot or override is printed and forgotten; this hook
logs it with its traceback and tells the user in words.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from precall.errors import PrecallError
from precall.logs import setup_logging

log = logging.getLogger("precall.ui")


def install_excepthook() -> None:
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        if isinstance(value, PrecallError):
            show_error(str(value))
            return
        log_file = setup_logging()
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        show_error(
            "Something went wrong inside Precall. Your saved work is safe.\n\n"
            f"{kind.__name__}: {value}\n\nDetails were written to {log_file}.",
            title="Precall: unexpected error",
        )

    sys.excepthook = hook


def show_error(message: str, title: str = "Precall") -> None:
    app = QApplication.instance()
    if app is None:
        print(f"precall: error: {message}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    box.setAccessibleName("Error message")
    box.exec()
