"""Saving as the user types, without a write per keystroke.

A ``Debouncer`` collects the latest value per key and calls ``save(key, value)`` once
the user has paused for ``delay_ms``; ``flush()`` saves what is pending at once (on
focus loss, on switching meetings, on close), so nothing typed is left unsaved.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer

DEFAULT_DELAY_MS = 400


class Debouncer(QObject):
    def __init__(self, save: Callable[[str, Any], None], delay_ms: int = DEFAULT_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._pending: dict[str, Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def push(self, key: str, value: Any) -> None:
        """Remember ``value`` for ``key`` and restart the quiet-period timer."""
        self._pending[key] = value
        self._timer.start()

    def has_pending(self, key: str | None = None) -> bool:
        return bool(self._pending) if key is None else key in self._pending

    def discard(self) -> None:
        self._timer.stop()
        self._pending.clear()

    def flush(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            self._save(key, value)
