"""``precall calendar``: exit codes, messages without tracebacks, nothing written on error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import icalendar
import pytest

from precall.cli.context import CliContext
from precall.cli.main import main
from precall.clock import FixedClock
from precall.store import Store

from tests.precall.calendar.helpers import DATA, dump


def run(db_path: Path, clock: FixedClock, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(db_path=db_path, out=out, err=err, clock=clock)
    code = main(["--db", str(db_path), *argv], ctx=ctx)
    return code, out.getvalue(), err.getvalue()


def db_dump(db_path: Path, clock: FixedClock) -> str:
    with Store.open(db_path, clock=clock) as store:
        return dump(store)


def test_import_dry_run_then_import_then_reimport(db_path: Path, clock: FixedClock) -> None:
    google = str(DATA / "google.ics")
    code, out, err = run(db_path, clock, "calendar", "import", google, "--dry-run", "--tz", "Europe/Paris")
    assert code == 0 and err == ""
    assert "Would change (dry run, nothing written): 28 create" in out
    assert "New account: Northwind Foods" in out
    with Store.open(db_path, clock=clock) as store:
        assert store.meetings.summaries() == []
    code, out, _ = run(db_path, clock, "calendar", "import", google, "--tz", "Europe/Paris")
    assert code == 0 and "Meetings: 28 created" in out
    code, out, _ = run(db_path, clock, "calendar", "import", google, "--tz", "Europe/Paris", "--json")
    assert code == 0
    assert json.loads(out)["created"] == [] and json.loads(out)["unchanged"] == 28


def test_import_with_account_puts_everything_there(db_path: Path, clock: FixedClock) -> None:
    with Store.open(db_path, clock=clock) as store:
        store.accounts.create("Fabrikam")
    code, out, _ = run(db_path, clock, "calendar", "import", str(DATA / "apple.ics"), "--account", "Fabrikam",
                       "--tz", "Europe/Paris")
    assert code == 0 and "3 created" in out
    code, _, err = run(db_path, clock, "calendar", "import", str(DATA / "apple.ics"), "--account", "Nobody")
    assert code == 1 and "no account named 'Nobody'" in err


@pytest.mark.parametrize("content", [
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T100000Z\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Moon/Base:20261201T100000\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n",
])
def test_malformed_file_leaves_the_database_exactly_as_it_was(
        db_path: Path, clock: FixedClock, tmp_path: Path, content: bytes) -> None:
    run(db_path, clock, "calendar", "import", str(DATA / "google.ics"), "--tz", "Europe/Paris")
    before = db_dump(db_path, clock)
    bad = tmp_path / "bad.ics"
    bad.write_bytes(content)
    code, out, err = run(db_path, clock, "calendar", "import", str(bad), "--tz", "Europe/Paris")
    assert code == 1 and out == ""
    assert err.startswith("precall: error: ") and "Traceback" not in err
    assert db_dump(db_path, clock) == before


def test_missing_file_huge_file_and_unknown_zone(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    code, _, err = run(db_path, clock, "calendar", "import", str(tmp_path / "nope.ics"))
    assert code == 1 and "There is no file" in err
    huge = tmp_path / "huge.ics"
    with open(huge, "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    code, _, err = run(db_path, clock, "calendar", "import", str(huge))
    assert code == 1 and "too large" in err
    code, _, err = run(db_path, clock, "calendar", "import", str(DATA / "apple.ics"), "--tz", "Mars/Base")
    assert code == 1 and "Unknown time zone 'Mars/Base'" in err


def test_export_one_and_upcoming(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    run(db_path, clock, "demo")
    with Store.open(db_path, clock=clock) as store:
        upcoming = store.calendar.upcoming_meeting_ids(clock.now())
    code, out, _ = run(db_path, clock, "calendar", "export", str(upcoming[0]), "-o", str(tmp_path / "one.ics"))
    assert code == 0 and "Exported 1 meeting to" in out
    assert len(icalendar.Calendar.from_ical((tmp_path / "one.ics").read_bytes()).walk("VEVENT")) == 1
    code, out, _ = run(db_path, clock, "calendar", "export", "--upcoming", "-o", str(tmp_path / "all.ics"),
                       "--reminder", "5")
    assert code == 0 and f"Exported {len(upcoming)} meetings" in out
    code, _, err = run(db_path, clock, "calendar", "export", "999", "-o", str(tmp_path / "x.ics"))
    assert code == 1 and "no meeting with id 999" in err and not (tmp_path / "x.ics").exists()
    code, _, err = run(db_path, clock, "calendar", "export", "-o", str(tmp_path / "x.ics"))
    assert code == 1 and "MEETING_ID or --upcoming" in err


def test_watch_add_list_check_remove(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes((DATA / "outlook_request.ics").read_bytes())
    code, out, _ = run(db_path, clock, "calendar", "watch", "add", str(feed))
    assert code == 0 and "Watching" in out
    code, _, err = run(db_path, clock, "calendar", "watch", "add", str(feed))
    assert code == 1 and "already watched" in err
    code, out, _ = run(db_path, clock, "calendar", "watch", "add", "webcal://calendar.example.org/team.ics")
    assert code == 0 and "https://calendar.example.org/team.ics" in out
    code, _, err = run(db_path, clock, "calendar", "watch", "add", "ftp://example.org/x.ics")
    assert code == 1 and "not a calendar address" in err
    code, out, _ = run(db_path, clock, "calendar", "watch", "list", "--json")
    listed = json.loads(out)
    assert [f["kind"] for f in listed] == ["file", "url"]
    code, _, _ = run(db_path, clock, "calendar", "watch", "remove", str(listed[1]["id"]))
    assert code == 0
    code, out, _ = run(db_path, clock, "calendar", "watch", "check", "--tz", "Europe/Paris")
    assert code == 0 and "0 created" in out and "1 events need an account" in out
    code, _, err = run(db_path, clock, "calendar", "watch", "remove", "42")
    assert code == 1 and "no watched calendar with id 42" in err


def test_every_calendar_command_has_help() -> None:
    from precall.cli.main import build_parser

    parser = build_parser()
    for argv in (["calendar"], ["calendar", "import"], ["calendar", "export"], ["calendar", "watch"],
                 ["calendar", "watch", "add"], ["calendar", "watch", "check"]):
        with pytest.raises(SystemExit) as info:
            parser.parse_args([*argv, "--help"])
        assert info.value.code == 0
