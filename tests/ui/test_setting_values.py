"""Numbers from the settings file: what the rep (or a hand edit) left there, read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ui.setting_values import float_setting, int_setting


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_a_missing_key_reads_as_the_default(settings: QSettings) -> None:
    assert int_setting(settings, "calendar/watch_minutes", 15) == 15
    assert float_setting(settings, "research/per_host_delay", 1.0) == 1.0


def test_numbers_written_as_text_read_back_as_numbers(settings: QSettings, tmp_path: Path) -> None:
    settings.setValue("a/int", "42")
    settings.setValue("a/float", "2.5")
    settings.sync()
    reread = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert int_setting(reread, "a/int", 1) == 42
    assert float_setting(reread, "a/float", 1.0) == 2.5


@pytest.mark.parametrize("value", ["soon", "", "4.5", ["1", "2"]])
def test_a_value_that_is_not_a_whole_number_reads_as_the_default(settings: QSettings, value: object) -> None:
    settings.setValue("a/int", value)
    assert int_setting(settings, "a/int", 7) == 7


@pytest.mark.parametrize("value", ["slow", "", ["1", "2"]])
def test_a_value_that_is_not_a_number_reads_as_the_default_delay(settings: QSettings, value: object) -> None:
    settings.setValue("a/float", value)
    assert float_setting(settings, "a/float", 1.0) == 1.0
