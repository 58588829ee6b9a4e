"""One definition per enum in precall/ and ui/: two classes with the same name (or with
the same members under two names) drift apart, as the checklist moment once did."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("precall", "ui")
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _member_values(node: ast.ClassDef) -> frozenset[object]:
    values: set[object] = set()
    for statement in node.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            values.add(statement.value.value)
    return frozenset(values)


def enum_definitions(sources: dict[str, str]) -> list[tuple[str, str, frozenset[object]]]:
    """(class name, where, member values) for every Enum subclass in ``sources`` (path -> code)."""
    found = []
    for where, code in sources.items():
        for node in ast.walk(ast.parse(code, where)):
            if isinstance(node, ast.ClassDef) and any(_base_name(b) in ENUM_BASES for b in node.bases):
                found.append((node.name, f"{where}:{node.lineno}", _member_values(node)))
    return found


def duplicates(found: list[tuple[str, str, frozenset[object]]]) -> list[str]:
    by_name: dict[str, list[str]] = defaultdict(list)
    by_values: dict[frozenset[object], list[str]] = defaultdict(list)
    for name, where, values in found:
        by_name[name].append(where)
        if len(values) > 1:
            by_values[values].append(f"{name} ({where})")
    return ([f"enum {name} is defined in {', '.join(places)}" for name, places in by_name.items() if len(places) > 1]
            + [f"the same members under two names: {', '.join(names)}" for names in by_values.values() if len(names) > 1])


def package_sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def test_every_enum_is_defined_once() -> None:
    found = enum_definitions(package_sources())
    assert len(found) > 5, "the scan found no enums: has the layout changed?"
    assert duplicates(found) == []


def test_the_scan_sees_a_second_definition() -> None:
    sources = {
        "a.py": "import enum\nclass SourceKind(enum.StrEnum):\n    PAGE = 'page'\n    FEED = 'feed'\n",
        "b.py": "from enum import Enum\nclass SourceKind(str, Enum):\n    PAGE = 'page'\n",
        "c.py": "import enum\nclass Kind(enum.Enum):\n    PAGE = 'page'\n    FEED = 'feed'\n",
    }
    problems = duplicates(enum_definitions(sources))
    assert problems == ["enum SourceKind is defined in a.py:2, b.py:2",
                        "the same members under two names: SourceKind (a.py:2), Kind (c.py:2)"]
