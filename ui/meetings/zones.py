"""Time-zone choices: the system's zone by default, every IANA name to pick from."""

from __future__ import annotations

import functools
import os
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTimeZone
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


@functools.lru_cache(maxsize=1)
def zone_names() -> list[str]:
    return sorted(n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def system_zone() -> str:
    """The IANA name of this machine's zone, or UTC when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name in zone_names():
        return name
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="ignore")
    return name if name in zone_names() else "UTC"


def time_zone_combo(parent: QWidget | None = None, current: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName("Time zone")
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(zone_names())
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCurrentText(current or system_zone())
    return combo
