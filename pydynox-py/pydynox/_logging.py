"""Logging, as 1.8 does it: an INFO line per operation, DEBUG before it, WARNING when slow.

Records go to the ``pydynox`` logger unless `set_logger` names another (any
object with debug/info/warning/error: stdlib, aws-lambda-powertools,
structlog). Each record carries, as ``extra`` fields, the correlation id set
in this context and, while tracing is on, the current span's ``trace_id`` and
``span_id``.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, Protocol

__all__ = ["LoggerProtocol", "get_correlation_id", "get_logger", "set_correlation_id", "set_logger"]

_logger: Any = logging.getLogger("pydynox")
_correlation_id: ContextVar[str | None] = ContextVar("pydynox_correlation_id", default=None)


class LoggerProtocol(Protocol):
    """What pydynox needs of a logger."""

    def debug(self, msg: str, **kwargs: Any) -> None: ...
    def info(self, msg: str, **kwargs: Any) -> None: ...
    def warning(self, msg: str, **kwargs: Any) -> None: ...
    def error(self, msg: str, **kwargs: Any) -> None: ...


def set_logger(logger: LoggerProtocol | logging.Logger, sdk_debug: bool = False) -> None:
    """Send pydynox's log records to `logger`; `sdk_debug` also turns on the AWS SDK's (botocore's) debug logs."""
    global _logger
    _logger = logger
    if sdk_debug:
        logging.getLogger("botocore").setLevel(logging.DEBUG)


def get_logger() -> logging.Logger | Any:
    """The logger pydynox writes to."""
    return _logger


def set_correlation_id(correlation_id: str | None) -> None:
    """Tag the following log records (in this context) with `correlation_id`; None clears it."""
    _correlation_id.set(correlation_id)


def get_correlation_id() -> str | None:
    return _correlation_id.get()


def enabled(level: int) -> bool:
    """Whether a record at `level` would go anywhere (a logger that cannot tell takes them all)."""
    is_enabled = getattr(_logger, "isEnabledFor", None)
    return is_enabled is None or is_enabled(level)


def _get_trace_context() -> dict[str, str]:
    """``trace_id`` and ``span_id`` (hex) of the current OpenTelemetry span, while tracing is on."""
    from pydynox import _tracing

    if _tracing._tracer is None:
        return {}
    try:
        from opentelemetry import trace

        context = trace.get_current_span().get_span_context()
    except Exception:  # OpenTelemetry missing or broken: logs go on without it
        return {}
    if context is None or not context.is_valid:
        return {}
    return {"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x")}


def _emit(level: str, message: str, fields: dict[str, Any]) -> None:
    """Write `message` with `fields` as ``extra``, or as keywords for loggers that take them so (Powertools)."""
    correlation_id = _correlation_id.get()
    if correlation_id:
        fields["correlation_id"] = correlation_id
    fields.update(_get_trace_context())
    write = getattr(_logger, level)
    if not fields:
        write(message)
        return
    try:
        write(message, extra=fields)
    except TypeError:
        write(message, **fields)


def _log_operation(
    operation: str,
    table: str,
    duration_ms: float,
    consumed_rcu: float | None = None,
    consumed_wcu: float | None = None,
    items_count: int | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """The INFO line after an operation: ``get_item table=users duration_ms=1.2 rcu=0.5``."""
    parts = [f"{operation} table={table} duration_ms={duration_ms:.1f}"]
    if consumed_rcu is not None:
        parts.append(f"rcu={consumed_rcu:.1f}")
    if consumed_wcu is not None:
        parts.append(f"wcu={consumed_wcu:.1f}")
    if items_count is not None:
        parts.append(f"items={items_count}")
    _emit("info", " ".join(parts), dict(extra or {}))


def _log_debug(operation: str, msg: str, **fields: Any) -> None:
    _emit("debug", f"{operation} {msg}", fields)


def _log_warning(operation: str, msg: str, **fields: Any) -> None:
    """Throttles, retries and slow operations."""
    _emit("warning", f"{operation} {msg}", fields)


def _log_error(operation: str, msg: str, **fields: Any) -> None:
    _emit("error", f"{operation} {msg}", fields)
