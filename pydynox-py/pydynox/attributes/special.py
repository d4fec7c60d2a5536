"""Enums, datetimes (and JSON, re-exported here as 1.8 places it)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from enum import Enum
from typing import Any, TypeVar

from pydynox.attributes.base import Attribute
from pydynox.attributes.primitives import JSONAttribute

__all__ = ["DatetimeAttribute", "EnumAttribute", "JSONAttribute"]

_E = TypeVar("_E", bound=Enum)


class EnumAttribute(Attribute[_E]):
    """An Enum member, stored as ``str(member.value)``."""

    attr_type = "S"

    def __init__(
        self,
        enum_class: type[_E],
        partition_key: bool = False,
        sort_key: bool = False,
        default: _E | None = None,
        required: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(
            partition_key=partition_key, sort_key=sort_key, default=default, required=required, alias=alias
        )
        self.enum_class = enum_class

    def serialize(self, value: Any) -> Any:
        if isinstance(value, Enum):
            return str(value.value)
        return value if value is None else str(value)

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return None
        try:
            return self.enum_class(value)
        except ValueError:
            for member in self.enum_class:
                if str(member.value) == value:
                    return member
            raise


class DatetimeAttribute(Attribute[datetime]):
    """A datetime, stored as ISO 8601 text; a naive datetime is taken as UTC."""

    attr_type = "S"

    def serialize(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.isoformat()
        return value

    def deserialize(self, value: Any) -> Any:
        if isinstance(value, str):
            return _parse_iso_datetime(value)
        return value


# RFC 3339 text that datetime.fromisoformat reads only from Python 3.11: a
# "Z" offset (JavaScript's toISOString) and fractions that are not 3 or 6
# digits long (Go writes up to 9). The match starts after the seconds field.
_SECONDS_TAIL = re.compile(r"(?<=:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$")


def _rfc3339_tail(match: re.Match[str]) -> str:
    fraction, offset = match.group(1) or "", match.group(2) or ""
    if fraction:
        fraction = "." + fraction[1:7].ljust(6, "0")
    return fraction + ("+00:00" if offset in ("Z", "z") else offset)


def _parse_iso_datetime(text: str) -> datetime:
    """Read ISO 8601 / RFC 3339 text alike on every supported Python."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        # Only Python 3.10 gets here with valid RFC 3339 text.
        normalised = _SECONDS_TAIL.sub(_rfc3339_tail, text, count=1)
        if normalised == text:
            raise
        return datetime.fromisoformat(normalised)
