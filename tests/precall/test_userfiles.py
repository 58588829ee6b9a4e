"""``precall.userfiles``: a path from the user is read only if it is a regular file of a
sane size; FIFOs and endless devices never hang or flood a command."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from precall.errors import PrecallError
from precall.userfiles import read_user_file
from tests.precall.cli.helpers import digest, one_line_error, run_cli


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert read_user_file(path, what="calendar", limit=1024) == path.read_bytes()


def test_a_file_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.ics"
    with open(path, "wb") as handle:  # sparse: 300 MB reported, nothing written
        handle.truncate(300 * 1024 * 1024)
    with pytest.raises(PrecallError, match=r"huge.ics is 300.0 MB, too large: a calendar file may be at most 10.0 MB"):
        read_user_file(path, what="calendar", limit=10 * 1024 * 1024)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused(device: str) -> None:
    with pytest.raises(PrecallError, match=f"Cannot read {device}: it is a device, not a regular file"):
        read_user_file(device, what="calendar", limit=1024)


def test_folders_and_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(PrecallError, match="is a folder, not a template file"):
        read_user_file(tmp_path, what="template", limit=1024)
    with pytest.raises(PrecallError, match="There is no file"):
        read_user_file(tmp_path / "gone.json", what="template", limit=1024)


@pytest.mark.timeout(10)
def test_a_fifo_swapped_in_after_the_stat_cannot_hang_the_open(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: stat saw a regular file, then a FIFO took its place. Opening a FIFO
    without a writer blocks forever, unless opened non-blocking and checked again."""
    regular, fifo = tmp_path / "plain", tmp_path / "pipe"
    regular.write_bytes(b"{}")
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: real_stat(regular if Path(path) == fifo else path, *a, **k))
    with pytest.raises(PrecallError, match="it is a named pipe"):
        read_user_file(fifo, what="template", limit=1024)


@pytest.mark.parametrize("command", [
    ["calendar", "import", "{f}"],
    ["template", "import", "{f}"],
    ["template", "feedback", "import", "{f}"],
    ["extract", "{f}"],
])
def test_no_command_hangs_on_a_fifo(demo_db: Path, tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "calendar.json"
    os.mkfifo(fifo)
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), *[c.format(f=fifo) for c in command], timeout=20)
    assert "named pipe" in one_line_error(result)
    assert digest(demo_db) == before


def test_calendar_import_of_dev_zero_returns_at_once(demo_db: Path) -> None:
    started = time.monotonic()
    result = run_cli("--db", str(demo_db), "calendar", "import", "/dev/zero", timeout=20, cap_memory=True)
    assert "Cannot read /dev/zero: it is a device" in one_line_error(result)
    assert time.monotonic() - started < 20


def test_a_watched_fifo_is_reported_not_waited_for(demo_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "team.ics"
    fifo.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert run_cli("--db", str(demo_db), "calendar", "watch", "add", str(fifo)).returncode == 0
    fifo.unlink()  # the watched file is replaced by a FIFO later
    os.mkfifo(fifo)
    result = run_cli("--db", str(demo_db), "calendar", "watch", "check", timeout=20)
    assert "Traceback" not in result.stderr
    assert "named pipe" in result.stdout + result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
