"""``precall.terminal``: text from calendars, templates and pages cannot drive the
terminal it is printed on, and JSON output stays valid and readable."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from precall.terminal import json_safe, printable
from tests.precall.cli.helpers import run_cli

HOSTILE = "\x1b]0;pwned\x07\x1b[2J"
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]]


def test_every_control_character_is_replaced_but_text_stays() -> None:
    for char in CONTROLS:
        assert char not in printable(f"a{char}b"), repr(char)
    assert printable("Zoë\tMüller\n東京 — ok") == "Zoë\tMüller\n東京 — ok"
    assert "\x1b" not in printable(HOSTILE) and "\x07" not in printable(HOSTILE)
    assert printable("\x9b2J") == "\ufffd2J"  # the one-character CSI


def test_lone_surrogates_are_replaced_so_output_can_be_encoded() -> None:
    printable("bad \ud800 text").encode("utf-8")


def test_json_escapes_c1_controls_and_stays_valid() -> None:
    value = {"title": "Zoë \x9b2J \x85 \x7f \udc80 " + HOSTILE}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert not any(char in text for char in CONTROLS)
    assert "Zoë" in text
    assert json.loads(text) == value


def _calendar(tmp_path: Path, title: str) -> Path:
    start = (datetime.now(timezone.utc) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    path = tmp_path / "hostile.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:hostile-1\r\n"
        f"DTSTAMP:{start:%Y%m%dT%H%M%SZ}\r\nDTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}\r\nSUMMARY:{title}\r\n"
        "ATTENDEE;CN=Ann:mailto:ann@northwind.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return path


def test_an_event_title_cannot_set_the_window_title_or_clear_the_screen(demo_db: Path, tmp_path: Path) -> None:
    path = _calendar(tmp_path, f"Call {HOSTILE}\x9b2J done")
    result = run_cli("--db", str(demo_db), "calendar", "import", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Call" in result.stdout and "done" in result.stdout
    for char in ("\x1b", "\x07", "\x9b"):
        assert char not in result.stdout + result.stderr, repr(char)

    as_json = run_cli("--db", str(demo_db), "calendar", "import", str(path), "--dry-run", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert "\x9b" not in as_json.stdout and "\x1b" not in as_json.stdout
    titles = [e["title"] for e in json.loads(as_json.stdout)["entries"]]
    assert any("\x9b2J done" in t for t in titles), titles


def test_error_messages_quoting_a_name_are_made_safe(demo_db: Path, tmp_path: Path) -> None:
    result = run_cli("--db", str(demo_db), "template", "import", str(tmp_path / f"x{HOSTILE}.json"))
    assert result.returncode == 1 and result.stderr.startswith("precall: error: There is no file ")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
