"""Assumption templates from other people: importing a hostile file gives a clear
ValidationError (a PrecallError naming what is wrong) or a valid Template; never a
RecursionError, KeyError or TypeError, never a hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precall.errors import PrecallError
from precall.templates.format import parse_template
from precall.templates.model import Template
from tests.fuzz.support import FUZZ, bounded, fuzz_loop

pytestmark = pytest.mark.fuzz
TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "resources" / "templates").glob("*.json"))
SECONDS, PEAK_MB = 10.0, 200


def parse_or_refuse(data: bytes | str) -> None:
    try:
        template = parse_template(data)
    except PrecallError as exc:
        assert str(exc).strip(), "a refusal says what is wrong"
        return
    assert isinstance(template, Template)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)),
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.text(max_size=12), children,
                                                                                max_size=5)),
    max_leaves=40,
)


@st.composite
def damaged_templates(draw: st.DrawFn) -> str:
    """A real template with one field replaced, removed or duplicated."""
    document = json.loads(draw(st.sampled_from(TEMPLATES)).read_text(encoding="utf-8"))
    node = document
    for _ in range(draw(st.integers(0, 3))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()) or not isinstance(node[key], (dict, list)):
                break
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[draw(st.integers(0, len(node) - 1))]
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        if draw(st.booleans()):
            node[key] = draw(json_values)
        else:
            del node[key]
    elif isinstance(node, list):
        node.append(draw(json_values))
    return json.dumps(document)


@pytest.mark.skipif(not TEMPLATES, reason="no built-in templates to start from")
@FUZZ
@given(damaged_templates())
def test_damaged_templates_are_refused_clearly(text: str) -> None:
    bounded(lambda: parse_or_refuse(text), seconds=SECONDS, peak_mb=PEAK_MB, what="parse_template")


@FUZZ
@given(json_values)
def test_any_json_is_refused_clearly(value: object) -> None:
    bounded(lambda: parse_or_refuse(json.dumps(value)), seconds=SECONDS, peak_mb=PEAK_MB, what="parse_template")


@pytest.mark.parametrize("depth", [900, 1_100, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(depth: int) -> None:
    text = '{"format": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(PrecallError, match="nested|format|field"):
        bounded(lambda: parse_template(text), seconds=SECONDS, peak_mb=PEAK_MB, what="deep json")


def test_mutated_template_files(tmp_path: Path) -> None:
    seeds = [p.read_bytes() for p in TEMPLATES] or [b'{"format": "precall-template"}']
    stats = fuzz_loop("templates", seeds, parse_or_refuse, (), time_limit_s=SECONDS, peak_mb=PEAK_MB,
                      crash_dir=tmp_path)
    assert stats.failures == [], stats.failures
