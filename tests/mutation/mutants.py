"""AST mutants of one Python module, for the mutation-testing runner (``run.py``).

A *mutation point* is one small change a test suite should notice: a flipped comparison,
``and``/``or`` swapped, ``+``/``-`` swapped, a constant nudged, a ``raise``/``return``/call
deleted, a slice bound dropped. Points are found by walking the module's AST in a fixed order,
so the n-th point is the same change every time the same source is read; a mutant is the module
re-parsed, with exactly that one point changed, and unparsed back to source.

What is never mutated, because a change there is not behaviour a test can see: docstrings,
type annotations (string-only under ``from __future__ import annotations``), blocks under
``if TYPE_CHECKING:``, and calls on a logger (``log.info(...)``): log wording is not a contract.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.Mult,
}
_LOGGER_NAMES = frozenset({"log", "logger", "_log", "LOG"})


@dataclass(frozen=True)
class Mutation:
    """One mutation point: where it is and what it changes (``kind`` is the allow-list key)."""

    index: int
    line: int
    kind: str


def _short(node: ast.AST) -> str:
    return type(node).__name__


def _is_logger_call(node: ast.stmt) -> bool:
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in _LOGGER_NAMES


def _is_type_checking_block(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


class _Mutator(ast.NodeTransformer):
    """Walks the tree counting mutation points; applies the one numbered ``target`` (if any)."""

    def __init__(self, target: int | None) -> None:
        self.target = target
        self.found: list[Mutation] = []

    def _point(self, node: ast.AST, kind: str) -> bool:
        """Record a point; True when it is the one to apply."""
        index = len(self.found)
        self.found.append(Mutation(index, getattr(node, "lineno", 0), kind))
        return index == self.target

    # Parts never mutated -------------------------------------------------------------------
    def visit_arg(self, node: ast.arg) -> ast.arg:
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AnnAssign:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self.visit(node.args)
        node.body = self._body(node.body)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.body = self._body(node.body)
        return node

    def visit_Module(self, node: ast.Module) -> ast.Module:
        node.body = self._body(node.body)
        return node

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for position, stmt in enumerate(body):
            if (position == 0 and _is_docstring(stmt)) or _is_type_checking_block(stmt) or _is_logger_call(stmt):
                out.append(stmt)
                continue
            result = self.visit(stmt)
            out.extend(result if isinstance(result, list) else [result])
        return out

    def generic_visit(self, node: ast.AST) -> ast.AST:
        # Nested statement lists (if/for/while/try/with bodies) go through _body too.
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, field, self._body(value))
            elif isinstance(value, list):
                setattr(node, field, [self.visit(v) if isinstance(v, ast.AST) else v for v in value])
            elif isinstance(value, ast.AST):
                setattr(node, field, self.visit(value))
        return node

    # Statement deletions --------------------------------------------------------------------
    def _delete(self, node: ast.stmt, kind: str) -> ast.stmt:
        if self._point(node, kind):
            return ast.copy_location(ast.Pass(), node)
        return self.generic_visit(node)  # type: ignore[return-value]

    def visit_Raise(self, node: ast.Raise) -> ast.stmt:
        return self._delete(node, "delete raise")

    def visit_Return(self, node: ast.Return) -> ast.stmt:
        if node.value is None:
            return node
        return self._delete(node, "delete return")

    def visit_Break(self, node: ast.Break) -> ast.stmt:
        return self._delete(node, "delete break")

    def visit_Continue(self, node: ast.Continue) -> ast.stmt:
        return self._delete(node, "delete continue")

    def visit_Expr(self, node: ast.Expr) -> ast.stmt:
        if isinstance(node.value, ast.Call):
            return self._delete(node, "delete call")
        return self.generic_visit(node)  # type: ignore[return-value]

    # Expression mutations -------------------------------------------------------------------
    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for position, op in enumerate(node.ops):
            swap = _COMPARE_SWAPS.get(type(op))
            if swap is not None and self._point(node, f"{_short(op)}->{swap.__name__}"):
                node.ops[position] = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swap = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._point(node, f"{_short(node.op)}->{swap.__name__}"):
            node.op = swap()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap is not None and self._point(node, f"{_short(node.op)}->{swap.__name__}"):
            node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap is not None and self._point(node, f"{_short(node.op)}=->{swap.__name__}="):
            node.op = swap()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._point(node, "drop not"):
            return node.operand
        if isinstance(node.op, ast.USub) and self._point(node, "drop unary -"):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        replacement: object
        if value is True or value is False:
            replacement = not value
        elif value is None:
            replacement = True
        elif isinstance(value, int):
            replacement = {0: 1, 1: 0}.get(value, value + 1)
        else:
            return node
        if self._point(node, f"{value!r}->{replacement!r}"):
            return ast.copy_location(ast.Constant(replacement), node)
        return node

    def visit_Slice(self, node: ast.Slice) -> ast.AST:
        self.generic_visit(node)
        if node.lower is not None and self._point(node, "slice drop lower"):
            node.lower = None
        if node.upper is not None and self._point(node, "slice drop upper"):
            node.upper = None
        return node


def mutation_points(source: str) -> list[Mutation]:
    """Every mutation point of a module's source, in a fixed order."""
    mutator = _Mutator(target=None)
    mutator.visit(ast.parse(source))
    return mutator.found


def mutant_source(source: str, index: int) -> str:
    """The module's source with mutation point ``index`` applied (and nothing else)."""
    tree = ast.parse(source)
    mutator = _Mutator(target=index)
    mutated = mutator.visit(copy.deepcopy(tree))
    if index >= len(mutator.found):
        raise ValueError(f"no mutation point {index}: the module has {len(mutator.found)}")
    return ast.unparse(ast.fix_missing_locations(mutated))
