"""1.8's private path to the logging functions."""

from pydynox._logging import (
    LoggerProtocol,
    _log_debug,
    _log_error,
    _log_operation,
    _log_warning,
    get_correlation_id,
    get_logger,
    set_correlation_id,
    set_logger,
)

__all__ = [
    "LoggerProtocol",
    "_log_debug",
    "_log_error",
    "_log_operation",
    "_log_warning",
    "get_correlation_id",
    "get_logger",
    "set_correlation_id",
    "set_logger",
]
