"""Exact decimals: `DecimalAttribute` stores a `decimal.Decimal` as a DynamoDB number without float rounding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydynox._convert import decimal_text
from pydynox.atomic import AtomicAdd, AtomicIfNotExists, AtomicSet
from pydynox.attributes.base import Attribute

__all__ = ["DecimalAttribute", "exact_decimal"]


def exact_decimal(value: Any) -> Decimal | None:
    """`value` as a Decimal DynamoDB can hold exactly (1.8's ``validate_decimal``); None stays None.

    TypeError for anything but a Decimal or an int (a float has already lost digits:
    write ``Decimal("1.23")``); ValueError past DynamoDB's 38 digits or its range.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        decimal = value
    elif isinstance(value, int) and not isinstance(value, bool):
        decimal = Decimal(value)
    else:
        raise TypeError("DecimalAttribute requires Decimal or int; use Decimal('1.23') for fractional values")
    decimal_text(decimal)
    return decimal


class DecimalAttribute(Attribute[Decimal]):
    """A number (``N``) read back as `Decimal`, so ``Decimal("19.99")`` stays exactly 19.99.

    Takes Decimal or int only, on assignment too; model reads decode the stored
    number's text, so no digit is lost to a float or to the decimal context.
    """

    attr_type = "N"
    # Loaded from the stored number's text, so no digit is lost to a float.
    exact_number = True

    def __init__(
        self,
        partition_key: bool = False,
        sort_key: bool = False,
        default: Decimal | int | None = None,
        required: bool = False,
        discriminator: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(partition_key, sort_key, exact_decimal(default), required, discriminator, alias)

    def _on_assign(self, value: Any) -> Decimal | None:
        """What a model stores when this attribute is assigned (see `pydynox._model_meta`)."""
        return exact_decimal(value)

    def serialize(self, value: Any) -> Decimal | None:
        return exact_decimal(value)

    def deserialize(self, value: Any) -> Decimal | None:
        return exact_decimal(value)

    def set(self, value: Any) -> AtomicSet:
        return super().set(exact_decimal(value))

    def add(self, value: Any) -> AtomicAdd:
        return super().add(exact_decimal(value))  # type: ignore[arg-type]

    def if_not_exists(self, value: Any) -> AtomicIfNotExists:
        return super().if_not_exists(exact_decimal(value))
