"""`dynamodb_model`: one decorator for dataclasses and pydantic models."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["dynamodb_model"]

T = TypeVar("T")


def dynamodb_model(
    table: str, partition_key: str, sort_key: str | None = None, client: Any = None
) -> Callable[[type[T]], type[T]]:
    """``@dynamodb_model(table="users", partition_key="pk")`` over a ``@dataclass`` or a pydantic model."""

    def decorator(cls: type[T]) -> type[T]:
        if dataclasses.is_dataclass(cls):
            from pydynox.integrations.dataclass import from_dataclass

            return from_dataclass(cls, table, partition_key, sort_key, client)
        if hasattr(cls, "model_fields") and hasattr(cls, "model_validate"):
            from pydynox.integrations.pydantic import from_pydantic

            return from_pydantic(cls, table, partition_key, sort_key, client)
        raise TypeError(
            f"{cls.__name__} must be a dataclass or Pydantic BaseModel. "
            "Use @dataclass decorator or inherit from BaseModel."
        )

    return decorator
