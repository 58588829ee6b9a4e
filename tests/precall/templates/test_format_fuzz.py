"""Any file at all gives a Template or a ValidationError naming the problem, never a crash."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precall.errors import ValidationError
from precall.templates.format import parse_template
from tests.precall.templates.builders import template_doc

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(doc: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return doc


@pytest.mark.fuzz
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), replacement=json_values)
def test_a_mutated_template_never_crashes_the_reader(data: st.DataObject, replacement: Any) -> None:
    doc = template_doc()
    path = data.draw(st.sampled_from(_paths(doc)))
    mutated = _replace(copy.deepcopy(doc), path, replacement)
    try:
        parse_template(json.dumps(mutated))
    except ValidationError as exc:
        assert str(exc)


@pytest.mark.fuzz
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet='[]{}",:\\ a1-e.tnulfr', max_size=300))
def test_arbitrary_text_never_crashes_the_reader(text: str) -> None:
    try:
        parse_template(text)
    except ValidationError as exc:
        assert str(exc)
