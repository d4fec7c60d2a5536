"""1.8's private path to the tracing functions."""

from pydynox._tracing import (
    OPERATION_NAMES,
    TracingConfig,
    add_response_attributes,
    disable_tracing,
    enable_tracing,
    get_config,
    get_operation_name,
    get_tracer,
    is_tracing_enabled,
    trace_operation,
)

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
