"""`CompressedAttribute`: large text stored compressed (see `pydynox._compression` for the format)."""

from __future__ import annotations

from typing import Any

from pydynox._compression import CompressionAlgorithm, compress_string, decompress_string
from pydynox.attributes.base import Attribute

__all__ = ["CompressedAttribute", "CompressionAlgorithm"]


class CompressedAttribute(Attribute[str]):
    """A string stored as ``"ZSTD:<base64>"`` (or ``LZ4:``/``GZIP:``) when at least `min_size` bytes and it shrinks."""

    attr_type = "S"

    def __init__(
        self,
        algorithm: CompressionAlgorithm | None = None,
        level: int | None = None,
        min_size: int = 100,
        threshold: float = 0.9,
        partition_key: bool = False,
        sort_key: bool = False,
        default: str | None = None,
        required: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(partition_key, sort_key, default, required, alias=alias)
        self.algorithm = algorithm
        self.level = level
        self.min_size = min_size
        self.threshold = threshold

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        return compress_string(value, self.algorithm, self.level, self.min_size, self.threshold)

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return None
        return decompress_string(value) if isinstance(value, str) else str(value)
