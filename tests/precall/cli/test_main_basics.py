"""The command line: help everywhere, the demo, JSON output, errors without tracebacks."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from precall.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui", *args], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=120,
    )


def all_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += all_parsers(sub, (*path, name))
    return found


def test_every_command_has_help_text_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    parsers = all_parsers(build_parser())
    assert len(parsers) >= 3
    for path, parser in parsers:
        assert parser.description or parser.format_help(), path
        if path:
            assert f"precall {path[0]}" in readme, f"'precall {' '.join(path)}' is not documented in README.md"
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{' '.join(path)} {action.option_strings} has no help"


def test_demo_then_meeting_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "meeting", "list", "--json"]) == 0
    out = capsys.readouterr().out
    meetings = json.loads(out[out.index("["):])
    assert len(meetings) == 3
    assert {"id", "title", "start", "account"} <= set(meetings[0])
    upcoming = [m for m in meetings if m["status"] == "planned"]
    assert meetings[: len(upcoming)] == upcoming, "upcoming meetings come first"


def test_demo_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "demo"]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(db), "demo", "--force"]) == 0


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello\n" * 100)
    result = run_cli("--db", str(not_db), "meeting", "list")
    assert result.returncode == 1
    assert "not a Precall database" in result.stderr and "Traceback" not in result.stderr
    assert not_db.read_text().startswith("hello")


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "x.db"), "fly")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_starting_the_app_without_a_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "ui", "--db", str(tmp_path / "x.db")], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 1 and "no display" in result.stderr and "Traceback" not in result.stderr


def test_starting_the_app_loads_no_command_modules() -> None:
    code = ("import sys; from precall.cli.main import _parse; _parse(['--db', 'x.db']); "
            "print(sorted(m for m in sys.modules if m.endswith('_cmd')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_a_file_damaged_after_it_opens_is_reported_in_words(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from precall.store import Store

    db = tmp_path / "damaged.db"
    with Store.open(db) as store:
        account = store.accounts.create("Acme")
        start = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
        with store.write():
            for n in range(3000):
                store.meetings.create(account.id, f"Meeting {n} " + "x" * 200, start, start + timedelta(hours=1), "UTC")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with open(db, "r+b") as handle:  # trash the second half, where the meetings' pages are
        handle.seek(size // 2)
        handle.write(b"\xff" * (size - size // 2))
    result = run_cli("--db", str(db), "meeting", "list")
    assert result.returncode == 1, result.stderr
    assert "is damaged" in result.stderr and "Traceback" not in result.stderr and "internal error" not in result.stderr
