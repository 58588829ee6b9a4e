"""A second desktop app on the same file, as two real processes: the first holds the
database, the second is told which process holds it (commands may run beside the app:
test_cli_beside_app.py).

Cross-cutting (tests/reliability/): the app and the store's lock as two real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from precall.store import Store
from precall.store.lock import app_owner

ROOT = Path(__file__).resolve().parents[2]


def env(quit_after_ms: int) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
            "PRECALL_QUIT_AFTER_MS": str(quit_after_ms)}


def precall(*args: str, quit_after_ms: int = 60000) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=ROOT, env=env(quit_after_ms), capture_output=True,
                          text=True, timeout=60)


@pytest.mark.slow
def test_a_second_app_is_told_which_app_holds_the_file_and_starts_once_it_is_gone(db_path: Path) -> None:
    Store.open(db_path).close()
    app = subprocess.Popen([sys.executable, "-m", "ui", "--db", str(db_path)], cwd=ROOT, env=env(60000),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while f"process {app.pid} " not in (app_owner(db_path.with_name(db_path.name + ".lock")) or ""):
            assert app.poll() is None and time.monotonic() < deadline, "the first app never opened the file"
            time.sleep(0.1)  # the app opens the file on its database worker just after start
        # The refusal is a dialog; the second app quits after a moment, as a rep would close it.
        second = precall("--db", str(db_path), quit_after_ms=2000)
        assert second.returncode == 1, second.stderr
        assert f"is already open in another Precall (process {app.pid} on " in second.stderr
        assert "Close that one first" in second.stderr and "Traceback" not in second.stderr
        beside = precall("--db", str(db_path), "meeting", "list")
        assert beside.returncode == 0, "a command is not an app: it runs beside it"
        check = precall("--db", str(db_path), "check", "--repair")
        assert check.returncode == 1 and f"the Precall app (process {app.pid} on " in check.stderr, \
            "a restore never races the app"
    finally:
        app.send_signal(signal.SIGKILL)
        app.communicate(timeout=30)
    after = precall("--db", str(db_path), quit_after_ms=0)
    assert after.returncode == 0, after.stderr  # a killed owner leaves no stale lock
