"""`from_dataclass`: DynamoDB methods on a plain dataclass."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from pydynox.integrations._base import add_dynamodb_methods

__all__ = ["from_dataclass"]

T = TypeVar("T")


def from_dataclass(
    cls: type[T], table: str, partition_key: str, sort_key: str | None = None, client: Any = None
) -> type[T]:
    """Give dataclass `cls` ``get``/``save``/``delete``/``update`` (and ``sync_`` twins) on `table`."""
    names = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if partition_key not in names:
        raise ValueError(f"partition_key '{partition_key}' not found in dataclass fields")
    if sort_key is not None and sort_key not in names:
        raise ValueError(f"sort_key '{sort_key}' not found in dataclass fields")

    def to_dict(instance: Any) -> dict[str, Any]:
        return dataclasses.asdict(instance)

    def from_dict(klass: type[Any], data: dict[str, Any]) -> Any:
        return klass(**{key: value for key, value in data.items() if key in names})

    return add_dynamodb_methods(cls, table, partition_key, sort_key, client, to_dict, from_dict)
