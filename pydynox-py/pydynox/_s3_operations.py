"""`S3Operations`: the S3 calls behind `S3Attribute` and `S3Value`, on a botocore S3 client.

Each call answers with its result and an `S3Metrics` (time, API calls, bytes),
as pydynox 1.8's do. Uploads over 10 MB go in parts. A download to a file is
written next to it as ``<path>.pydynox_tmp`` and renamed over `path` only when
complete, so a failed download never leaves a partial file or truncates an
existing one. Errors carry 1.8's types and messages: a missing bucket or
object is `ResourceNotFoundException`, other S3 failures `S3Exception`.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from datetime import datetime, timezone
from typing import Any

from botocore.config import Config

from pydynox._asyncio import run_blocking
from pydynox._s3 import S3Metadata, S3Metrics
from pydynox._service_errors import translate_service_error
from pydynox._session import ClientOptions, create_service_client
from pydynox.exceptions import ResourceInUseException, ResourceNotFoundException, S3Exception, ValidationException

__all__ = ["S3Operations", "operations_for_client"]

MULTIPART_THRESHOLD = 10 * 1024 * 1024  # larger uploads go in parts
MIN_PART_SIZE = 5 * 1024 * 1024  # S3's smallest part (but the last)
MAX_PART_SIZE = 100 * 1024 * 1024
TARGET_PARTS = 100
MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # SigV4 presigned URLs live a week at most
CHUNK_SIZE = 1024 * 1024
TEMP_SUFFIX = ".pydynox_tmp"
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class S3Operations:
    """S3 calls with a `DynamoDBClient`'s settings (same parameters); the botocore client is made on first use."""

    def __init__(
        self,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        session_token: str | None = None,
        profile: str | None = None,
        role_arn: str | None = None,
        role_session_name: str | None = None,
        external_id: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_retries: int | None = None,
        proxy_url: str | None = None,
    ) -> None:
        self._options = ClientOptions(
            region=region,
            access_key=access_key,
            secret_key=secret_key,
            session_token=session_token,
            profile=profile,
            endpoint_url=endpoint_url,
            role_arn=role_arn,
            role_session_name=role_session_name,
            external_id=external_id,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_retries=max_retries,
            proxy_url=proxy_url,
        )
        self._client: Any = None
        self._lock = threading.Lock()

    def _s3(self) -> Any:
        with self._lock:
            if self._client is None:
                # SigV4 everywhere, presigned URLs too (botocore would presign us-east-1 with SigV2);
                # a custom endpoint (LocalStack, MinIO) serves buckets as paths, not subdomains.
                config = Config(signature_version="s3v4")
                if self._options.endpoint_url:
                    config = config.merge(Config(s3={"addressing_style": "path"}))
                self._client = create_service_client("s3", self._options, config)
        return self._client

    # -- sync --------------------------------------------------------------------------

    def sync_upload_bytes(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> tuple[S3Metadata, S3Metrics]:
        start = time.perf_counter()
        # Without a content type the object is sent as 1.8's SDK sends it: application/octet-stream.
        extra: dict[str, Any] = {"ContentType": content_type or DEFAULT_CONTENT_TYPE}
        if metadata:
            extra["Metadata"] = metadata
        try:
            if len(data) > MULTIPART_THRESHOLD:
                answer, calls = self._upload_in_parts(bucket, key, data, extra), 2 + _part_count(len(data))
            else:
                answer, calls = self._s3().put_object(Bucket=bucket, Key=key, Body=data, **extra), 1
        except Exception as error:
            raise _s3_error(error, bucket, key) from error
        uploaded = S3Metadata(
            bucket, key, len(data), answer.get("ETag", "").strip('"'), content_type,
            None, answer.get("VersionId"), metadata,
        )  # fmt: skip
        return uploaded, S3Metrics(_since(start), calls, bytes_uploaded=len(data))

    def _upload_in_parts(self, bucket: str, key: str, data: bytes, extra: dict[str, Any]) -> dict[str, Any]:
        s3 = self._s3()
        upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, **extra)["UploadId"]
        try:
            size = _part_size(len(data))
            parts = []
            for number, offset in enumerate(range(0, len(data), size), start=1):
                body = data[offset : offset + size]
                answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body)
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            return s3.complete_multipart_upload(  # type: ignore[no-any-return]
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except Exception:
            try:  # don't leave the parts stored (and billed)
                s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
            except Exception:  # noqa: BLE001 - the upload's own error is the one to report
                pass
            raise

    def sync_download_bytes(self, bucket: str, key: str) -> tuple[bytes, S3Metrics]:
        start = time.perf_counter()
        body = self._get_body(bucket, key)
        try:
            data: bytes = body.read()
        except Exception as error:
            raise S3Exception(f"Failed to read S3 body: {error}") from error
        finally:
            body.close()
        return data, S3Metrics(_since(start), 1, bytes_downloaded=len(data))

    def sync_save_to_file(self, bucket: str, key: str, path: str) -> tuple[int, S3Metrics]:
        start = time.perf_counter()
        body = self._get_body(bucket, key)  # before any file is touched: a missing object leaves none
        temp = f"{path}{TEMP_SUFFIX}"
        try:
            written = _stream_to(body, temp)
            try:
                os.replace(temp, path)
            except OSError as error:
                raise S3Exception(f"Failed to rename temp file: {_os_error(error)}") from error
        except BaseException:
            body.close()
            _remove_quietly(temp)
            raise
        body.close()
        return written, S3Metrics(_since(start), 1, bytes_downloaded=written)

    def sync_presigned_url(self, bucket: str, key: str, expires_secs: int = 3600) -> tuple[str, S3Metrics]:
        """Signed locally: no S3 call (``calls`` is 0)."""
        start = time.perf_counter()
        if expires_secs > MAX_PRESIGN_SECONDS:
            raise S3Exception("Invalid expiration: `expires_in` must be no longer than one week")
        try:
            url = self._s3().generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_secs
            )
        except Exception as error:
            raise S3Exception(f"Failed to generate presigned URL: {error}") from error
        return url, S3Metrics(_since(start), 0)

    def sync_delete_object(self, bucket: str, key: str) -> S3Metrics:
        start = time.perf_counter()
        try:
            self._s3().delete_object(Bucket=bucket, Key=key)
        except Exception as error:
            raise _s3_error(error, bucket, key) from error
        return S3Metrics(_since(start), 1)

    def sync_head_object(self, bucket: str, key: str) -> tuple[S3Metadata, S3Metrics]:
        start = time.perf_counter()
        try:
            head = self._s3().head_object(Bucket=bucket, Key=key)
        except Exception as error:
            raise _s3_error(error, bucket, key) from error
        modified = head.get("LastModified")
        found = S3Metadata(
            bucket, key, head.get("ContentLength", 0), head.get("ETag", "").strip('"'), head.get("ContentType"),
            _iso8601(modified) if modified else None, head.get("VersionId"), head.get("Metadata"),
        )  # fmt: skip
        return found, S3Metrics(_since(start), 1)

    def _get_body(self, bucket: str, key: str) -> Any:
        try:
            return self._s3().get_object(Bucket=bucket, Key=key)["Body"]
        except Exception as error:
            raise _s3_error(error, bucket, key) from error

    # -- async: the same calls on the I/O pool --------------------------------------------

    async def upload_bytes(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> tuple[S3Metadata, S3Metrics]:
        return await run_blocking(self.sync_upload_bytes, bucket, key, data, content_type, metadata)

    async def download_bytes(self, bucket: str, key: str) -> tuple[bytes, S3Metrics]:
        return await run_blocking(self.sync_download_bytes, bucket, key)

    async def save_to_file(self, bucket: str, key: str, path: str) -> tuple[int, S3Metrics]:
        return await run_blocking(self.sync_save_to_file, bucket, key, path)

    async def presigned_url(self, bucket: str, key: str, expires_secs: int = 3600) -> tuple[str, S3Metrics]:
        return await run_blocking(self.sync_presigned_url, bucket, key, expires_secs)

    async def delete_object(self, bucket: str, key: str) -> S3Metrics:
        return await run_blocking(self.sync_delete_object, bucket, key)

    async def head_object(self, bucket: str, key: str) -> tuple[S3Metadata, S3Metrics]:
        return await run_blocking(self.sync_head_object, bucket, key)


def operations_for_client(client: Any, region: str | None = None) -> S3Operations:
    """`S3Operations` with a `DynamoDBClient`'s settings (its endpoint too), in `region` if given."""
    options = getattr(client, "_options", None) or ClientOptions()
    return S3Operations(**{**dataclasses.asdict(options), "region": region or options.region})


def _s3_error(error: Exception, bucket: str, key: str) -> Exception:
    def by_code(code: str, message: str | None) -> Exception | None:
        if code == "NoSuchBucket":
            return ResourceNotFoundException(f"S3 bucket '{bucket}' not found")
        if code in ("NoSuchKey", "NotFound", "404"):  # HeadObject's 404 has no body, so no named code
            return ResourceNotFoundException(f"S3 object '{bucket}/{key}' not found")
        if code in ("BucketAlreadyExists", "BucketAlreadyOwnedByYou"):
            return ResourceInUseException(f"S3 bucket '{bucket}' already exists")
        if code == "InvalidBucketName":
            return ValidationException("Invalid S3 bucket name")
        if code in ("EntityTooLarge", "MaxSizeExceeded"):
            return ValidationException("S3 object too large")
        if code == "InvalidRange":
            return ValidationException("Invalid byte range for S3 object")
        return None

    return translate_service_error(error, "S3", by_code, S3Exception)


def _stream_to(body: Any, path: str) -> int:
    """Copy the streaming `body` into a new file at `path`; the bytes written."""
    try:
        out = open(path, "wb")  # noqa: SIM115 - closed below, errors told apart
    except OSError as error:
        raise S3Exception(f"Failed to create file: {_os_error(error)}") from error
    written = 0
    with out:
        while True:
            try:
                chunk = body.read(CHUNK_SIZE)
            except Exception as error:
                raise S3Exception(f"Failed to read chunk: {error}") from error
            if not chunk:
                return written
            try:
                out.write(chunk)
            except OSError as error:
                raise S3Exception(f"Failed to write to file: {_os_error(error)}") from error
            written += len(chunk)


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _part_count(size: int) -> int:
    return -(-size // _part_size(size))


def _part_size(size: int) -> int:
    """About 100 parts, each between 5 MB and 100 MB."""
    return min(max(size // TARGET_PARTS, MIN_PART_SIZE), MAX_PART_SIZE)


def _since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _iso8601(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _os_error(error: OSError) -> str:
    """As 1.8 (Rust) words it: ``No such file or directory (os error 2)``."""
    return f"{error.strerror} (os error {error.errno})" if error.errno else str(error)
