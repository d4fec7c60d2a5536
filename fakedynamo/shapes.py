"""Request shape checks that AWS's service framework makes before DynamoDB sees a request.

Two layers, in the order AWS applies them: JSON values of the wrong type are
refused with SerializationException, then the service model's constraints
(required members, lengths, ranges, enums, patterns) are checked together and
refused with one ValidationException listing every violation.
"""

from __future__ import annotations

from typing import Any


def check_request(operation: str, request: dict[str, Any]) -> None:
    """Raise DynamoDB's error if `request` does not fit the shape of `operation`'s input."""
