"""`from_pydantic` / `dynamodb_model`: DynamoDB methods on a pydantic model (updates are validated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydynox.integrations._base import add_dynamodb_methods

__all__ = ["dynamodb_model", "from_pydantic"]

T = TypeVar("T")


def _base_model() -> type[Any]:
    try:
        from pydantic import BaseModel
    except ImportError:
        raise ImportError("pydantic is required for this integration (pip install pydantic)") from None
    return BaseModel


def dynamodb_model(
    table: str, partition_key: str, sort_key: str | None = None, client: Any = None
) -> Callable[[type[T]], type[T]]:
    def decorator(cls: type[T]) -> type[T]:
        return from_pydantic(cls, table, partition_key, sort_key, client)

    return decorator


def from_pydantic(
    cls: type[T], table: str, partition_key: str, sort_key: str | None = None, client: Any = None
) -> type[T]:
    """Give pydantic model `cls` ``get``/``save``/``delete``/``update`` (and ``sync_`` twins) on `table`."""
    if not (isinstance(cls, type) and issubclass(cls, _base_model())):
        raise TypeError(f"{cls!r} is not a pydantic BaseModel")
    fields = cls.model_fields  # type: ignore[attr-defined]
    if partition_key not in fields:
        raise ValueError(f"partition_key '{partition_key}' not found in model fields")
    if sort_key is not None and sort_key not in fields:
        raise ValueError(f"sort_key '{sort_key}' not found in model fields")

    def to_dict(instance: Any) -> dict[str, Any]:
        return instance.model_dump()  # type: ignore[no-any-return]

    def from_dict(klass: type[Any], data: dict[str, Any]) -> Any:
        return klass.model_validate(data)

    def validate_update(instance: Any, updates: dict[str, Any]) -> dict[str, Any]:
        checked = type(instance).model_validate({**instance.model_dump(), **updates})
        return {name: getattr(checked, name) for name in updates}

    return add_dynamodb_methods(cls, table, partition_key, sort_key, client, to_dict, from_dict, validate_update)
