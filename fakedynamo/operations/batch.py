"""Batch reads and writes: BatchGetItem and BatchWriteItem.

Each reads like its page of the AWS API Reference, and checks in the order
DynamoDB does (the service framework's shape checks run first, in
`fakedynamo.shapes`):

BatchGetItem
    1. table by table, in request order: the projection parameters (legacy and
       expression forms not mixed, within a table or across tables), the
       projection expression, then each key's attribute values (the current
       wording, bare, as GetItem reports them), a repeated key ("Provided list
       of item keys contains duplicates") and the 100-key limit over all
       tables;
    2. table by table: the table exists, then each key against its schema;
    3. the reads. Items come back table by table in the order of the keys; a
       response over 16 MB is cut short and the rest of the keys come back in
       ``UnprocessedKeys`` with the table's projection and read settings.

BatchWriteItem
    1. at most 25 requests over all tables; then every request in order: one
       of PutRequest or DeleteRequest, the attribute values of its item or key
       (the older wording, bare), an item's 400 KB limit;
    2. table by table: the table exists, then each request's key: any key
       attribute missing or of the wrong type is "The provided key element
       does not match the schema" (PutItem names the attribute; a batch does
       not), an empty key value, a key already written in this batch, the
       item's secondary-index keys;
    3. only then the writes, all of them: a refused batch writes nothing.

Both answer ``UnprocessedKeys`` / ``UnprocessedItems`` as ``{}`` when
everything was processed (fakedynamo never throttles), and report
ConsumedCapacity as a list with one entry per table, in request order.
"""

from __future__ import annotations

from typing import Any

from fakedynamo import capacity
from fakedynamo import expressions as ex
from fakedynamo.errors import validation
from fakedynamo.keys import SCHEMA_MISMATCH, key_of_item, key_of_key, schema_mismatch
from fakedynamo.operations import operation
from fakedynamo.operations.items import find_table, read_projection
from fakedynamo.region import Region
from fakedynamo.storage import Item, Table
from fakedynamo.values import (
    CURRENT,
    MAX_ITEM_SIZE,
    OLDER,
    check_item,
    check_key,
    item_too_large,
)

DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
TOO_MANY_GETS = "Too many items requested for the BatchGetItem call"
TOO_MANY_WRITES = "Too many items requested for the BatchWriteItem call"
# A WriteRequest with neither or both of PutRequest and DeleteRequest (dynalite's capture).
NOT_ONE_REQUEST = (
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
)
MIXED_PROJECTIONS = (
    "Can not use both expression and non-expression parameters in the same request: "
    "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
)

MAX_GET_KEYS = 100
MAX_WRITE_REQUESTS = 25
MAX_GET_RESPONSE_BYTES = 16 * 1024 * 1024

# What an UnprocessedKeys entry repeats of its table's request besides the keys.
_READ_SETTINGS = ("ProjectionExpression", "ExpressionAttributeNames", "AttributesToGet", "ConsistentRead")


# -- BatchGetItem ---------------------------------------------------------------


@operation("BatchGetItem")
def batch_get_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    request_items: dict[str, Any] = request["RequestItems"]

    # 1. What the request alone can tell.
    projections: dict[str, Any] = {}
    with_expression = with_legacy = False
    count = 0
    for name, entry in request_items.items():
        if entry.get("ProjectionExpression") is not None:
            with_expression = True
        if entry.get("AttributesToGet") is not None:
            with_legacy = True
        if with_expression and with_legacy:
            ex.check_expression_params(entry, ("ProjectionExpression",), ("AttributesToGet",))
            raise validation(MIXED_PROJECTIONS)
        projections[name] = read_projection(entry)
        seen: set[Any] = set()
        for key in entry["Keys"]:
            check_key(key, CURRENT)
            identity = key_identity(key)
            if identity in seen:
                raise validation(DUPLICATE_KEYS)
            seen.add(identity)
            count += 1
            if count > MAX_GET_KEYS:
                raise validation(TOO_MANY_GETS)

    # 2. The tables, and every key against its table's schema.
    plan: list[tuple[str, Table, list[tuple[Item, Any]]]] = []
    for name, entry in request_items.items():
        table = find_table(region, name)
        plan.append((name, table, [(key, key_of_key(table, key)) for key in entry["Keys"]]))

    # 3. The reads.
    mode = request.get("ReturnConsumedCapacity")
    report = mode == "TOTAL" or mode == "INDEXES"
    responses: dict[str, list[Item]] = {}
    unprocessed: dict[str, Any] = {}
    consumed: list[dict[str, Any]] = []
    total = 0
    for name, table, keys in plan:
        entry = request_items[name]
        projection = projections[name]
        consistent = entry.get("ConsistentRead") is True
        found: list[Item] = responses.setdefault(name, [])
        units = 0.0
        for index, (key, storage_key) in enumerate(keys):
            item = table.get(storage_key)
            if item is not None:
                size = table.size_of(storage_key)  # storage keeps each stored item's size
                if total + size > MAX_GET_RESPONSE_BYTES:
                    left = unprocessed[name] = {"Keys": [k for k, _ in keys[index:]]}
                    for setting in _READ_SETTINGS:
                        if entry.get(setting) is not None:
                            left[setting] = entry[setting]
                    break
                total += size
                found.append(item if projection is None else ex.project(item, projection))
            else:
                size = 0
            if report:
                units += capacity.read_units(size, consistent)
        if report:
            consumed.append(capacity.consumed(table.name, mode, units))  # type: ignore[arg-type]
    response: dict[str, Any] = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if report:
        response["ConsumedCapacity"] = consumed
    return response


def key_identity(key: Item) -> Any:
    """A hashable identity of a checked Key map (numbers already normalised)."""
    return frozenset((name, _hashable(value)) for name, value in key.items())


def _hashable(value: dict[str, Any]) -> Any:
    # Any attribute value may stand in a Key here: a map or list one is refused by the
    # schema check of step 2 (as BatchWriteItem refuses it), so it must hash first.
    kind, raw = next(iter(value.items()))
    if kind == "M":
        return (kind, frozenset((name, _hashable(member)) for name, member in raw.items()))
    if kind == "L":
        return (kind, tuple(_hashable(member) for member in raw))
    if type(raw) is list:
        return (kind, frozenset(raw))  # a set: its members in any order
    return (kind, raw)


# -- BatchWriteItem -------------------------------------------------------------


@operation("BatchWriteItem")
def batch_write_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    request_items: dict[str, list[dict[str, Any]]] = request["RequestItems"]

    # 1. What the request alone can tell.
    if sum(len(requests) for requests in request_items.values()) > MAX_WRITE_REQUESTS:
        raise validation(TOO_MANY_WRITES)
    sizes: dict[int, int] = {}
    for requests in request_items.values():
        for write in requests:
            put, delete = write.get("PutRequest"), write.get("DeleteRequest")
            if (put is None) == (delete is None):
                raise validation(NOT_ONE_REQUEST)
            if put is not None:
                size = check_item(put["Item"], OLDER)
                if size > MAX_ITEM_SIZE:
                    raise item_too_large()
                sizes[id(write)] = size
            else:
                check_key(delete["Key"], OLDER)

    # 2. The tables and the keys.
    writes: list[tuple[Table, Any, Item | None, Item, int]] = []  # (table, key, new item or None, key item, size)
    for name, requests in request_items.items():
        table = find_table(region, name)
        seen: set[Any] = set()
        for write in requests:
            put = write.get("PutRequest")
            if put is not None:
                item = put["Item"]
                key = put_key(table, item)
                entry = (table, key, item, item, sizes[id(write)])
            else:
                key_map = write["DeleteRequest"]["Key"]
                key = key_of_key(table, key_map)
                entry = (table, key, None, key_map, 0)
            if key in seen:
                raise validation(DUPLICATE_KEYS)
            seen.add(key)
            writes.append(entry)

    # 3. The writes.
    mode = request.get("ReturnConsumedCapacity")
    report = mode == "TOTAL" or mode == "INDEXES"
    metrics_wanted = request.get("ReturnItemCollectionMetrics") == "SIZE"
    usage: dict[str, dict[str, Any]] = {}
    metrics: dict[str, list[dict[str, Any]]] = {}
    for table, key, item, key_item, size in writes:
        if item is not None:
            old = table.put(key, item, size)
        else:
            old = table.delete(key)
        if report:
            add_capacity(usage, capacity.write_consumed(table, mode, old, item, size if item is not None else None))  # type: ignore[arg-type]
        if metrics_wanted and table.local_indexes:
            found = capacity.item_collection_metrics(table, key, key_item)
            if found is not None:
                metrics.setdefault(table.name, []).append(found)
    response: dict[str, Any] = {"UnprocessedItems": {}}
    if report:
        response["ConsumedCapacity"] = list(usage.values())
    if metrics:
        response["ItemCollectionMetrics"] = metrics
    return response


def put_key(table: Table, item: Item) -> Any:
    """The storage key of an item a batch writes: any problem with a key attribute is the schema mismatch."""
    if table.hash_key not in item or (table.range_key is not None and table.range_key not in item):
        raise validation(SCHEMA_MISMATCH)
    return key_of_item(table, item, schema_mismatch)


# ConsumedCapacity members keyed by index name (VectorIndexes: operations/vector_capacity.py).
_INDEX_MAPS = ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "VectorIndexes")


def add_capacity(usage: dict[str, dict[str, Any]], part: dict[str, Any] | None) -> None:
    """Add one item's ConsumedCapacity to its table's running total (keyed by table name)."""
    if part is None:
        return
    name = part["TableName"]
    total = usage.get(name)
    if total is None:
        usage[name] = _copy_capacity(part)
        return
    for field, value in part.items():
        if field == "TableName":
            continue
        if field in ("Table",):
            _add_units(total.setdefault(field, {}), value)
        elif field in _INDEX_MAPS:
            indexes = total.setdefault(field, {})
            for index, units in value.items():
                _add_units(indexes.setdefault(index, {}), units)
        else:
            total[field] = total.get(field, 0.0) + value


def _add_units(into: dict[str, float], units: dict[str, float]) -> None:
    for field, value in units.items():
        into[field] = into.get(field, 0.0) + value


def _copy_capacity(part: dict[str, Any]) -> dict[str, Any]:
    copy: dict[str, Any] = {}
    for field, value in part.items():
        if field in _INDEX_MAPS:
            copy[field] = {index: dict(units) for index, units in value.items()}
        elif isinstance(value, dict):
            copy[field] = dict(value)
        else:
            copy[field] = value
    return copy

