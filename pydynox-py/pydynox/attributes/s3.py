"""`S3Attribute`: a file kept in S3, with its metadata (bucket, key, size, etag...) in the item."""

from __future__ import annotations

from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._s3 import S3File, S3Value, s3_client_for
from pydynox.attributes.base import Attribute
from pydynox.exceptions import S3AttributeException

__all__ = ["S3Attribute", "S3File", "S3Value"]


class S3Attribute(Attribute[Any]):
    """Assign an `S3File`; ``save()`` uploads it and stores an `S3Value`; ``delete()`` removes the object."""

    attr_type = "M"

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        region: str | None = None,
        partition_key: bool = False,
        sort_key: bool = False,
        default: S3Value | None = None,
        required: bool = False,
    ) -> None:
        if partition_key or sort_key:
            raise ValueError("S3Attribute cannot be a partition_key or sort_key")
        super().__init__(default=default, required=required)
        self.bucket = bucket
        self.prefix = prefix.rstrip("/") + "/" if prefix else ""
        self.region = region
        self._s3: Any = None

    def _client(self, client: Any = None) -> Any:
        if self._s3 is None:
            self._s3 = s3_client_for(self.region, client)
        return self._s3

    def _object_key(self, instance: Any, name: str) -> str:
        cls = type(instance)
        parts = [str(getattr(instance, cls._partition_key))]
        if cls._sort_key:
            parts.append(str(getattr(instance, cls._sort_key)))
        return f"{self.prefix}{'/'.join(parts).replace('#', '/').strip('/')}/{name}"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, S3File):
            raise ValueError("S3File must be uploaded before serialization (Model.save does it)")
        if not isinstance(value, S3Value):
            raise TypeError(f"Expected S3File or S3Value, got {type(value).__name__}")
        fields = {"bucket": value.bucket, "key": value.key, "size": value.size, "etag": value.etag}
        for name in ("content_type", "last_modified", "version_id", "metadata"):
            if getattr(value, name):
                fields[name] = getattr(value, name)
        return fields

    def deserialize(self, value: Any) -> Any:
        if value is None or isinstance(value, S3Value):
            return value
        return S3Value(
            value["bucket"], value["key"], int(value["size"]), value["etag"], value.get("content_type"),
            self._client(), value.get("last_modified"), value.get("version_id"), value.get("metadata"),
        )  # fmt: skip

    def sync_upload_to_s3(self, value: S3File, model_instance: Any, client: Any) -> S3Value:
        s3 = self._client(client)
        key = self._object_key(model_instance, value.name)
        request: dict[str, Any] = {"Bucket": self.bucket, "Key": key, "Body": value.data}
        if value.content_type:
            request["ContentType"] = value.content_type
        if value.metadata:
            request["Metadata"] = value.metadata
        try:
            answer = s3.put_object(**request)
        except Exception as error:
            raise S3AttributeException(f"S3 upload failed: {error}") from error
        return S3Value(
            self.bucket, key, value.size, answer.get("ETag", "").strip('"'), value.content_type, s3,
            None, answer.get("VersionId"), value.metadata,
        )  # fmt: skip

    def sync_delete_from_s3(self, value: S3Value, client: Any) -> None:
        try:
            self._client(client).delete_object(Bucket=value.bucket, Key=value.key)
        except Exception as error:
            raise S3AttributeException(f"S3 delete failed: {error}") from error

    async def upload_to_s3(self, value: S3File, model_instance: Any, client: Any) -> S3Value:
        return await run_blocking(self.sync_upload_to_s3, value, model_instance, client)

    async def delete_from_s3(self, value: S3Value, client: Any) -> None:
        await run_blocking(self.sync_delete_from_s3, value, client)
