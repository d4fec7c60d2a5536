"""Key order, partition hashing and secondary-index storage.

What DynamoDB promises about order, and how this module keeps it:

- Within a partition, items are ordered by sort key: numbers numerically,
  strings and binaries by their bytes (a Python ``str`` compares by code
  point, which is the order of its UTF-8 bytes; ``bytes`` by byte).
- Across partitions, a Scan returns partitions in the order of a hash of the
  partition key, not in the order they were written. fakedynamo's hash is
  MD5 over the bytes ``b"Outliers"`` + the key's bytes (strings as UTF-8,
  binaries as themselves, numbers in DynamoDB's own sortable byte form, see
  `number_bytes`). The choice is dynalite's, whose tests are run against real
  DynamoDB: the salted MD5 reproduces the order real DynamoDB returned for
  the items with equal secondary-index keys in dynalite's query tests. A
  parallel scan's segment is the slice of that same hash space, so the
  segments in order concatenate to the whole scan.
- In a secondary index, items with equal index keys are ordered by the same
  salted MD5, over the table's partition key and sort key bytes (again what
  dynalite's captures of real DynamoDB show), then by the table key.

An `IndexStore` keeps one secondary index in step with its table: per index
partition, a sorted list of positions ``(*index sort values, tie-break digest,
table key)``, the projected entry under each position, and the count and size
of what it holds, so DescribeTable reads them in O(1). Items lacking any index
key attribute (or holding one of the wrong type, possible for items written
before an index was added) are not in the index.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from fakedynamo.values import MAX_PARTITION_KEY_SIZE as MAX_INDEX_HASH_BYTES
from fakedynamo.values import MAX_SORT_KEY_SIZE as MAX_INDEX_RANGE_BYTES
from fakedynamo.values import item_size as measure

if TYPE_CHECKING:
    from fakedynamo.storage import SecondaryIndex

Item = dict[str, dict[str, Any]]
KeyPart = Any  # str (S), Decimal (N) or bytes (B)

_SALT = b"Outliers"
_md5 = hashlib.md5


def key_part(value: dict[str, Any]) -> KeyPart:
    """A validated S, N or B attribute value as a comparable Python value."""
    (kind, raw), = value.items()
    if kind == "S":
        return raw
    if kind == "N":
        return Decimal(raw)
    return base64.b64decode(raw)


def typed_part(value: Any, declared: str) -> KeyPart | None:
    """The comparable value of an index key attribute, or None if it cannot key the index."""
    if type(value) is not dict or len(value) != 1:
        return None
    raw = value.get(declared)
    if raw is None:
        return None
    if declared == "S":
        return raw if raw else None
    if declared == "N":
        return Decimal(raw)
    part = base64.b64decode(raw)
    return part if part else None


# -- bytes and hashes ------------------------------------------------------------


def number_bytes(number: Decimal) -> bytes:
    """A number in DynamoDB's sortable byte form (base-100 digits after an exponent byte)."""
    if not number:
        return b"\x80"
    sign, digits, exponent = number.normalize().as_tuple()
    digits = list(digits)
    point = len(digits) + exponent  # the value is 0.d1d2... x 10^point
    odd = point % 2
    if odd:
        digits.insert(0, 0)
    pairs = [digits[i] * 10 + (digits[i + 1] if i + 1 < len(digits) else 0) for i in range(0, len(digits), 2)]
    head = (point + odd) // 2 - 64
    if sign:
        out = [~head & 0xFF] + [101 - pair for pair in pairs]
        if len(pairs) < 20:
            out.append(102)
    else:
        out = [head & 0xFF] + [pair + 1 for pair in pairs]
    return bytes(out)


def part_bytes(part: KeyPart) -> bytes:
    if type(part) is str:
        return part.encode("utf-8", "surrogatepass")
    if type(part) is bytes:
        return part
    return number_bytes(part)


def partition_digest(partition: Any) -> bytes:
    """The hash that orders partitions in a Scan (a tuple for a multi-attribute partition key)."""
    digest = _md5(_SALT)
    if type(partition) is tuple:
        for part in partition:
            digest.update(part_bytes(part))
    else:
        digest.update(part_bytes(partition))
    return digest.digest()


def key_digest(key: Any) -> bytes:
    """The hash that orders items with equal index keys: over the table key's bytes."""
    digest = _md5(_SALT)
    if type(key) is tuple:
        digest.update(part_bytes(key[0]))
        digest.update(part_bytes(key[1]))
    else:
        digest.update(part_bytes(key))
    return digest.digest()


def segment_bounds(segment: int, total: int) -> tuple[bytes, bytes | None]:
    """The digest range [low, high) of a parallel-scan segment (high None for the last)."""
    span = 1 << 64
    low = -(-segment * span // total)
    high = None if segment + 1 >= total else -(-(segment + 1) * span // total)
    return low.to_bytes(8, "big"), None if high is None else high.to_bytes(8, "big")


def segment_of(digest: bytes, total: int) -> int:
    return (int.from_bytes(digest[:8], "big") * total) >> 64


# -- bounds in sorted lists --------------------------------------------------------


class _Top:
    """Greater than any key value: the open end of a range."""

    __slots__ = ()

    def __lt__(self, other: Any) -> bool:
        return False

    def __le__(self, other: Any) -> bool:
        return other is self

    def __gt__(self, other: Any) -> bool:
        return other is not self

    def __ge__(self, other: Any) -> bool:
        return True

    def __eq__(self, other: Any) -> bool:
        return other is self

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "TOP"


TOP = _Top()


def successor(prefix: KeyPart) -> KeyPart:
    """The least value greater than every value that begins with `prefix` (TOP if none)."""
    if type(prefix) is str:
        chars = prefix
        while chars:
            last = ord(chars[-1])
            if last < 0x10FFFF:
                nxt = last + 1
                if 0xD800 <= nxt <= 0xDFFF:
                    nxt = 0xE000
                return chars[:-1] + chr(nxt)
            chars = chars[:-1]
        return TOP
    data = prefix
    while data:
        if data[-1] < 0xFF:
            return data[:-1] + bytes((data[-1] + 1,))
        data = data[:-1]
    return TOP


def range_bounds(keys: list[Any], op: str | None, values: tuple[KeyPart, ...], prefix: tuple | None = None) -> tuple[int, int]:
    """Indexes [lo, hi) of the entries of `keys` that meet a sort-key condition.

    With `prefix` None, `keys` holds bare sort values (a table's partition).
    Otherwise it holds index positions, tuples whose first items are the
    index's sort values: `prefix` gives the values the query fixes with
    equality conditions, and `op` tests the sort value that follows them.
    """
    left = bisect.bisect_left
    if prefix is None:
        right = bisect.bisect_right
        if op is None:
            return 0, len(keys)
        value = values[0]
        if op == "=":
            return left(keys, value), right(keys, value)
        if op == "<":
            return 0, left(keys, value)
        if op == "<=":
            return 0, right(keys, value)
        if op == ">":
            return right(keys, value), len(keys)
        if op == ">=":
            return left(keys, value), len(keys)
        if op == "BETWEEN":
            lo = left(keys, value)
            return lo, max(lo, right(keys, values[1]))
        lo = left(keys, value)  # BEGINS_WITH
        after = successor(value)
        return lo, len(keys) if after is TOP else max(lo, left(keys, after))
    lo, hi = left(keys, prefix), left(keys, (*prefix, TOP))
    if op is None:
        return lo, hi
    value = values[0]
    if op == "=":
        return left(keys, (*prefix, value), lo, hi), left(keys, (*prefix, value, TOP), lo, hi)
    if op == "<":
        return lo, left(keys, (*prefix, value), lo, hi)
    if op == "<=":
        return lo, left(keys, (*prefix, value, TOP), lo, hi)
    if op == ">":
        return left(keys, (*prefix, value, TOP), lo, hi), hi
    if op == ">=":
        return left(keys, (*prefix, value), lo, hi), hi
    if op == "BETWEEN":
        start = left(keys, (*prefix, value), lo, hi)
        return start, max(start, left(keys, (*prefix, values[1], TOP), lo, hi))
    start = left(keys, (*prefix, value), lo, hi)  # BEGINS_WITH
    after = successor(value)
    return start, hi if after is TOP else max(start, left(keys, (*prefix, after), lo, hi))


# -- scan order --------------------------------------------------------------------


class ScanOrder:
    """Partitions sorted by their hash, kept lazily: writes note changes, reads sort once."""

    __slots__ = ("_sorted", "_added", "_removed")

    def __init__(self) -> None:
        self._sorted: list[tuple[bytes, Any]] = []
        self._added: set[Any] = set()
        self._removed: set[Any] = set()

    def add(self, partition: Any) -> None:
        if partition in self._removed:
            self._removed.discard(partition)
        else:
            self._added.add(partition)

    def discard(self, partition: Any) -> None:
        if partition in self._added:
            self._added.discard(partition)
        else:
            self._removed.add(partition)

    def clear(self) -> None:
        self._sorted = []
        self._added.clear()
        self._removed.clear()

    def copy(self) -> ScanOrder:
        twin = ScanOrder()
        twin._sorted, twin._added, twin._removed = list(self._sorted), set(self._added), set(self._removed)
        return twin

    def entries(self) -> list[tuple[bytes, Any]]:
        """(digest, partition) for every partition, in scan order."""
        if self._added or self._removed:
            entries = self._sorted
            if self._removed:
                removed = self._removed
                entries = [entry for entry in entries if entry[1] not in removed]
            entries.extend((partition_digest(p), p) for p in self._added)
            entries.sort()
            self._sorted = entries
            self._added = set()
            self._removed = set()
        return self._sorted


# -- secondary indexes -------------------------------------------------------------


class IndexStore:
    """The entries of one secondary index, kept in step with its table's writes."""

    __slots__ = (
        "index",
        "name",
        "is_global",
        "hash_names",
        "range_names",
        "_hash_types",
        "_range_types",
        "projected",
        "_where",
        "_entries",
        "_partitions",
        "order",
        "count",
        "size_bytes",
    )

    def __init__(self, index: SecondaryIndex, table_key_names: Iterable[str], attribute_types: dict[str, str]) -> None:
        self.index = index
        self.name = index.name
        self.is_global = index.is_global
        self.hash_names = tuple(index.hash_keys)
        self.range_names = tuple(index.range_keys)
        self._hash_types = tuple(attribute_types[n] for n in self.hash_names)
        self._range_types = tuple(attribute_types[n] for n in self.range_names)
        self.projected = projected_names(index, table_key_names)
        self._where: dict[Any, tuple[Any, tuple]] = {}  # table key -> (partition, position)
        self._entries: dict[tuple, tuple[Item, int]] = {}  # position -> (entry, size)
        self._partitions: dict[Any, list[tuple]] = {}  # partition -> sorted positions
        self.order = ScanOrder()
        self.count = 0
        self.size_bytes = 0

    # -- keys ------------------------------------------------------------------

    def locate(self, item: Item) -> tuple[Any, tuple] | None:
        """(partition, sort values) of an item in this index, or None if it is not in it."""
        hash_parts = _typed_parts(item, self.hash_names, self._hash_types)
        if hash_parts is None:
            return None
        sort_parts = _typed_parts(item, self.range_names, self._range_types)
        if sort_parts is None:
            return None
        partition = hash_parts[0] if len(hash_parts) == 1 else tuple(hash_parts)
        return partition, tuple(sort_parts)

    def entry_of(self, item: Item) -> Item:
        projected = self.projected
        if projected is None:
            return item
        return {name: item[name] for name in projected if name in item}

    # -- writes ----------------------------------------------------------------

    def backfill(self, table_key: Any, item: Item, item_size: int) -> None:
        """Index an item the table held before the index existed, unless a key value of it is over the
        index key size limits: DynamoDB leaves such an item out of the index (an index key violation)
        rather than failing the backfill (Developer Guide, "Detecting and correcting index key violations")."""
        found = self.locate(item)
        if found is None:
            return
        partition, sort_parts = found
        parts = partition if len(self.hash_names) > 1 else (partition,)
        if any(oversized_key_part(p, MAX_INDEX_HASH_BYTES) for p in parts) or any(
            oversized_key_part(p, MAX_INDEX_RANGE_BYTES) for p in sort_parts
        ):
            return
        self.put(table_key, item, item_size)

    def put(self, table_key: Any, item: Item, item_size: int, digest: bytes | None = None) -> None:
        """Index `item` (stored under `table_key`), replacing whatever this index held for it."""
        found = self.locate(item)
        old = self._where.get(table_key)
        if found is None:
            if old is not None:
                self._drop(table_key, old)
            return
        partition, sort_parts = found
        if digest is None:
            digest = key_digest(table_key)
        position = (*sort_parts, digest, table_key)
        entry = self.entry_of(item)
        size = item_size if self.projected is None else measure(entry)
        if old is not None:
            if old[0] == partition and old[1] == position:
                _, old_size = self._entries[position]
                self._entries[position] = (entry, size)
                self.size_bytes += size - old_size
                return
            self._drop(table_key, old)
        positions = self._partitions.get(partition)
        if positions is None:
            self._partitions[partition] = [position]
            self.order.add(partition)
        else:
            bisect.insort(positions, position)
        self._where[table_key] = (partition, position)
        self._entries[position] = (entry, size)
        self.count += 1
        self.size_bytes += size

    def remove(self, table_key: Any) -> None:
        old = self._where.get(table_key)
        if old is not None:
            self._drop(table_key, old)

    def _drop(self, table_key: Any, where: tuple[Any, tuple]) -> None:
        partition, position = where
        positions = self._partitions[partition]
        del positions[bisect.bisect_left(positions, position)]
        if not positions:
            del self._partitions[partition]
            self.order.discard(partition)
        del self._where[table_key]
        _, size = self._entries.pop(position)
        self.count -= 1
        self.size_bytes -= size

    def copy(self, index: SecondaryIndex | None = None) -> IndexStore:
        """A store with its own maps (entries, being never changed in place, are shared); for forks."""
        twin = IndexStore.__new__(IndexStore)
        for name in self.__slots__:
            setattr(twin, name, getattr(self, name))
        if index is not None:
            twin.index = index
        twin._where = dict(self._where)
        twin._entries = dict(self._entries)
        twin._partitions = {partition: list(positions) for partition, positions in self._partitions.items()}
        twin.order = self.order.copy()
        return twin

    def clear(self) -> None:
        self._where.clear()
        self._entries.clear()
        self._partitions.clear()
        self.order.clear()
        self.count = 0
        self.size_bytes = 0

    # -- reads -----------------------------------------------------------------

    def partition(self, partition: Any) -> list[tuple]:
        """The sorted positions of one index partition (empty if it has none)."""
        return self._partitions.get(partition, [])

    def entry(self, position: tuple) -> tuple[Item, int]:
        """(projected entry, its size) at a position."""
        return self._entries[position]

    def partitions_in_order(self) -> list[tuple[bytes, Any]]:
        return self.order.entries()

    def entries(self) -> Iterator[Item]:
        """Every entry, in scan order."""
        entries = self._entries
        for _, partition in self.order.entries():
            for position in self._partitions[partition]:
                yield entries[position][0]


def projected_names(index: SecondaryIndex, table_key_names: Iterable[str]) -> tuple[str, ...] | None:
    """The attributes an index stores, or None when it projects ALL of them."""
    projection = index.projection or {}
    if projection.get("ProjectionType", "ALL") == "ALL":
        return None
    names = list(index.key_names)
    for name in (*table_key_names, *(projection.get("NonKeyAttributes") or ())):
        if name not in names:
            names.append(name)
    return tuple(names)


def oversized_key_part(part: Any, limit: int) -> bool:
    """Whether a string or binary key value is over `limit` bytes (numbers never are)."""
    if type(part) is str:
        # A character is at most 4 bytes of UTF-8: only long strings need encoding to measure.
        return len(part) * 4 > limit and len(part.encode("utf-8", "surrogatepass")) > limit
    return type(part) is bytes and len(part) > limit


def _typed_parts(item: Item, names: Any, types: Any) -> list[Any] | None:
    """The comparable values of `item`'s attributes `names`, or None if one is missing or mistyped."""
    parts = []
    for name, declared in zip(names, types):
        value = item.get(name)
        if value is None:
            return None
        part = typed_part(value, declared)
        if part is None:
            return None
        parts.append(part)
    return parts
