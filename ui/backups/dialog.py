"""Tools → Check and repair…: run the integrity check, list the backups with their own
check, and put a chosen one back (the current file is kept aside, never deleted).

Every check, backup and restore runs on the database worker; this dialog only shows
what comes back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from precall.errors import PrecallError
from precall.store.backup_rotation import MANUAL, BackupInfo, backup_and_rotate, list_backups, verify_backup
from precall.store.repair import CheckReport, RestoreResult, check_connection, restore_into
from ui.changes import Area

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.backups")



@dataclass(frozen=True)
class Overview:
    report: CheckReport
    backups: tuple[tuple[BackupInfo, tuple[str, ...]], ...]


def overview(store: "Store") -> Overview:
    report = check_connection(store.conn, store.path)
    return Overview(report, tuple((b, tuple(verify_backup(b.path))) for b in list_backups(store.path)))


class CheckRepairDialog(QDialog):
    #: The database was restored from a backup (RestoreResult).
    restored = Signal(object)
    #: A check finished and the dialog shows it (Overview).
    checked = Signal(object)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Check and repair the database")
        self.setAccessibleName("Check and repair")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(720, 420)
        self.current: Overview | None = None
        self.last_restore: RestoreResult | None = None
        self.confirm_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        self.status = QLabel("Checking the database…", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Check result")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel("Choose a good backup below and restore it. The current file will be kept beside "
                           "the database, not deleted.", self)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings")
        self.warnings.hide()
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Backup from", "Check", "File"])
        self.table.setAccessibleName("Backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.empty = QLabel("No backups yet. Precall makes one every 30 minutes while you work, and on quit.", self)
        self.empty.hide()
        buttons = QDialogButtonBox(self)
        self.check_button = QPushButton("Check &again", self)
        self.backup_button = QPushButton("&Back up now", self)
        self.restore_button = QPushButton("&Restore selected…", self)
        self.restore_button.setEnabled(False)
        for button in (self.check_button, self.backup_button, self.restore_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.start)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.ask_restore)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        for widget in (self.status, self.hint, self.warnings, self.table, self.empty, buttons):
            layout.addWidget(widget)

    # checking ------------------------------------------------------------------
    def start(self) -> None:
        self._busy("Checking the database and its backups…")
        self.ctx.tasks.db(overview, owner=self).success(self.show_overview).failure(self._failed).ended(
            self._idle).run()

    def show_overview(self, result: Overview) -> None:
        self.current = result
        report = result.report
        restored = f"{self.last_restore.summary()}\n" if self.last_restore is not None else ""
        if report.ok:
            self.status.setText(f"{restored}The database passed its integrity check.")
        else:
            found = f"{len(report.problems)} or more problems, the first: " if len(report.problems) > 1 else ""
            self.status.setText(f"{restored}The database is damaged ({found}{report.problems[0]}).")
        self.hint.setVisible(not report.ok)
        self.warnings.setText("\n".join(report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        self.table.setRowCount(len(result.backups))
        for row, (backup, problems) in enumerate(result.backups):
            cells = [backup.describe(), "good" if not problems else "damaged", backup.path.name]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(problems[:5]) if problems else str(backup.path))
                if problems:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not result.backups)
        if not report.ok:
            good_row = next((r for r, (_, problems) in enumerate(result.backups) if not problems), None)
            if good_row is not None:
                self.table.selectRow(good_row)
        self._idle()
        self.checked.emit(result)

    # backing up ----------------------------------------------------------------
    def backup_now(self) -> None:
        self._busy("Backing up…")
        clock = self.ctx.clock
        self.ctx.tasks.db(lambda store: backup_and_rotate(store.conn, store.path, clock, MANUAL), owner=self) \
            .success(lambda made: self.start()).failure(self._failed).run()

    # restoring -----------------------------------------------------------------
    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or self.current is None:
            return None
        backup, problems = self.current.backups[rows[0].row()]
        return None if problems else backup

    def ask_restore(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Restore this backup?",
                          f"Put back the backup from {backup.describe()}?\n\nEverything changed since then will be "
                          "replaced. The current database is kept beside it as a separate file, not deleted.",
                          QMessageBox.StandardButton.Cancel, self)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        restore.clicked.connect(lambda: self.restore(backup))
        box.setAccessibleName("Confirm restore")
        self.confirm_box = box
        box.open()

    def restore(self, backup: BackupInfo) -> None:
        self._busy(f"Restoring the backup from {backup.describe()}…")
        clock = self.ctx.clock
        # Everything may differ after a restore: every view reloads, even if this dialog closed.
        self.ctx.tasks.db(lambda store: restore_into(store, backup, clock), owner=self).changes(*Area) \
            .success(self._restored).failure(self._failed).run()

    def _restored(self, result: RestoreResult) -> None:
        self.last_restore = result
        self.restored.emit(result)
        self.start()

    # state ---------------------------------------------------------------------
    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None and self.check_button.isEnabled())

    def _busy(self, message: str) -> None:
        self.status.setText(message)
        for button in (self.check_button, self.backup_button, self.restore_button):
            button.setEnabled(False)

    def _idle(self) -> None:
        self.check_button.setEnabled(True)
        self.backup_button.setEnabled(True)
        self._selection_changed()

    def _failed(self, error: PrecallError) -> None:
        log.warning("check and repair: %s", error)
        self.status.setText(str(error))
        self._idle()
