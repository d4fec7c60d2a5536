"""`S3Attribute`: a file kept in S3, with its metadata (bucket, key, size, etag...) in the item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydynox._s3 import S3File, S3Metadata, S3Metrics, S3Value
from pydynox._s3_operations import S3Operations, operations_for_client
from pydynox.attributes.base import Attribute

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

__all__ = ["S3Attribute", "S3File", "S3Value"]


class S3Attribute(Attribute[S3File | S3Value]):
    """Assign an `S3File`; ``save()`` uploads it and stores an `S3Value`; ``delete()`` removes the object.

    The object key is ``<prefix><partition key>[/<sort key>]/<file name>``, with
    ``#`` in the keys read as ``/``. S3 is reached with the model client's
    settings (region, credentials, endpoint), in `region` if given.
    """

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
        self._s3_ops: S3Operations | None = None
        self._model: Any = None

    def __set_name__(self, owner: Any, name: str) -> None:
        # The model that declares it: loaded values reach S3 with that model's client.
        if self._model is None:
            self._model = owner

    def _get_s3_ops(self, client: DynamoDBClient) -> S3Operations:
        """The `S3Operations` of this attribute, made from `client`'s settings the first time."""
        if self._s3_ops is None:
            self._s3_ops = operations_for_client(client, self.region)
        return self._s3_ops

    def _ops_for_loading(self) -> S3Operations:
        """For values read from DynamoDB: the operations in use, else ones from the declaring model's client."""
        if self._s3_ops is not None:
            return self._s3_ops
        try:
            client = self._model._get_client()
        except (AttributeError, ValueError):  # not on a model, or no client configured yet
            return S3Operations(region=self.region)
        return self._get_s3_ops(client)

    def _generate_key(self, model_instance: Any) -> str:
        """``<prefix><partition key>[/<sort key>]`` (without the file name)."""
        cls = type(model_instance)
        parts = [str(getattr(model_instance, cls._partition_key, "")) if cls._partition_key else ""]
        if cls._sort_key:
            parts.append(str(getattr(model_instance, cls._sort_key, "")))
        return f"{self.prefix}{'/'.join(parts).replace('#', '/').strip('/')}"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, S3Value):
            fields: dict[str, Any] = {"bucket": value.bucket, "key": value.key, "size": value.size, "etag": value.etag}
            for name in ("content_type", "last_modified", "version_id", "metadata"):
                if getattr(value, name):
                    fields[name] = getattr(value, name)
            return fields
        if isinstance(value, S3File):
            raise ValueError(
                "S3File must be uploaded before serialization. This should be handled by Model.save()."
            )
        raise TypeError(f"Expected S3File or S3Value, got {type(value)}")

    def deserialize(self, value: Any) -> Any:
        if value is None or isinstance(value, S3Value):
            return value
        return S3Value(
            value["bucket"], value["key"], int(value["size"]), value["etag"], value.get("content_type"),
            self._ops_for_loading(), value.get("last_modified"), value.get("version_id"), value.get("metadata"),
        )  # fmt: skip

    # -- called by Model.save() and Model.delete() ------------------------------------------

    def sync_upload_to_s3(
        self, value: S3File, model_instance: Any, client: DynamoDBClient
    ) -> tuple[S3Value, S3Metrics]:
        """Upload `value` under the item's key; the `S3Value` to store, and what the upload cost."""
        s3_ops = self._get_s3_ops(client)
        key = f"{self._generate_key(model_instance)}/{value.name}"
        uploaded, metrics = s3_ops.sync_upload_bytes(self.bucket, key, value.data, value.content_type, value.metadata)
        return self._value(uploaded, s3_ops), metrics

    def sync_delete_from_s3(self, value: S3Value, client: DynamoDBClient) -> S3Metrics:
        return self._get_s3_ops(client).sync_delete_object(value.bucket, value.key)

    async def upload_to_s3(
        self, value: S3File, model_instance: Any, client: DynamoDBClient
    ) -> tuple[S3Value, S3Metrics]:
        s3_ops = self._get_s3_ops(client)
        key = f"{self._generate_key(model_instance)}/{value.name}"
        uploaded, metrics = await s3_ops.upload_bytes(self.bucket, key, value.data, value.content_type, value.metadata)
        return self._value(uploaded, s3_ops), metrics

    async def delete_from_s3(self, value: S3Value, client: DynamoDBClient) -> S3Metrics:
        return await self._get_s3_ops(client).delete_object(value.bucket, value.key)

    @staticmethod
    def _value(uploaded: S3Metadata, s3_ops: S3Operations) -> S3Value:
        return S3Value(
            uploaded.bucket, uploaded.key, uploaded.size, uploaded.etag, uploaded.content_type, s3_ops,
            uploaded.last_modified, uploaded.version_id, uploaded.metadata,
        )  # fmt: skip
