"""Numbers read from the app's settings file.

QSettings hands values back as ``object``: text from the INI file, the default's own
type when the key is missing, or whatever a hand edit left there. A value that is not a
number reads as the default, so a broken settings file never stops a feature.
"""

from __future__ import annotations

from typing import SupportsFloat, SupportsIndex, SupportsInt

from PySide6.QtCore import QSettings


def int_setting(settings: QSettings, key: str, default: int) -> int:
    """``int()`` of the value at ``key``, or ``default`` when it is missing or not a number."""
    value = settings.value(key, default)
    if not isinstance(value, (str, bytes, bytearray, SupportsInt, SupportsIndex)):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def float_setting(settings: QSettings, key: str, default: float) -> float:
    """``float()`` of the value at ``key``, or ``default`` when it is missing or not a number."""
    value = settings.value(key, default)
    if not isinstance(value, (str, bytes, bytearray, SupportsFloat, SupportsIndex)):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
