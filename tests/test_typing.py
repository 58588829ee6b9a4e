"""mypy over precall/ and ui/, with the settings in pyproject.toml ([tool.mypy]): the type
hints are checked on every test run, so CI fails on the first one that is wrong.

Run it by hand with ``python -m mypy`` from the repository root. The cache goes to the
repository's .mypy_cache (git-ignored): about 30 s the first time, a second after.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_precall_and_ui() -> None:
    # No arguments: the files and every setting come from pyproject.toml, as for a developer.
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, (
        f"python -m mypy exited {result.returncode}; fix the hints (or the code):\n{result.stdout}{result.stderr}")
