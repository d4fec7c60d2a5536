"""1.8's private path to the S3 value types and operations."""

from pydynox._s3 import S3File, S3Metadata, S3Metrics, S3Value
from pydynox._s3_operations import S3Operations

__all__ = ["S3File", "S3Metadata", "S3Metrics", "S3Operations", "S3Value"]
