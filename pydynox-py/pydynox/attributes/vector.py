"""`VectorAttribute`: an embedding, a list of floats of fixed length (stored as a DynamoDB list of numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydynox._vector import MAX_DIMENSIONS, as_float32
from pydynox.attributes.base import Attribute

__all__ = ["VectorAttribute"]


class VectorAttribute(Attribute[list[float]]):
    """A vector of `dimensions` numbers (1 to 4096), searched through a `pydynox.indexes.VectorIndex`.

    Values are checked whenever they are set (constructor, assignment, load):
    a one-dimensional sequence (or anything with ``tolist()``, a numpy array)
    of exactly `dimensions` finite numbers, each kept as the nearest float32,
    the precision DynamoDB's vector indexes use.
    """

    attr_type = "L"

    def __init__(
        self, dimensions: int, *, default: list[float] | None = None, required: bool = False, alias: str | None = None
    ) -> None:
        if isinstance(dimensions, bool) or not isinstance(dimensions, int):
            raise TypeError("dimensions must be an integer")
        if not 1 <= dimensions <= MAX_DIMENSIONS:
            raise ValueError(f"dimensions must be between 1 and {MAX_DIMENSIONS}")
        super().__init__(default=default, required=required, alias=alias)
        self.dimensions = dimensions

    def serialize(self, value: Any) -> list[float] | None:
        return None if value is None else self._validate(value)

    def deserialize(self, value: Any) -> list[float] | None:
        return None if value is None else self._validate(value)

    def _on_assign(self, value: Any) -> Any:
        """A value set on a model instance, checked and normalised (see `pydynox._model_base`)."""
        return None if value is None else self._validate(value)

    def _validate(self, value: Any) -> list[float]:
        name = self.attr_name or "<unbound>"
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Sequence):
            raise TypeError(f"VectorAttribute '{name}' requires a one-dimensional sequence")
        if len(value) != self.dimensions:
            raise ValueError(f"VectorAttribute '{name}' requires {self.dimensions} dimensions, got {len(value)}")
        vector = []
        for index, number in enumerate(value):
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise TypeError(
                    f"VectorAttribute '{name}' requires numeric values, got {type(number).__name__} at index {index}"
                )
            vector.append(as_float32(float(number), f"VectorAttribute '{name}'", index))
        return vector
