"""`VectorAttribute`: an embedding, a list of floats of fixed length (stored as a DynamoDB list)."""

from __future__ import annotations

from typing import Any

from pydynox.attributes.base import Attribute

__all__ = ["VectorAttribute"]


class VectorAttribute(Attribute[list[float]]):
    """A vector of `dimensions` floats. Vector search itself needs the engine's vector indexes (see `pydynox.indexes`)."""

    attr_type = "L"

    def __init__(
        self, dimensions: int, *, default: list[float] | None = None, required: bool = False, alias: str | None = None
    ) -> None:
        if dimensions <= 0:
            raise ValueError("dimensions must be positive")
        super().__init__(default=default, required=required, alias=alias)
        self.dimensions = dimensions

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        vector = [float(x) for x in value]
        if len(vector) != self.dimensions:
            raise ValueError(f"Vector has {len(vector)} dimensions, expected {self.dimensions}")
        return vector

    def deserialize(self, value: Any) -> Any:
        return None if value is None else [float(x) for x in value]
