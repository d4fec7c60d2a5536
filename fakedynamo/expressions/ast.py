"""The typed syntax tree shared by every kind of expression, and its printer.

Nodes are frozen dataclasses, so two trees compare equal when they say the
same thing. Parentheses leave no node behind: `to_text` puts back exactly
the ones precedence needs, so ``parse(to_text(tree)) == tree``.

A document path is a tuple of parts: ``str`` for a map key (``"#x"`` when it
is still an ExpressionAttributeNames placeholder; no literal name can start
with ``#``) and ``int`` for a list index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

PathPart = Union[str, int]


# -- operands -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Path:
    parts: tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class Value:
    """An ExpressionAttributeValues placeholder such as ``:v``."""

    name: str


@dataclass(frozen=True, slots=True)
class Const:
    """An attribute value already looked up (what binding turns a `Value` into)."""

    value: Any

    def __hash__(self) -> int:  # attribute values are dicts
        return id(self)


@dataclass(frozen=True, slots=True)
class Func:
    """A function call: condition functions, size, if_not_exists, list_append."""

    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Arith:
    """``a + b`` or ``a - b`` on the right of a SET action."""

    op: str
    left: Any
    right: Any


# -- conditions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # = <> < <= > >=
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class Between:
    operand: Any
    low: Any
    high: Any


@dataclass(frozen=True, slots=True)
class In:
    operand: Any
    items: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class And:
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class Or:
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class Not:
    operand: Any


# -- update and projection ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetAction:
    path: Path
    value: Any


@dataclass(frozen=True, slots=True)
class RemoveAction:
    path: Path


@dataclass(frozen=True, slots=True)
class AddAction:
    path: Path
    value: Any  # Value before binding, Const after


@dataclass(frozen=True, slots=True)
class DeleteAction:
    path: Path
    value: Any


@dataclass(frozen=True, slots=True)
class Clause:
    keyword: str  # SET REMOVE ADD DELETE
    actions: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Update:
    clauses: tuple[Clause, ...]

    def actions(self) -> list[Any]:
        return [action for clause in self.clauses for action in clause.actions]


@dataclass(frozen=True, slots=True)
class Projection:
    paths: tuple[Path, ...]


CONDITION_LEAVES = (Compare, Between, In, Func)


# -- printer --------------------------------------------------------------------

_OR, _AND, _NOT, _ATOM = 1, 2, 3, 4


def path_text(parts: tuple[PathPart, ...]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            if out:
                out.append(".")
            out.append(part)
    return "".join(out)


def path_display(parts: tuple[PathPart, ...]) -> str:
    """A path as DynamoDB's messages show it: ``[a, b, [0]]``."""
    return "[" + ", ".join(f"[{p}]" if isinstance(p, int) else p for p in parts) + "]"


def _precedence(node: Any) -> int:
    if isinstance(node, Or):
        return _OR
    if isinstance(node, And):
        return _AND
    if isinstance(node, Not):
        return _NOT
    return _ATOM


def _wrap(node: Any, needed: bool) -> str:
    text = to_text(node)
    return f"({text})" if needed else text


def to_text(node: Any) -> str:
    """Print a tree back as expression text that parses to the same tree."""
    if isinstance(node, Path):
        return path_text(node.parts)
    if isinstance(node, Value):
        return node.name
    if isinstance(node, Const):
        return repr(node.value)
    if isinstance(node, Func):
        return f"{node.name}({', '.join(to_text(a) for a in node.args)})"
    if isinstance(node, Arith):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, Compare):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, Between):
        return f"{to_text(node.operand)} BETWEEN {to_text(node.low)} AND {to_text(node.high)}"
    if isinstance(node, In):
        return f"{to_text(node.operand)} IN ({', '.join(to_text(i) for i in node.items)})"
    if isinstance(node, And):
        return f"{_wrap(node.left, _precedence(node.left) < _AND)} AND {_wrap(node.right, _precedence(node.right) <= _AND)}"
    if isinstance(node, Or):
        return f"{_wrap(node.left, False)} OR {_wrap(node.right, _precedence(node.right) <= _OR)}"
    if isinstance(node, Not):
        return f"NOT {_wrap(node.operand, _precedence(node.operand) < _NOT)}"
    if isinstance(node, SetAction):
        return f"{to_text(node.path)} = {to_text(node.value)}"
    if isinstance(node, RemoveAction):
        return to_text(node.path)
    if isinstance(node, (AddAction, DeleteAction)):
        return f"{to_text(node.path)} {to_text(node.value)}"
    if isinstance(node, Clause):
        return f"{node.keyword} {', '.join(to_text(a) for a in node.actions)}"
    if isinstance(node, Update):
        return " ".join(to_text(c) for c in node.clauses)
    if isinstance(node, Projection):
        return ", ".join(to_text(p) for p in node.paths)
    raise TypeError(f"not an expression node: {node!r}")
