"""How the rep wants calendars imported (zone, window, own e-mail domains), read from
the settings; shared by a one-off import and the watcher that re-imports feeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from precall.calendar.model import ImportOptions
from precall.calendar.zones import user_zone_name
from ui.setting_values import int_setting

if TYPE_CHECKING:
    from ui.context import AppContext


def import_options(ctx: "AppContext") -> ImportOptions:
    """The rep's zone and the import window, from the settings where set."""
    def number(key: str, default: int) -> int:
        return int_setting(ctx.settings, key, default)

    domains = str(ctx.settings.value("calendar/own_domains", "") or "")
    return ImportOptions(user_tz=str(ctx.settings.value("calendar/time_zone", "") or user_zone_name()),
                         days_back=max(0, number("calendar/days_back", 30)),
                         days_ahead=max(1, number("calendar/days_ahead", 180)),
                         own_domains=tuple(d.strip().lower() for d in domains.split(",") if d.strip()))
