"""Mutation testing for Precall's core: would the tests notice if this line were wrong?

For each module named, the runner finds its mutation points (``mutants.py``), draws a
deterministic sample of them (``--seed``, ``--max-per-module``), and for each mutant writes the
changed module into a private copy of the project, runs that module's tests (``targets.py``) in
a forked child process
(``pytest -x -q``) and a time limit, and counts the mutant *killed* (a test failed),
*timeout* (the run overran; counted as noticed) or *survived*. Mutants listed in
``equivalents.py`` (changes no test could see) are set aside, not counted.

It prints one line per module, ``module killed/total score%``, and writes the same table plus
every survivor (``file:line  mutation``) to the report file. It is not part of the normal test
run: it takes minutes and is meant to be run by hand or on a schedule, one worker at a time.

Run from the project root, e.g.::

    python -m tests.mutation.run precall/store/matrix.py --max-per-module 40
    python -m tests.mutation.run all --max-per-module 25 --report mutation-report.txt
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.mutation.equivalents import EQUIVALENT
from tests.mutation.mutants import Mutation, mutant_source, mutation_points
from tests.mutation.targets import SCOPED, TESTS_FOR

ROOT = Path(__file__).resolve().parents[2]
_COPIED = ("precall", "ui", "tests", "resources", "pyproject.toml")


@dataclass
class ModuleResult:
    module: str
    killed: int = 0
    timeouts: int = 0
    equivalent: int = 0
    broken: str = ""
    survivors: list[Mutation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.killed + self.timeouts + len(self.survivors)

    @property
    def score(self) -> float:
        return 100.0 * (self.killed + self.timeouts) / self.total if self.total else 100.0

    def line(self) -> str:
        if self.broken:
            return f"{self.module} not scored: {self.broken}"
        extra = f"  ({self.timeouts} timeout, {self.equivalent} equivalent set aside)"
        return f"{self.module} {self.killed + self.timeouts}/{self.total} {self.score:.0f}%{extra}"


def expand(names: list[str]) -> list[str]:
    """Module paths for the names given: files, folders (their mapped modules) or ``all``."""
    wanted = list(SCOPED) if names == ["all"] else names
    modules: list[str] = []
    for name in wanted:
        name = name.rstrip("/")
        if name.endswith(".py"):
            if name not in TESTS_FOR:
                raise SystemExit(f"run.py: no tests mapped for {name}; add it to tests/mutation/targets.py")
            modules.append(name)
        else:
            found = sorted(m for m in TESTS_FOR if m.startswith(name + "/"))
            if not found:
                raise SystemExit(f"run.py: no mapped modules under {name}")
            modules.extend(found)
    return list(dict.fromkeys(modules))


def sample(module: str, points: list[Mutation], seed: int, limit: int | None) -> list[Mutation]:
    """The same subset for the same seed and source: a string seed is hashed stably."""
    if limit is None or len(points) <= limit:
        return points
    chosen = random.Random(f"{seed}:{module}").sample(points, limit)
    return sorted(chosen, key=lambda m: m.index)


@contextmanager
def project_copy() -> Iterator[Path]:
    """A private copy of the project, without bytecode caches, so no stale .pyc hides a mutant."""
    with tempfile.TemporaryDirectory(prefix="precall-mutation-") as tmp:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
        for name in _COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=ignore)
            else:
                shutil.copy2(source, Path(tmp) / name)
        yield Path(tmp)


# Imported once by the runner, so each forked test run skips their start-up cost. Never
# anything of ours: the project's modules must be imported fresh from the mutated copy. (pytest
# then warns it cannot rewrite asserts in hypothesis; the child silences that one warning.)
_PRELOADED = (
    "pytest", "hypothesis", "sqlite_utils", "bs4", "lxml.html", "requests", "urllib3", "feedparser",
    "charset_normalizer", "nh3", "icalendar", "recurring_ical_events", "jsonschema", "trafilatura",
)


_PRELOAD_WARNING = "ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning"


def preload() -> None:
    for name in _PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def _child(workdir: Path, tests: list[str]) -> None:
    """In the forked child: run the tests against the copy and exit with pytest's code."""
    code = 70
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.chdir(workdir)
        os.environ.update(PYTHONDONTWRITEBYTECODE="1", QT_QPA_PLATFORM="offscreen", CI="1")
        sys.dont_write_bytecode = True
        # The runner itself was imported from the real tree's "tests" package: forget it,
        # so the copy's tests and conftest files are the ones collected.
        for name in [n for n in sys.modules if n == "tests" or n.startswith("tests.")]:
            del sys.modules[name]
        sys.path[:] = [str(workdir), *(p for p in sys.path if Path(p or ".").resolve() != ROOT)]
        import pytest

        code = int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", "--timeout", "0", "-W", _PRELOAD_WARNING, *tests]))
    finally:
        os._exit(code)


def run_tests(workdir: Path, tests: list[str], timeout: float) -> str:
    """'pass', 'fail' or 'timeout' for one run of ``tests`` in ``workdir`` (in a forked child)."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        _child(workdir, tests)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return "pass" if os.waitstatus_to_exitcode(status) == 0 else "fail"
        if time.monotonic() > deadline:
            # The tests may have started servers or children: end the whole session.
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:  # killed before it made its own session
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.05)


def is_equivalent(module: str, mutation: Mutation) -> bool:
    return (module, mutation.line, mutation.kind) in EQUIVALENT


def mutate_module(workdir: Path, module: str, seed: int, limit: int | None, timeout: float | None) -> ModuleResult:
    tests = [t for t in TESTS_FOR[module] if (ROOT / t).exists()]
    if not tests:
        raise SystemExit(f"run.py: none of the tests mapped for {module} exist")
    target = workdir / module
    original = target.read_text(encoding="utf-8")
    result = ModuleResult(module)
    started = time.monotonic()
    if run_tests(workdir, tests, timeout=600) != "pass":
        # Scores over a red suite mean nothing; say so and go on with the other modules.
        result.broken = f"its tests fail without any mutant: {' '.join(tests)}"
        return result
    limit_s = timeout or max(20.0, 3 * (time.monotonic() - started))
    try:
        for mutation in sample(module, mutation_points(original), seed, limit):
            if is_equivalent(module, mutation):
                result.equivalent += 1
                continue
            target.write_text(mutant_source(original, mutation.index), encoding="utf-8")
            outcome = run_tests(workdir, tests, limit_s)
            if outcome == "fail":
                result.killed += 1
            elif outcome == "timeout":
                result.timeouts += 1
            else:
                result.survivors.append(mutation)
    finally:
        target.write_text(original, encoding="utf-8")
    return result


def stale_equivalents(modules: list[str]) -> list[tuple[str, int, str]]:
    """Allow-list entries that match no mutation point any more (the code moved)."""
    stale = []
    for entry in sorted(EQUIVALENT):
        module = entry[0]
        if module in modules:
            points = {(m.line, m.kind) for m in mutation_points((ROOT / module).read_text(encoding="utf-8"))}
            if entry[1:] not in points:
                stale.append(entry)
    return stale


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.mutation.run",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
        epilog="Score = (killed + timeout) / (mutants run); equivalent mutants (tests/mutation/equivalents.py) "
        "are not run. Modules and their tests: tests/mutation/targets.py. Run it with one worker: it is "
        "CPU-heavy and must not run in every CI job.",
    )
    parser.add_argument("modules", nargs="+", help="module files (precall/store/matrix.py), folders (precall/store) or 'all'")
    parser.add_argument("--max-per-module", type=int, default=30, metavar="N", help="mutants sampled per module (default 30; 0 = all)")
    parser.add_argument("--seed", type=int, default=10, help="sampling seed (default 10): same seed, same sample")
    parser.add_argument("--timeout", type=float, default=None, metavar="S", help="seconds per mutant's test run (default: 3x the clean run, at least 20)")
    parser.add_argument("--report", type=Path, default=Path("mutation-report.txt"), help="where to write scores and survivors")
    parser.add_argument("--list", action="store_true", help="list the sampled mutation points and exit, running nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    modules = expand(args.modules)
    limit = args.max_per_module or None
    if args.list:
        for module in modules:
            points = mutation_points((ROOT / module).read_text(encoding="utf-8"))
            for m in sample(module, points, args.seed, limit):
                mark = "  (equivalent)" if is_equivalent(module, m) else ""
                print(f"{module}:{m.line}  {m.kind}{mark}")
        return 0
    # A stopped run (SIGTERM) still removes its copy of the project and keeps its report.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    command = "python -m tests.mutation.run " + " ".join(sys.argv[1:] if argv is None else argv)
    results: list[ModuleResult] = []
    preload()
    with project_copy() as workdir:
        for module in modules:
            result = mutate_module(workdir, module, args.seed, limit, args.timeout)
            print(result.line(), flush=True)
            results.append(result)
            write_report(args.report, command, results, stale_equivalents(modules))
    print(f"report: {args.report}")
    return 0


def write_report(path: Path, command: str, results: list[ModuleResult], stale: list[tuple[str, int, str]]) -> None:
    """Scores and survivors so far: rewritten after each module, so a long run can be cut short."""
    lines = [f"# {command}", *(r.line() for r in results), "", "# survivors"]
    lines += [f"{r.module}:{m.line}  {m.kind}" for r in results for m in r.survivors]
    if stale:
        lines += ["", "# allow-list entries matching no mutation point (update equivalents.py)"]
        lines += [f"{module}:{line}  {kind}" for module, line, kind in stale]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

if __name__ == "__main__":
    sys.exit(main())
