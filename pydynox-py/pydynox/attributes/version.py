"""The optimistic-locking counter."""

from __future__ import annotations

from typing import Any

from pydynox.attributes.base import Attribute

__all__ = ["VersionAttribute"]


class VersionAttribute(Attribute[int]):
    """The optimistic-locking counter: set to 1 on the first save, +1 on each later one."""

    attr_type = "N"

    def __init__(self) -> None:
        super().__init__()

    def serialize(self, value: Any) -> Any:
        return value if value is None else int(value)

    def deserialize(self, value: Any) -> Any:
        return value if value is None else int(value)
