"""KeyConditionExpression: what Query may say about an index's keys.

A key condition is a condition expression limited to ``partition = value``
and, joined with AND, one sort-key condition: ``= < <= > >=``, BETWEEN or
``begins_with``. `analyze` checks a bound key condition in two steps, as
DynamoDB does: its shape alone (no OR, NOT, IN, ``<>``, other functions,
nested paths, one condition per attribute), then against the key schema of
the table or index being queried.
"""

from __future__ import annotations

from typing import Any, Sequence

from fakedynamo.errors import validation
from fakedynamo.expressions import messages as m
from fakedynamo.expressions.ast import And, Between, Compare, Const, Func, In, Not, Or, Path
from fakedynamo.expressions.evaluate import begins_with, between, compare

_FLIP = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TYPE_MISMATCH = "One or more parameter values were invalid: Condition parameter type does not match schema type"


class KeyCondition:
    """A Query's key condition resolved against a key schema.

    `partition` is the partition key's value; `sort_op` one of
    ``= < <= > >= BETWEEN BEGINS_WITH`` (or None) and `sort_values` its one or
    two values.
    """

    __slots__ = ("partition_name", "partition", "sort_name", "sort_op", "sort_values")

    def __init__(
        self,
        partition_name: str,
        partition: dict[str, Any],
        sort_name: str | None = None,
        sort_op: str | None = None,
        sort_values: tuple[dict[str, Any], ...] = (),
    ) -> None:
        self.partition_name = partition_name
        self.partition = partition
        self.sort_name = sort_name
        self.sort_op = sort_op
        self.sort_values = sort_values

    def sort_matches(self, value: dict[str, Any] | None) -> bool:
        """Whether a sort-key value satisfies the sort condition (True when there is none)."""
        op = self.sort_op
        if op is None:
            return True
        if op == "BETWEEN":
            return between(value, self.sort_values[0], self.sort_values[1])
        if op == "BEGINS_WITH":
            return begins_with(value, self.sort_values[0])
        return compare(op, value, self.sort_values[0])

    def __repr__(self) -> str:
        return (
            f"KeyCondition({self.partition_name}={self.partition!r}, "
            f"{self.sort_name} {self.sort_op} {self.sort_values!r})"
        )


def _invalid(message: str) -> Exception:
    return m.invalid(m.KEY_CONDITION, message)


def conditions(tree: Any) -> dict[str, tuple[str, tuple[dict[str, Any], ...]]]:
    """attribute name -> (operator, values) for a bound key condition, or DynamoDB's error."""
    found: dict[str, tuple[str, tuple[dict[str, Any], ...]]] = {}
    _visit(tree, found)
    return found


def _visit(node: Any, found: dict[str, Any]) -> None:
    if isinstance(node, Or):
        raise _invalid("Invalid operator used in KeyConditionExpression: OR")
    if isinstance(node, Not):
        raise _invalid("Invalid operator used in KeyConditionExpression: NOT")
    if isinstance(node, In):
        raise _invalid("Invalid operator used in KeyConditionExpression: IN")
    if isinstance(node, Compare) and node.op == "<>":
        raise _invalid("Invalid operator used in KeyConditionExpression: <>")
    if isinstance(node, Func):
        if node.name == "size":
            raise _invalid("KeyConditionExpressions cannot contain nested operations")
        if node.name != "begins_with":
            raise _invalid(f"Invalid operator used in KeyConditionExpression: {node.name}")
        if not isinstance(node.args[0], Path):
            raise _invalid("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")
    if isinstance(node, Between) and not isinstance(node.operand, Path):
        raise _invalid("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")
    if isinstance(node, And):
        _visit(node.left, found)
        _visit(node.right, found)
        return
    if isinstance(node, Compare):
        args: tuple[Any, ...] = (node.left, node.right)
    elif isinstance(node, Between):
        args = (node.operand, node.low, node.high)
    else:
        args = node.args
    name, position = None, 0
    for index, arg in enumerate(args):
        if isinstance(arg, Path):
            if name is not None:
                raise _invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
            if len(arg.parts) > 1:
                raise _invalid("KeyConditionExpressions cannot have conditions on nested attributes")
            name, position = arg.parts[0], index
        elif not isinstance(arg, Const):
            _visit(arg, found)
    if name is None:
        raise _invalid("Invalid condition in KeyConditionExpression: No key attribute specified")
    if name in found:
        raise _invalid("KeyConditionExpressions must only contain one condition per key")
    values = tuple(arg.value for arg in args if isinstance(arg, Const))
    if isinstance(node, Compare):
        op = node.op if position == 0 else _FLIP[node.op]
    elif isinstance(node, Between):
        op = "BETWEEN"
    else:
        op = "BEGINS_WITH"
    found[name] = (op, values)


def analyze(
    tree: Any,
    hash_key: str,
    range_key: str | None = None,
    key_types: dict[str, str] | None = None,
) -> KeyCondition:
    """Check a bound key condition against a key schema and return what it selects."""
    return from_conditions(conditions(tree), hash_key, range_key, key_types)


def from_conditions(
    found: dict[str, tuple[str, tuple[dict[str, Any], ...]]],
    hash_key: str,
    range_key: str | None = None,
    key_types: dict[str, str] | None = None,
) -> KeyCondition:
    keys: Sequence[str] = (hash_key,) if range_key is None else (hash_key, range_key)
    if len(found) > len(keys):
        raise validation(
            f"The number of query conditions ({len(found)}) exceeds the number of key attributes defined in the schema ({len(keys)})"
        )
    for key in keys:
        if key not in found and (key == hash_key or len(found) > 1):
            raise validation(f"Query condition missed key schema element: {key}")
    op, values = found[hash_key]
    if op != "=":
        raise validation("Query key condition not supported")
    if key_types:
        for name, (_, vals) in found.items():
            wanted = key_types.get(name)
            if wanted is not None and any(wanted not in value for value in vals):
                raise validation(_TYPE_MISMATCH)
    if range_key is not None and range_key in found:
        sort_op, sort_values = found[range_key]
        return KeyCondition(hash_key, values[0], range_key, sort_op, sort_values)
    return KeyCondition(hash_key, values[0])
