"""DynamoDB's item size rules: how many bytes an item counts against the 400 KB limit.

Strings and binary count their bytes; a number 1 byte plus 1 per two
significant digits; null and booleans 1; lists, maps and sets 3 plus their
elements (map keys count their UTF-8 bytes); an item is the sum of each
attribute name's bytes and its value's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "DYNAMODB_MAX_ITEM_SIZE",
    "ItemSize",
    "calculate_attribute_size",
    "calculate_binary_size",
    "calculate_boolean_size",
    "calculate_item_size",
    "calculate_list_size",
    "calculate_map_size",
    "calculate_null_size",
    "calculate_number_size",
    "calculate_set_size",
    "calculate_string_size",
]

DYNAMODB_MAX_ITEM_SIZE = 400 * 1024


@dataclass
class ItemSize:
    """An item's size in bytes, and per attribute when asked for (``detailed=True``)."""

    bytes: int
    fields: dict[str, int] = field(default_factory=dict)

    @property
    def kb(self) -> float:
        return self.bytes / 1024

    @property
    def percent(self) -> float:
        """Share of the 400 KB limit used, in percent."""
        return self.bytes / DYNAMODB_MAX_ITEM_SIZE * 100

    @property
    def is_over_limit(self) -> bool:
        return self.bytes > DYNAMODB_MAX_ITEM_SIZE

    def __repr__(self) -> str:
        return f"ItemSize(bytes={self.bytes}, kb={self.kb:.2f}, percent={self.percent:.1f}%)"


def calculate_string_size(value: str) -> int:
    return len(value.encode("utf-8"))


def calculate_number_size(value: float | int | Decimal) -> int:
    # Significant digits, counted without Decimal.normalize (which rounds to 28 digits).
    digits = "".join(map(str, Decimal(str(value)).as_tuple().digits)).strip("0")
    if not digits:
        return 1
    return 1 + (len(digits) + 1) // 2


def calculate_binary_size(value: bytes) -> int:
    return len(value)


def calculate_boolean_size(_value: bool) -> int:
    return 1


def calculate_null_size() -> int:
    return 1


def calculate_list_size(value: list[Any]) -> int:
    return 3 + sum(calculate_attribute_size(element) for element in value)


def calculate_map_size(value: dict[str, Any]) -> int:
    return 3 + sum(calculate_string_size(str(key)) + calculate_attribute_size(element) for key, element in value.items())


def calculate_set_size(value: set[Any], element_type: str = "S") -> int:
    sizes = {"S": calculate_string_size, "N": calculate_number_size, "B": calculate_binary_size}
    measure = sizes.get(element_type)
    return 3 + (sum(measure(element) for element in value) if measure else 0)


def calculate_attribute_size(value: Any) -> int:
    """Bytes DynamoDB counts for one value of any supported type."""
    if value is None:
        return 1
    if isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return calculate_string_size(value)
    if isinstance(value, (int, float, Decimal)):
        return calculate_number_size(value)
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return calculate_list_size(list(value))
    if isinstance(value, dict):
        return calculate_map_size(value)
    if isinstance(value, (set, frozenset)):
        first = next(iter(value), None)
        kind = "S" if isinstance(first, str) else "B" if isinstance(first, bytes) else "N"
        return calculate_set_size(set(value), kind)
    return calculate_string_size(str(value))


def calculate_item_size(item: dict[str, Any], detailed: bool = False) -> ItemSize:
    """The item's size; with `detailed`, each attribute's (name plus value) in ``fields``."""
    fields = {name: calculate_string_size(name) + calculate_attribute_size(value) for name, value in item.items()}
    return ItemSize(sum(fields.values()), fields if detailed else {})
