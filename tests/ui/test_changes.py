"""The change bus and its areas: each area is announced by some operation and listened
to by some view, and only the task runner announces (views declare ``.changes(...)``)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ui.changes import Area, ChangeBus, OpChanges

UI = Path(__file__).resolve().parents[2] / "ui"


def ui_modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(UI.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def areas_named(node: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "Area"}


def areas_in_calls(method: str) -> set[str]:
    """Every ``Area.X`` written inside a call of ``.<method>(...)`` anywhere in ui/."""
    found: set[str] = set()
    for _path, tree in ui_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
                found |= areas_named(node)
    return found


def areas_in_keyword(name: str) -> set[str]:
    """Every ``Area.X`` passed as ``name=`` to any call (a helper that forwards to ``.changes``)."""
    found: set[str] = set()
    for _path, tree in ui_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == name:
                        found |= areas_named(keyword.value)
    return found


def emitted() -> set[str]:
    # ``.changes(Area.X)`` on an operation, ``.changes_from(lambda r: OpChanges.of(Area.X, ...))``,
    # or ``helper(..., changes=Area.X)`` for a view's own write helper.
    return areas_in_calls("changes") | areas_in_calls("changes_from") | areas_in_keyword("changes")


@pytest.mark.parametrize("area", list(Area), ids=lambda a: a.name)
def test_every_area_has_an_operation_that_announces_it(area: Area) -> None:
    assert area.name in emitted(), f"no operation in ui/ declares .changes(Area.{area.name})"


@pytest.mark.parametrize("area", list(Area), ids=lambda a: a.name)
def test_every_area_has_a_view_that_listens(area: Area) -> None:
    assert area.name in areas_in_calls("touches"), f"no view in ui/ asks changes.touches(Area.{area.name})"


def test_the_scan_sees_a_declared_area() -> None:
    tree = ast.parse("tasks.db(fn, owner=self).changes(Area.MATRIX, account_id=1).run()")
    assert areas_named(tree) == {"MATRIX"}


def test_only_the_task_runner_announces_and_checks_liveness() -> None:
    """Views declare what their operations change and name an owner; an inline
    ``changes.notify`` or a ``shiboken6.isValid`` guard in a view means a change can
    be lost when the view closes, or a guard is duplicated."""
    offenders = []
    for path, tree in ui_modules():
        if path.name in ("tasks.py", "changes.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "notify" or (
                        node.func.attr == "isValid" and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "shiboken6"):
                    offenders.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert offenders == []


def test_areas_must_be_members_of_the_enum() -> None:
    with pytest.raises(ValueError):
        OpChanges.of("matrix")  # type: ignore[arg-type]


def test_touches_any_of_the_named_areas() -> None:
    changes = OpChanges.of(Area.MATRIX, Area.RESEARCH, account_id=3)
    assert changes.touches(Area.BRIEFS, Area.RESEARCH)
    assert not changes.touches(Area.BRIEFS, Area.MEETINGS)
    assert changes.account_id == 3 and changes.meeting_id is None


def test_the_bus_hands_changes_and_initiator_to_every_listener(qtbot: Any) -> None:
    bus = ChangeBus()
    initiator = object()
    first: list[tuple[OpChanges, object]] = []
    second: list[tuple[OpChanges, object]] = []
    bus.changed.connect(lambda c, i: first.append((c, i)))
    bus.changed.connect(lambda c, i: second.append((c, i)))
    changes = OpChanges.of(Area.BRIEFS, meeting_id=2)
    with qtbot.wait_signal(bus.changed):
        bus.notify(changes, initiator)
    assert first == second == [(changes, initiator)]


def test_a_deleted_view_is_not_called_by_the_bus(qtbot: Any) -> None:
    """Why views need no liveness guard in their change listener: Qt drops the
    connection of a method slot when its widget is deleted."""
    import shiboken6
    from PySide6.QtWidgets import QLabel

    class View(QLabel):
        def on_changes(self, changes: OpChanges, initiator: object) -> None:
            self.setText("reloaded")  # would raise RuntimeError on a deleted widget

    bus = ChangeBus()
    view = View()
    bus.changed.connect(view.on_changes)
    shiboken6.delete(view)
    bus.notify(OpChanges.of(Area.MATRIX))
