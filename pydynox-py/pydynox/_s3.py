"""The values of an `S3Attribute`: `S3File` (bytes to upload) and `S3Value` (an uploaded object).

Also the two records `S3Operations` answers with: `S3Metadata` (what S3 knows
of an object) and `S3Metrics` (what a call cost). The calls themselves are in
`pydynox._s3_operations`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydynox._s3_operations import S3Operations

__all__ = ["S3File", "S3Metadata", "S3Metrics", "S3Value"]


class S3Metrics:
    """Time, S3 API calls and bytes moved by one `S3Operations` call."""

    def __init__(
        self, duration_ms: float = 0.0, calls: int = 0, bytes_uploaded: int = 0, bytes_downloaded: int = 0
    ) -> None:
        self.duration_ms = duration_ms
        self.calls = calls
        self.bytes_uploaded = bytes_uploaded
        self.bytes_downloaded = bytes_downloaded

    def __repr__(self) -> str:
        return (
            f"S3Metrics(duration_ms={self.duration_ms:.2f}, calls={self.calls}, "
            f"bytes_uploaded={self.bytes_uploaded}, bytes_downloaded={self.bytes_downloaded})"
        )


class S3Metadata:
    """An S3 object as an upload or HeadObject describes it."""

    def __init__(
        self,
        bucket: str,
        key: str,
        size: int,
        etag: str,
        content_type: str | None = None,
        last_modified: str | None = None,
        version_id: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.bucket = bucket
        self.key = key
        self.size = size
        self.etag = etag
        self.content_type = content_type
        self.last_modified = last_modified
        self.version_id = version_id
        self.metadata = metadata

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set (bucket, key, size and etag always)."""
        return {name: value for name, value in vars(self).items() if value is not None}

    def __repr__(self) -> str:
        return f"S3Metadata(bucket='{self.bucket}', key='{self.key}', size={self.size}, etag='{self.etag}')"


class S3File:
    """A file to upload on save: bytes with a name, or a `Path` (its name by default)."""

    def __init__(
        self,
        data: bytes | Path,
        name: str | None = None,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        if isinstance(data, Path):
            self._data = data.read_bytes()
            self._name = name or data.name
        else:
            if name is None:
                raise ValueError("name is required when data is bytes")
            self._data = data
            self._name = name
        self._content_type = content_type
        self._metadata = metadata

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def name(self) -> str:
        return self._name

    @property
    def content_type(self) -> str | None:
        return self._content_type

    @property
    def metadata(self) -> dict[str, str] | None:
        """User-defined metadata, stored with the object as ``x-amz-meta-*``."""
        return self._metadata

    @property
    def size(self) -> int:
        return len(self._data)


class S3Value:
    """An object in S3 that an item points at (stored in DynamoDB as a map of these fields).

    Downloads go through ``_s3_ops``, the `S3Operations` of the attribute that
    uploaded or loaded it.
    """

    def __init__(
        self,
        bucket: str,
        key: str,
        size: int,
        etag: str,
        content_type: str | None,
        s3_ops: S3Operations,
        last_modified: str | None = None,
        version_id: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self._bucket = bucket
        self._key = key
        self._size = size
        self._etag = etag
        self._content_type = content_type
        self._s3_ops = s3_ops
        self._last_modified = last_modified
        self._version_id = version_id
        self._metadata = metadata

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def key(self) -> str:
        return self._key

    @property
    def size(self) -> int:
        return self._size

    @property
    def etag(self) -> str:
        return self._etag

    @property
    def content_type(self) -> str | None:
        return self._content_type

    @property
    def last_modified(self) -> str | None:
        """ISO 8601, when known."""
        return self._last_modified

    @property
    def version_id(self) -> str | None:
        """Set when the bucket keeps versions."""
        return self._version_id

    @property
    def metadata(self) -> dict[str, str] | None:
        return self._metadata

    def sync_get_bytes(self) -> bytes:
        """The whole object, in memory."""
        return self._s3_ops.sync_download_bytes(self._bucket, self._key)[0]

    def sync_save_to(self, path: str | Path) -> None:
        """Stream the object into `path`; `path` is replaced only once the download is complete."""
        self._s3_ops.sync_save_to_file(self._bucket, self._key, str(path))

    def sync_presigned_url(self, expires: int = 3600) -> str:
        """A URL anyone can GET the object from for `expires` seconds (at most a week)."""
        return self._s3_ops.sync_presigned_url(self._bucket, self._key, expires)[0]

    async def get_bytes(self) -> bytes:
        return (await self._s3_ops.download_bytes(self._bucket, self._key))[0]

    async def save_to(self, path: str | Path) -> None:
        await self._s3_ops.save_to_file(self._bucket, self._key, str(path))

    async def presigned_url(self, expires: int = 3600) -> str:
        return (await self._s3_ops.presigned_url(self._bucket, self._key, expires))[0]

    def __repr__(self) -> str:
        return f"S3Value(bucket='{self._bucket}', key='{self._key}', size={self._size})"
