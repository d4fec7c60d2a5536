"""Partial batches: run part of a BatchWriteItem/BatchGetItem and answer the rest as unprocessed.

DynamoDB may leave any part of a batch unprocessed (throttling, size, internal
limits); the caller must resend `UnprocessedItems` / `UnprocessedKeys`. Fault
rules and the hostile "batches" mode use this to leave chosen entries out: the
processed part is applied as a batch of its own, the rest comes back in the
exact shape the caller resends.
"""

from __future__ import annotations

from typing import Any, Callable

from fakedynamo.targets import table_name, write_target

# What an UnprocessedKeys entry repeats of its table's request besides the keys
# (the same list fakedynamo.operations.batch answers with).
_READ_SETTINGS = ("ProjectionExpression", "ExpressionAttributeNames", "AttributesToGet", "ConsistentRead")

# leave(position in the batch, table name, key or item) -> whether that entry is left unprocessed.
Leave = Callable[[int, str, dict[str, Any]], bool]


def run_partial(
    operation: str, request: dict[str, Any], leave: Leave, run: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """Run what `leave` keeps of the batch with `run`; add what it leaves to the response's Unprocessed map."""
    if operation == "BatchWriteItem":
        processed, left = _split_writes(request, leave)
        member = "UnprocessedItems"
    else:
        processed, left = _split_reads(request, leave)
        member = "UnprocessedKeys"
    if processed["RequestItems"]:
        response = run(processed)
    else:
        # Nothing processed: no table was read or written, so nothing is consumed.
        response = {"UnprocessedItems": {}} if member == "UnprocessedItems" else {"Responses": {}, "UnprocessedKeys": {}}
    merged = response.setdefault(member, {})
    for table, entries in left.items():
        if member == "UnprocessedItems":
            merged.setdefault(table, []).extend(entries)
        elif table in merged:
            merged[table]["Keys"].extend(entries["Keys"])
        else:
            merged[table] = entries
    return response


def _split_writes(request: dict[str, Any], leave: Leave) -> tuple[dict[str, Any], dict[str, Any]]:
    kept: dict[str, list[Any]] = {}
    left: dict[str, list[Any]] = {}
    position = 0
    for table, writes in request["RequestItems"].items():
        for write in writes:
            target = left if leave(position, table_name(table), write_target(write)) else kept
            target.setdefault(table, []).append(write)
            position += 1
    return {**request, "RequestItems": kept}, left


def _split_reads(request: dict[str, Any], leave: Leave) -> tuple[dict[str, Any], dict[str, Any]]:
    kept: dict[str, Any] = {}
    left: dict[str, Any] = {}
    position = 0
    for table, spec in request["RequestItems"].items():
        keys = spec.get("Keys") or []
        mine: list[Any] = []
        theirs: list[Any] = []
        for key in keys:
            (theirs if leave(position, table_name(table), key) else mine).append(key)
            position += 1
        if mine:
            kept[table] = {**spec, "Keys": mine}
        if theirs:
            left[table] = {**{k: spec[k] for k in _READ_SETTINGS if k in spec}, "Keys": theirs}
    return {**request, "RequestItems": kept}, left


def batch_size(operation: str, request: dict[str, Any]) -> int:
    """How many writes or keys a batch request holds."""
    items = request.get("RequestItems") or {}
    if operation == "BatchWriteItem":
        return sum(len(writes) for writes in items.values() if isinstance(writes, list))
    return sum(len(spec.get("Keys") or ()) for spec in items.values() if isinstance(spec, dict))
