"""Commands that fail leave the database exactly as it was, and say why in one line:
the cases the adversarial run found after the first round of fixes.

Cross-cutting (tests/reliability/): every command, through the real command line."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Iterator

import pytest

from tests.precall.cli.helpers import digest, mounted_tmpfs, one_line_error, run_cli


@pytest.fixture
def broken_redirect() -> Iterator[str]:
    """A local server whose every answer redirects to an address urllib cannot parse."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "http://[::1")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_to_an_unparsable_address_is_named(broken_redirect: str, demo_db: Path) -> None:
    result = run_cli("--db", str(demo_db), "extract", f"{broken_redirect}/page", "--allow-private")
    assert "cannot be used" in one_line_error(result)


@pytest.mark.parametrize("location", ["webcal://[::1", "https://127.0.0.1:99999/c.ics", "http://a b/c.ics",
                                      "http://[::1]:0/c.ics"])
def test_a_watched_calendar_address_is_checked_before_it_is_stored(demo_db: Path, location: str) -> None:
    before = digest(demo_db)
    message = one_line_error(run_cli("--db", str(demo_db), "calendar", "watch", "add", location))
    assert re.search("not a usable web address|port", message)
    assert digest(demo_db) == before


@pytest.mark.parametrize("location", ["http://[2002:7f00::1]/t.json", "http://[fec0::1]/t.json",
                                      "http://[::ffff:127.0.0.1]/t.json"])
def test_a_subscription_to_a_literal_private_address_is_refused(demo_db: Path, location: str) -> None:
    before = digest(demo_db)
    assert "--allow-private" in one_line_error(run_cli("--db", str(demo_db), "template", "subscribe", location))
    assert digest(demo_db) == before


@pytest.mark.parametrize("args", [["template", "apply", "CFO (manufacturing)", "--account", "No such account"],
                                  ["template", "export", "No such template", "-o", "OUT"],
                                  ["template", "diff", "No such template"]])
def test_a_template_command_that_finds_nothing_writes_nothing(demo_db: Path, tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / "out.json") if a == "OUT" else a for a in args]
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), *args)
    assert result.returncode == 1
    assert digest(demo_db) == before


def test_feedback_import_is_all_files_or_none(demo_db: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    assert run_cli("--db", str(demo_db), "template", "feedback", "export", "-o", str(good)).returncode == 0
    os.mkfifo(tmp_path / "pipe.json")
    before = digest(demo_db)
    result = run_cli("--db", str(demo_db), "template", "feedback", "import", str(good), str(tmp_path / "pipe.json"),
                     timeout=30)
    assert "not a regular file" in one_line_error(result)
    assert digest(demo_db) == before


def test_check_names_a_newer_database_in_its_error_line(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('precall', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    assert "newer Precall" in one_line_error(run_cli("--db", str(demo_db), "check"))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "disk", "2m") as mount:
        yield mount


def test_a_full_disk_still_lets_the_rep_read(full_disk: Path, demo_db: Path) -> None:
    db = full_disk / "p.db"
    shutil.copyfile(demo_db, db)
    stat = os.statvfs(full_disk)
    (full_disk / "ballast").write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize))
    listed = run_cli("--db", str(db), "meeting", "list")
    assert listed.returncode == 0 and "Northwind" in listed.stdout
    assert run_cli("--db", str(db), "check").returncode == 0
    assert "disk is full" in one_line_error(run_cli("--db", str(db), "demo", "--force"))
