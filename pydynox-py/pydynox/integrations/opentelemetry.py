"""OpenTelemetry tracing of pydynox calls (the same switches as ``pydynox.enable_tracing``)."""

from __future__ import annotations

from pydynox._tracing import disable_tracing as disable_otel_tracing
from pydynox._tracing import enable_tracing as enable_otel_tracing
from pydynox._tracing import is_tracing_enabled as is_otel_tracing_enabled

__all__ = ["disable_otel_tracing", "enable_otel_tracing", "is_otel_tracing_enabled"]
