"""Run Precall's benchmarks and print one JSON object per line.

    python tests/benchmarks/run.py            # every benchmark
    python tests/benchmarks/run.py startup    # those whose module or result name contains "startup"

Each ``bench_*.py`` module here has ``run() -> Iterable[dict]`` yielding results shaped
``{"name", "value", "unit", "baseline", "ratio"}`` (baseline and ratio may be None where
no peer was measured in the same run; extra keys such as "peak_mb" are allowed).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    wanted = [w.lower() for w in argv]
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    failures = 0
    # Benchmarks never touch the real data directory either.
    os.environ.setdefault("PRECALL_DATA_DIR", tempfile.mkdtemp(prefix="precall-bench-"))
    for name in modules:
        if wanted and not any(w in name for w in wanted):
            continue
        module = importlib.import_module(f"tests.benchmarks.{name}")
        try:
            for result in module.run():
                print(json.dumps(result), flush=True)
        except Exception as exc:  # report and go on with the others
            failures += 1
            print(json.dumps({"name": name, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
