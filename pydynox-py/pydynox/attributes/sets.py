"""String and number sets."""

from __future__ import annotations

from typing import Any

from pydynox._convert import number
from pydynox.attributes.base import Attribute

__all__ = ["NumberSetAttribute", "StringSetAttribute"]


class StringSetAttribute(Attribute[set[str]]):
    """A set of strings, stored (as upstream does) as a list; an empty set is stored as NULL."""

    attr_type = "SS"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        strings = sorted(str(element) for element in value)
        return strings or None

    def deserialize(self, value: Any) -> Any:
        return set(value) if value is not None else set()


def _set_number(element: Any) -> int | float:
    """A number set element (a number string as pydynox stores them, or a number): int when whole."""
    value = number(element) if isinstance(element, str) else element
    return int(value) if isinstance(value, float) and value.is_integer() else value


class NumberSetAttribute(Attribute[set[int | float]]):
    """A set of numbers, stored (as upstream does) as a list of number strings; empty is NULL."""

    attr_type = "NS"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        numbers = [str(element) for element in sorted(value)]
        return numbers or None

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return set()
        return {_set_number(element) for element in value}
