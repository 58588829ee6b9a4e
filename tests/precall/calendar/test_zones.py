"""Time-zone names: how calendars name zones, and which zone is the rep's own."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from precall.calendar import zones
from precall.calendar.zones import day_start, display_zone, iana_zone, user_zone_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (' "Europe/Berlin" ', "Europe/Berlin"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"),
        ("/Europe/Berlin/", "Europe/Berlin"),
    ],
)
def test_calendar_zone_names_map_to_iana_zones(name: str, expected: str) -> None:
    assert iana_zone(name) == ZoneInfo(expected)


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "Europe/../etc/passwd", "/", None])
def test_unknown_or_path_like_zone_names_mean_none(name: str | None) -> None:
    assert iana_zone(name) is None  # type: ignore[arg-type]


@pytest.fixture
def no_system_zone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine whose /etc/localtime and /etc/timezone name no zone (tmp stand-ins)."""
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(zones.os.path, "realpath", lambda path: str(tmp_path / "localtime"))
    timezone_file = tmp_path / "timezone"
    monkeypatch.setattr(zones, "Path", lambda path: timezone_file)
    return timezone_file


def test_the_tz_variable_wins_even_with_its_leading_colon(no_system_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_system_zone.write_text("Asia/Tokyo\n", encoding="utf-8")
    monkeypatch.setenv("TZ", "America/New_York")
    assert user_zone_name() == "America/New_York"
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert user_zone_name() == "Europe/Paris"


def test_an_unknown_tz_falls_back_to_the_system_zone(no_system_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Not/AZone")
    no_system_zone.write_text("Asia/Tokyo\n", encoding="utf-8")
    assert user_zone_name() == "Asia/Tokyo"


def test_the_localtime_link_names_the_zone(no_system_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zones.os.path, "realpath", lambda path: "/usr/share/zoneinfo/Australia/Perth")
    no_system_zone.write_text("Asia/Tokyo\n", encoding="utf-8")
    assert user_zone_name() == "Australia/Perth"


def test_a_localtime_link_to_no_known_zone_is_passed_over(no_system_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zones.os.path, "realpath", lambda path: "/usr/share/zoneinfo/posixrules-x")
    no_system_zone.write_text("Asia/Tokyo\n", encoding="utf-8")
    assert user_zone_name() == "Asia/Tokyo"


def test_an_unreadable_localtime_is_passed_over(no_system_zone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: str) -> str:
        raise PermissionError(path)

    monkeypatch.setattr(zones.os.path, "realpath", refuse)
    no_system_zone.write_text("Asia/Tokyo\n", encoding="utf-8")
    assert user_zone_name() == "Asia/Tokyo"


@pytest.mark.parametrize("content", [None, "", "   \n", "Not/AZone\n"])
def test_without_any_known_zone_the_rep_is_on_utc(no_system_zone: Path, content: str | None) -> None:
    if content is not None:
        no_system_zone.write_text(content, encoding="utf-8")
    assert user_zone_name() == "UTC"


def test_meetings_show_in_their_own_zone_and_utc_ones_in_the_reps() -> None:
    berlin = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert display_zone(berlin, "Asia/Tokyo") == "Europe/Berlin"
    assert display_zone(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("UTC")), "Asia/Tokyo") == "Asia/Tokyo"
    assert display_zone(datetime(2026, 11, 23, 10, tzinfo=timezone.utc), "Asia/Tokyo") == "Asia/Tokyo"


def test_a_day_starts_at_local_midnight() -> None:
    start = day_start(date(2026, 11, 23), "Europe/Berlin")
    assert start == datetime(2026, 11, 22, 23, 0, tzinfo=timezone.utc)
