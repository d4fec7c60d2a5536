"""Diagnostics for access patterns: hot partitions."""

from pydynox.diagnostics.hot_partition import HotPartitionDetector

__all__ = ["HotPartitionDetector"]
