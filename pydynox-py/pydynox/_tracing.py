"""OpenTelemetry tracing: one CLIENT span per DynamoDB call once `enable_tracing()` is called.

Until then (and without OpenTelemetry installed) `span()` returns None after
one global read: tracing costs nothing when off. Span names and attributes
follow the OpenTelemetry database semantic conventions (``db.system`` is
``dynamodb``, ``db.operation.name`` the API operation).
"""

from __future__ import annotations

from typing import Any

_tracer: Any = None
_record_exceptions = True
_record_consumed_capacity = True
_span_name_prefix: str | None = None


def enable_tracing(
    tracer: Any = None,
    record_exceptions: bool = True,
    record_consumed_capacity: bool = True,
    span_name_prefix: str | None = None,
) -> None:
    """Trace every call with `tracer` (default: OpenTelemetry's global tracer for "pydynox")."""
    global _tracer, _record_exceptions, _record_consumed_capacity, _span_name_prefix
    if tracer is None:
        try:
            from opentelemetry import trace
        except ImportError:
            raise ImportError("enable_tracing() needs opentelemetry-api (pip install opentelemetry-api)") from None
        tracer = trace.get_tracer("pydynox")
    _tracer = tracer
    _record_exceptions = record_exceptions
    _record_consumed_capacity = record_consumed_capacity
    _span_name_prefix = span_name_prefix


def disable_tracing() -> None:
    global _tracer
    _tracer = None


def is_tracing_enabled() -> bool:
    return _tracer is not None


def get_tracer() -> Any:
    return _tracer


def start_span(operation: str, table: str | None) -> Any:
    """A started span for one call, or None when tracing is off."""
    tracer = _tracer
    if tracer is None:
        return None
    name = f"{operation} {table}" if table else operation
    if _span_name_prefix:
        name = f"{_span_name_prefix} {name}"
    try:
        from opentelemetry.trace import SpanKind

        kind: Any = SpanKind.CLIENT
    except ImportError:
        kind = None
    attributes = {"db.system": "dynamodb", "db.operation.name": operation}
    if table:
        attributes["db.collection.name"] = table
    if kind is None:
        return tracer.start_span(name, attributes=attributes)
    return tracer.start_span(name, kind=kind, attributes=attributes)


def end_span(span: Any, error: BaseException | None = None, rcu: float | None = None, wcu: float | None = None) -> None:
    if _record_consumed_capacity:
        if rcu:
            span.set_attribute("aws.dynamodb.consumed_capacity.read", rcu)
        if wcu:
            span.set_attribute("aws.dynamodb.consumed_capacity.write", wcu)
    if error is not None and _record_exceptions:
        span.record_exception(error)
        span.set_attribute("error.type", type(error).__name__)
        try:
            from opentelemetry.trace import Status, StatusCode

            span.set_status(Status(StatusCode.ERROR, str(error)))
        except ImportError:
            pass
    span.end()
