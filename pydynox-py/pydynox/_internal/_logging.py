"""1.8's private path to the logging functions."""

from pydynox._logging import get_logger, set_correlation_id, set_logger

__all__ = ["get_logger", "set_correlation_id", "set_logger"]
