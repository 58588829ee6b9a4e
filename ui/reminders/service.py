"""Reminders in the running app: the scheduler, the tray icon and the screens it opens.

The service is created once for the app by ``ui.services.start_services`` and reached
as ``ctx.services.reminders``; the menu-action hook (``reminder_actions``) adds
Tools → "Reminders…" to choose how long before a meeting to be reminded and whether
minimising keeps Precall in the system tray.
Where the desktop has no system tray, the clear-head screen simply opens.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QSpinBox,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from precall.reminders import MAX_LEAD_MINUTES, Reminder
from ui.reminders.clear_head import ClearHeadScreen
from ui.reminders.scheduler import LEAD_SETTING, TRAY_SETTING, ReminderScheduler, reminder_lead

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger("precall.ui.reminders")


def _flag(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return str(value).strip().lower() in ("1", "true", "yes")


class ReminderService(QObject):
    def __init__(self, ctx: "AppContext", window: QWidget | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.screens: dict[int, ClearHeadScreen] = {}
        self.scheduler = ReminderScheduler(ctx, self)
        self.scheduler.due.connect(self.remind)
        self.tray: QSystemTrayIcon | None = None
        self._last_reminder: Reminder | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._make_tray()
        if window is not None:
            window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            # No reminder check may start while the task runner shuts down.
            app.aboutToQuit.connect(self.scheduler.stop)

    def start(self) -> None:
        self.scheduler.start()

    def remind(self, reminder: Reminder) -> None:
        self._last_reminder = reminder
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(
                f"{reminder.title} with {reminder.account}",
                "Time to clear your head: the meeting starts soon.",
                QSystemTrayIcon.MessageIcon.Information,
                15_000,
            )
        self.open_screen(reminder.meeting_id)

    def open_screen(self, meeting_id: int) -> ClearHeadScreen:
        screen = self.screens.get(meeting_id)
        if screen is None:
            screen = ClearHeadScreen(self.ctx, meeting_id)
            screen.destroyed.connect(lambda _obj=None, mid=meeting_id: self.screens.pop(mid, None))
            screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.screens[meeting_id] = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        return screen

    # the tray ---------------------------------------------------------------------
    def _make_tray(self) -> None:
        icon = QApplication.windowIcon()
        if icon.isNull():
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.tray = QSystemTrayIcon(QIcon(icon), self)
        self.tray.setToolTip("Precall: reminders before your meetings")
        menu = QMenu()
        show = menu.addAction("Show Precall")
        show.triggered.connect(self._show_window)
        quit_action = menu.addAction("Quit Precall")
        quit_action.triggered.connect(QApplication.quit)
        self._menu = menu
        self.tray.setContextMenu(menu)
        self.tray.activated.connect(lambda reason: self._show_window()
                                    if reason == QSystemTrayIcon.ActivationReason.Trigger else None)
        self.tray.messageClicked.connect(self._reopen_last)
        self.tray.show()

    def _reopen_last(self) -> None:
        if self._last_reminder is not None:
            self.open_screen(self._last_reminder.meeting_id)

    def _show_window(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def minimise_to_tray(self) -> bool:
        return self.tray is not None and _flag(self.ctx.settings.value(TRAY_SETTING), True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            if self.window is not None and self.window.isMinimized() and self.minimise_to_tray():
                # Hiding inside the state-change event confuses some window managers.
                QTimer.singleShot(0, self.window, self.window.hide)
        return False


class ReminderSettingsDialog(QDialog):
    def __init__(self, ctx: "AppContext", parent: QWidget | None = None, tray_available: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Reminders")
        form = QFormLayout(self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, min(MAX_LEAD_MINUTES, 240))
        self.minutes.setSuffix(" min before")
        self.minutes.setSpecialValueText("Off")
        self.minutes.setValue(int(reminder_lead(ctx).total_seconds() // 60))
        self.minutes.setAccessibleName("Remind me this many minutes before a meeting")
        form.addRow("&Remind me", self.minutes)
        self.tray = QCheckBox("Keep running in the system tray when minimised", self)
        self.tray.setChecked(_flag(ctx.settings.value(TRAY_SETTING), True))
        self.tray.setEnabled(tray_available)
        if not tray_available:
            self.tray.setToolTip("This desktop has no system tray.")
        form.addRow(self.tray)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.ctx.settings.setValue(LEAD_SETTING, self.minutes.value())
        self.ctx.settings.setValue(TRAY_SETTING, "true" if self.tray.isChecked() else "false")
        self.ctx.settings.sync()
        super().accept()


def tray_available(ctx: "AppContext") -> bool:
    """Whether the running reminders have a tray icon to keep Precall in."""
    return ctx.services is not None and ctx.services.reminders.tray is not None


def reminder_actions(ctx: "AppContext", window: QWidget) -> list[tuple[str, QAction]]:
    """Menu-action hook: Tools → Reminders… (the settings of ``ctx.services.reminders``)."""
    action = QAction("&Reminders…", window)
    action.setStatusTip("How long before a meeting to be reminded to clear your head")
    action.triggered.connect(
        lambda: ReminderSettingsDialog(ctx, window, tray_available=tray_available(ctx)).exec())
    return [("Tools", action)]
