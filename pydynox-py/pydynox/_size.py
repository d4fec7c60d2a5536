"""DynamoDB's item size rules, for ``ModelConfig(max_size=...)``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def _number_size(value: int | float) -> int:
    digits = Decimal(str(value)).normalize().as_tuple().digits
    significant = len(digits) or 1
    return 1 + (significant + 1) // 2


def value_size(value: Any) -> int:
    """Bytes DynamoDB counts for one native value."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, (int, float)):
        return _number_size(value)
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, dict):
        return 3 + sum(len(str(key).encode("utf-8")) + value_size(element) for key, element in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return 3 + sum(value_size(element) for element in value)
    return len(str(value).encode("utf-8"))


def item_size(item: dict[str, Any]) -> int:
    """Bytes of a native item: each name's UTF-8 length plus its value's size."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())
