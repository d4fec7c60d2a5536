"""OpenTelemetry tracing: a CLIENT span per operation once `enable_tracing()` is called.

Until then (and without OpenTelemetry installed) an operation reads one
global and moves on: tracing costs nothing when off. Spans follow the current
database semantic conventions (``db.system.name`` is ``aws.dynamodb``,
``db.operation.name`` the API name, ``db.collection.name`` the table) and are
started as the current span, so they are children of the caller's span and
log records written inside carry their trace context.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = [
    "OPERATION_NAMES",
    "TracingConfig",
    "add_response_attributes",
    "disable_tracing",
    "enable_tracing",
    "get_config",
    "get_operation_name",
    "get_tracer",
    "is_tracing_enabled",
    "trace_operation",
]

_tracer: Any = None
_config: TracingConfig | None = None

# pydynox's operation names -> DynamoDB's API names (the span's db.operation.name).
OPERATION_NAMES = {
    "put_item": "PutItem",
    "get_item": "GetItem",
    "delete_item": "DeleteItem",
    "update_item": "UpdateItem",
    "query": "Query",
    "scan": "Scan",
    "batch_write": "BatchWriteItem",
    "batch_get": "BatchGetItem",
    "transact_write": "TransactWriteItems",
    "transact_get": "TransactGetItems",
    "search_vectors": "SearchVectors",
}


class TracingConfig:
    """The switches given to `enable_tracing`."""

    def __init__(
        self, record_exceptions: bool = True, record_consumed_capacity: bool = True, span_name_prefix: str | None = None
    ) -> None:
        self.record_exceptions = record_exceptions
        self.record_consumed_capacity = record_consumed_capacity
        self.span_name_prefix = span_name_prefix


class SpanProtocol(Protocol):
    def set_attribute(self, key: str, value: Any) -> None: ...
    def record_exception(self, exception: BaseException) -> None: ...
    def set_status(self, status: Any, description: str | None = None) -> None: ...
    def end(self) -> None: ...


class TracerProtocol(Protocol):
    def start_as_current_span(self, name: str, **kwargs: Any) -> Any: ...


def enable_tracing(
    tracer: Any = None,
    record_exceptions: bool = True,
    record_consumed_capacity: bool = True,
    span_name_prefix: str | None = None,
) -> None:
    """Trace every operation with `tracer` (default: OpenTelemetry's global tracer for "pydynox")."""
    global _tracer, _config
    if tracer is None:
        try:
            from opentelemetry import trace
        except ImportError:
            raise ImportError(
                "OpenTelemetry tracing requires opentelemetry-api. Install with: pip install pydynox[opentelemetry]"
            ) from None
        tracer = trace.get_tracer("pydynox")
    _tracer = tracer
    _config = TracingConfig(record_exceptions, record_consumed_capacity, span_name_prefix)


def disable_tracing() -> None:
    global _tracer, _config
    _tracer = None
    _config = None


def is_tracing_enabled() -> bool:
    return _tracer is not None


def get_tracer() -> Any:
    return _tracer


def get_config() -> TracingConfig | None:
    return _config


def get_operation_name(operation: str) -> str:
    """The API name of `operation` (``put_item`` and ``async_put_item`` are ``PutItem``); unknown names stay."""
    return OPERATION_NAMES.get(operation.removeprefix("async_"), operation)


def _span_name(api_name: str, table: str | None, batch_size: int | None, prefix: str | None) -> str:
    name = f"{api_name} {table}" if table else api_name
    if batch_size and batch_size > 1:
        name = f"BATCH {name}"
    return f"{prefix} {name}" if prefix else name


@contextmanager
def trace_operation(
    operation: str, table: str | None = None, region: str | None = None, batch_size: int | None = None
) -> Iterator[Any]:
    """The span of one operation as the current span (None when tracing is off); an exception marks it failed."""
    tracer, config = _tracer, _config
    if tracer is None or config is None:
        yield None
        return
    try:
        from opentelemetry.trace import SpanKind, StatusCode
    except ImportError:
        yield None
        return
    api_name = get_operation_name(operation)
    name = _span_name(api_name, table, batch_size, config.span_name_prefix)
    # The span is ended here, not by the context manager, so it is marked failed before it ends.
    with tracer.start_as_current_span(name, kind=SpanKind.CLIENT, end_on_exit=False) as span:
        span.set_attribute("db.system.name", "aws.dynamodb")
        span.set_attribute("db.operation.name", api_name)
        if table:
            span.set_attribute("db.collection.name", table)
        if region:
            span.set_attribute("db.namespace", region)
            span.set_attribute("server.address", f"dynamodb.{region}.amazonaws.com")
        if batch_size and batch_size > 1:
            span.set_attribute("db.operation.batch.size", batch_size)
        try:
            yield span
        except Exception as error:
            span.set_attribute("error.type", type(error).__name__)
            if config.record_exceptions:
                span.record_exception(error)
            span.set_status(StatusCode.ERROR, str(error))
            raise
        finally:
            span.end()


def add_response_attributes(
    span: Any,
    consumed_rcu: float | None = None,
    consumed_wcu: float | None = None,
    request_id: str | None = None,
    vector_search_bytes: float | None = None,
    vector_write_bytes: float | None = None,
    returned_rows: int | None = None,
) -> None:
    """What DynamoDB answered, on `span` (unless None, or consumed capacity is not recorded)."""
    if span is None or _config is None or not _config.record_consumed_capacity:
        return
    attributes = {
        "aws.dynamodb.consumed_capacity.read": consumed_rcu,
        "aws.dynamodb.consumed_capacity.write": consumed_wcu,
        "aws.request_id": request_id,
        "aws.dynamodb.vector_search_bytes": vector_search_bytes,
        "aws.dynamodb.vector_write_bytes": vector_write_bytes,
        "db.response.returned_rows": returned_rows,
    }
    for key, value in attributes.items():
        if value is not None:
            span.set_attribute(key, value)
