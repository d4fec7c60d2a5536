"""Vector search names (`VectorIndex`, `VectorDistance`, results) and the error they raise for now.

Vector indexes and ``search_vectors`` need the vector search operations of
the service; fakedynamo does not serve them yet, so every call that would
reach them raises `VectorSearchUnavailable` (a `NotImplementedError`) with
that explanation, instead of an ImportError at import time.
"""

from __future__ import annotations

import enum
import sys
from typing import Any, Generic, TypeVar

__all__ = [
    "VectorDistance",
    "VectorIndex",
    "VectorIndexInfo",
    "VectorMatch",
    "VectorSearchResult",
    "VectorSearchUnavailable",
    "vector_search_unavailable",
]

M = TypeVar("M")


class VectorSearchUnavailable(NotImplementedError):
    """Vector search is not available on this backend yet."""


def vector_search_unavailable() -> VectorSearchUnavailable:
    return VectorSearchUnavailable(
        "Vector search (vector indexes, search_vectors) is not implemented by this pydynox yet; "
        "DynamoDB's SearchVectors can be called through a botocore client meanwhile."
    )


if sys.version_info >= (3, 11):
    _StrEnum = enum.StrEnum
else:  # 3.10: what enum.StrEnum is, members that are their own string value

    class _StrEnum(str, enum.Enum):
        def __str__(self) -> str:
            return str(self.value)


class VectorDistance(_StrEnum):
    COSINE = "COSINE"
    DOT_PRODUCT = "DOT_PRODUCT"
    EUCLIDEAN = "EUCLIDEAN"


class VectorIndexInfo:
    def __init__(
        self,
        index_name: str,
        status: str,
        backfilling: bool,
        item_count: int,
        size_bytes: int,
        index_arn: str,
        dimensions: int,
        distance: str,
    ) -> None:
        self.index_name, self.status, self.backfilling = index_name, status, backfilling
        self.item_count, self.size_bytes, self.index_arn = item_count, size_bytes, index_arn
        self.dimensions, self.distance = dimensions, distance

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> VectorIndexInfo:
        return cls(**{name: value.get(name) for name in cls.__init__.__code__.co_varnames[1:9]})


class VectorMatch(Generic[M]):
    def __init__(self, item: M, score: float) -> None:
        self.item, self.score = item, score


class VectorSearchResult(list[VectorMatch[M]], Generic[M]):
    def __init__(self, matches: list[VectorMatch[M]], metrics: Any) -> None:
        super().__init__(matches)
        self.metrics = metrics


class VectorIndex(Generic[M]):
    """A vector index declared on a model (class attribute), over a `VectorAttribute`."""

    def __init__(
        self,
        index_name: str,
        vector_attribute: str,
        *,
        distance: VectorDistance = VectorDistance.COSINE,
        partition_key: str | None = None,
        inline_filters: list[str] | None = None,
        projection: str | list[str] = "ALL",
    ) -> None:
        self.index_name, self.vector_attribute, self.distance = index_name, vector_attribute, distance
        self.partition_key, self.inline_filters, self.projection = partition_key, inline_filters, projection

    def to_create_table_definition(self, model_class: type[Any]) -> dict[str, Any]:
        return {
            "index_name": self.index_name,
            "vector_attribute": self.vector_attribute,
            "distance": str(self.distance),
            "partition_key": self.partition_key,
            "inline_filters": self.inline_filters,
            "projection": self.projection,
        }

    def sync_create(self, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        raise vector_search_unavailable()

    def sync_delete(self, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        raise vector_search_unavailable()

    def sync_describe(self) -> VectorIndexInfo:
        raise vector_search_unavailable()

    def sync_search(
        self, query_vector: list[float], *, partition_key: Any = None, where: Any = None, top_k: int = 10,
        as_dict: bool = False,
    ) -> VectorSearchResult[M]:  # fmt: skip
        raise vector_search_unavailable()

    async def create(self, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        raise vector_search_unavailable()

    async def delete(self, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        raise vector_search_unavailable()

    async def describe(self) -> VectorIndexInfo:
        raise vector_search_unavailable()

    async def search(
        self, query_vector: list[float], *, partition_key: Any = None, where: Any = None, top_k: int = 10,
        as_dict: bool = False,
    ) -> VectorSearchResult[M]:  # fmt: skip
        raise vector_search_unavailable()
