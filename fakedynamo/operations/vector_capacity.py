"""What vector indexes report of their cost: VectorSearchRequestBytes and VectorWriteRequestBytes.

What AWS documents (Developer Guide, "Monitoring vector index capacity"; the
API Reference's VectorCapacity and ConsumedCapacity.VectorIndexes; AWS's
DynamoDB skill in aws/agent-toolkit-for-aws, references/vector-search.md):

- vector work is metered in bytes, apart from the table's read and write units
  (which it does not change);
- SearchVectors answers ``ConsumedCapacity: {VectorSearchRequestBytes}`` (the
  VectorCapacity shape: no TableName, no units) under TOTAL or INDEXES; the
  bytes scale with the vector data the search examines (a HASH value narrows
  it to one partition) and returns (returning the vector costs more);
- PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems add,
  under INDEXES only, ``VectorIndexes: {index name: {VectorWriteRequestBytes}}``
  for each vector index whose stored entry the write changes; a write that
  changes nothing an index holds costs it nothing; the bytes scale with the
  data replicated to the index;
- there is a 1 KB minimum per request, for searches and writes alike, counted
  once per request however many indexes it touches.

The exact arithmetic is not documented. Inferred here: an entry replicated to
an index counts its vector as float32 (4 bytes a dimension) plus the item-size
bytes of its other attributes and the vector's name (the guide's example, 4,125
bytes for a 1,024-dimension vector, fits that); a search counts 4 bytes a
dimension for every vector it compares and every vector it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakedynamo.storage import Item, Table
from fakedynamo.values import item_size

if TYPE_CHECKING:
    from fakedynamo.operations.vector_search import VectorIndex

EXTRA = "vector_indexes"  # Table.extras key: index name -> VectorIndex
MINIMUM_BYTES = 1024  # per request, searches and writes alike
FLOAT32_BYTES = 4


def indexes_of(table: Table) -> dict[str, VectorIndex]:
    return table.extras.get(EXTRA) or {}


def search_bytes(index: VectorIndex, compared: int, returned_vectors: int) -> float:
    """VectorSearchRequestBytes of a search that compared `compared` vectors and returned `returned_vectors`."""
    return float(max(MINIMUM_BYTES, FLOAT32_BYTES * index.dimensions * (compared + returned_vectors)))


def _entry_bytes(index: VectorIndex, entry: Item) -> int:
    others = {name: value for name, value in entry.items() if name != index.attribute}
    return FLOAT32_BYTES * index.dimensions + len(index.attribute.encode("utf-8")) + item_size(others)


def write_bytes(table: Table, old: Item | None, new: Item | None) -> dict[str, float]:
    """VectorWriteRequestBytes per vector index for one write that replaces `old` by `new` (either may be None).

    Indexes whose entry stays as it was are left out. Joining or changing an
    entry counts the new entry, leaving the index the old one (inferred).
    """
    charged: dict[str, float] = {}
    for name, index in indexes_of(table).items():
        before = None if old is None else index.entry(table.key_names, old)
        after = None if new is None else index.entry(table.key_names, new)
        if before == after:
            continue
        charged[name] = float(_entry_bytes(index, after if after is not None else before))  # type: ignore[arg-type]
    if charged:
        shortfall = MINIMUM_BYTES - sum(charged.values())
        if shortfall > 0:  # the minimum is per request: the first index charged carries it (inferred)
            first = next(iter(charged))
            charged[first] += shortfall
    return charged


def add_write_capacity(capacity: dict[str, Any] | None, table: Table, old: Item | None, new: Item | None) -> None:
    """Add the VectorIndexes map of one write to its ConsumedCapacity (an INDEXES one), if it touched any."""
    if capacity is None or not indexes_of(table):
        return
    charged = write_bytes(table, old, new)
    if not charged:
        return
    indexes = capacity.setdefault("VectorIndexes", {})
    for name, size in charged.items():
        entry = indexes.setdefault(name, {"VectorWriteRequestBytes": 0.0})
        entry["VectorWriteRequestBytes"] += size
