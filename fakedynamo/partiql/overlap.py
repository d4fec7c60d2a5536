"""Sort-key ranges of a PartiQL SELECT's key reads, and DynamoDB's refusal of overlapping ones.

DynamoDB runs a SELECT whose WHERE clause pins the partition key as one key
read per (partition, sort-key range) the clause decomposes into, and refuses
one where two reads of a partition would cover the same sort keys:
"Overlapping conditions with range keys are not supported in where clause".
Captured against real DynamoDB (floci-io/floci
DynamoDbPartiQLEdgeCaseIntegrationTest, eu-west-2, 2026-09-17; and
paritysuite/dynamodb-conformance tests/tier2/partiql/whereOverlap and tier3
partiqlGrammar, eu-west-2, 2026-10): ``pk IN ['a','a']``, ``pk='a' OR
pk='a'``, ``pk='a' AND (sk > '0' OR sk < '5')``, ``pk='a' AND (sk='1' OR
x='2')`` and ``(pk='a' AND x='1') OR (pk='a' AND x='2')`` are all refused: a
read that leaves the sort key open covers the whole partition. A statement
with a sort-key condition that is no range (negated, ``<>``) is no key read at
all, so nothing is refused (the planner, fakedynamo/operations/partiql_reads.py,
decides that).

A range is ``(low, low inclusive, high, high inclusive)`` over comparable key
parts (str, Decimal, bytes); None for an open end.
"""

from __future__ import annotations

from typing import Any, Iterable

from fakedynamo.errors import validation
from fakedynamo.indexes import TOP, successor

OVERLAPPING = "Overlapping conditions with range keys are not supported in where clause"

Bounds = tuple[Any, bool, Any, bool]
OPEN: Bounds = (None, False, None, False)


def condition_bounds(op: str, values: tuple[Any, ...]) -> Bounds:
    """The sort keys a key condition admits: ``op`` is =, <, <=, >, >=, BETWEEN or BEGINS_WITH."""
    value = values[0]
    if op == "=":
        return (value, True, value, True)
    if op == "<":
        return (None, False, value, False)
    if op == "<=":
        return (None, False, value, True)
    if op == ">":
        return (value, False, None, False)
    if op == ">=":
        return (value, True, None, False)
    if op == "BETWEEN":
        return (value, True, values[1], True)
    after = successor(value)  # BEGINS_WITH
    return (value, True, None if after is TOP else after, False)


def intersect(a: Bounds, b: Bounds) -> Bounds:
    low, low_in, high, high_in = a
    if b[0] is not None and (low is None or b[0] > low or (b[0] == low and not b[1])):
        low, low_in = b[0], b[1]
    if b[2] is not None and (high is None or b[2] < high or (b[2] == high and not b[3])):
        high, high_in = b[2], b[3]
    return (low, low_in, high, high_in)


def is_empty(bounds: Bounds) -> bool:
    low, low_in, high, high_in = bounds
    if low is None or high is None:
        return False
    return low > high or (low == high and not (low_in and high_in))


def check_overlap(reads: Iterable[tuple[Any, Bounds]]) -> None:
    """Refuse key reads (partition, sort-key bounds) of which two cover a sort key of one partition."""
    seen: dict[Any, list[Bounds]] = {}
    for partition, bounds in reads:
        if is_empty(bounds):
            continue
        earlier = seen.setdefault(partition, [])
        if any(not is_empty(intersect(bounds, other)) for other in earlier):
            raise validation(OVERLAPPING)
        earlier.append(bounds)
