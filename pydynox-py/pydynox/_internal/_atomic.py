"""Render a list of atomic operations as one UpdateExpression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydynox.atomic import AtomicOp
from pydynox.conditions import _Render


def render_atomic(ops: Sequence[AtomicOp], render: _Render) -> str:
    """``SET a, b REMOVE c`` for `ops`, allocating placeholders through `render`."""
    sets: list[str] = []
    removes: list[str] = []
    for op in ops:  # placeholders are numbered in the order of the operations
        (removes if op.is_remove else sets).append(op._render(render))
    clauses = []
    if sets:
        clauses.append("SET " + ", ".join(sets))
    if removes:
        clauses.append("REMOVE " + ", ".join(removes))
    return " ".join(clauses)


def serialize_atomic(ops: Sequence[AtomicOp]) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(expression, names {name: placeholder}, values {placeholder: value}) for `ops`."""
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    return render_atomic(ops, _Render(names, values)), names, values
