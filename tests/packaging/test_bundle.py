"""The packaged app: build the PyInstaller one-folder bundle and start it, as a user would,
with no Python on the path, against a fresh database; then the GUI, offscreen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from precall.store.lock import app_owner

ROOT = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).with_name("pyinstaller")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PYINSTALLER.exists(), reason="PyInstaller is not installed (pip install .[build])"),
    pytest.mark.skipif(sys.platform == "win32", reason="the bundle test drives the Linux/macOS layout"),
]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    result = subprocess.run(
        [str(PYINSTALLER), "build.spec", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    folder = work / "dist" / "precall"
    print(f"\nbundle: built in {time.monotonic() - started:.0f} s, {folder_size(folder) / 1e6:.0f} MB")
    return folder


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """No Python and no virtualenv on the path: only what a user's desktop session has."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
            "PRECALL_DATA_DIR": str(home / "data"), **extra}


def run_bundle(bundle: Path, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / "precall"), *args], cwd=home, env=bare_env(home, **extra),
                          capture_output=True, text=True, timeout=120)


def test_the_bundle_holds_its_own_python_and_the_resources(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (bundle / "precall").is_file() and os.access(bundle / "precall", os.X_OK)
    assert list(internal.glob("libpython3*")), "the interpreter travels with the app"
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file():
            assert (internal / "resources" / resource.relative_to(ROOT / "resources")).is_file(), resource
    assert not list(internal.rglob("*QtQml*")) and not list(internal.rglob("libqgtk3*")), "unused Qt left out"


def test_the_command_line_works_from_the_bundle_on_a_fresh_database(bundle: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    starts = []
    for _ in range(3):
        started = time.monotonic()
        version = run_bundle(bundle, tmp_path, "--version")
        starts.append(time.monotonic() - started)
        assert version.returncode == 0 and version.stdout.startswith("precall "), version.stderr
    demo = run_bundle(bundle, tmp_path, "--db", "fresh.db", "demo")
    assert demo.returncode == 0, demo.stderr
    listing = run_bundle(bundle, tmp_path, "--db", "fresh.db", "meeting", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    meetings = json.loads(listing.stdout)
    assert len(meetings) >= 3 and {"id", "title", "start", "account"} <= set(meetings[0])
    backup = run_bundle(bundle, tmp_path, "--db", "fresh.db", "backup", "now")
    check = run_bundle(bundle, tmp_path, "--db", "fresh.db", "check")
    assert backup.returncode == 0 and check.returncode == 0 and "passed" in check.stdout, check.stderr
    wrong = run_bundle(bundle, tmp_path, "--db", "fresh.db", "meeting", "frobnicate")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    with capsys.disabled():
        print(f"\nbundle: size={folder_size(bundle) / 1e6:.0f} MB cli_start first={starts[0]:.2f} s "
              f"warm={sorted(starts)[1]:.2f} s")


def test_the_desktop_app_starts_offscreen_from_the_bundle_and_quits(bundle: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bundle(bundle, tmp_path, "--db", "app.db", "demo").returncode == 0
    gui = run_bundle(bundle, tmp_path, "--db", "app.db", QT_QPA_PLATFORM="offscreen", PRECALL_QUIT_AFTER_MS="1500")
    assert gui.returncode == 0, gui.stderr[-3000:]
    assert "Traceback" not in gui.stderr and "Error" not in gui.stderr, gui.stderr[-3000:]
    # The running app looked at the database and made its first automatic backup.
    assert list((tmp_path / "backups").glob("app-auto-*.db")), gui.stderr[-3000:]
    starts = []
    for _ in range(2):  # start-up: from exec to the first turn of the event loop, then quit at once
        started = time.monotonic()
        quick = run_bundle(bundle, tmp_path, "--db", "app.db", QT_QPA_PLATFORM="offscreen", PRECALL_QUIT_AFTER_MS="0")
        starts.append(time.monotonic() - started)
        assert quick.returncode == 0, quick.stderr[-3000:]
    with capsys.disabled():
        print(f"\nbundle: gui_start_to_quit first={starts[0]:.2f} s warm={starts[1]:.2f} s")


def test_a_second_bundle_process_on_the_same_file_is_told_who_holds_it(bundle: Path, tmp_path: Path) -> None:
    assert run_bundle(bundle, tmp_path, "--db", "shared.db", "demo").returncode == 0
    gui = subprocess.Popen([str(bundle / "precall"), "--db", "shared.db"], cwd=tmp_path,
                           env=bare_env(tmp_path, QT_QPA_PLATFORM="offscreen", PRECALL_QUIT_AFTER_MS="20000"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        lock = tmp_path / "shared.db.lock"
        while f"process {gui.pid} " not in (app_owner(lock) or ""):
            assert gui.poll() is None and time.monotonic() < deadline, "the app never opened the file"
            time.sleep(0.2)  # the app opens the database on its worker shortly after start
        second = run_bundle(bundle, tmp_path, "--db", "shared.db", QT_QPA_PLATFORM="offscreen",
                            PRECALL_QUIT_AFTER_MS="2000")
        assert second.returncode == 1
        assert f"already open in another Precall (process {gui.pid}" in second.stderr
        # A command is not a second app: it runs beside the one that is open.
        assert run_bundle(bundle, tmp_path, "--db", "shared.db", "meeting", "list").returncode == 0
    finally:
        gui.kill()
        gui.communicate(timeout=30)
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
