"""The names of 1.8's native module (``pydynox.pydynox_core``), here in Python.

1.8 builds this module in Rust; in this package each name is the Python object
that does the same job (exceptions are the very classes of
`pydynox.exceptions`, `FixedRate` that of `pydynox.rate_limit`, and so on), so
code importing from here keeps working. The S3 and KMS handles are made lazily.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from pydynox._compression import (
    CompressionAlgorithm,
    compress,
    compress_string,
    decompress,
    decompress_string,
    should_compress,
)
from pydynox._convert import from_dynamo
from pydynox._convert import item_from_dynamo as _item_from_dynamo
from pydynox._convert import item_to_dynamo
from pydynox._convert import to_dynamo as py_to_dynamo
from pydynox._kms import DecryptResult, EncryptResult, KmsEncryptor, KmsMetrics
from pydynox._metrics import OperationMetrics
from pydynox._s3 import S3Metadata, S3Metrics
from pydynox._s3_operations import S3Operations
from pydynox.client import DynamoDBClient
from pydynox.diagnostics import HotPartitionDetector
from pydynox.exceptions import (
    AccessDeniedException,
    ConditionalCheckFailedException,
    ConnectionException,
    CredentialsException,
    EncryptionException,
    IdempotentParameterMismatchException,
    ItemTooLargeException,
    LockLost,
    LockNotAcquired,
    LockReleaseError,
    ProvisionedThroughputExceededException,
    PydynoxException,
    ResourceInUseException,
    ResourceNotFoundException,
    S3AttributeException,
    S3Exception,
    SerializationException,
    TransactionCanceledException,
    ValidationException,
)
from pydynox.generators import AutoGenerate, generate_value
from pydynox._lock_key import LockKeyTemplate
from pydynox._lock_lease import LockMetrics, NativeLease
from pydynox.rate_limit import AdaptiveRate, FixedRate, RateLimitMetrics


class HotPartitionTracker(HotPartitionDetector):
    """Counts reads and writes per partition key (`HotPartitionDetector` without the warnings' thresholds)."""

    def __init__(self, writes_threshold: int = 0, reads_threshold: int = 0, window_seconds: int = 60) -> None:
        super().__init__(writes_threshold, reads_threshold, window_seconds)


class MemoryLockState:
    """1.8 keeps in-memory lock state here for its memory backend; locks here live in the table."""




def dynamo_to_py(attr: dict[str, Any]) -> Any:
    """One DynamoDB AttributeValue as a Python value."""
    return from_dynamo(attr)


def item_from_dynamo(item: dict[str, Any], *, _number_schema: Any = None) -> dict[str, Any]:
    return _item_from_dynamo(item)


def validate_decimal(value: Decimal) -> None:
    """ValueError unless `value` fits a DynamoDB number (38 significant digits, finite)."""
    if not value.is_finite():
        raise ValueError(f"DynamoDB numbers must be finite, got {value}")
    digits = "".join(map(str, value.as_tuple().digits)).strip("0")
    if len(digits) > 38:
        raise ValueError(f"DynamoDB numbers have at most 38 significant digits, got {len(digits)}")


def decimal_to_number(value: Decimal) -> int | float:
    """A Decimal as int when whole, else float."""
    try:
        return int(value) if value == value.to_integral_value() else float(value)
    except InvalidOperation:
        return float(value)


def enable_sdk_debug() -> None:
    """botocore's debug logging on."""
    logging.getLogger("botocore").setLevel(logging.DEBUG)


def generate_uuid4() -> str:
    return generate_value(AutoGenerate.UUID4)  # type: ignore[no-any-return]


def generate_ulid() -> str:
    return generate_value(AutoGenerate.ULID)  # type: ignore[no-any-return]


def generate_ksuid() -> str:
    return generate_value(AutoGenerate.KSUID)  # type: ignore[no-any-return]


def generate_epoch() -> int:
    return generate_value(AutoGenerate.EPOCH)  # type: ignore[no-any-return]


def generate_epoch_ms() -> int:
    return generate_value(AutoGenerate.EPOCH_MS)  # type: ignore[no-any-return]


def generate_iso8601() -> str:
    return generate_value(AutoGenerate.ISO8601)  # type: ignore[no-any-return]


__all__ = [
    "AccessDeniedException", "AdaptiveRate", "CompressionAlgorithm", "ConditionalCheckFailedException",
    "ConnectionException", "CredentialsException", "DecryptResult", "DynamoDBClient", "EncryptResult",
    "EncryptionException", "FixedRate", "HotPartitionTracker", "IdempotentParameterMismatchException",
    "ItemTooLargeException", "KmsEncryptor", "KmsMetrics", "LockKeyTemplate", "LockLost", "LockMetrics",
    "LockNotAcquired", "LockReleaseError", "MemoryLockState", "NativeLease", "OperationMetrics",
    "ProvisionedThroughputExceededException", "PydynoxException", "RateLimitMetrics", "ResourceInUseException",
    "ResourceNotFoundException", "S3AttributeException", "S3Exception", "S3Metadata", "S3Metrics", "S3Operations",
    "SerializationException", "TransactionCanceledException", "ValidationException", "compress",
    "compress_string", "decimal_to_number", "decompress", "decompress_string", "dynamo_to_py", "enable_sdk_debug",
    "generate_epoch", "generate_epoch_ms", "generate_iso8601", "generate_ksuid", "generate_ulid", "generate_uuid4",
    "item_from_dynamo", "item_to_dynamo", "py_to_dynamo", "should_compress", "validate_decimal",
]  # fmt: skip
