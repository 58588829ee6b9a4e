"""Backups while the app runs: every 30 minutes when the database changed, and on quit;
and a look at the database when the app starts.

All of it runs on the database worker (``ctx.tasks.db``), never on the GUI thread.
The service is created once for the app by ``ui.services.start_services`` and reached
as ``ctx.services.backups``; the menu-action hook (``backup_actions``) adds
Tools → "Check and repair…".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from precall.errors import PrecallError
from precall.store.backup_rotation import AutoBackup, BackupInfo
from precall.store.repair import CheckReport, backup_advice, more_problems, quick_look
from ui.setting_values import int_setting

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.backups")

INTERVAL_SETTING = "backups/interval_minutes"
DEFAULT_INTERVAL_MINUTES = 30
WARNED_SETTING = "backups/storage_warning_shown_for"


class BackupService(QObject):
    #: A new automatic backup was made (BackupInfo).
    backed_up = Signal(object)
    #: The start-up look at the database finished (CheckReport).
    looked = Signal(object)

    def __init__(self, ctx: "AppContext", window: QWidget | None = None, interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.auto = AutoBackup()  # touched only inside database tasks
        self.last_error: str = ""
        self.message_box: QMessageBox | None = None
        if interval_ms is None:
            minutes = int_setting(ctx.settings, INTERVAL_SETTING, DEFAULT_INTERVAL_MINUTES)
            interval_ms = max(1, minutes) * 60_000
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.backup_if_changed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.backup_on_quit)

    def start(self) -> None:
        self.ctx.tasks.db(quick_look, owner=self).success(self._looked).failure(self._look_failed).run()
        self.timer.start()

    # backups ------------------------------------------------------------------
    def backup_if_changed(self) -> None:
        clock = self.ctx.clock
        op = self.ctx.tasks.db(lambda store: self.auto.run(store.conn, store.path, clock), owner=self) \
            .success(self._backed_up).failure(self._backup_failed)
        try:
            op.run()
        except RuntimeError:  # the app is shutting down; the backup on quit has been queued
            self.timer.stop()

    def backup_on_quit(self) -> None:
        """Queued before the worker closes the Store (``AppContext.close`` waits for it)."""
        self.timer.stop()
        clock = self.ctx.clock
        op = self.ctx.tasks.db(lambda store: self.auto.run(store.conn, store.path, clock)) \
            .failure(lambda error: log.error("backup on quit failed: %s", error))
        try:
            op.run()
        except RuntimeError:  # the task runner has already shut down: nothing left to back up from
            log.info("no backup on quit: the database is already closed")

    def _backed_up(self, made: BackupInfo | None) -> None:
        if made is not None:
            self.last_error = ""
            self.backed_up.emit(made)

    def _backup_failed(self, error: PrecallError) -> None:
        # Shown once per kind of failure: a reminder every 30 minutes would be noise.
        message = str(error)
        log.error("automatic backup failed: %s", message)
        if message != self.last_error:
            self.last_error = message
            self._tell(QMessageBox.Icon.Warning, "Precall: backup failed",
                       f"{message}\n\nUse Tools > Check and repair… to look at the database.")

    # start-up look --------------------------------------------------------------
    def _looked(self, report: CheckReport) -> None:
        self.looked.emit(report)
        if not report.ok:
            more = more_problems(report.problems)
            self._tell(QMessageBox.Icon.Critical, "Precall: the database is damaged",
                       f"{report.path} failed its check ({report.problems[0]}{more}).\n\n"
                       f"{backup_advice(report.newest_good_backup)}", offer_repair=True)
        else:
            if report.warnings and self.ctx.settings.value(WARNED_SETTING) != str(report.path):
                # Once per database location: the rep knows, and may have reasons.
                self.ctx.settings.setValue(WARNED_SETTING, str(report.path))
                self._tell(QMessageBox.Icon.Warning, "Precall: where the database lives",
                           "\n\n".join(report.warnings))
            self.backup_if_changed()

    def _look_failed(self, error: PrecallError) -> None:
        log.warning("start-up check did not run: %s", error)  # opening failed: the app says so itself

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str, offer_repair: bool = False) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self.window)
        box.setAccessibleName(title)
        if offer_repair:
            repair = box.addButton("Check and repair…", QMessageBox.ButtonRole.AcceptRole)
            repair.clicked.connect(self.open_repair_dialog)
        self.message_box = box
        box.open()

    def open_repair_dialog(self) -> None:
        open_repair_dialog(self.ctx, self.window)


def open_repair_dialog(ctx: "AppContext", parent: QWidget | None) -> None:
    from ui.backups.dialog import CheckRepairDialog

    dialog = CheckRepairDialog(ctx, parent)
    dialog.open()
    dialog.start()


def backup_actions(ctx: "AppContext", window: QWidget) -> list[tuple[str, QAction]]:
    """Menu-action provider: Tools → Check and repair…"""
    action = QAction("Check and &repair…", window)
    action.setStatusTip("Check the database and restore a backup if it is damaged")
    action.triggered.connect(lambda: open_repair_dialog(ctx, window))
    return [("Tools", action)]
