"""Logging: `set_logger` (any object with debug/info/warning/error) and `set_correlation_id` (added to each record)."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

_logger: Any = logging.getLogger("pydynox")
_correlation: ContextVar[str | None] = ContextVar("pydynox_correlation_id", default=None)


def set_logger(logger: Any, sdk_debug: bool = False) -> None:
    """Send pydynox's log records to `logger`; `sdk_debug` also turns on botocore's debug logging."""
    global _logger
    _logger = logger
    if sdk_debug:
        logging.getLogger("botocore").setLevel(logging.DEBUG)


def set_correlation_id(correlation_id: str | None) -> None:
    """Tag the following log records (in this context) with `correlation_id`; None clears it."""
    _correlation.set(correlation_id)


def get_logger() -> Any:
    return _logger


def log_operation(operation: str, table: str, duration_ms: float, **fields: Any) -> None:
    """One debug record per DynamoDB call, when a logger wants debug records."""
    logger = _logger
    enabled = getattr(logger, "isEnabledFor", None)
    if enabled is not None and not enabled(logging.DEBUG):
        return
    extra = {"table": table, "duration_ms": round(duration_ms, 2), **fields}
    correlation = _correlation.get()
    if correlation:
        extra["correlation_id"] = correlation
    logger.debug(f"{operation} table={table} duration_ms={duration_ms:.2f}", extra=extra)
