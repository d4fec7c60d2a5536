"""Number arithmetic for update expressions, within DynamoDB's number limits.

DynamoDB numbers carry up to 38 significant digits with a magnitude between
1E-130 and 1E+126. Sums are computed exactly and then checked, so a result
out of range fails with the message DynamoDB gives for storing it.
`normalize` defers to ``fakedynamo.values.normalize_number`` when the values
layer provides one, so that every number the engine stores is spelled alike.
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation
from typing import Callable

from fakedynamo.errors import validation

_EXACT = Context(prec=400, Emax=999999, Emin=-999999)

OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
TOO_PRECISE = "Attempting to store more than 38 significant digits in a Number"

_values_normalizer: Callable[[str], str] | None | bool = False


def decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise validation(f"The parameter cannot be converted to a numeric value: {text}") from None


def format_decimal(value: Decimal) -> str:
    """A Decimal as DynamoDB spells a number: no exponent, no trailing zeros."""
    if not value:
        return "0"
    value = value.normalize(_EXACT)
    adjusted = value.adjusted()
    if adjusted > 125:
        raise validation(OVERFLOW)
    if adjusted < -130:
        raise validation(UNDERFLOW)
    if len(value.as_tuple().digits) > 38:
        raise validation(TOO_PRECISE)
    return format(value, "f")


def normalize(text: str) -> str:
    """`text` (an N value) in canonical form, or DynamoDB's error for it."""
    global _values_normalizer
    if _values_normalizer is False:
        try:
            from fakedynamo.values import normalize_number  # type: ignore[attr-defined]
        except ImportError:
            normalize_number = None
        _values_normalizer = normalize_number
    if _values_normalizer is not None:
        return _values_normalizer(text)  # type: ignore[operator]
    return format_decimal(decimal(text))


def _is_integer(text: str) -> bool:
    """A stored N value without fraction or exponent (stored numbers are normalised)."""
    digits = text[1:] if text[:1] == "-" else text
    return digits.isdigit() and digits.isascii() and len(digits) <= 38


def add(left: str, right: str, subtract: bool = False) -> str:
    """The exact sum (or difference) of two N values, as DynamoDB stores it.

    A result that needs more than 38 significant digits (``1E50 + 1``) is
    refused with the overflow message, not the precision one: that is what
    DynamoDB answers for arithmetic (observed by ScyllaDB's Alternator tests,
    test_number.py, run against DynamoDB).
    """
    if _is_integer(left) and _is_integer(right):
        # The common counter: exact in Python's integers, no Decimal context needed.
        total = int(left) - int(right) if subtract else int(left) + int(right)
        text = str(total)
        digits = text.lstrip("-")
        if len(digits) <= 38:
            return text
        if len(digits.rstrip("0")) > 38 or len(digits) > 126:
            raise validation(OVERFLOW)
        return text
    a, b = decimal(left), decimal(right)
    result = _EXACT.subtract(a, b) if subtract else _EXACT.add(a, b)
    if result and len(result.normalize(_EXACT).as_tuple().digits) > 38:
        raise validation(OVERFLOW)
    return format_decimal(result)
