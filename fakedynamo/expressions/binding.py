"""Binding compiled trees to one request's ExpressionAttributeNames and Values.

Binding substitutes ``#name`` and ``:value`` placeholders and makes the
checks that depend on them, in DynamoDB's order:

- conditions: leaf by leaf in the order written, the first problem of the
  first leaf that has one: an undefined placeholder, then a function with the
  wrong number of operands, then two identical document paths, then an
  operand of the wrong type (captured: an undefined value before a bad
  operand is reported first, and the other way round);
- updates: an undefined name anywhere, then an undefined value, then
  overlapping and conflicting paths, then ADD/DELETE operand types, then
  function operands;
- projections: an undefined name, then overlapping and conflicting paths.

Every placeholder used is recorded on the `Scope`, so that the unused-key
check can span all the expressions of a request.
"""

from __future__ import annotations

from typing import Any, Mapping

from fakedynamo.expressions import messages as m
from fakedynamo.expressions.ast import (
    AddAction,
    And,
    Arith,
    Between,
    Clause,
    Compare,
    Const,
    DeleteAction,
    Func,
    In,
    Not,
    Or,
    Path,
    Projection,
    RemoveAction,
    SetAction,
    Update,
    Value,
    path_display,
)
from fakedynamo.expressions.compiler import CONDITION_FUNCTIONS, UPDATE_FUNCTIONS, Compiled, walk, walk_post
from fakedynamo.expressions.evaluate import ordering_key

SCALAR_ORDERED = ("S", "N", "B")
ATTRIBUTE_TYPES = frozenset(("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"))


class Scope:
    """One request's placeholder maps, and which of their keys the expressions used."""

    __slots__ = ("names", "values", "used_names", "used_values")

    def __init__(self, names: Mapping[str, str] | None, values: Mapping[str, Any] | None) -> None:
        self.names = names or {}
        self.values = values or {}
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()

    def name(self, kind: str, placeholder: str) -> str:
        name = self.names.get(placeholder)
        if name is None:
            raise m.invalid(kind, m.undefined_name(placeholder))
        self.used_names.add(placeholder)
        return name

    def value(self, kind: str, placeholder: str) -> Any:
        value = self.values.get(placeholder)
        if value is None:
            raise m.invalid(kind, m.undefined_value(placeholder))
        self.used_values.add(placeholder)
        return value

    def check_unused(self) -> None:
        unused = [key for key in self.names if key not in self.used_names]
        if unused:
            raise m.validation_error(m.unused("ExpressionAttributeNames", unused))
        unused = [key for key in self.values if key not in self.used_values]
        if unused:
            raise m.validation_error(m.unused("ExpressionAttributeValues", unused))


def resolve(node: Any, kind: str, scope: Scope) -> Any:
    """The tree with placeholders replaced, resolving them in the order they are written."""
    if isinstance(node, Path):
        if not any(isinstance(p, str) and p[0] == "#" for p in node.parts):
            return node
        return Path(tuple(scope.name(kind, p) if isinstance(p, str) and p[0] == "#" else p for p in node.parts))
    if isinstance(node, Value):
        return Const(scope.value(kind, node.name))
    if isinstance(node, Func):
        return Func(node.name, tuple(resolve(a, kind, scope) for a in node.args))
    if isinstance(node, Compare):
        return Compare(node.op, resolve(node.left, kind, scope), resolve(node.right, kind, scope))
    if isinstance(node, Arith):
        return Arith(node.op, resolve(node.left, kind, scope), resolve(node.right, kind, scope))
    if isinstance(node, Between):
        return Between(resolve(node.operand, kind, scope), resolve(node.low, kind, scope), resolve(node.high, kind, scope))
    if isinstance(node, In):
        operand = resolve(node.operand, kind, scope)
        return In(operand, tuple(resolve(i, kind, scope) for i in node.items))
    if isinstance(node, And):
        return And(resolve(node.left, kind, scope), resolve(node.right, kind, scope))
    if isinstance(node, Or):
        return Or(resolve(node.left, kind, scope), resolve(node.right, kind, scope))
    if isinstance(node, Not):
        return Not(resolve(node.operand, kind, scope))
    if isinstance(node, SetAction):
        return SetAction(resolve(node.path, kind, scope), resolve(node.value, kind, scope))
    if isinstance(node, RemoveAction):
        return RemoveAction(resolve(node.path, kind, scope))
    if isinstance(node, AddAction):
        return AddAction(resolve(node.path, kind, scope), resolve(node.value, kind, scope))
    if isinstance(node, DeleteAction):
        return DeleteAction(resolve(node.path, kind, scope), resolve(node.value, kind, scope))
    if isinstance(node, Clause):
        return Clause(node.keyword, tuple(resolve(a, kind, scope) for a in node.actions))
    if isinstance(node, Update):
        return Update(tuple(resolve(c, kind, scope) for c in node.clauses))
    if isinstance(node, Projection):
        return Projection(tuple(resolve(p, kind, scope) for p in node.paths))
    return node


def immediate_type(node: Any) -> str | None:
    """The type an operand is known to have before any item is read."""
    if isinstance(node, Const):
        for key in node.value:
            return key
    if isinstance(node, Func) and node.name == "size":
        return "N"
    return None


# -- conditions ---------------------------------------------------------------------


def _condition_function_problem(node: Func) -> str | None:
    name, args = node.name, node.args
    if name in ("attribute_exists", "attribute_not_exists"):
        if not isinstance(args[0], Path):
            return m.requires_path(name)
    elif name == "begins_with":
        for arg in args:
            type_ = immediate_type(arg)
            if type_ is not None and type_ not in ("S", "B"):
                return m.operand_type(name, type_)
    elif name == "attribute_type":
        type_ = immediate_type(args[1])
        if type_ != "S":
            return m.operand_type(name, type_ or "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
        wanted = args[1].value["S"]
        if wanted not in ATTRIBUTE_TYPES:
            return m.invalid_type_name(wanted)
    elif name == "size":
        type_ = immediate_type(args[0])
        if type_ in ("N", "BOOL", "NULL"):
            return m.operand_type(name, type_)
    return None


def _ordered_operand_problem(name: str, operands: tuple[Any, ...]) -> str | None:
    for operand in operands:
        type_ = immediate_type(operand)
        if type_ is not None and type_ not in SCALAR_ORDERED:
            return m.operand_type(name, type_)
    return None


def leaf_problem(leaf: Any) -> str | None:
    """The first value-dependent problem of one resolved condition leaf."""
    functions = [node for node in walk_post(leaf) if isinstance(node, Func)]
    for func in functions:
        expected = CONDITION_FUNCTIONS[func.name]
        if len(func.args) != expected:
            return m.operand_count(func.name, len(func.args))
    pairs = [(f.name, f.args) for f in functions if len(f.args) == 2]
    if isinstance(leaf, Compare):
        pairs.append((leaf.op, (leaf.left, leaf.right)))
    for operator, (first, second) in pairs:
        if isinstance(first, Path) and isinstance(second, Path) and first.parts == second.parts:
            return m.not_distinct(operator, path_display(first.parts))
    for func in functions:
        problem = _condition_function_problem(func)
        if problem:
            return problem
    if isinstance(leaf, Compare) and leaf.op in ("<", "<=", ">", ">="):
        return _ordered_operand_problem(leaf.op, (leaf.left, leaf.right))
    if isinstance(leaf, Between):
        problem = _ordered_operand_problem("BETWEEN", (leaf.operand, leaf.low, leaf.high))
        if problem:
            return problem
        if isinstance(leaf.low, Const) and isinstance(leaf.high, Const):
            low, high = leaf.low.value, leaf.high.value
            low_key, high_key = ordering_key(low), ordering_key(high)
            if low_key is not None and high_key is not None:
                if low_key[0] != high_key[0]:
                    return m.between_types(low, high)
                if low_key[1] > high_key[1]:
                    return m.between_order(low, high)
    return None


def bind_condition(compiled: Compiled, scope: Scope) -> Any:
    """The condition tree with placeholders resolved, or the first error DynamoDB reports."""
    kind = compiled.kind

    def visit(node: Any) -> Any:
        if isinstance(node, And):
            return And(visit(node.left), visit(node.right))
        if isinstance(node, Or):
            return Or(visit(node.left), visit(node.right))
        if isinstance(node, Not):
            return Not(visit(node.operand))
        leaf = resolve(node, kind, scope)
        problem = leaf_problem(leaf)
        if problem:
            raise m.invalid(kind, problem)
        return leaf

    return visit(compiled.tree)


# -- paths shared by updates and projections ------------------------------------------


def path_clash(paths: list[tuple[Any, ...]]) -> str | None:
    """DynamoDB's error for overlapping paths (first), else for conflicting ones, else None."""
    conflict = None
    for index, two in enumerate(paths):
        for one in paths[:index]:
            for a, b in zip(one, two):
                if isinstance(a, int) != isinstance(b, int):
                    if conflict is None:
                        conflict = m.paths_conflict(path_display(one), path_display(two))
                    break
                if a != b:
                    break
            else:
                return m.paths_overlap(path_display(one), path_display(two))
    return conflict


# -- updates ---------------------------------------------------------------------------


def _update_function_problem(node: Any) -> str | None:
    if isinstance(node, Arith):
        for arg in (node.left, node.right):
            type_ = immediate_type(arg) if isinstance(arg, Const) else None
            if type_ is not None and type_ != "N":
                return m.operand_type(node.op, type_)
        return None
    if not isinstance(node, Func):
        return None
    expected = UPDATE_FUNCTIONS[node.name]
    if len(node.args) != expected:
        return m.operand_count(node.name, len(node.args))
    if node.name == "if_not_exists":
        if not isinstance(node.args[0], Path):
            return m.requires_path(node.name)
    elif node.name == "list_append":
        for arg in node.args:
            type_ = immediate_type(arg) if isinstance(arg, Const) else None
            if type_ is not None and type_ != "L":
                return m.operand_type(node.name, type_)
    return None


def bind_update(compiled: Compiled, scope: Scope) -> Update:
    kind, tree = compiled.kind, compiled.tree
    for node in walk(tree):
        if isinstance(node, Path):
            for part in node.parts:
                if isinstance(part, str) and part[0] == "#":
                    scope.name(kind, part)
    for node in walk(tree):
        if isinstance(node, Value):
            scope.value(kind, node.name)
    bound: Update = resolve(tree, kind, scope)
    actions = bound.actions()
    problem = path_clash([action.path.parts for action in actions])
    if problem is None:
        for action in actions:
            if isinstance(action, (AddAction, DeleteAction)):
                type_ = immediate_type(action.value)
                allowed = ("N", "SS", "NS", "BS") if isinstance(action, AddAction) else ("SS", "NS", "BS")
                if type_ not in allowed and type_ in m.LONG_TYPE_NAMES:
                    operator = "ADD" if isinstance(action, AddAction) else "DELETE"
                    problem = m.update_operand_type(operator, m.LONG_TYPE_NAMES[type_])
                    break
    if problem is None:
        for action in actions:
            if isinstance(action, SetAction):
                for node in walk_post(action.value):
                    problem = _update_function_problem(node)
                    if problem:
                        break
            if problem:
                break
    if problem:
        raise m.invalid(kind, problem)
    return bound


# -- projections -------------------------------------------------------------------------


def bind_projection(compiled: Compiled, scope: Scope) -> list[tuple[Any, ...]]:
    kind = compiled.kind
    bound: Projection = resolve(compiled.tree, kind, scope)
    paths = [path.parts for path in bound.paths]
    problem = path_clash(paths)
    if problem:
        raise m.invalid(kind, problem)
    return paths
