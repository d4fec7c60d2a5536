"""What each call cost (`OperationMetrics`) and running totals (`ModelMetrics`, with KMS and S3 calls)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


class OperationMetrics:
    """Duration and consumed capacity of one operation (read-only)."""

    __slots__ = (
        "_duration_ms", "_rcu", "_wcu", "_request_id", "_items_count", "_scanned_count",
        "_vector_search_bytes", "_vector_write_bytes",
    )  # fmt: skip

    def __init__(self, duration_ms: float = 0.0) -> None:
        self._duration_ms = float(duration_ms)
        self._rcu: float | None = None
        self._wcu: float | None = None
        self._request_id: str | None = None
        self._items_count: int | None = None
        self._scanned_count: int | None = None
        self._vector_search_bytes: float | None = None
        self._vector_write_bytes: float | None = None

    @classmethod
    def _of(
        cls,
        duration_ms: float,
        rcu: float | None = None,
        wcu: float | None = None,
        request_id: str | None = None,
        items_count: int | None = None,
        scanned_count: int | None = None,
        vector_search_bytes: float | None = None,
        vector_write_bytes: float | None = None,
    ) -> OperationMetrics:
        metrics = cls.__new__(cls)
        metrics._duration_ms = duration_ms
        metrics._rcu = rcu
        metrics._wcu = wcu
        metrics._request_id = request_id
        metrics._items_count = items_count
        metrics._scanned_count = scanned_count
        metrics._vector_search_bytes = vector_search_bytes
        metrics._vector_write_bytes = vector_write_bytes
        return metrics

    @property
    def duration_ms(self) -> float:
        return self._duration_ms

    @property
    def consumed_rcu(self) -> float | None:
        return self._rcu

    @property
    def consumed_wcu(self) -> float | None:
        return self._wcu

    @property
    def request_id(self) -> str | None:
        return self._request_id

    @property
    def items_count(self) -> int | None:
        return self._items_count

    @property
    def scanned_count(self) -> int | None:
        return self._scanned_count

    @property
    def vector_search_bytes(self) -> float | None:
        """The vector search request bytes a SearchVectors call consumed."""
        return self._vector_search_bytes

    @property
    def vector_write_bytes(self) -> float | None:
        """The vector write request bytes a write to a vector-indexed attribute consumed."""
        return self._vector_write_bytes

    def __repr__(self) -> str:
        parts = [f"duration_ms={self._duration_ms:.2f}"]
        if self._rcu is not None:
            parts.append(f"rcu={self._rcu}")
        if self._wcu is not None:
            parts.append(f"wcu={self._wcu}")
        if self._items_count is not None:
            parts.append(f"items={self._items_count}")
        if self._scanned_count is not None:
            parts.append(f"scanned={self._scanned_count}")
        if self._vector_search_bytes is not None:  # as 1.8 prints them: whole bytes
            parts.append(f"vector_search_bytes={self._vector_search_bytes:.0f}")
        if self._vector_write_bytes is not None:
            parts.append(f"vector_write_bytes={self._vector_write_bytes:.0f}")
        return f"OperationMetrics({', '.join(parts)})"


_COUNTERS = {
    "get": "get_count",
    "put": "put_count",
    "delete": "delete_count",
    "update": "update_count",
    "query": "query_count",
    "scan": "scan_count",
}


@dataclass
class ModelMetrics:
    """Totals over many operations, for a client or a model class."""

    total_rcu: float = 0.0
    total_wcu: float = 0.0
    total_duration_ms: float = 0.0
    operation_count: int = 0
    get_count: int = 0
    put_count: int = 0
    delete_count: int = 0
    update_count: int = 0
    query_count: int = 0
    scan_count: int = 0
    # KMS calls made by EncryptedAttribute while saving and loading
    kms_duration_ms: float = 0.0
    kms_calls: int = 0
    # S3 calls made by S3Attribute on save (uploads) and delete
    s3_duration_ms: float = 0.0
    s3_calls: int = 0
    s3_bytes_uploaded: int = 0
    s3_bytes_downloaded: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, metrics: OperationMetrics, operation: str) -> None:
        """Count one operation ("get", "put", "delete", "update", "query" or "scan")."""
        counter = _COUNTERS.get(operation)
        with self._lock:
            self.total_rcu += metrics._rcu or 0.0
            self.total_wcu += metrics._wcu or 0.0
            self.total_duration_ms += metrics._duration_ms
            self.operation_count += 1
            if counter is not None:
                setattr(self, counter, getattr(self, counter) + 1)

    def add_kms(self, duration_ms: float, calls: int = 1) -> None:
        with self._lock:
            self.kms_duration_ms += duration_ms
            self.kms_calls += calls

    def add_s3(self, duration_ms: float, calls: int, bytes_uploaded: int = 0, bytes_downloaded: int = 0) -> None:
        with self._lock:
            self.s3_duration_ms += duration_ms
            self.s3_calls += calls
            self.s3_bytes_uploaded += bytes_uploaded
            self.s3_bytes_downloaded += bytes_downloaded

    def reset(self) -> None:
        with self._lock:
            self.total_rcu = self.total_wcu = self.total_duration_ms = 0.0
            self.operation_count = 0
            for counter in _COUNTERS.values():
                setattr(self, counter, 0)
            self.kms_duration_ms = self.s3_duration_ms = 0.0
            self.kms_calls = self.s3_calls = self.s3_bytes_uploaded = self.s3_bytes_downloaded = 0


# KMS calls happen inside an attribute's serialize/deserialize, which cannot
# return metrics: while a model saves or loads, they go to that model's totals.
_kms_totals: ContextVar[ModelMetrics | None] = ContextVar("pydynox_kms_totals", default=None)


@contextmanager
def kms_calls_into(totals: ModelMetrics) -> Iterator[None]:
    """KMS calls `record_kms` reports in this block (this thread or task) count in `totals`."""
    token = _kms_totals.set(totals)
    try:
        yield
    finally:
        _kms_totals.reset(token)


def record_kms(duration_ms: float, calls: int) -> None:
    """Count KMS calls in the totals of the model saving or loading now, if any."""
    totals = _kms_totals.get()
    if totals is not None:
        totals.add_kms(duration_ms, calls)


# What put, update and delete item calls ask for, as 1.8 does: INDEXES, under which DynamoDB adds
# the VectorIndexes map (VectorWriteRequestBytes per vector index the write changed) to ConsumedCapacity.
WRITE_CAPACITY = "INDEXES"


def vector_bytes(response: dict[str, Any], member: str) -> float | None:
    """``VectorSearchRequestBytes`` of a SearchVectors response's ConsumedCapacity (a VectorCapacity), or None."""
    consumed = response.get("ConsumedCapacity")
    if isinstance(consumed, dict):
        value = consumed.get(member)
        return None if value is None else float(value)
    return None


def vector_write_bytes(response: dict[str, Any]) -> float | None:
    """The VectorWriteRequestBytes of a write, summed over its ConsumedCapacity's VectorIndexes; None without any."""
    consumed = response.get("ConsumedCapacity")
    indexes = consumed.get("VectorIndexes") if isinstance(consumed, dict) else None
    if not indexes:
        return None
    return sum(float(entry.get("VectorWriteRequestBytes") or 0.0) for entry in indexes.values())


def capacity(response: dict[str, Any]) -> float | None:
    """The total CapacityUnits a response reports (ReturnConsumedCapacity=TOTAL), or None."""
    consumed = response.get("ConsumedCapacity")
    if consumed is None:
        return None
    if isinstance(consumed, list):
        return sum(entry.get("CapacityUnits", 0.0) for entry in consumed)
    return consumed.get("CapacityUnits")
