"""The layer rules, checked on the source so they hold by construction.

- SQL runs only behind the Store: no ``.execute(`` / ``.executemany(`` /
  ``.executescript(`` call outside ``precall/store/``.
- No import cycles in ``precall/`` or ``ui/``, counting imports inside functions (a
  deferred import hides a cycle, it does not remove it); only imports under
  ``if TYPE_CHECKING:`` are left out, since they never run.
- The store names only values from ``precall/templates/`` and ``precall/research/``
  (dataclasses and enums both sides share), not their logic; the logic it still
  calls is listed in ``STORE_LOGIC_DEBT``, which may only shrink.
- A migration that has shipped is never edited or removed: each is pinned by the
  sha256 of its file. A new migration is added to ``SHIPPED_MIGRATIONS`` when it ships
  (the list in ``migrations/__init__.py`` is not pinned: a new migration is added there).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("precall", "ui")
STORE = ROOT / "precall" / "store"
MIGRATIONS = STORE / "migrations"
SQL_METHODS = frozenset({"execute", "executemany", "executescript"})

#: Modules of the feature packages that hold only values, which the store may name.
VALUE_MODULES = frozenset({
    "precall.templates", "precall.templates.model",
    "precall.research", "precall.research.items", "precall.research.sources", "precall.research.fetch_types",
})
#: Feature logic the store still calls (parsing a template file, planning an apply,
#: building FTS queries, canonical URLs). Moving it out of the store removes the entry;
#: nothing is ever added here.
STORE_LOGIC_DEBT = frozenset({
    ("precall.store.templates", "precall.templates.apply"),
    ("precall.store.templates", "precall.templates.diff"),
    ("precall.store.templates", "precall.templates.format"),
    ("precall.store.research", "precall.research.canonical"),
    ("precall.store.research", "precall.research.evidence"),
    ("precall.store.research", "precall.research.fts"),
    ("precall.store.sources", "precall.research.robots"),
})

SHIPPED_MIGRATIONS = {
    "m001_core.py": "f75a1d4d800bf8498413303762eb6d408e43da41859e2f46e08ee29d6b27f681",
    "m002_research_sources.py": "10a6dc656e47af57fe413ebc6adfa8b9a5079f2d30a5213ed35b360a4ec523fc",
    "m003_research_items.py": "f3582b04731b1ae42c820e27776c5e0d57c61e511a03eff7d0354696e8587fb2",
    "m004_plans_checklists.py": "0f3dea5d3d9f31a632656fb5f668a28bfb031cf6888de6527c2564fdbc34a8fd",
    "m005_briefs.py": "ad85db029d7c8d8f381f87c6604557970226dd88eeb5ffe4af68be3d7c34f0fc",
    "m006_templates.py": "7e69a8ba3a579c489706af5422f01948883098443837721546aa87c02acc14ff",
    "m007_calendar.py": "d4576a5f2ba86de6e90904421531c4fc87ac86b7edf360432f10675e53c361cf",
}


def source_files(root: Path = ROOT) -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((root / package).rglob("*.py"))


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sql_calls(path: Path) -> list[str]:
    """``file:line`` of every ``<anything>.execute*(...)`` call in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_METHODS]


def is_type_checking_guard(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module name ``tree`` imports when it runs, at any depth (functions too),
    skipping the bodies of ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and is_type_checking_guard(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            yield base
            # "from pkg import mod" imports the submodule pkg.mod
            yield from (f"{base}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports (an import of a.b.c also runs a and a.b)."""
    paths = {module_name(path, root): path for path in source_files(root)}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets: set[str] = set()
        for name in imported_names(tree, module, path.name == "__init__.py"):
            parts = name.split(".")
            targets.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
        # A package is not its own dependency, and importing a module runs its parents'
        # __init__ anyway, so only real edges between distinct known modules count.
        graph[module] = {t for t in targets if t in paths and t != module and not module.startswith(t + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_sql_runs_only_in_the_store() -> None:
    outside = [call for path in source_files() if STORE not in path.parents for call in sql_calls(path)]
    assert outside == [], "SQL outside precall/store/ (add a repo method instead):\n" + "\n".join(outside)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_store_names_only_values_of_the_features() -> None:
    graph = import_graph()
    found = {(module, target) for module, targets in graph.items() if module.startswith("precall.store")
             for target in targets if target.split(".")[:2] in (["precall", "templates"], ["precall", "research"])
             and target not in VALUE_MODULES}
    assert found - STORE_LOGIC_DEBT == set(), "the store imports feature logic; move the values it needs to a " \
        "types module both can see, or the logic out of the store"
    assert STORE_LOGIC_DEBT - found == set(), "no longer imported: remove these from STORE_LOGIC_DEBT"


def test_shipped_migrations_are_never_edited() -> None:
    present = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in MIGRATIONS.glob("m[0-9]*.py")}
    assert present == SHIPPED_MIGRATIONS, (
        "a shipped migration changed or disappeared, or a new one is not pinned yet: write a new "
        "migration instead of editing one, and pin a new file's sha256 here when it ships")


def test_the_checks_see_what_they_must() -> None:
    """The scanners themselves: a deferred import and a relative import are edges, a
    TYPE_CHECKING import is not, and a method named execute is a SQL call."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "if TYPE_CHECKING:\n    import precall.hidden\n"
        "def f():\n    from precall.store import facade\n    conn.execute('x')\n")
    names = set(imported_names(tree, "precall.area.mod", False))
    assert {"precall.area.sibling", "precall.store.facade"} <= names
    assert "precall.hidden" not in names
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
