"""Number literals in a statement, checked as DynamoDB checks them.

A literal whose exponent or scale does not fit a 32-bit integer cannot be read
at all (the lexer's error: nothing after the colon); one that is read but
breaks DynamoDB's number rules gets the number message and " under <path>",
the path inside the value (paritysuite/dynamodb-conformance, partiqlGrammar).
"""

from __future__ import annotations

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.partiql.errors import lexer_error
from fakedynamo.values import CURRENT, normalize_number

_INT32 = 1 << 31
_RANGE_MESSAGES = ("Number overflow", "Number underflow", "Attempting to store more than 38")


def number_literal(text: str, path: str = "root") -> str:
    """A number literal's normalised text, or DynamoDB's error for one it refuses."""
    mantissa, _, exponent = text.lower().partition("e")
    if exponent:
        value = int(exponent)
        fraction = mantissa.partition(".")[2]
        if not -_INT32 <= value < _INT32 or not -_INT32 <= len(fraction) - value < _INT32:
            raise lexer_error()
    try:
        return normalize_number(text, CURRENT)
    except DynamoDBError as error:
        if error.message and error.message.startswith(_RANGE_MESSAGES):
            raise validation(f"{error.message} under {path}") from None
        raise
