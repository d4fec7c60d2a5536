"""What a request reports about its own cost: ConsumedCapacity and ItemCollectionMetrics.

DynamoDB's arithmetic, as its Developer Guide ("DynamoDB read and write
operations") describes it and as real DynamoDB reports it:

- a read costs one unit per 4 KB of the item, rounded up; an eventually
  consistent read costs half that; reading an item that is not there costs
  what reading a small one does (0.5 or 1);
- a write costs one unit per 1 KB, rounded up, of the larger of the item before
  and after (a put that replaces an item, an update); deleting an item costs
  its size, deleting nothing costs 1;
- each secondary index is charged on the change to what *it* stores (the
  projected entry), never on the base item: joining or leaving the index costs
  that entry's units, an entry changed in place the larger of before and after,
  an entry whose index key moved both (a delete plus an insert, each rounded on
  its own), and a write that leaves the stored entry as it was costs the index
  nothing and does not name it at all.

Shapes: ``TOTAL`` gives ``{TableName, CapacityUnits}`` with the index charges
included in the total; ``INDEXES`` adds ``Table`` and, for the indexes charged,
``GlobalSecondaryIndexes`` / ``LocalSecondaryIndexes``, each ``{CapacityUnits}``.
Single-item operations report no ReadCapacityUnits/WriteCapacityUnits split
(only the transactional operations do). Under ``INDEXES`` a write that changes
what a vector index holds adds ``VectorIndexes`` (operations/vector_capacity.py).

Batches and transactions sum these per table; transactions double them.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.operations.vector_capacity import add_write_capacity
from fakedynamo.storage import Item, Key, SecondaryIndex, Table
from fakedynamo.values import item_size

READ_UNIT_BYTES = 4096
WRITE_UNIT_BYTES = 1024
GIGABYTE = 1024**3

Capacity = dict[str, Any]


# -- units ----------------------------------------------------------------------


def read_units(size: int, consistent: bool = False) -> float:
    """Read units for reading an item of `size` bytes (0 for a missing item)."""
    units = float(max(1, -(-size // READ_UNIT_BYTES)))
    return units if consistent else units / 2


def write_units(size: int) -> float:
    """Write units for writing (or deleting) an item of `size` bytes (0 for no item)."""
    return float(max(1, -(-size // WRITE_UNIT_BYTES)))


def replace_units(old_size: int | None, new_size: int) -> float:
    """Write units for a write that leaves an item of `new_size` where one of `old_size` (or none) was."""
    if old_size is None or old_size <= new_size:
        return write_units(new_size)
    return write_units(old_size)


# -- secondary indexes ----------------------------------------------------------


def _projected(table: Table, index: SecondaryIndex) -> tuple[str, ...] | None:
    """The attributes `index` stores, or None when it projects ALL of them."""
    projection = index.projection or {}
    if projection.get("ProjectionType", "ALL") == "ALL":
        return None
    names = list(index.key_names)
    for name in (*table.key_names, *(projection.get("NonKeyAttributes") or ())):
        if name not in names:
            names.append(name)
    return tuple(names)


def has_secondary_indexes(table: Table) -> bool:
    return bool(table.global_indexes or table.local_indexes)


def _entry(key_names: list[str], projected: tuple[str, ...] | None, item: Item | None) -> Item | None:
    """What an index stores for `item`, or None if the item is not in the index."""
    if item is None:
        return None
    for name in key_names:
        if name not in item:
            return None
    if projected is None:
        return item
    return {name: item[name] for name in projected if name in item}


def index_write_units(
    table: Table, old: Item | None, new: Item | None
) -> tuple[dict[str, float], dict[str, float]]:
    """Write units charged to each global and local secondary index for replacing `old` by `new`.

    Either may be None (an insert, a delete). Indexes whose stored entry does
    not change are left out.
    """
    global_units: dict[str, float] = {}
    local_units: dict[str, float] = {}
    for index in (*table.global_indexes, *table.local_indexes):
        key_names = index.key_names
        projected = _projected(table, index)
        before, after = _entry(key_names, projected, old), _entry(key_names, projected, new)
        if before is None and after is None:
            continue
        if before is None:
            units = write_units(item_size(after))  # type: ignore[arg-type]
        elif after is None:
            units = write_units(item_size(before))
        elif any(before[name] != after[name] for name in key_names):
            units = write_units(item_size(before)) + write_units(item_size(after))
        elif before == after:
            continue
        else:
            units = max(write_units(item_size(before)), write_units(item_size(after)))
        (global_units if index.is_global else local_units)[index.name] = units
    return global_units, local_units


# -- ConsumedCapacity -----------------------------------------------------------


def consumed(
    table_name: str,
    mode: str,
    table_units: float,
    global_units: dict[str, float] | None = None,
    local_units: dict[str, float] | None = None,
) -> Capacity | None:
    """The ConsumedCapacity for `mode` (ReturnConsumedCapacity), or None for NONE."""
    if mode != "TOTAL" and mode != "INDEXES":
        return None
    total = table_units
    if global_units:
        total += sum(global_units.values())
    if local_units:
        total += sum(local_units.values())
    capacity: Capacity = {"TableName": table_name, "CapacityUnits": total}
    if mode == "INDEXES":
        capacity["Table"] = {"CapacityUnits": table_units}
        if global_units:
            capacity["GlobalSecondaryIndexes"] = {name: {"CapacityUnits": u} for name, u in global_units.items()}
        if local_units:
            capacity["LocalSecondaryIndexes"] = {name: {"CapacityUnits": u} for name, u in local_units.items()}
    return capacity


def read_consumed(table: Table, mode: str, size: int, consistent: bool = False) -> Capacity | None:
    """ConsumedCapacity of reading one item of `size` bytes (0 if missing) by key from the base table."""
    if mode != "TOTAL" and mode != "INDEXES":
        return None
    return consumed(table.name, mode, read_units(size, consistent))


def range_read_consumed(
    table: Table,
    mode: str,
    read_bytes: int,
    consistent: bool = False,
    index: SecondaryIndex | None = None,
    fetched_bytes: int | None = None,
) -> Capacity | None:
    """ConsumedCapacity of a Query or Scan that evaluated `read_bytes` of items.

    The sizes of every item evaluated (before the filter and the projection)
    are summed and rounded up to 4 KB once for the whole request; a request
    that reads nothing still costs the minimum (0.5 or 1). A read of an index
    is charged to the index (its projected entries), and reports the table at
    0 under INDEXES; a local index query that fetches non-projected attributes
    from the table charges the table for the items it fetched.
    """
    if mode != "TOTAL" and mode != "INDEXES":
        return None
    units = read_units(read_bytes, consistent)
    if index is None:
        return consumed(table.name, mode, units)
    table_units = 0.0 if not fetched_bytes else read_units(fetched_bytes, consistent)
    if index.is_global:
        return consumed(table.name, mode, table_units, {index.name: units})
    return consumed(table.name, mode, table_units, None, {index.name: units})


def write_consumed(
    table: Table, mode: str, old: Item | None, new: Item | None, new_size: int | None = None
) -> Capacity | None:
    """ConsumedCapacity of replacing `old` by `new` (either None for an insert or a delete)."""
    if mode != "TOTAL" and mode != "INDEXES":
        return None
    old_size = None if old is None else item_size(old)
    if new is None:
        table_units = write_units(old_size or 0)
    else:
        table_units = replace_units(old_size, item_size(new) if new_size is None else new_size)
    if not has_secondary_indexes(table):
        reported = consumed(table.name, mode, table_units)
    else:
        global_units, local_units = index_write_units(table, old, new)
        reported = consumed(table.name, mode, table_units, global_units, local_units)
    if mode == "INDEXES":  # vector indexes report bytes, apart from the units (operations/vector_capacity.py)
        add_write_capacity(reported, table, old, new)
    return reported


# -- ItemCollectionMetrics ------------------------------------------------------


def item_collection_metrics(table: Table, key: Key, key_item: Item) -> dict[str, Any] | None:
    """ItemCollectionMetrics for a write to the item collection of `key` (None without LSIs).

    Only tables with local secondary indexes have item collections worth
    reporting. The size estimate is a range of whole gigabytes that holds the
    collection's size: the collection's items plus what its LSIs store.
    """
    if not table.local_indexes:
        return None
    partition = key[0] if table.range_key is not None else key
    local = [(index.key_names, _projected(table, index)) for index in table.local_indexes]
    size = 0
    if table.range_key is None:
        items = [table.get(partition)]
    else:
        items = [table.get((partition, sort)) for sort in table.partition(partition)]
    for item in items:
        if item is None:
            continue
        size += item_size(item)
        for key_names, projected in local:
            entry = _entry(key_names, projected, item)
            if entry is not None:
                size += item_size(entry)
    lower = float(size // GIGABYTE)
    return {
        "ItemCollectionKey": {table.hash_key: key_item[table.hash_key]},
        "SizeEstimateRangeGB": [lower, lower + 1.0],
    }
