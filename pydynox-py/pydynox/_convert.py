"""Native Python values to DynamoDB's wire form (``{"S": ...}``) and back.

pydynox's rules, not botocore's ``TypeSerializer``: floats are accepted and
written with ``str()``, Decimals exactly (`decimal_text`), numbers come back as
``int`` or ``float`` (never ``Decimal``: models read their DecimalAttributes
exactly themselves), sets come back as Python sets.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

AttributeValue = dict[str, Any]
WireItem = dict[str, AttributeValue]

# What `to_dynamo` does with a value of a type it does not support: None (the
# default) raises TypeError. ``pydynox.testing.MemoryBackend(strict=False)``
# sets a lenient encoder here while it is active.
unsupported_value_hook: Callable[[Any], AttributeValue] | None = None

_NULL: AttributeValue = {"NULL": True}


def to_dynamo(value: Any) -> AttributeValue:
    """One native value as a DynamoDB AttributeValue."""
    kind = type(value)
    if kind is str:
        return {"S": value}
    if kind is bool:
        return {"BOOL": value}
    if kind is int or kind is float:
        return {"N": str(value)}
    if value is None:
        return {"NULL": True}
    if kind is dict:
        return {"M": _map(value)}
    if kind is list:
        return {"L": [to_dynamo(element) for element in value]}
    if kind is bytes:
        return {"B": value}
    return _other(value)


def _map(value: dict[Any, Any]) -> WireItem:
    out: WireItem = {}
    for key, element in value.items():
        if type(key) is not str:
            if not isinstance(key, str):
                raise TypeError(f"Map keys must be strings for DynamoDB, got {type(key).__name__}")
            key = str.__str__(key)
        out[key] = to_dynamo(element)
    return out


def _other(value: Any) -> AttributeValue:
    """Subclasses of the basic types, and sets."""
    if isinstance(value, (set, frozenset)):
        return _set(value)
    if isinstance(value, bool):
        return {"BOOL": bool(value)}
    if isinstance(value, str):
        return {"S": str.__str__(value)}
    if isinstance(value, int):
        return {"N": int.__repr__(value)}
    if isinstance(value, float):
        return {"N": float.__repr__(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"B": bytes(value)}
    if isinstance(value, Decimal):
        return {"N": decimal_text(value)}
    if isinstance(value, dict):
        return {"M": _map(value)}
    if isinstance(value, list):
        return {"L": [to_dynamo(element) for element in value]}
    if unsupported_value_hook is not None:
        return unsupported_value_hook(value)
    raise TypeError(
        f"Unsupported type for DynamoDB: {type(value).__name__}. "
        "Use str, int, float, bool, None, bytes, list, dict or set "
        "(convert other values first, or declare a model attribute that does)."
    )


def _set(value: set[Any] | frozenset[Any]) -> AttributeValue:
    if not value:
        raise ValueError("DynamoDB does not support empty sets")
    if all(isinstance(element, str) for element in value):
        return {"SS": [str.__str__(element) for element in value]}
    if all(isinstance(element, (bytes, bytearray)) for element in value):
        return {"BS": [bytes(element) for element in value]}
    if all(isinstance(element, (int, float, Decimal)) and not isinstance(element, bool) for element in value):
        return {"NS": [decimal_text(e) if isinstance(e, Decimal) else str(e) for e in value]}
    if unsupported_value_hook is not None:
        return unsupported_value_hook(value)
    if any(isinstance(element, bool) for element in value):
        raise TypeError("DynamoDB sets do not support booleans (a set holds strings, numbers or bytes)")
    kinds = sorted({type(element).__name__ for element in value})
    raise TypeError(f"A DynamoDB set holds only strings, only numbers or only bytes, got {', '.join(kinds)}")


# DynamoDB's numbers: 38 significant digits, nonzero magnitudes from 1E-130 to 9.99...E+125.
MAX_DIGITS = 38
MIN_EXPONENT, MAX_EXPONENT = -130, 125


def decimal_text(value: Decimal) -> str:
    """A Decimal as DynamoDB number text, exactly, in 1.8's form ("1E3", "-123E-6", "0").

    ValueError for what no DynamoDB number holds (NaN, infinities, over 38 digits,
    out of range) instead of rounding. Works on the digits, so no decimal context applies.
    """
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError("Decimal must be finite")
    text = "".join(map(str, digits)).lstrip("0")
    significant = text.rstrip("0")
    if not significant:
        return "0"
    exponent += len(text) - len(significant)
    if len(significant) > MAX_DIGITS:
        raise ValueError(f"Decimal exceeds DynamoDB's {MAX_DIGITS} significant digits of precision")
    if not MIN_EXPONENT <= exponent + len(significant) - 1 <= MAX_EXPONENT:
        raise ValueError(
            "Decimal magnitude must be between 1E-130 and 9.9999999999999999999999999999999999999E+125"
        )
    return ("-" if sign else "") + significant + (f"E{exponent}" if exponent else "")


def number(text: str) -> int | float:
    """A DynamoDB number: ``float`` if it has a fraction or an exponent, else ``int``."""
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def from_dynamo(value: AttributeValue) -> Any:
    """One DynamoDB AttributeValue as a native value."""
    for tag, inner in value.items():
        if tag == "S":
            return inner
        if tag == "N":
            return number(inner)
        if tag == "BOOL":
            return inner
        if tag == "M":
            return {key: from_dynamo(element) for key, element in inner.items()}
        if tag == "L":
            return [from_dynamo(element) for element in inner]
        if tag == "NULL":
            return None
        if tag == "B":
            return inner
        if tag == "SS" or tag == "BS":
            return set(inner)
        if tag == "NS":
            return {number(element) for element in inner}
        raise TypeError(f"Unknown DynamoDB type tag: {tag}")
    raise TypeError("An empty AttributeValue")


def item_to_dynamo(item: dict[str, Any]) -> WireItem:
    """A native item (or key) dict in DynamoDB's wire form."""
    return {name: to_dynamo(value) for name, value in item.items()}


def item_from_dynamo(item: WireItem) -> dict[str, Any]:
    """A wire-form item (or key) as a native dict."""
    return {name: from_dynamo(value) for name, value in item.items()}


def values_to_dynamo(values: dict[str, Any] | None) -> WireItem | None:
    """ExpressionAttributeValues in wire form, or None."""
    if not values:
        return None
    return {name: to_dynamo(value) for name, value in values.items()}
