"""DynamoDB's refusal of OR branches that overlap on a sort key.

DynamoDB runs a WHERE clause whose OR branches each pin the partition key and
bound the sort key as several key-range reads, and refuses one where two of
those reads would cover the same sort keys ("Overlapping conditions with range
keys are not supported in where clause"). A branch whose sort-key condition is
not a range (negated, ``<>``, IN) makes the statement a filtered read instead,
and then nothing is refused (paritysuite/dynamodb-conformance,
tests/tier2/partiql/whereOverlap and tier3 partiqlGrammar, eu-west-2, 2026-10).
Inferred: two branches that both leave the sort key open are not refused; the
captured refusal always has one branch bounding it.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import validation
from fakedynamo.indexes import typed_part
from fakedynamo.partiql.nodes import Between, Call, Compare, In, Literal, Logic, Not, Param, PathRef

OVERLAPPING = "Overlapping conditions with range keys are not supported in where clause"

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
_OPEN = (None, False, None, False)  # (low, low inclusive, high, high inclusive); None is unbounded


def check_overlap(where: Any, keys: tuple[str, str, str, str], params: list[dict[str, Any]]) -> None:
    """Refuse `where` if two OR branches read overlapping sort-key ranges of one partition.

    `keys` is (hash name, hash type, range name, range type)."""
    if not (isinstance(where, Logic) and where.op == "OR"):
        return
    reads = []
    for branch in _disjuncts(where):
        read = _branch_read(branch, keys, params)
        if read is None:
            return
        reads.append(read)
    for i, (partition, bounds, bounded) in enumerate(reads):
        for other_partition, other_bounds, other_bounded in reads[i + 1 :]:
            if partition == other_partition and (bounded or other_bounded) and _meet(bounds, other_bounds):
                raise validation(OVERLAPPING)


def _disjuncts(node: Any) -> list[Any]:
    if isinstance(node, Logic) and node.op == "OR":
        return _disjuncts(node.left) + _disjuncts(node.right)
    return [node]


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, Logic) and node.op == "AND":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _value(node: Any, params: list[dict[str, Any]]) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Param) and node.index < len(params):
        return params[node.index]
    return None


def _is_key(node: Any, name: str) -> bool:
    return isinstance(node, PathRef) and node.path == (name,)


def _mentions(node: Any, name: str) -> bool:
    if _is_key(node, name):
        return True
    if isinstance(node, (Logic, Compare)):
        return _mentions(node.left, name) or _mentions(node.right, name)
    if isinstance(node, Not):
        return _mentions(node.operand, name)
    if isinstance(node, Between):
        return any(_mentions(n, name) for n in (node.operand, node.low, node.high))
    if isinstance(node, In):
        return _mentions(node.operand, name) or any(_mentions(n, name) for n in node.values)
    if isinstance(node, Call):
        return any(_mentions(n, name) for n in node.args)
    return False


def _branch_read(branch: Any, keys: tuple[str, str, str, str], params: list[dict[str, Any]]) -> Any:
    """(partition, sort-key bounds, whether bounded) of a branch, or None if it is no key-range read."""
    hash_name, hash_type, range_name, range_type = keys
    partition = None
    bounds = _OPEN
    bounded = False
    for node in _conjuncts(branch):
        if isinstance(node, Compare) and node.op == "=" and partition is None:
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if _is_key(side, hash_name):
                    partition = typed_part(_value(other, params), hash_type)
                    break
            if partition is not None:
                continue
        if not _mentions(node, range_name):
            continue
        found = _range(node, range_name, range_type, params)
        if found is None:
            return None
        bounds = _intersect(bounds, found)
        bounded = True
    return None if partition is None else (partition, bounds, bounded)


def _range(node: Any, name: str, declared: str, params: list[dict[str, Any]]) -> Any:
    """The sort-key bounds a condition states, or None for one that is not a range."""
    if isinstance(node, Compare) and node.op in _FLIPPED:
        op, other = node.op, node.right
        if not _is_key(node.left, name):
            op, other = _FLIPPED[node.op], node.left
            if not _is_key(node.right, name):
                return None
        value = typed_part(_value(other, params), declared)
        if value is None:
            return None
        return {
            "=": (value, True, value, True),
            "<": (None, False, value, False),
            "<=": (None, False, value, True),
            ">": (value, False, None, False),
            ">=": (value, True, None, False),
        }[op]
    if isinstance(node, Between) and _is_key(node.operand, name):
        low = typed_part(_value(node.low, params), declared)
        high = typed_part(_value(node.high, params), declared)
        return None if low is None or high is None else (low, True, high, True)
    if isinstance(node, Call) and node.name == "begins_with" and len(node.args) == 2 and _is_key(node.args[0], name):
        prefix = typed_part(_value(node.args[1], params), declared)
        if not isinstance(prefix, (str, bytes)):
            return None
        return (prefix, True, _successor(prefix), False)
    return None


def _successor(prefix: Any) -> Any:
    """The least value above every value that begins with `prefix` (None: no such value)."""
    if isinstance(prefix, str):
        text = prefix.rstrip("\U0010ffff")
        return text[:-1] + chr(ord(text[-1]) + 1) if text else None
    data = prefix.rstrip(b"\xff")
    return data[:-1] + bytes([data[-1] + 1]) if data else None


def _intersect(a: Any, b: Any) -> Any:
    low, low_in, high, high_in = a
    if b[0] is not None and (low is None or b[0] > low or (b[0] == low and not b[1])):
        low, low_in = b[0], b[1]
    if b[2] is not None and (high is None or b[2] < high or (b[2] == high and not b[3])):
        high, high_in = b[2], b[3]
    return (low, low_in, high, high_in)


def _meet(a: Any, b: Any) -> bool:
    low, low_in, high, high_in = _intersect(a, b)
    if low is None or high is None:
        return True
    return low < high or (low == high and low_in and high_in)
