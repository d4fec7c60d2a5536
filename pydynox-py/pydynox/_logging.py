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


def wants_info() -> bool:
    """Whether an INFO record would go anywhere (a custom logger always takes them)."""
    enabled = getattr(_logger, "isEnabledFor", None)
    return enabled is None or enabled(logging.INFO)


def log_operation(
    operation: str, table: str, duration_ms: float, consumed_rcu: float | None = None,
    consumed_wcu: float | None = None, items_count: int | None = None,
) -> None:  # fmt: skip
    """One INFO record per DynamoDB call, as 1.8 writes it: ``put_item table=users duration_ms=1.2 wcu=1.0``."""
    parts = [f"{operation} table={table} duration_ms={duration_ms:.1f}"]
    if consumed_rcu is not None:
        parts.append(f"rcu={consumed_rcu:.1f}")
    if consumed_wcu is not None:
        parts.append(f"wcu={consumed_wcu:.1f}")
    if items_count is not None:
        parts.append(f"items={items_count}")
    correlation = _correlation.get()
    extra = {"correlation_id": correlation} if correlation else {}
    message = " ".join(parts)
    if not extra:
        _logger.info(message)
        return
    try:
        _logger.info(message, extra=extra)
    except TypeError:  # loggers taking fields as keywords (aws-lambda-powertools)
        _logger.info(message, **extra)
