"""``precall.cli.main``: the command-line contract. Exit 0 success, 1 a user error in
one line, 2 usage, 130 interrupted; ``internal error`` only for bugs. Only options
before the command are global; the machine's refusals (full disk, permissions, bad
paths) are user errors."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path
from typing import Iterator

import pytest

from precall.cli.main import build_parser, environment_message
from tests.precall.cli.helpers import ROOT, digest, mounted_tmpfs, one_line_error, run_cli
from tests.precall.cli.test_main_basics import all_parsers

HUGE_ID = "9" * 30


def test_a_commands_own_version_option_is_not_the_global_one(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    result = run_cli("--db", str(demo_db), "template", "export", "cfo-manufacturing", "-o", str(out), "--version", "1")
    assert result.returncode == 0, result.stderr
    assert "precall 0." not in result.stdout and "version 1" in result.stdout
    assert '"cfo-manufacturing"' in out.read_text(encoding="utf-8")
    assert run_cli("--db", str(demo_db), "--version").stdout.startswith("precall ")


@pytest.mark.parametrize("args", [
    ["brief", HUGE_ID, "--format", "html", "-o", "{tmp}/b.html"],
    ["brief", "abc", "--format", "html", "-o", "{tmp}/b.html"],
    ["calendar", "export", HUGE_ID, "-o", "{tmp}/c.ics"],
    ["calendar", "watch", "remove", HUGE_ID],
    ["research", "remove", "-" + HUGE_ID],
    ["template", "export", "cfo-manufacturing", "-o", "{tmp}/t.json", "--version", HUGE_ID],
    ["template", "diff", "cfo-manufacturing", "--from", HUGE_ID],
    ["search", "x", "--limit", HUGE_ID],
    ["calendar", "import", "{tmp}/c.ics", "--days-back", HUGE_ID],
])
def test_numbers_sqlite_cannot_hold_are_usage_errors(demo_db: Path, tmp_path: Path, args: list[str]) -> None:
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), *[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "usage: precall" in result.stderr and "Traceback" not in result.stderr
    assert digest(demo_db) == before


@pytest.mark.parametrize("db", ["/", "{tmp}", "{tmp}/" + "a" * 300 + ".db", "/proc/no-such-folder/p.db"])
def test_a_database_path_that_cannot_be_one_is_named(tmp_path: Path, db: str) -> None:
    path = db.format(tmp=tmp_path)
    result = run_cli("--db", path, "meeting", "list")
    message = one_line_error(result)
    assert message.count("\n") == 1 and (path[:40] in message or "folder" in message)


def test_environment_failures_are_words_and_bugs_are_not(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("PRAGMA max_page_count = 3")  # SQLite's own "database or disk is full"
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.execute("INSERT INTO t SELECT zeroblob(100000)")
    conn.close()
    assert "The disk is full" in (environment_message(full.value, tmp_path / "small.db") or "")
    enospc = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x"))
    assert "The disk is full: cannot write" in (environment_message(enospc, tmp_path) or "")
    denied = PermissionError(errno.EACCES, "Permission denied", "/srv/out.html")
    assert environment_message(denied, tmp_path) == "Cannot use /srv/out.html: Permission denied."
    assert environment_message(sqlite3.OperationalError("no such table: x"), tmp_path) is None
    assert environment_message(OSError(errno.EBADF, "Bad file descriptor"), tmp_path) is None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 700 KB tmpfs: room for an empty database, not for the demo."""
    with mounted_tmpfs(tmp_path / "disk", "700k") as mount:
        yield mount


def test_a_full_disk_is_a_user_error_and_loses_nothing(small_disk: Path, demo_db: Path) -> None:
    db = small_disk / "p.db"
    assert run_cli("--db", str(db), "meeting", "list").returncode == 0
    # Leave a few pages free: room to start a write, not for the demo's.
    stat = os.statvfs(small_disk)
    (small_disk / "ballast").write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - 24 * 1024))
    before = digest(db)
    result = run_cli("--db", str(db), "demo")
    assert "disk is full" in one_line_error(result)
    (small_disk / "ballast").unlink()  # the rep frees some space
    assert run_cli("--db", str(db), "check").returncode == 0
    brief = run_cli("--db", str(demo_db), "brief", "1", "-o", str(small_disk / "filler.md"))
    assert brief.returncode in (0, 1) and "internal error" not in brief.stderr
    assert digest(db) == before or run_cli("--db", str(db), "check").returncode == 0


def _readme_commands() -> list[tuple[str, ...]]:
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("## Command line", 1)[1].split("```")[1]
    known = {path for path, _ in all_parsers(build_parser()) if path}
    found: set[tuple[str, ...]] = set()
    for line in block.splitlines():
        for match in re.finditer(r"precall ((?:[a-z]+ ?)+)", line):
            words = tuple(match.group(1).split())
            while words and words not in known:
                words = words[:-1]
            if not words:
                continue
            found.add(words)
            # "feedback export -o FILE | import FILE... | report": alternatives after a bar.
            for sibling in re.findall(r"\| ([a-z]+)", line[match.end():]):
                if (*words[:-1], sibling) in known:
                    found.add((*words[:-1], sibling))
    return sorted(found)


def _is_leaf_with_required(path: tuple[str, ...]) -> bool:
    parser = dict(all_parsers(build_parser()))[path]
    return any(action.required for action in parser._actions if action.dest != "help")


@pytest.mark.slow
def test_every_documented_command_is_usage_error_without_its_arguments(tmp_path: Path) -> None:
    commands = _readme_commands()
    assert ("template", "feedback", "import") in commands and ("calendar", "watch", "remove") in commands
    for number, path in enumerate(commands):
        # A fresh database each: after 'demo', 'research refresh' would go to the internet.
        result = run_cli("--db", str(tmp_path / f"{number}.db"), *path)
        assert "Traceback" not in result.stderr + result.stdout, path
        assert "internal error" not in result.stderr, (path, result.stderr)
        if _is_leaf_with_required(path):
            assert result.returncode == 2, (path, result.returncode, result.stderr)
            assert result.stderr.startswith("usage: precall"), (path, result.stderr)
        else:
            assert result.returncode in (0, 1), (path, result.returncode, result.stderr)
