"""Every command of the command line against hostile inputs, servers and databases, each
run a separate ``python -m ui`` process (see README.md here and ``harness.py``)."""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import Runner, selected_cases
from tests.adversarial.harness import Case

pytestmark = pytest.mark.adversarial


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = selected_cases(metafunc.config)
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


def test_command_keeps_the_contract(case: Case, adversarial_runner: Runner) -> None:
    verdict = adversarial_runner.result(case)
    if verdict.skipped:
        pytest.skip(verdict.skipped)
    assert not verdict.failed, verdict.describe()
