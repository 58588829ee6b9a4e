"""The ``precall`` command starts in ``ui.entry``: the console script, ``python -m ui`` and
the PyInstaller recipe all name it, so a rename cannot leave one of them behind."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_console_script_names_an_existing_function() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["precall"].partition(":")
    assert module == "ui.entry"
    assert callable(getattr(importlib.import_module(module), function))


def test_the_bundle_starts_from_the_entry_module() -> None:
    assert '"ui" / "entry.py"' in (ROOT / "build.spec").read_text(encoding="utf-8")
    assert (ROOT / "ui" / "entry.py").is_file()


def test_python_dash_m_ui_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "ui", "--version"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("precall ")
