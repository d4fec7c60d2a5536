"""Global tables: every write to a replicated table is applied to its replicas.

A global table's replicas are tables of the same name in other regions of the
same engine; each `Table` lists the others in `replicas` (None when it has
none, so an ordinary write pays one attribute check). `Table.put` and
`Table.delete` call these hooks after changing the table itself, under the
engine lock, so replication is synchronous and the last write applied is the
one every replica keeps: last writer wins, as DynamoDB resolves concurrent
writes (by timestamp) in multi-Region eventual consistency.

This is the one place replication happens; when tables keep a change history
(fakedynamo/history.py), it can ship that history instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakedynamo.storage import Item, Key, Table


def replicate_put(source: Table, key: Key, item: Item, size: int) -> None:
    for replica in source.replicas or ():
        others, replica.replicas = replica.replicas, None  # no echo back to the source
        try:
            replica.put(key, dict(item), size)
        finally:
            replica.replicas = others


def replicate_delete(source: Table, key: Key) -> None:
    for replica in source.replicas or ():
        others, replica.replicas = replica.replicas, None
        try:
            replica.delete(key)
        finally:
            replica.replicas = others


def link(tables: list[Table]) -> None:
    """Make `tables` one global table: each replicates to all the others (None for a table left alone)."""
    for table in tables:
        others = [other for other in tables if other is not table]
        table.replicas = others or None


def copy_items(source: Table, target: Table) -> None:
    """Fill a new replica with the source's items, as DynamoDB's initial sync does."""
    maps: Any = source.read_maps()
    items, sizes = maps
    for key, item in items.items():
        target.put(key, dict(item), sizes[key])
