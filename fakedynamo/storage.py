"""Tables and their items, kept in DynamoDB's wire form and ordered by key.

Items are stored as the dicts the wire carries (``{"S": ...}`` values, numbers
already normalised), so responses need no conversion. Each table keeps:

- a dict from key to item (and one to its size) for O(1) point reads and writes;
- for tables with a sort key, a sorted list of sort keys per partition, so that
  a Query costs O(log n + items read) (bisection, `fakedynamo.indexes.range_bounds`);
- its partitions in Scan order, the order of a hash of the partition key
  (`fakedynamo.indexes.ScanOrder`, sorted lazily when a Scan needs it);
- one `fakedynamo.indexes.IndexStore` per secondary index, updated by every
  `put` and `delete` (so by PutItem, UpdateItem, DeleteItem and whatever else
  writes through them), with the index's item count and size kept as it goes.

`set_schema` (CreateTable, UpdateTable) keeps the entries of indexes that did
not change and builds those of new ones from the items already stored.
"""

from __future__ import annotations

import bisect
import gc
from dataclasses import dataclass, field
from typing import Any, Iterator

from fakedynamo.history import ChangeHistory
from fakedynamo.indexes import IndexStore, ScanOrder, key_digest, key_part
from fakedynamo.replication import replicate_delete, replicate_put

Item = dict[str, dict[str, Any]]
# A key attribute's value as Python compares it: str (S), Decimal (N) or bytes (B).
# Python orders str by code point, which is the order of their UTF-8 bytes.
KeyPart = Any
Key = Any  # KeyPart for tables without a sort key, (partition, sort) otherwise


@dataclass
class Throughput:
    """Provisioned capacity of a table or a global secondary index, and its change history."""

    read: int = 0
    write: int = 0
    last_increase: float | None = None
    last_decrease: float | None = None
    # When each decrease happened: the daily budget counts those of the current UTC day.
    decreases: list[float] = field(default_factory=list)


@dataclass
class SecondaryIndex:
    """A global or local secondary index as CreateTable/UpdateTable defined it."""

    name: str
    is_global: bool
    key_schema: list[dict[str, str]]  # KeySchemaElement dicts, HASH elements first
    projection: dict[str, Any]  # ProjectionType and, for INCLUDE, the sorted NonKeyAttributes
    arn: str
    throughput: Throughput | None = None  # global indexes only
    on_demand: dict[str, int] = field(default_factory=dict)  # MaxRead/WriteRequestUnits set on a GSI
    warm: tuple[int, int] | None = None  # WarmThroughput high-water mark of a GSI

    @property
    def hash_keys(self) -> list[str]:
        return [e["AttributeName"] for e in self.key_schema if e["KeyType"] == "HASH"]

    @property
    def range_keys(self) -> list[str]:
        return [e["AttributeName"] for e in self.key_schema if e["KeyType"] == "RANGE"]

    @property
    def key_names(self) -> list[str]:
        return [e["AttributeName"] for e in self.key_schema]

    def contains(self, item: Item) -> bool:
        """Whether `item` is in the index: it has every key attribute of the index."""
        return all(name in item for name in self.key_names)


class Table:
    """One table: its definition (as CreateTable/UpdateTable set it) and its items."""

    # True while the item maps are shared with a fork (fakedynamo.fork): the next write copies them first.
    _shared = False

    def __init__(
        self,
        name: str,
        hash_key: str,
        hash_type: str,
        range_key: str | None = None,
        range_type: str | None = None,
    ) -> None:
        self.name = name
        self.hash_key = hash_key
        self.hash_type = hash_type
        self.range_key = range_key
        self.range_type = range_type
        # The schema as DescribeTable reports it (TableName, KeySchema,
        # AttributeDefinitions, GlobalSecondaryIndexes, LocalSecondaryIndexes),
        # rebuilt by `set_schema` whenever the control plane changes it.
        self.definition: dict[str, Any] = {}
        # Key attributes of the table's secondary indexes: attribute name ->
        # (type "S" | "N" | "B", name of the first index keyed on it). Writes
        # check these: the right type, and not an empty string or binary.
        self.index_keys: dict[str, tuple[str, str]] = {}
        self._items: dict[Key, Item] = {}
        self._sizes: dict[Key, int] = {}
        self._size_bytes = 0
        # partition value -> sorted sort-key values (tables with a sort key only)
        self._partitions: dict[KeyPart, list[KeyPart]] = {}
        # Partitions in Scan order (by hash); see fakedynamo.indexes.
        self._order = ScanOrder()
        # Index name -> its entries, global indexes first, kept in step by put/delete.
        self._index_stores: dict[str, IndexStore] = {}
        # The change history (fakedynamo.history): made by its first consumer,
        # appended to by put/delete only while some consumer subscribes.
        self.history: ChangeHistory | None = None
        self._recording: ChangeHistory | None = None
        self._init_metadata()

    # -- metadata (the control plane's; see operations/create_table.py) -------

    def _init_metadata(self) -> None:
        self.arn = ""
        self.table_id = ""
        self.created_at = 0.0
        self.attribute_types: dict[str, str] = {self.hash_key: self.hash_type}
        if self.range_key is not None and self.range_type is not None:
            self.attribute_types[self.range_key] = self.range_type
        self.global_indexes: list[SecondaryIndex] = []
        self.local_indexes: list[SecondaryIndex] = []
        self.billing_mode = "PROVISIONED"
        self.last_switch_to_on_demand: float | None = None  # LastUpdateToPayPerRequestDateTime
        self.throughput = Throughput()
        self.on_demand: dict[str, int] = {}  # MaxReadRequestUnits / MaxWriteRequestUnits, when set
        self.warm = (0, 0)  # WarmThroughput high-water mark: (read, write) units per second
        self.stream_view_type: str | None = None  # None while streams are off
        self.stream_label: str | None = None  # of the latest stream; outlives a disable
        self.sse: dict[str, str] | None = None  # {"SSEType": "KMS", "KMSMasterKeyArn": ...}; None = AWS owned key
        self.table_class: str | None = None  # None until set: STANDARD, with no TableClassSummary
        self.table_class_changed_at: float | None = None
        self.deletion_protection = False
        self.ttl_attribute: str | None = None  # the TimeToLive attribute while TTL is enabled
        self.ttl_changed_at: float | None = None
        self.tags: dict[str, str] = {}
        self.pitr: Any = None  # fakedynamo.operations.pitr.Recovery while point-in-time recovery is enabled
        self.restore_summary: dict[str, Any] | None = None  # of a table made by a restore
        self.stream_tags: dict[str, dict[str, str]] = {}  # stream ARN -> its own tag set
        # State of the newer control-plane families (resource policy, Contributor
        # Insights, Kinesis destinations, vector indexes, global table settings),
        # each under its module's key; see fakedynamo/operations/.
        self.extras: dict[str, Any] = {}
        # The other replicas of this table's global table (fakedynamo/replication.py); None when alone.
        self.replicas: list[Table] | None = None
        self.set_schema(self.attribute_types, [], [])

    @property
    def indexes(self) -> list[SecondaryIndex]:
        return [*self.global_indexes, *self.local_indexes]

    def index(self, name: str) -> SecondaryIndex | None:
        for index in self.indexes:
            if index.name == name:
                return index
        return None

    @property
    def stream_arn(self) -> str | None:
        return None if self.stream_label is None else f"{self.arn}/stream/{self.stream_label}"

    def set_schema(
        self,
        attribute_types: dict[str, str],
        global_indexes: list[SecondaryIndex],
        local_indexes: list[SecondaryIndex],
    ) -> None:
        """Record the attribute types and indexes, and rebuild `definition` and `index_keys`."""
        self.attribute_types = dict(sorted(attribute_types.items()))
        self.global_indexes = global_indexes
        self.local_indexes = local_indexes
        self.definition = {
            "TableName": self.name,
            "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in self._key_schema()],
            "AttributeDefinitions": [
                {"AttributeName": n, "AttributeType": t} for n, t in self.attribute_types.items()
            ],
        }
        for member, indexes in (("GlobalSecondaryIndexes", global_indexes), ("LocalSecondaryIndexes", local_indexes)):
            if indexes:
                self.definition[member] = [
                    {"IndexName": i.name, "KeySchema": i.key_schema, "Projection": i.projection} for i in indexes
                ]
        index_keys: dict[str, tuple[str, str]] = {}
        for index in sorted(self.indexes, key=lambda i: i.name):
            for name in index.key_names:
                index_keys.setdefault(name, (self.attribute_types[name], index.name))
        self.index_keys = index_keys
        self._rebuild_index_stores()

    def _rebuild_index_stores(self) -> None:
        """Keep the entries of unchanged indexes; build (backfill) those of new or redefined ones."""
        if self._shared:
            self._unshare()
        stores: dict[str, IndexStore] = {}
        for index in self.indexes:
            store = self._index_stores.get(index.name)
            if (
                store is None
                or store.index.key_schema != index.key_schema
                or store.index.projection != index.projection
                or store.is_global != index.is_global
            ):
                store = IndexStore(index, self.key_names, self.attribute_types)
                sizes = self._sizes
                for key, item in self._items.items():
                    store.backfill(key, item, sizes[key])
            else:
                store.index = index
            stores[index.name] = store
        self._index_stores = stores

    def _key_schema(self) -> list[tuple[str, str]]:
        schema = [(self.hash_key, "HASH")]
        if self.range_key is not None:
            schema.append((self.range_key, "RANGE"))
        return schema

    # -- keys ---------------------------------------------------------------

    @property
    def key_names(self) -> tuple[str, ...]:
        return (self.hash_key,) if self.range_key is None else (self.hash_key, self.range_key)

    def key_of(self, item: Item) -> Key:
        """The storage key of an item or key whose key attributes are already validated."""
        partition = key_part(item[self.hash_key])
        if self.range_key is None:
            return partition
        return (partition, key_part(item[self.range_key]))

    # -- reads ----------------------------------------------------------------

    def get(self, key: Key) -> Item | None:
        return self._items.get(key)

    def size_of(self, key: Key) -> int:
        """The size in bytes of the item stored under `key` (which must exist)."""
        return self._sizes[key]

    def read_maps(self) -> tuple[dict[Key, Item], dict[Key, int]]:
        """The key -> item and key -> size maps, for read loops that must not pay a call per item.

        Callers only read them.
        """
        return self._items, self._sizes

    def __len__(self) -> int:
        return len(self._items)

    @property
    def item_count(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._size_bytes

    def partition(self, partition: KeyPart) -> list[KeyPart]:
        """The sorted sort-key values of one partition (empty if it has none; tables with a sort key)."""
        return self._partitions.get(partition, [])

    def partitions_in_order(self) -> list[tuple[bytes, KeyPart]]:
        """(hash, partition value) of every partition, in the order a Scan visits them."""
        return self._order.entries()

    def scan_items(self) -> Iterator[Item]:
        """Every item in Scan order: partitions by hash, each partition in sort-key order."""
        items = self._items
        if self.range_key is None:
            for _, partition in self._order.entries():
                yield items[partition]
            return
        partitions = self._partitions
        for _, partition in self._order.entries():
            for sort in partitions[partition]:
                yield items[(partition, sort)]

    def index_store(self, name: str) -> IndexStore | None:
        """The entries of the secondary index called `name`, or None."""
        return self._index_stores.get(name)

    def index_statistics(self) -> dict[str, tuple[int, int]]:
        """Index name -> (item count, size in bytes) of what each secondary index holds."""
        return {name: (store.count, store.size_bytes) for name, store in self._index_stores.items()}

    # -- writes ---------------------------------------------------------------

    def put(self, key: Key, item: Item, size: int) -> Item | None:
        """Store `item` (of `size` bytes) under `key`; return the item it replaced."""
        if self._shared:
            self._unshare()
        old = self._items.get(key)
        self._items[key] = item
        if old is None:
            if self.range_key is None:
                self._order.add(key)
            else:
                partition, sort = key
                sort_keys = self._partitions.get(partition)
                if sort_keys is None:
                    self._partitions[partition] = [sort]
                    self._order.add(partition)
                else:
                    bisect.insort(sort_keys, sort)
        else:
            self._size_bytes -= self._sizes[key]
        self._sizes[key] = size
        self._size_bytes += size
        if self._index_stores:
            digest = key_digest(key)
            for store in self._index_stores.values():
                store.put(key, item, size, digest)
        if self.replicas is not None:
            replicate_put(self, key, item, size)
        if self._recording is not None:
            self._recording.record(old, item)
        return old

    def delete(self, key: Key, identity: dict[str, str] | None = None) -> Item | None:
        """Remove the item under `key`; return it, or None if there was none.

        `identity` is who made the deletion when it was not a request (TTL),
        for the change history.
        """
        if self._shared:
            self._unshare()
        old = self._items.pop(key, None)
        if old is None:
            return None
        if self._recording is not None:
            self._recording.record(old, None, identity)
        self._size_bytes -= self._sizes.pop(key)
        if self.range_key is None:
            self._order.discard(key)
        else:
            partition, sort = key
            sort_keys = self._partitions[partition]
            del sort_keys[bisect.bisect_left(sort_keys, sort)]
            if not sort_keys:
                del self._partitions[partition]
                self._order.discard(partition)
        for store in self._index_stores.values():
            store.remove(key)
        if self.replicas is not None:
            replicate_delete(self, key)
        return old

    # -- the change history ---------------------------------------------------

    def subscribe(self, consumer: str, clock: Any) -> ChangeHistory:
        """Start recording every change for `consumer` (e.g. a stream ARN); return the history."""
        history = self.history
        if history is None:
            history = self.history = ChangeHistory(self.key_names, clock)
        history.subscribers.add(consumer)
        self._recording = history
        return history

    def unsubscribe(self, consumer: str) -> None:
        """`consumer` needs no further changes; recording stops when nobody does."""
        history = self.history
        if history is not None:
            history.subscribers.discard(consumer)
            if not history.subscribers:
                self._recording = None

    def clear(self) -> None:
        if self._shared:
            self._unshare()
        self._items.clear()
        self._sizes.clear()
        self._partitions.clear()
        self._order.clear()
        self._size_bytes = 0
        for store in self._index_stores.values():
            store.clear()

    def _unshare(self) -> None:
        """Copy the maps this table shares with a fork, so that writes stay on this side (items are never copied)."""
        # Copying creates containers only, no garbage: collections triggered meanwhile would walk
        # every stored item for nothing (they made this copy ~3x slower).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._copy_shared_maps()
        finally:
            if collecting:
                gc.enable()

    def _copy_shared_maps(self) -> None:
        self._items = dict(self._items)
        self._sizes = dict(self._sizes)
        self._partitions = {partition: list(keys) for partition, keys in self._partitions.items()}
        self._order = self._order.copy()
        self._index_stores = {name: store.copy(self.index(name)) for name, store in self._index_stores.items()}
        self._shared = False
