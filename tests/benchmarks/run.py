"""Run Precall's benchmarks and print one JSON object per line.

    python tests/benchmarks/run.py            # every benchmark
    python tests/benchmarks/run.py startup    # those whose module name contains "startup"

Each ``bench_*.py`` module here has ``run() -> Iterable[dict]`` yielding results shaped
``{"name", "value", "unit", "baseline", "ratio"}`` (baseline and ratio may be None where
no peer was measured in the same run; extra keys such as "peak_mb" are allowed).

Every module runs in a fresh interpreter: one benchmark's Qt application (a bare
QGuiApplication for PDFs, a QApplication for widgets) or memory use must not shape the
next one's figures, and a crash in one (Qt aborts the process) must not lose the rest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from tests.benchmarks import {name} as module
for result in module.run():
    print(json.dumps(result), flush=True)
"""


def run_module(name: str, env: dict[str, str]) -> bool:
    """Stream one benchmark's lines; False (and an error line) if it failed."""
    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), name=name)],
        cwd=ROOT, env=env, stdout=sys.stdout, stderr=subprocess.PIPE, text=True,
    )
    if child.returncode == 0:
        return True
    last = (child.stderr.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
    print(json.dumps({"name": name, "error": last, "exit": child.returncode}), flush=True)
    return False


def main(argv: list[str]) -> int:
    wanted = [w.lower() for w in argv]
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # Benchmarks never touch the real data directory either.
    env.setdefault("PRECALL_DATA_DIR", tempfile.mkdtemp(prefix="precall-bench-"))
    sys.stdout.flush()
    failures = sum(
        not run_module(name, env) for name in modules if not wanted or any(w in name for w in wanted)
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
