"""What a PartiQL SELECT reads: the key reads its WHERE clause decomposes into.

Established, with its sources:

- A SELECT scans the table (or index) unless its WHERE clause has an equality
  or IN condition on the partition key; ``pk = 1 OR pk = 2`` and
  ``pk IN [1, 2]`` read only those partitions, ``pk = 1 OR x = 'a'`` scans
  (Developer Guide, "PartiQL select statements for DynamoDB").
- DynamoDB decomposes the clause into key reads, one per (partition, sort-key
  range): AND distributes over an OR that names a key, an IN on the partition
  or the sort key gives one read per value. Captured against real DynamoDB
  (floci-io/floci DynamoDbPartiQLEdgeCaseIntegrationTest, eu-west-2,
  2026-09-17): more than 50 reads is refused ("Too many decomposed read
  operations for a given query." for ``pk IN`` of 51, ``pk = 'a' AND sk IN``
  of 51, ``pk IN`` of 26 with ``sk IN`` of 2; the Developer Guide's
  operators page allows "at max 50 hash attribute values"); key values of the
  wrong type are refused ("Key attribute's data type should match its data
  type in table's schema: Key pk" for ``pk = 1 OR pk = 'a'``, ``sk IN ['1',
  2]``); reads of one partition that overlap are refused (partiql/overlap.py).
- Conditions on the sort key with =, <, <=, >, >=, BETWEEN and begins_with are
  key conditions of the read, as a Query's are, not filters: the planner
  DynamoDB Local shares with the service (decompiled,
  eznix86/dynamodb-local-decompiled, ddb/partiql/shared/util/
  KeyAndConditionExpressionExtractorBase) maps exactly these to Query's
  comparison operators, and the overlap refusal exists only for range reads.
  A key attribute under NOT, ``<>`` or another function on the sort key, or
  anything but = and IN on the partition key is no key condition: the shared
  planner gives up on such a statement (and the captures show such OR branches
  run without the overlap refusal).
- ``Limit`` is "the maximum number of items to evaluate" (API reference), so
  it counts only what the key reads reach; what is read is charged before the
  WHERE clause filters it (paritysuite/dynamodb-conformance CHANGELOG 3.3.0,
  "Reads are sized before the filter", for Scan, Query and PartiQL).
- The same holds through an index: its own partition and sort key plan the
  reads (the shared planner takes the index's key names; the captures refuse
  overlapping reads of a GSI).

Not established; what fakedynamo does instead is said where it is done: the
order of several partitions when ORDER BY does not name the partition key,
two conditions on the sort key in one read, a statement the planner gives up
on, the Developer Guide's "Results are returned in pages of up to 10 items"
for IN (which does not say whether it counts items, reads or values; not
done), and whether consumed capacity is rounded per read (not done: see
operations/partiql.py).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from fakedynamo import partiql as pq
from fakedynamo.errors import validation
from fakedynamo.indexes import TOP, partition_digest, typed_part
from fakedynamo.partiql.overlap import OPEN, Bounds, check_overlap, condition_bounds, intersect

MAX_KEY_READS = 50
TOO_MANY_READS = "Too many decomposed read operations for a given query."
KEY_TYPE_MISMATCH = "Key attribute's data type should match its data type in table's schema: Key {}"

_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_KEY_TYPES = ("S", "N", "B")


@dataclass(frozen=True)
class ReadKeys:
    """The key attributes a SELECT reads by: the table's, or those of the index it names."""

    hash_name: str
    hash_type: str
    range_name: str | None = None
    range_type: str | None = None


@dataclass(frozen=True)
class KeyRead:
    """One key read: a partition, and the sort keys it covers (None: all of them)."""

    partition: Any
    bounds: Bounds | None = None


class _NoKeyRead(Exception):
    """The WHERE clause holds a key attribute in a condition no key read can hold."""


# The key conditions of one read, before their values are typed: ("pin", value) for the
# partition key, ("range", op, values) for the sort key.
Branch = tuple


def plan_reads(where: Any, keys: ReadKeys, params: list[dict[str, Any]]) -> list[KeyRead] | None:
    """The key reads of a WHERE clause, or None when it is no key read.

    Refuses, as DynamoDB does, more than 50 reads, key values of the wrong type
    and overlapping reads of one partition."""
    if where is None or not _pins(where, keys):
        return None
    try:
        branches = _branches(where, keys, params)
        if len(branches) > MAX_KEY_READS:
            raise validation(TOO_MANY_READS)
        reads = [_read(branch, keys) for branch in branches]
    except _NoKeyRead:
        return None
    if keys.range_name is None:
        # A partition named twice is read once: whether DynamoDB refuses it, as it does on a
        # table with a sort key, is not established.
        unique = {read.partition: read for read in reads}
        return list(unique.values())
    check_overlap((read.partition, OPEN if read.bounds is None else read.bounds) for read in reads)
    return reads


# -- from the WHERE clause to branches --------------------------------------------------


def _key_names(keys: ReadKeys) -> tuple[str, ...]:
    return (keys.hash_name,) if keys.range_name is None else (keys.hash_name, keys.range_name)


def _key_of(node: Any, keys: ReadKeys) -> str | None:
    """The key attribute a node is a bare reference to, if it is one."""
    if isinstance(node, pq.PathRef) and len(node.path) == 1 and node.path[0] in _key_names(keys):
        return node.path[0]
    return None


def _mentions(node: Any, names: tuple[str, ...]) -> bool:
    """Whether a condition refers to one of the key attributes `names` itself."""
    if isinstance(node, (pq.PathRef, pq.Missing)):
        return len(node.path) == 1 and node.path[0] in names
    if isinstance(node, (list, tuple)):
        return any(_mentions(part, names) for part in node)
    if is_dataclass(node):
        return any(_mentions(getattr(node, field.name), names) for field in fields(node))
    return False


def _is_value(node: Any) -> bool:
    return isinstance(node, (pq.Literal, pq.Param))


def _value(node: Any, params: list[dict[str, Any]]) -> dict[str, Any]:
    return node.value if isinstance(node, pq.Literal) else params[node.index]


def _pins(node: Any, keys: ReadKeys) -> bool:
    """Whether every branch of a condition pins the partition key with = or IN."""
    if isinstance(node, pq.Logic):
        if node.op == "AND":
            return _pins(node.left, keys) or _pins(node.right, keys)
        if not _mentions(node, _key_names(keys)):
            return False
        return _pins(node.left, keys) and _pins(node.right, keys)
    if isinstance(node, pq.Compare) and node.op == "=":
        return any(_key_of(side, keys) == keys.hash_name and _is_value(other) for side, other in ((node.left, node.right), (node.right, node.left)))
    return isinstance(node, pq.In) and _key_of(node.operand, keys) == keys.hash_name


def _branches(node: Any, keys: ReadKeys, params: list[dict[str, Any]]) -> list[Branch]:
    """The alternatives a condition stands for, each the key conditions of one read."""
    names = _key_names(keys)
    if isinstance(node, pq.Logic):
        if node.op == "OR" and not _mentions(node, names):
            return [()]  # a filter
        left = _branches(node.left, keys, params)
        right = _branches(node.right, keys, params)
        if node.op == "OR":
            combined = left + right
        elif len(left) * len(right) > MAX_KEY_READS:
            raise validation(TOO_MANY_READS)
        else:
            combined = [one + other for one in left for other in right]
        if len(combined) > MAX_KEY_READS:
            raise validation(TOO_MANY_READS)
        return combined
    if not _mentions(node, names):
        return [()]  # a filter
    return _key_condition(node, keys, params)


def _key_condition(node: Any, keys: ReadKeys, params: list[dict[str, Any]]) -> list[Branch]:
    """The alternatives a condition on a key attribute stands for (several for IN)."""
    if isinstance(node, pq.Compare) and node.op in _FLIPPED:
        for side, other, op in ((node.left, node.right, node.op), (node.right, node.left, _FLIPPED[node.op])):
            name = _key_of(side, keys)
            if name is None or not _is_value(other):
                continue
            if name == keys.hash_name:
                if op == "=":
                    return [(("pin", _value(other, params)),)]
                break
            return [(("range", op, (_value(other, params),)),)]
    elif isinstance(node, pq.In) and all(_is_value(value) for value in node.values):
        name = _key_of(node.operand, keys)
        if name == keys.hash_name:
            return [(("pin", _value(value, params)),) for value in node.values]
        if name is not None:
            return [(("range", "=", (_value(value, params),)),) for value in node.values]
    elif isinstance(node, pq.Between) and _key_of(node.operand, keys) == keys.range_name:
        if _is_value(node.low) and _is_value(node.high):
            return [(("range", "BETWEEN", (_value(node.low, params), _value(node.high, params))),)]
    elif _is_begins_with(node, keys):
        return [(("range", "BEGINS_WITH", (_value(node.args[1], params),)),)]
    raise _NoKeyRead


def _is_begins_with(node: Any, keys: ReadKeys) -> bool:
    """Whether a condition is ``begins_with(<sort key>, <value>)``."""
    return (
        isinstance(node, pq.Call)
        and node.name == "begins_with"
        and len(node.args) == 2
        and _key_of(node.args[0], keys) == keys.range_name
        and _is_value(node.args[1])
    )


# -- from a branch to a key read --------------------------------------------------------


def _typed(value: dict[str, Any], name: str, declared: str) -> Any:
    """A key condition's value as a key part; DynamoDB refuses a key value of another key type."""
    kind = next(iter(value)) if type(value) is dict and len(value) == 1 else None
    if kind in _KEY_TYPES and kind != declared:
        raise validation(KEY_TYPE_MISMATCH.format(name))
    part = typed_part(value, declared)
    if part is None:
        # Not a key type at all (BOOL, a map, ...), or an empty string: not established
        # whether DynamoDB refuses it; no key read, as before.
        raise _NoKeyRead
    return part


def _read(branch: Branch, keys: ReadKeys) -> KeyRead:
    partitions = {_typed(condition[1], keys.hash_name, keys.hash_type) for condition in branch if condition[0] == "pin"}
    if len(partitions) != 1:
        # Two values for the partition key in one read: not established (DynamoDB Local gives
        # up on the statement); no key read, as before.
        raise _NoKeyRead
    ranges = [condition for condition in branch if condition[0] == "range"]
    bounds = None
    for _, op, values in ranges:
        declared = keys.range_type
        if op == "BEGINS_WITH" and declared == "N":
            raise _NoKeyRead  # Query refuses begins_with on a number; not established for PartiQL
        typed = tuple(_typed(value, keys.range_name, declared) for value in values)  # type: ignore[arg-type]
        # Two conditions on the sort key in one read are read as their intersection
        # (inferred: DynamoDB Local gives up on such a statement; the captures only show
        # that the statement runs).
        bounds = condition_bounds(op, typed) if bounds is None else intersect(bounds, condition_bounds(op, typed))
    return KeyRead(partitions.pop(), bounds)


# -- the order of the reads -------------------------------------------------------------


def read_order(reads: list[KeyRead], order: list[tuple[Any, bool]], keys: ReadKeys) -> tuple[list[KeyRead], bool]:
    """The reads in the order they are run, and whether each runs backwards through its sort keys.

    ORDER BY the partition key runs the partitions in that key's order (the only
    order in which pages can follow it); without it, in the order a Scan visits
    them (not established: DynamoDB refuses ORDER BY without the partition key
    when several partitions are read, and leaves the order unsaid otherwise; a
    Scan's order is what fakedynamo returned before it planned reads). Within a
    partition, ORDER BY the sort key DESC runs backwards, as a Query with
    ScanIndexForward false; without a sort-key term, a DESC first term does, as
    it did before."""
    hash_descending: bool | None = None
    range_descending: bool | None = None
    for path, descending in order:
        if path == (keys.hash_name,) and hash_descending is None:
            hash_descending = descending
        elif keys.range_name is not None and path == (keys.range_name,) and range_descending is None:
            range_descending = descending
    backwards = range_descending if range_descending is not None else bool(order) and order[0][1]

    def low(read: KeyRead) -> tuple:
        start = None if read.bounds is None else read.bounds[0]
        return (0,) if start is None else (1, start)

    if hash_descending is None:
        ordered = sorted(reads, key=lambda read: (partition_digest(read.partition), read.partition, low(read)))
    else:
        ordered = sorted(reads, key=lambda read: (read.partition, low(read)), reverse=hash_descending)
    if backwards != bool(hash_descending):
        ordered = _reverse_within_partitions(ordered)
    return ordered, backwards


def _reverse_within_partitions(reads: list[KeyRead]) -> list[KeyRead]:
    result: list[KeyRead] = []
    group: list[KeyRead] = []
    for read in reads:
        if group and read.partition != group[0].partition:
            result.extend(reversed(group))
            group = []
        group.append(read)
    result.extend(reversed(group))
    return result


# -- reading ----------------------------------------------------------------------------


def span(keys: list[Any], bounds: Bounds | None, positions: bool) -> tuple[int, int]:
    """Indexes [lo, hi) of the sorted `keys` within `bounds`: bare sort values of a table's
    partition, or an index's positions (tuples whose first item is the index sort value)."""
    if bounds is None:
        return 0, len(keys)
    low, low_in, high, high_in = bounds

    def at(value: Any, after: bool) -> int:
        if positions:
            return bisect.bisect_left(keys, (value, TOP) if after else (value,))
        return (bisect.bisect_right if after else bisect.bisect_left)(keys, value)

    lo = 0 if low is None else at(low, not low_in)
    hi = len(keys) if high is None else at(high, high_in)
    return lo, max(lo, hi)
