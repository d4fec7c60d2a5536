"""OpenTelemetry tracing of pydynox operations (``pydynox.enable_tracing`` under the integration's names).

    >>> from pydynox.integrations.opentelemetry import enable_otel_tracing
    >>> enable_otel_tracing()  # User.get(...) now makes a "GetItem users" span
"""

from __future__ import annotations

from typing import Any

from pydynox._tracing import disable_tracing, enable_tracing, is_tracing_enabled

__all__ = ["disable_otel_tracing", "enable_otel_tracing", "is_otel_tracing_enabled"]


def enable_otel_tracing(
    tracer: Any = None,
    record_exceptions: bool = True,
    record_consumed_capacity: bool = True,
    span_name_prefix: str | None = None,
) -> None:
    """Trace every operation with `tracer` (default: the global tracer); ImportError without opentelemetry-api."""
    try:
        from opentelemetry import trace
    except ImportError:
        raise ImportError(
            "OpenTelemetry integration requires opentelemetry-api. Install with: pip install pydynox[opentelemetry]"
        ) from None
    enable_tracing(tracer or trace.get_tracer("pydynox"), record_exceptions, record_consumed_capacity, span_name_prefix)


def disable_otel_tracing() -> None:
    disable_tracing()


def is_otel_tracing_enabled() -> bool:
    return is_tracing_enabled()
