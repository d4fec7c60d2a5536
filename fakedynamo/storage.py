"""Tables and their items, kept in DynamoDB's wire form and ordered by key.

Items are stored as the dicts the wire carries (``{"S": "x"}`` values, numbers
already normalised), so responses need no conversion. Each table keeps a dict
from key to item for O(1) point reads and writes and, for tables with a sort
key, a sorted list of sort keys per partition so that range reads cost
O(log n + results).
"""

from __future__ import annotations

import base64
import bisect
from decimal import Decimal
from typing import Any, Iterator

Item = dict[str, dict[str, Any]]
# A key attribute's value as Python compares it: str (S), Decimal (N) or bytes (B).
# Python orders str by code point, which is the order of their UTF-8 bytes.
KeyPart = Any
Key = Any  # KeyPart for tables without a sort key, (partition, sort) otherwise


class Table:
    """One table: its definition (as CreateTable/UpdateTable set it) and its items."""

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
        # What the control plane records and DescribeTable reports; see operations/tables.py.
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

    def __len__(self) -> int:
        return len(self._items)

    @property
    def item_count(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._size_bytes

    def partition(self, partition: KeyPart) -> list[KeyPart]:
        """The sorted sort-key values of one partition (empty if it has no items)."""
        return self._partitions.get(partition, [])

    def scan_items(self) -> Iterator[Item]:
        """Every item, partition by partition, each partition in sort-key order."""
        if self.range_key is None:
            yield from self._items.values()
            return
        items = self._items
        for partition, sort_keys in self._partitions.items():
            for sort in sort_keys:
                yield items[(partition, sort)]

    # -- writes ---------------------------------------------------------------

    def put(self, key: Key, item: Item, size: int) -> Item | None:
        """Store `item` (of `size` bytes) under `key`; return the item it replaced."""
        old = self._items.get(key)
        self._items[key] = item
        if old is None:
            if self.range_key is not None:
                partition, sort = key
                sort_keys = self._partitions.get(partition)
                if sort_keys is None:
                    self._partitions[partition] = [sort]
                else:
                    bisect.insort(sort_keys, sort)
        else:
            self._size_bytes -= self._sizes[key]
        self._sizes[key] = size
        self._size_bytes += size
        return old

    def delete(self, key: Key) -> Item | None:
        """Remove the item under `key`; return it, or None if there was none."""
        old = self._items.pop(key, None)
        if old is None:
            return None
        self._size_bytes -= self._sizes.pop(key)
        if self.range_key is not None:
            partition, sort = key
            sort_keys = self._partitions[partition]
            del sort_keys[bisect.bisect_left(sort_keys, sort)]
            if not sort_keys:
                del self._partitions[partition]
        return old

    def clear(self) -> None:
        self._items.clear()
        self._sizes.clear()
        self._partitions.clear()
        self._size_bytes = 0


def key_part(value: dict[str, Any]) -> KeyPart:
    """A validated S, N or B attribute value as a comparable Python value."""
    (kind, raw), = value.items()
    if kind == "S":
        return raw
    if kind == "N":
        return Decimal(raw)
    return base64.b64decode(raw)
