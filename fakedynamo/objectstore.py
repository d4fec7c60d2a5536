"""Object storage for exports, imports and bulk operations: an interface, in memory by default.

DynamoDB reads and writes S3 for ExportTableToPointInTime, ImportTable and
StartBulkPutItems. Here the engine talks to an `ObjectStore` instead, so
nothing reaches a network:

- `MemoryObjectStore` (the default): buckets are made on first write; a
  test reads what an export wrote with ``db.object_store.get(bucket, key)``
  and stages an import with ``db.object_store.put(...)``.
- `S3ObjectStore` wraps any boto3/botocore S3 client the user hands in, such
  as one made under moto's ``mock_aws()``: ``mock_dynamodb(object_store=s3)``
  accepts the client itself.

A store raises `ObjectStoreError` for a missing bucket, which the operations
turn into DynamoDB's failure of the export or import.
"""

from __future__ import annotations

import threading
from typing import Any, Iterator, Protocol


class ObjectStoreError(Exception):
    """A bucket or object the store does not have (code is S3's: NoSuchBucket, NoSuchKey)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ObjectStore(Protocol):
    def put(self, bucket: str, key: str, body: bytes) -> None: ...

    def get(self, bucket: str, key: str) -> bytes: ...

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every key in `bucket` that starts with `prefix`, sorted."""
        ...


class MemoryObjectStore:
    """Buckets of objects in a dict; a bucket exists once something is put into it or `create_bucket` made it."""

    def __init__(self) -> None:
        self.buckets: dict[str, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    # Picklable (a persistent server snapshots the engine with its store): the lock is not state.
    def __getstate__(self) -> dict[str, Any]:
        return {"buckets": self.buckets}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.buckets = state["buckets"]
        self._lock = threading.Lock()

    def create_bucket(self, bucket: str) -> None:
        with self._lock:
            self.buckets.setdefault(bucket, {})

    def put(self, bucket: str, key: str, body: bytes) -> None:
        with self._lock:
            self.buckets.setdefault(bucket, {})[key] = bytes(body)

    def get(self, bucket: str, key: str) -> bytes:
        with self._lock:
            objects = self.buckets.get(bucket)
            if objects is None:
                raise ObjectStoreError("NoSuchBucket", f"The specified bucket does not exist: {bucket}")
            if key not in objects:
                raise ObjectStoreError("NoSuchKey", f"The specified key does not exist: {key}")
            return objects[key]

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        with self._lock:
            objects = self.buckets.get(bucket)
            if objects is None:
                raise ObjectStoreError("NoSuchBucket", f"The specified bucket does not exist: {bucket}")
            return sorted(key for key in objects if key.startswith(prefix))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(bucket, key) of every object."""
        with self._lock:
            pairs = [(bucket, key) for bucket, objects in self.buckets.items() for key in objects]
        return iter(sorted(pairs))

    def clear(self) -> None:
        with self._lock:
            self.buckets.clear()


class S3ObjectStore:
    """The store behind a user's S3 client (moto's, or any endpoint the client is configured for)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def put(self, bucket: str, key: str, body: bytes) -> None:
        self._call(self.client.put_object, Bucket=bucket, Key=key, Body=body)

    def get(self, bucket: str, key: str) -> bytes:
        return self._call(self.client.get_object, Bucket=bucket, Key=key)["Body"].read()

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        found: list[str] = []
        token: dict[str, str] = {}
        while True:
            page = self._call(self.client.list_objects_v2, Bucket=bucket, Prefix=prefix, **token)
            found.extend(entry["Key"] for entry in page.get("Contents", ()))
            if not page.get("IsTruncated"):
                return sorted(found)
            token = {"ContinuationToken": page["NextContinuationToken"]}

    @staticmethod
    def _call(method: Any, **kwargs: Any) -> Any:
        try:
            return method(**kwargs)
        except Exception as error:  # botocore's ClientError, without importing botocore here
            response = getattr(error, "response", None)
            if not isinstance(response, dict):
                raise
            detail = response.get("Error", {})
            raise ObjectStoreError(detail.get("Code", "S3Error"), detail.get("Message", str(error))) from error


def as_object_store(store: Any) -> Any:
    """`store` as an ObjectStore: None -> a new MemoryObjectStore; an S3 client -> S3ObjectStore."""
    if store is None:
        return MemoryObjectStore()
    if hasattr(store, "put_object") and hasattr(store, "list_objects_v2"):
        return S3ObjectStore(store)
    return store
