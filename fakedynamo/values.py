"""The value model: AttributeValue checks, number normalisation and item size."""

from __future__ import annotations

from typing import Any

Item = dict[str, dict[str, Any]]


def check_item(item: Item) -> None:
    """Validate every attribute value of `item`, normalising its numbers in place."""


def item_size(item: Item) -> int:
    """The size DynamoDB charges for `item`, in bytes."""
    size = 0
    for name, value in item.items():
        size += len(name.encode()) + _value_size(value)
    return size


def _value_size(value: dict[str, Any]) -> int:
    (kind, raw), = value.items()
    if kind == "S":
        return len(raw.encode())
    if kind == "N":
        return len(raw)
    if kind == "B":
        return len(raw) * 3 // 4
    return 1
