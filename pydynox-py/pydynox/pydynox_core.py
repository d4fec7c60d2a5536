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
    SerializationException,
    TransactionCanceledException,
    ValidationException,
)
from pydynox.generators import AutoGenerate, generate_value
from pydynox._lock_key import LockKeyTemplate
from pydynox._lock_lease import LockMetrics, NativeLease
from pydynox.rate_limit import AdaptiveRate, FixedRate, RateLimitMetrics

S3Exception = S3AttributeException


class HotPartitionTracker(HotPartitionDetector):
    """Counts reads and writes per partition key (`HotPartitionDetector` without the warnings' thresholds)."""

    def __init__(self, writes_threshold: int = 0, reads_threshold: int = 0, window_seconds: int = 60) -> None:
        super().__init__(writes_threshold, reads_threshold, window_seconds)


class MemoryLockState:
    """1.8 keeps in-memory lock state here for its memory backend; locks here live in the table."""


class S3Metrics:
    def __init__(self, duration_ms: float = 0.0, calls: int = 0, bytes_uploaded: int = 0, bytes_downloaded: int = 0):
        self.duration_ms, self.calls = duration_ms, calls
        self.bytes_uploaded, self.bytes_downloaded = bytes_uploaded, bytes_downloaded


class S3Metadata:
    def __init__(self, bucket: str, key: str, size: int, etag: str, content_type: str | None = None,
                 last_modified: str | None = None, version_id: str | None = None,
                 metadata: dict[str, str] | None = None) -> None:  # fmt: skip
        self.bucket, self.key, self.size, self.etag = bucket, key, size, etag
        self.content_type, self.last_modified, self.version_id, self.metadata = (
            content_type, last_modified, version_id, metadata
        )

    def to_dict(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value is not None}


class S3Operations:
    """Object operations on a botocore S3 client (made on first use)."""

    def __init__(self, region: str | None = None, **options: Any) -> None:
        wanted = ("access_key", "secret_key", "session_token", "profile", "endpoint_url")
        self._region, self._client = region, None
        self._options = {name: options.get(name) for name in wanted}

    def _s3(self) -> Any:
        if self._client is None:
            from pydynox._session import create_service_client

            self._client = create_service_client("s3", self._region, **self._options)
        return self._client

    def sync_download_bytes(self, bucket: str, key: str) -> bytes:
        return self._s3().get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[no-any-return]

    def sync_head_object(self, bucket: str, key: str) -> S3Metadata:
        head = self._s3().head_object(Bucket=bucket, Key=key)
        return S3Metadata(bucket, key, head["ContentLength"], head["ETag"].strip('"'), head.get("ContentType"),
                          str(head.get("LastModified")), head.get("VersionId"), head.get("Metadata"))  # fmt: skip

    def sync_delete_object(self, bucket: str, key: str) -> None:
        self._s3().delete_object(Bucket=bucket, Key=key)

    def sync_presigned_url(self, bucket: str, key: str, expires_secs: int = 3600) -> str:
        return self._s3().generate_presigned_url(  # type: ignore[no-any-return]
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_secs
        )

    def sync_save_to_file(self, bucket: str, key: str, path: str) -> None:
        with open(path, "wb") as out:
            out.write(self.sync_download_bytes(bucket, key))

    async def download_bytes(self, bucket: str, key: str) -> bytes:
        from pydynox._asyncio import run_blocking

        return await run_blocking(self.sync_download_bytes, bucket, key)

    async def head_object(self, bucket: str, key: str) -> S3Metadata:
        from pydynox._asyncio import run_blocking

        return await run_blocking(self.sync_head_object, bucket, key)

    async def delete_object(self, bucket: str, key: str) -> None:
        from pydynox._asyncio import run_blocking

        await run_blocking(self.sync_delete_object, bucket, key)

    async def presigned_url(self, bucket: str, key: str, expires_secs: int = 3600) -> str:
        return self.sync_presigned_url(bucket, key, expires_secs)

    async def save_to_file(self, bucket: str, key: str, path: str) -> None:
        from pydynox._asyncio import run_blocking

        await run_blocking(self.sync_save_to_file, bucket, key, path)


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
