"""Compile expression text once: parse it and make every check that needs no request values.

`compile_expression(kind, text)` returns a `Compiled` tree or raises the
error DynamoDB gives for the text alone, checked in DynamoDB's order:

1. empty text, then the 4 KB size limit (bytes of the raw text);
2. syntax;
3. at most 300 operators and functions, at most 100 operands for IN,
   document paths at most 32 levels deep;
4. conditions: redundant parentheses, unknown function names, functions
   used where they may not be, then reserved words;
   updates: reserved words, unknown function names, list_append of a
   list_append, a clause used twice;
   projections: reserved words.

Results (trees and errors alike) are cached by (kind, text) in a bounded LRU.
Checks that depend on ExpressionAttributeNames/Values happen when the tree is
bound to a request (`binding.py`).
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any, Iterator

from fakedynamo.errors import DynamoDBError
from fakedynamo.expressions import messages as m
from fakedynamo.expressions.ast import (
    AddAction,
    And,
    Arith,
    Between,
    Clause,
    Compare,
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
)
from fakedynamo.expressions.parser import ParseError, parse_condition, parse_projection, parse_update
from fakedynamo.expressions.reserved_words import is_reserved

KINDS = (m.CONDITION, m.FILTER, m.KEY_CONDITION, m.PROJECTION, m.UPDATE)
CONDITION_KINDS = frozenset((m.CONDITION, m.FILTER, m.KEY_CONDITION))

MAX_EXPRESSION_BYTES = 4096
MAX_OPERATORS = 300
MAX_IN_OPERANDS = 100
MAX_PATH_DEPTH = 32

CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}


class Compiled:
    """One expression's text and tree, ready to be bound to a request's names and values."""

    __slots__ = ("kind", "text", "tree", "name_refs", "value_refs", "bound")

    def __init__(self, kind: str, text: str, tree: Any) -> None:
        self.kind = kind
        self.text = text
        self.tree = tree
        names: dict[str, None] = {}
        values: dict[str, None] = {}
        for node in walk(tree):
            if isinstance(node, Path):
                for part in node.parts:
                    if isinstance(part, str) and part[0] == "#":
                        names[part] = None
            elif isinstance(node, Value):
                values[node.name] = None
        # The placeholders the text uses, in order; and bound forms of read-only
        # expressions, by the names and scalar values they were bound to.
        self.name_refs = tuple(names)
        self.value_refs = tuple(values)
        self.bound: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"Compiled({self.kind}, {self.text!r})"


# -- tree walking ----------------------------------------------------------------


def children(node: Any) -> tuple[Any, ...]:
    """A node's children in the order their text appears."""
    if isinstance(node, (Compare, Arith, And, Or)):
        return (node.left, node.right)
    if isinstance(node, Func):
        return node.args
    if isinstance(node, Between):
        return (node.operand, node.low, node.high)
    if isinstance(node, In):
        return (node.operand, *node.items)
    if isinstance(node, Not):
        return (node.operand,)
    if isinstance(node, SetAction):
        return (node.path, node.value)
    if isinstance(node, RemoveAction):
        return (node.path,)
    if isinstance(node, (AddAction, DeleteAction)):
        return (node.path, node.value)
    if isinstance(node, Clause):
        return node.actions
    if isinstance(node, Update):
        return node.clauses
    if isinstance(node, Projection):
        return node.paths
    return ()


def walk(node: Any) -> Iterator[Any]:
    """Every node, pre-order, in the order of the text."""
    yield node
    for child in children(node):
        yield from walk(child)


def walk_post(node: Any) -> Iterator[Any]:
    """Every node, each after its children (the order a parser completes them)."""
    for child in children(node):
        yield from walk_post(child)
    yield node


# -- the checks --------------------------------------------------------------------


def _limits(tree: Any) -> str | None:
    operators = 0
    for node in walk(tree):
        if isinstance(node, (Compare, Between, In, And, Or, Not, Func, Arith)):
            operators += 1
    if operators > MAX_OPERATORS:
        return m.too_many_operators(operators)
    for node in walk(tree):
        if isinstance(node, In) and len(node.items) > MAX_IN_OPERANDS:
            return m.too_many_in_operands(len(node.items))
    for node in walk(tree):
        if isinstance(node, Path) and len(node.parts) > MAX_PATH_DEPTH:
            return m.too_deep(len(node.parts))
    return None


def _reserved(tree: Any) -> str | None:
    for node in walk(tree):
        if isinstance(node, Path):
            for part in node.parts:
                if isinstance(part, str) and part[0] != "#" and is_reserved(part):
                    return m.reserved(part)
    return None


def _unknown_function(tree: Any, known: dict[str, int]) -> str | None:
    """A function this kind of expression does not have.

    The functions of the other grammar are named as such ("The function is
    not allowed in a condition expression; function: if_not_exists"): ScyllaDB's
    Alternator tests observe DynamoDB refusing if_not_exists and list_append in
    a ConditionExpression with a message saying "not allowed".
    """
    for node in walk(tree):
        if isinstance(node, Func) and node.name not in known:
            if known is CONDITION_FUNCTIONS and node.name in UPDATE_FUNCTIONS:
                return m.function_not_allowed("a condition", node.name)
            if known is UPDATE_FUNCTIONS and node.name in CONDITION_FUNCTIONS:
                return m.function_not_allowed("an update", node.name)
            return m.unknown_function(node.name)
    return None


def _misused_function(tree: Any) -> str | None:
    """Functions other than size may only stand as conditions; size only as an operand."""

    def misused_operand(operand: Any) -> str | None:
        if isinstance(operand, Func) and operand.name != "size":
            return operand.name
        return None

    def condition(node: Any) -> str | None:
        if isinstance(node, (And, Or)):
            for side in (node.left, node.right):
                found = condition(side)
                if found:
                    return found
            return None
        if isinstance(node, Not):
            return condition(node.operand)
        if isinstance(node, Func) and node.name == "size":
            return "size"
        # A leaf: its operands (and the arguments of functions inside them) are
        # checked as a parser completes them, innermost first.
        for sub in walk_post(node):
            if sub is node and isinstance(node, Func):
                operands = node.args
            elif sub is node or isinstance(sub, Func):
                operands = children(sub)
            else:
                continue
            for operand in operands:
                found = misused_operand(operand)
                if found:
                    return found
        return None

    name = condition(tree)
    return m.misused_function(name) if name else None


def _misused_update_function(tree: Update) -> str | None:
    """list_append may not take another list_append's result (DynamoDB refuses it with this
    message, as ScyllaDB's Alternator tests record); if_not_exists may stand as its operand."""
    for node in walk(tree):
        if isinstance(node, Func) and node.name == "list_append":
            for arg in node.args:
                if isinstance(arg, Func) and arg.name == "list_append":
                    return m.misused_function("list_append")
    return None


def _sections(tree: Update) -> str | None:
    seen: set[str] = set()
    for clause in tree.clauses:
        if clause.keyword in seen:
            return m.section_twice(clause.keyword)
        seen.add(clause.keyword)
    return None


def _compile(kind: str, text: str) -> Compiled:
    if text == "":
        raise m.invalid(kind, m.EMPTY)
    size = len(text.encode("utf-8"))
    if size > MAX_EXPRESSION_BYTES:
        raise m.invalid(kind, m.size_exceeded(kind, size))
    try:
        if kind == m.UPDATE:
            tree: Any = parse_update(text)
            redundant = False
        elif kind == m.PROJECTION:
            tree = parse_projection(text)
            redundant = False
        elif kind in CONDITION_KINDS:
            tree, redundant = parse_condition(text)
        else:
            raise ValueError(f"unknown expression kind: {kind}")
    except ParseError as error:
        raise m.invalid(kind, error.message) from None
    problem = _limits(tree)
    if problem is None:
        if kind in CONDITION_KINDS:
            if redundant:
                problem = m.REDUNDANT_PARENS
            else:
                problem = (
                    _unknown_function(tree, CONDITION_FUNCTIONS) or _misused_function(tree) or _reserved(tree)
                )
        elif kind == m.UPDATE:
            problem = (
                _reserved(tree)
                or _unknown_function(tree, UPDATE_FUNCTIONS)
                or _misused_update_function(tree)
                or _sections(tree)
            )
        else:
            problem = _reserved(tree)
    if problem:
        raise m.invalid(kind, problem)
    return Compiled(kind, text, tree)


_CACHE: OrderedDict[tuple[str, str], Compiled | DynamoDBError] = OrderedDict()
_CACHE_SIZE = 2048
_LOCK = Lock()


def compile_expression(kind: str, text: str) -> Compiled:
    """The compiled form of one expression, or DynamoDB's error for its text."""
    key = (kind, text)
    cached = _CACHE.get(key)
    if cached is None:
        try:
            cached = _compile(kind, text)
        except DynamoDBError as error:
            cached = error
        with _LOCK:
            _CACHE[key] = cached
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    else:
        with _LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
    if isinstance(cached, DynamoDBError):
        # A fresh exception each time: raising the cached one would grow its traceback.
        raise DynamoDBError(cached.code, cached.message, **cached.extra)
    return cached


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
