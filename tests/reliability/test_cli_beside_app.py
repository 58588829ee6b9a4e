"""The command line beside the running desktop app, as real processes on one file: the
commands a rep scripts (a morning research refresh from cron, a brief printed from a
terminal) work while the app has the database open, the app notices what they wrote,
and the file is sound afterwards.

Cross-cutting (tests/reliability/): the app, the command line and the store together."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from precall.demo import load_demo
from precall.paths import log_dir
from precall.store import Store
from precall.store.lock import app_owner
from tests.precall.research.site_server import SiteServer, article, running_site

ROOT = Path(__file__).resolve().parents[2]
NOTICED = "the database was changed by another process"


def precall(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", "--db", str(db_path), *args], cwd=ROOT, env=app_env(),
                          capture_output=True, text=True, timeout=120)


def app_env() -> dict[str, str]:
    # The data directory (logs, settings) is the test's own: tests/conftest.py sets it.
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
            "PRECALL_QUIT_AFTER_MS": "180000"}


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with running_site("127.0.0.1") as server:
        server.add("/news", article("Northwind opens a second plant", "Northwind builds in Leeds."))
        yield server


@pytest.fixture
def running_app(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The desktop app, offscreen, once it holds the file."""
    with Store.open(db_path) as store:
        load_demo(store)
        # The demo's sources name hosts on the internet; tests reach loopback only.
        for source in store.sources.list():
            store.sources.remove(source.id)
    app = subprocess.Popen([sys.executable, "-m", "ui", "--db", str(db_path)], cwd=ROOT, env=app_env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        lock = db_path.with_name(db_path.name + ".lock")
        while f"process {app.pid} " not in (app_owner(lock) or ""):
            assert app.poll() is None and time.monotonic() < deadline, "the app never opened the file"
            time.sleep(0.1)  # the app opens the file on its database worker just after start
        yield app
    finally:
        app.send_signal(signal.SIGKILL)
        app.communicate(timeout=30)


def app_log() -> str:
    path = log_dir() / "precall.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.mark.slow
def test_commands_read_and_write_while_the_app_has_the_file_open(
        db_path: Path, site: SiteServer, running_app: subprocess.Popen[str], tmp_path: Path) -> None:
    listed = precall(db_path, "meeting", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    meetings = json.loads(listed.stdout)
    assert meetings and {m["account"] for m in meetings} >= {"Northwind Foods"}

    found = precall(db_path, "search", "Northwind")
    assert found.returncode == 0 and "Northwind" in found.stdout, found.stderr

    brief = tmp_path / "brief.html"
    printed = precall(db_path, "brief", str(meetings[0]["id"]), "--format", "html", "-o", str(brief))
    assert printed.returncode == 0, printed.stderr
    assert "Northwind" in brief.read_text(encoding="utf-8")

    assert NOTICED not in app_log(), "nothing was written yet"
    added = precall(db_path, "research", "add", site.url("/news"), "--account", "Northwind Foods")
    assert added.returncode == 0, added.stderr
    refreshed = precall(db_path, "research", "refresh", "--account", "Northwind Foods", "--allow-private",
                        "--delay", "0")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert "/news" in site.paths()

    # The app saw another process commit, and announced it to its views (its log says so).
    deadline = time.monotonic() + 30
    while NOTICED not in app_log():
        assert time.monotonic() < deadline, "the running app never noticed the command's changes"
        time.sleep(0.2)
    assert running_app.poll() is None, "the app is still running"

    # The one-app rule and the restore rule still hold while it runs.
    repair = precall(db_path, "check", "--repair")
    assert repair.returncode == 1 and f"the Precall app (process {running_app.pid} on " in repair.stderr
    assert "nothing was restored" in repair.stderr and "Traceback" not in repair.stderr

    running_app.send_signal(signal.SIGKILL)
    running_app.communicate(timeout=30)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        titles = [row[0] for row in conn.execute("SELECT title FROM research_items")]
    finally:
        conn.close()
    assert "Northwind opens a second plant" in titles
