"""`HotPartitionDetector`: counts reads and writes per partition key in a sliding window and warns when hot."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict, deque
from typing import Any

__all__ = ["HotPartitionDetector"]

logger = logging.getLogger("pydynox.diagnostics")


class HotPartitionDetector:
    """Logs a warning when one partition key gets `writes_threshold` writes (or `reads_threshold` reads) in the window."""

    def __init__(self, writes_threshold: int, reads_threshold: int, window_seconds: int) -> None:
        self._writes_threshold = writes_threshold
        self._reads_threshold = reads_threshold
        self._window_seconds = window_seconds
        self._overrides: dict[str, tuple[int | None, int | None]] = {}
        self._events: dict[tuple[str, str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @property
    def writes_threshold(self) -> int:
        return self._writes_threshold

    @property
    def reads_threshold(self) -> int:
        return self._reads_threshold

    @property
    def window_seconds(self) -> int:
        return self._window_seconds

    def set_table_thresholds(
        self, table: str, writes_threshold: int | None = None, reads_threshold: int | None = None
    ) -> None:
        """Thresholds for one table (None keeps the detector's)."""
        self._overrides[table] = (writes_threshold, reads_threshold)

    def _count(self, kind: str, table: str, pk: str, record: bool) -> int:
        now = time.monotonic()
        with self._lock:
            events = self._events[(kind, table, pk)]
            if record:
                events.append(now)
            while events and events[0] <= now - self._window_seconds:
                events.popleft()
            return len(events)

    def _get_writes_threshold(self, table: str) -> int:
        """The table's writes threshold, else the detector's."""
        override = self._overrides.get(table, (None, None))[0]
        return self._writes_threshold if override is None else override

    def _get_reads_threshold(self, table: str) -> int:
        """The table's reads threshold, else the detector's."""
        override = self._overrides.get(table, (None, None))[1]
        return self._reads_threshold if override is None else override

    def record_write(self, table: str, pk: str) -> None:
        count = self._count("write", table, pk, True)
        if count >= self._get_writes_threshold(table):
            logger.warning(
                'Hot partition detected - table="%s" pk="%s" had %d writes in %ds', table, pk, count, self._window_seconds
            )

    def record_read(self, table: str, pk: str) -> None:
        count = self._count("read", table, pk, True)
        if count >= self._get_reads_threshold(table):
            logger.warning(
                'Hot partition detected - table="%s" pk="%s" had %d reads in %ds', table, pk, count, self._window_seconds
            )

    def get_write_count(self, table: str, pk: str) -> int:
        return self._count("write", table, pk, False)

    def get_read_count(self, table: str, pk: str) -> int:
        return self._count("read", table, pk, False)

    def clear(self) -> None:
        """Forget every count and every table's thresholds."""
        with self._lock:
            self._events.clear()
        self._overrides.clear()


def apply_model_thresholds(client: Any, config: Any) -> None:
    """Push a ModelConfig's ``hot_partition_writes`` / ``_reads`` into its client's detector, for its table."""
    detector = getattr(client, "diagnostics", None)
    writes, reads = getattr(config, "hot_partition_writes", None), getattr(config, "hot_partition_reads", None)
    if detector is not None and (writes is not None or reads is not None):
        detector.set_table_thresholds(config.table, writes_threshold=writes, reads_threshold=reads)
