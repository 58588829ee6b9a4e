"""The Research page's preferences, read from the app's settings file.

``research/per_host_delay`` (seconds, default 1) and ``research/allow_private`` (the
"Allow local network addresses" box) become the refresh's politeness policy. QSettings
hands values back as text from an INI file, so both are read defensively.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from precall.research.politeness import PolitenessPolicy
from ui.setting_values import float_setting

ALLOW_PRIVATE = "research/allow_private"
PER_HOST_DELAY = "research/per_host_delay"
SCOPE = "research/scope"


def allow_private(settings: QSettings) -> bool:
    value = settings.value(ALLOW_PRIVATE, False)
    return value is True or str(value).lower() in ("true", "1", "yes")


def per_host_delay(settings: QSettings) -> float:
    return max(0.0, float_setting(settings, PER_HOST_DELAY, 1.0))


def refresh_policy(settings: QSettings, *, allow_private_hosts: bool) -> PolitenessPolicy:
    return PolitenessPolicy(per_host_delay=per_host_delay(settings), allow_private=allow_private_hosts)
