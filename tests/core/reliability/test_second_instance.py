"""A second Precall on the same file, as two real processes: the desktop app holding the
database and the command line trying to use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from precall.store import Store

ROOT = Path(__file__).resolve().parents[3]


def precall(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.slow
def test_the_command_line_is_told_which_app_holds_the_file_and_works_once_it_is_gone(db_path: Path) -> None:
    Store.open(db_path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PRECALL_QUIT_AFTER_MS": "60000"}
    app = subprocess.Popen([sys.executable, "-m", "ui", "--db", str(db_path)], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        second = precall("--db", str(db_path), "meeting", "list", env=env)
        while second.returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.2)  # the app opens the file on its database worker just after start
            second = precall("--db", str(db_path), "meeting", "list", env=env)
        assert second.returncode == 1, second.stdout
        assert f"is already open in another Precall (process {app.pid} on " in second.stderr
        assert "Close that one first" in second.stderr and "Traceback" not in second.stderr
        check = precall("--db", str(db_path), "check", env=env)
        assert check.returncode == 1 and "already open" in check.stderr, "check and repair never races the app"
    finally:
        app.send_signal(signal.SIGKILL)
        app.communicate(timeout=30)
    after = precall("--db", str(db_path), "meeting", "list", env=env)
    assert after.returncode == 0, after.stderr  # a killed owner leaves no stale lock
