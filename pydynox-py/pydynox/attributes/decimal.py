"""Exact decimals: `DecimalAttribute` stores a `decimal.Decimal` as a DynamoDB number without float rounding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydynox.attributes.base import Attribute

__all__ = ["DecimalAttribute"]


class DecimalAttribute(Attribute[Decimal]):
    """A number (``N``) read back as `Decimal`, so ``Decimal("19.99")`` stays exactly 19.99."""

    attr_type = "N"
    # Loaded from the stored number's text, so no digit is lost to a float.
    exact_number = True

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            value = Decimal(str(value))
        return value if isinstance(value, Decimal) else Decimal(value)

    def deserialize(self, value: Any) -> Any:
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))
