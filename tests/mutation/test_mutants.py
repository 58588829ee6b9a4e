"""The mutation runner's own checks: mutants are single, deterministic, and skip non-behaviour."""

from __future__ import annotations

import ast

from tests.mutation.mutants import mutant_source, mutation_points
from tests.mutation.run import expand, sample
from tests.mutation.targets import TESTS_FOR

SOURCE = '''"""Docstring is never mutated."""
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from os import path
log = None

def f(a: int, items: list[int]) -> int:
    log.info("not a contract")
    if a < 1 and not items:
        raise ValueError("empty")
    return items[1:a] + [a - 0]
'''


def test_each_kind_of_mutation_is_found_once_and_nothing_else() -> None:
    # The logger call, the docstring, the annotations and the TYPE_CHECKING block give none.
    assert [m.kind for m in mutation_points(SOURCE)] == [
        "None->True", "1->0", "Lt->LtE", "drop not", "And->Or", "delete raise", "delete return",
        "1->0", "slice drop lower", "slice drop upper", "0->1", "Sub->Add", "Add->Sub",
    ]


def test_a_mutant_changes_exactly_one_thing() -> None:
    clean = ast.unparse(ast.parse(SOURCE))
    for point in mutation_points(SOURCE):
        mutant = mutant_source(SOURCE, point.index)
        assert mutant != clean
        compile(mutant, "<mutant>", "exec")
    raise_point = next(p for p in mutation_points(SOURCE) if p.kind == "delete raise")
    assert "raise" not in mutant_source(SOURCE, raise_point.index)


def test_sampling_is_deterministic_per_seed_and_module() -> None:
    points = mutation_points(SOURCE)
    assert sample("m.py", points, 1, 4) == sample("m.py", points, 1, 4)
    assert len(sample("m.py", points, 1, 4)) == 4
    assert sample("m.py", points, 1, None) == points


def test_every_scoped_module_has_mapped_tests() -> None:
    modules = expand(["all"])
    assert "precall/store/matrix.py" in modules and "precall/calendar/zones.py" in modules
    assert all(TESTS_FOR[m] for m in modules)
