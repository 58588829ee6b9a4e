"""``precall calendar import`` as a real process, fed small hostile calendars.

Each must end in a one-line-headed ``precall: error:`` (exit 1), never "internal error"
(exit 70) or a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.precall.cli.test_template_cmd_hostile import _cli


CALENDARS: dict[str, bytes] = {
    "only BEGIN": b"BEGIN:VCALENDAR\r\n",
    "INTERVAL=0": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T100000Z\r\n"
                   b"RRULE:FREQ=DAILY;INTERVAL=0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    "long TZID": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=" + b"A" * 10_000
                  + b":20261201T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    "long X-WR-TIMEZONE": (b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:" + b"B" * 10_000
                           + b"\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
}


@pytest.mark.parametrize("case", sorted(CALENDARS))
def test_calendar_import_refuses_hostile_files_without_an_internal_error(tmp_path: Path, case: str) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(CALENDARS[case])
    result = _cli(tmp_path / "p.db", "calendar", "import", str(path), "--tz", "Europe/Paris")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("precall: error: ") and "internal error" not in result.stderr
    assert len(result.stderr) < 600
