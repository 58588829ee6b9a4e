"""Splitter positions remembered in the settings, restored when the splitter is built
(so splitters created later, e.g. in a lazily built view, are remembered too)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

_KEY = "precallSettingsKey"


def remember_splitter(settings: QSettings, splitter: QSplitter, key: str) -> None:
    """Restore ``splitter`` from ``settings[key]`` now, and save it whenever it moves."""
    state = settings.value(f"splitters/{key}")
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.setProperty(_KEY, key)
    splitter.splitterMoved.connect(lambda *_: settings.setValue(f"splitters/{key}", splitter.saveState()))


def save_splitters(settings: QSettings, root: QWidget) -> None:
    """Save every remembered splitter under ``root`` (sizes set in code emit no signal)."""
    for splitter in root.findChildren(QSplitter):
        key = splitter.property(_KEY)
        if key:
            settings.setValue(f"splitters/{key}", splitter.saveState())
