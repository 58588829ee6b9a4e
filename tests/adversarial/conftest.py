"""The adversarial run: which cases (a CI sample or all of them), the hostile servers and
the demo database they share, running them two at a time, and the closing report.

``PRECALL_ADVERSARIAL=full`` (or ``--adversarial-full`` when this folder is given on the
command line) runs every case; otherwise a fixed sample bounded to about a minute.
``PRECALL_ADVERSARIAL_REPORT=FILE`` also writes every failing run, one JSON per line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

from tests.adversarial.corpus import cases as corpus_cases
from tests.adversarial.corpus.databases import STATES
from tests.adversarial.corpus.files import GENERATORS
from tests.adversarial.corpus.prep import POSTS, prep
from tests.adversarial.corpus.servers import hostile_servers
from tests.adversarial.harness import KINDS, Case, Verdict, execute, run_case

JOBS = max(1, min(2, int(os.environ.get("PRECALL_ADVERSARIAL_JOBS", "2"))))
_KEY = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--adversarial-full", action="store_true", default=False,
                     help="run every adversarial case (default: a fixed sample for CI)")


def full_run(config: pytest.Config) -> bool:
    return bool(config.getoption("--adversarial-full", default=False)) or os.environ.get("PRECALL_ADVERSARIAL") == "full"


def selected_cases(config: pytest.Config) -> list[Case]:
    everything = corpus_cases.all_cases()
    return everything if full_run(config) else corpus_cases.sample(everything)


def _machine_can(need: str) -> bool:
    return os.geteuid() == 0 if need in ("root", "mount") else True


class Runner:
    """Starts every selected case on first use, at most JOBS processes at a time, so the
    tests only wait for their own run."""

    def __init__(self, root: Path, servers: dict[str, str], demo_db: Path) -> None:
        self.root, self.servers, self.demo_db = root, servers, demo_db
        self.pool = ThreadPoolExecutor(max_workers=JOBS, thread_name_prefix="adversarial")
        self.futures: dict[str, Future[Verdict]] = {}
        self.verdicts: list[Verdict] = []

    def submit_all(self, cases: list[Case]) -> None:
        for n, case in enumerate(cases):
            if case.id not in self.futures and all(_machine_can(need) for need in case.needs):
                self.futures[case.id] = self.pool.submit(self._run, case, self.root / f"c{n:05d}")

    def _run(self, case: Case, work: Path) -> Verdict:
        try:
            verdict = run_case(case, work, self.servers, self.demo_db, STATES, GENERATORS, prep, POSTS)
        finally:
            if not os.environ.get("PRECALL_ADVERSARIAL_KEEP"):
                shutil.rmtree(work, ignore_errors=True)
        self.verdicts.append(verdict)
        return verdict

    def result(self, case: Case) -> Verdict:
        if case.id not in self.futures:
            self.submit_all([case])
        return self.futures[case.id].result()


@pytest.fixture(scope="session")
def adversarial_runner(request: pytest.FixtureRequest) -> Iterator[Runner]:
    root = Path(tempfile.mkdtemp(prefix="precall-adversarial-"))
    with hostile_servers() as servers:
        demo_db = root / "demo" / "precall.db"
        demo_db.parent.mkdir(parents=True)
        code, _out, err, _s = execute(["--db", str(demo_db), "demo"], root / "demo-run", 60)
        if code != 0:
            pytest.fail(f"could not build the demo database: {err.decode(errors='replace')}")
        runner = Runner(root, servers, demo_db)
        request.config.stash[_KEY] = runner.verdicts
        # Other modules have a parameter named "case" too: take only this suite's cases.
        runner.submit_all([item.callspec.params["case"] for item in request.session.items
                           if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"), Case)])
        try:
            yield runner
        finally:
            runner.pool.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(root, ignore_errors=True)


def report(verdicts: list[Verdict]) -> list[str]:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for v in verdicts:
        if v.skipped:
            rows[v.case.group]["skipped"] += 1
            continue
        rows[v.case.group]["runs"] += 1
        for kind in v.problems:
            rows[v.case.group][kind] += 1
        if v.failed:
            rows[v.case.group]["failing runs"] += 1
    columns = ["runs", *KINDS, "failing runs", "skipped"]
    width = max([len("command group"), *map(len, rows)]) + 2
    lines = ["command group".ljust(width) + "".join(c.rjust(max(len(c), 6) + 2) for c in columns)]
    total: Counter[str] = Counter()
    for group in sorted(rows):
        total.update(rows[group])
        lines.append(group.ljust(width) + "".join(str(rows[group][c]).rjust(max(len(c), 6) + 2) for c in columns))
    lines.append("TOTAL".ljust(width) + "".join(str(total[c]).rjust(max(len(c), 6) + 2) for c in columns))
    return lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    verdicts: list[Verdict] | None = config.stash.get(_KEY, None)
    if not verdicts:
        return
    terminalreporter.write_sep("=", f"adversarial run ({'full' if full_run(config) else 'sample'})")
    for line in report(verdicts):
        terminalreporter.write_line(line)
    path = os.environ.get("PRECALL_ADVERSARIAL_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            for v in sorted(verdicts, key=lambda v: v.case.id):
                if v.failed:
                    out.write(json.dumps({"id": v.case.id, "group": v.case.group, "exit": v.returncode,
                                          "problems": v.problems, "stderr": v.stderr[-800:],
                                          "stdout": v.stdout[:300]}, ensure_ascii=True) + "\n")
        with open(f"{path}.table", "w", encoding="utf-8") as out:
            out.write("\n".join(report(verdicts)) + "\n")

