"""`ModelConfig` and the process-wide default client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

__all__ = ["ModelConfig", "clear_default_client", "get_default_client", "set_default_client"]


@dataclass
class ModelConfig:
    """Where a model lives and how its operations behave by default.

    - ``table``: the DynamoDB table name;
    - ``client``: the client to use; None means the default client;
    - ``skip_hooks``: default for every operation's ``skip_hooks=None``;
    - ``max_size``: if set, ``save()`` refuses (ItemTooLargeException) an item
      bigger than this many bytes, before any call;
    - ``consistent_read``: default for get, query, scan, count, parallel_scan;
    - ``strict_attributes``: unknown constructor keywords and assignments to
      unknown public attributes raise AttributeError instead of being ignored.
    """

    table: str
    client: DynamoDBClient | None = None
    skip_hooks: bool = False
    max_size: int | None = None
    consistent_read: bool = False
    hot_partition_writes: int | None = None
    hot_partition_reads: int | None = None
    strict_attributes: bool = False


_default_client: Any = None


def set_default_client(client: DynamoDBClient) -> None:
    """Use `client` for models that have no ``ModelConfig(client=...)``.

    A model keeps the client it first used: set the default before the first operation.
    """
    global _default_client
    _default_client = client


def get_default_client() -> DynamoDBClient | None:
    """The default client, or None."""
    return _default_client  # type: ignore[no-any-return]


def clear_default_client() -> None:
    """Forget the default client."""
    global _default_client
    _default_client = None
