"""Running the real command line in a subprocess, with a deadline so a hang fails, and a demo
database made once per module that way (the demo takes a second), copied per test."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[3]


MEMORY_CAP = 3 * 1024**3


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
            cap_memory: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m ui ARGS``; the test data directory comes from the environment the
    autouse fixture set. A hang past ``timeout`` raises ``subprocess.TimeoutExpired``;
    ``cap_memory`` keeps a regression that reads an endless file from taking the machine down."""
    return subprocess.run(
        [sys.executable, "-m", "ui", *args], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=timeout, stdin=subprocess.DEVNULL, preexec_fn=_cap_memory if cap_memory else None,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``precall: error:`` line of a user error (exit 1), checked."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.stderr.startswith("precall: error: "), result.stderr
    return result.stderr


@contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small real file system at ``folder`` (a full disk on demand); the test is skipped
    where mounting is refused (not root, or a container that forbids it)."""
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    result = run_cli("--db", str(db), "demo", env={"PRECALL_DATA_DIR": str(folder / "data")})
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A closed demo database of one's own (meetings 1-3), in a fresh folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    db = folder / "p.db"
    shutil.copyfile(demo_template, db)
    return db
