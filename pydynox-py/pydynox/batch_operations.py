"""Buffered batch writes: collect puts and deletes, send them on ``flush()`` or at the end of the block.

    async with BatchWriter(client, "users") as batch:
        batch.put({"pk": "u1", "name": "Ada"})
        batch.delete({"pk": "u2"})

Items and keys are plain dicts (use ``obj.to_dict()`` for models). Nothing is
sent before ``flush()``; leaving the block flushes, unless it raised, in
which case the buffered operations are dropped. Chunking into requests of 25
happens in `DynamoDBClient.batch_write`.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

__all__ = ["BatchWriter", "SyncBatchWriter"]


class _Buffer:
    def __init__(self, client: DynamoDBClient, table: str) -> None:
        self.client = client
        self.table = table
        self._puts: list[dict[str, Any]] = []
        self._deletes: list[dict[str, Any]] = []

    def put(self, item: dict[str, Any]) -> None:
        """Buffer a put of `item`."""
        self._puts.append(item)

    def delete(self, key: dict[str, Any]) -> None:
        """Buffer a delete of `key`."""
        self._deletes.append(key)

    def _take(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        puts, deletes = self._puts, self._deletes
        self._puts, self._deletes = [], []
        return puts, deletes

    def _drop(self) -> None:
        self._puts, self._deletes = [], []


class BatchWriter(_Buffer):
    """Async batch writer: ``async with BatchWriter(client, table) as batch``."""

    async def flush(self) -> None:
        """Send everything buffered."""
        puts, deletes = self._take()
        if puts or deletes:
            await self.client.batch_write(self.table, put_items=puts, delete_keys=deletes)

    async def __aenter__(self) -> BatchWriter:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc_type is None:
            await self.flush()
        else:
            self._drop()


class SyncBatchWriter(_Buffer):
    """Blocking batch writer: ``with SyncBatchWriter(client, table) as batch``."""

    def flush(self) -> None:
        """Send everything buffered."""
        puts, deletes = self._take()
        if puts or deletes:
            self.client.sync_batch_write(self.table, put_items=puts, delete_keys=deletes)

    def __enter__(self) -> SyncBatchWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.flush()
        else:
            self._drop()
