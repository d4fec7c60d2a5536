"""DynamoDB's item size rules, for ``ModelConfig(max_size=...)`` (the rules live in `pydynox.size`)."""

from __future__ import annotations

from typing import Any

from pydynox.size import calculate_attribute_size as value_size


def item_size(item: dict[str, Any]) -> int:
    """Bytes of a native item: each name's UTF-8 length plus its value's size."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())
