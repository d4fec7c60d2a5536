"""S3 for `S3Attribute`: `S3File` (bytes to upload) and `S3Value` (an uploaded object), through botocore.

The S3 client is made from the model's DynamoDB client settings (region,
keys, profile, endpoint_url, as 1.8 does) the first time a file is uploaded or
read.
"""

from __future__ import annotations

import os
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox.exceptions import S3AttributeException

__all__ = ["S3File", "S3Value", "s3_client_for"]


class S3File:
    """Bytes to upload on save, with the object name, content type and user metadata."""

    def __init__(
        self, data: bytes, name: str | None = None, content_type: str | None = None, metadata: dict[str, str] | None = None
    ) -> None:
        if name is None:
            raise ValueError("S3File needs a name")
        self._data, self._name, self._content_type, self._metadata = data, name, content_type, metadata

    data = property(lambda self: self._data)
    name = property(lambda self: self._name)
    content_type = property(lambda self: self._content_type)
    metadata = property(lambda self: self._metadata)
    size = property(lambda self: len(self._data))


class S3Value:
    """An object in S3 that an item points at (stored in DynamoDB as a map of these fields)."""

    def __init__(
        self,
        bucket: str,
        key: str,
        size: int,
        etag: str,
        content_type: str | None,
        s3_ops: Any,
        last_modified: str | None = None,
        version_id: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self._bucket, self._key, self._size, self._etag = bucket, key, size, etag
        self._content_type, self._s3 = content_type, s3_ops
        self._last_modified, self._version_id, self._metadata = last_modified, version_id, metadata

    bucket = property(lambda self: self._bucket)
    key = property(lambda self: self._key)
    size = property(lambda self: self._size)
    etag = property(lambda self: self._etag)
    content_type = property(lambda self: self._content_type)
    last_modified = property(lambda self: self._last_modified)
    version_id = property(lambda self: self._version_id)
    metadata = property(lambda self: self._metadata)

    def _client(self) -> Any:
        if self._s3 is None:
            raise S3AttributeException("This S3Value has no S3 client")
        return self._s3

    def sync_get_bytes(self) -> bytes:
        try:
            return self._client().get_object(Bucket=self._bucket, Key=self._key)["Body"].read()  # type: ignore[no-any-return]
        except S3AttributeException:
            raise
        except Exception as error:
            raise S3AttributeException(f"S3 download failed: {error}") from error

    def sync_save_to(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as out:
            out.write(self.sync_get_bytes())

    def sync_presigned_url(self, expires: int = 3600) -> str:
        return self._client().generate_presigned_url(  # type: ignore[no-any-return]
            "get_object", Params={"Bucket": self._bucket, "Key": self._key}, ExpiresIn=expires
        )

    async def get_bytes(self) -> bytes:
        return await run_blocking(self.sync_get_bytes)

    async def save_to(self, path: str | os.PathLike[str]) -> None:
        await run_blocking(self.sync_save_to, path)

    async def presigned_url(self, expires: int = 3600) -> str:
        return await run_blocking(self.sync_presigned_url, expires)

    def __repr__(self) -> str:
        return f"S3Value(bucket={self._bucket!r}, key={self._key!r}, size={self._size})"


def s3_client_for(region: str | None, client: Any = None) -> Any:
    """A botocore S3 client in `region` (else the DynamoDB client's region), with its credentials."""
    from botocore.config import Config

    from pydynox._session import DEFAULT_REGION, _session, _sessions_lock

    options = getattr(client, "_options", None)
    with _sessions_lock:
        session = _session(getattr(options, "profile", None))
        kwargs: dict[str, Any] = {"region_name": region or getattr(options, "region", None) or DEFAULT_REGION}
        if options is not None and options.access_key and options.secret_key:
            kwargs.update(
                aws_access_key_id=options.access_key,
                aws_secret_access_key=options.secret_key,
                aws_session_token=options.session_token,
            )
        if options is not None and options.endpoint_url:
            # One endpoint for every service (LocalStack, MinIO...): buckets in the path, as 1.8's S3 client does.
            kwargs.update(endpoint_url=options.endpoint_url, config=Config(s3={"addressing_style": "path"}))
        return session.create_client("s3", **kwargs)
