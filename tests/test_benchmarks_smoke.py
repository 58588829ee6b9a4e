"""Every benchmark module imports and offers ``run()``, so ``python tests/benchmarks/run.py``
never fails on a module nobody ran since it last changed (benchmarks are not collected
by pytest themselves).

A guard over the benchmark suite, so it sits at the top of tests/ (the suite in
tests/benchmarks/ is not collected)."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.common import result

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"
MODULES = sorted(p.stem for p in BENCHMARKS.glob("bench_*.py"))


def test_there_are_benchmarks() -> None:
    assert MODULES, f"no bench_*.py in {BENCHMARKS}"


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports_and_has_run(name: str) -> None:
    module = importlib.import_module(f"tests.benchmarks.{name}")
    run = getattr(module, "run", None)
    assert callable(run), f"{name} has no run()"
    assert not inspect.signature(run).parameters or all(
        p.default is not inspect.Parameter.empty for p in inspect.signature(run).parameters.values()
    ), f"{name}.run() must be callable with no arguments"
    assert (module.__doc__ or "").strip(), f"{name} says what it measures in its docstring"


def test_the_result_shape_matches_the_contract() -> None:
    row = result("x", 12.3456, "ms", 10.0, peak_mb=3)
    assert row == {"name": "x", "value": 12.346, "unit": "ms", "baseline": 10.0, "ratio": 1.235, "peak_mb": 3}
    assert result("y", 1.0, "ms")["ratio"] is None


def test_the_runner_selects_by_name_and_prints_nothing_for_no_match() -> None:
    root = BENCHMARKS.parent.parent
    done = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "no-such-benchmark-name"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "", done.stderr
