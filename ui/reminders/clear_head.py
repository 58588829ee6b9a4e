"""The calm "clear your head" screen, opened by a reminder before a meeting.

A countdown to the start (from the injected clock), the rest of the checklist to tick,
and the waiting-room note for what the rep notices on the spot. Nothing to read up on:
the point is to stop preparing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from precall.checklist.model import Moment
from precall.domain.meetings import Meeting
from precall.reminders import countdown_text
from ui.checklist.view import ChecklistView
from ui.plan.common import inline_failure, status_label

if TYPE_CHECKING:
    from ui.context import AppContext

CALM_STYLE = """
QWidget#clearHead { background: #eef4f1; }
QLabel#clearHeadTitle { font-size: 22pt; color: #2f4f45; }
QLabel#clearHeadMeeting { font-size: 12pt; color: #4d6b61; }
QLabel#clearHeadCountdown { font-size: 30pt; color: #2f4f45; padding: 8px 0; }
QLabel#clearHeadHint { font-size: 11pt; color: #4d6b61; }
QGroupBox { font-weight: bold; color: #2f4f45; border: none; margin-top: 14px; }
QGroupBox::title { subcontrol-origin: margin; left: 0; }
QScrollArea { background: transparent; border: none; }
QScrollArea > QWidget > QWidget { background: transparent; }
"""
HINT = "Put the notes away. Walk, breathe, look around. You are prepared enough."


class ClearHeadScreen(QWidget):
    def __init__(self, ctx: "AppContext", meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self._start: datetime | None = None
        self.setObjectName("clearHead")
        # With the main window hidden in the tray, closing this screen must not quit.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(CALM_STYLE)
        self.setWindowTitle("Clear your head")
        self.setAccessibleName("Clear your head")
        self.resize(560, 720)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        title = QLabel("Clear your head", self)
        title.setObjectName("clearHeadTitle")
        layout.addWidget(title)
        self.meeting_label = QLabel("", self)
        self.meeting_label.setObjectName("clearHeadMeeting")
        self.meeting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meeting_label.setWordWrap(True)
        layout.addWidget(self.meeting_label)
        self.countdown = QLabel("", self)
        self.countdown.setObjectName("clearHeadCountdown")
        self.countdown.setAccessibleName("Countdown to the meeting")
        layout.addWidget(self.countdown)
        hint = QLabel(HINT, self)
        hint.setObjectName("clearHeadHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = status_label(self, "Clear-head error")
        layout.addWidget(self.error)
        self.checklist = ChecklistView(ctx, self, moments=(Moment.TEN_MINUTES, Moment.WAITING_ROOM, Moment.MEETING))
        layout.addWidget(self.checklist, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ready = QPushButton("I'm ready", self)
        self.ready.setAccessibleName("Close: I'm ready")
        self.ready.clicked.connect(self.close)
        buttons.addWidget(self.ready)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.refresh_countdown)
        self.checklist.set_meeting(meeting_id)
        ctx.tasks.db(lambda store: store.meetings.get(meeting_id), owner=self).success(
            self._show_meeting).failure(inline_failure(self.error, "Could not load the meeting")).run()

    def _show_meeting(self, meeting: Meeting) -> None:
        self._start = meeting.start
        local = meeting.local_start
        place = f" · {meeting.location}" if meeting.location else ""
        self.meeting_label.setText(f"{meeting.title} with {meeting.account} · {local:%H:%M} ({meeting.tz}){place}")
        self.refresh_countdown()
        self._ticker.start()

    def refresh_countdown(self) -> None:
        if self._start is not None:
            self.countdown.setText(countdown_text(self._start, self.ctx.clock.now()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self._ticker.stop()
        self.checklist.flush()
        super().closeEvent(event)
