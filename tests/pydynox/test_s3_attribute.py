"""`S3Attribute`, `S3Value` and `S3Operations` against moto's S3 (DynamoDB: fakedynamo), as pydynox 1.8 behaves."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox._internal._s3 import S3Metadata, S3Metrics, S3Operations
from pydynox.attributes import S3Attribute, S3File, S3Value, StringAttribute
from pydynox.exceptions import ResourceNotFoundException
from pydynox.pydynox_core import S3Exception
from tests.pydynox.aws_fakes import BUCKET, aws  # noqa: F401 - the fixture
from tests.pydynox.conftest import make_table


@pytest.fixture
def Document(aws: DynamoDBClient) -> type[Model]:  # noqa: N802 - a model class
    make_table(aws, "documents", sort_key=True)

    class Document(Model):
        model_config = ModelConfig(table="documents")
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        content = S3Attribute(bucket=BUCKET, prefix="files/")

    return Document


def s3() -> Any:
    import boto3

    return boto3.client("s3", region_name="us-east-1")


@pytest.mark.parametrize("run", ["sync", "async"])
def test_save_uploads_the_file_and_stores_its_metadata(aws: DynamoDBClient, Document: Any, run: str) -> None:
    doc = Document(pk="DOC#1", sk="v1", content=S3File(b"%PDF data", name="report.pdf", content_type="application/pdf"))
    doc.sync_save() if run == "sync" else asyncio.run(doc.save())
    assert isinstance(doc.content, S3Value)
    assert (doc.content.key, doc.content.size, doc.content.content_type) == ("files/DOC/1/v1/report.pdf", 9, "application/pdf")
    stored = aws.sync_get_item("documents", {"pk": "DOC#1", "sk": "v1"})
    assert stored is not None
    assert stored["content"] == {"bucket": BUCKET, "key": "files/DOC/1/v1/report.pdf", "size": 9,
                                 "etag": doc.content.etag, "content_type": "application/pdf"}  # fmt: skip
    assert s3().get_object(Bucket=BUCKET, Key="files/DOC/1/v1/report.pdf")["ContentType"] == "application/pdf"


def test_without_a_content_type_the_object_is_application_octet_stream(Document: Any) -> None:
    doc = Document(pk="d", sk="s", content=S3File(b"x", name="x.bin"))
    doc.sync_save()
    assert doc.content.content_type is None  # as given
    assert s3().head_object(Bucket=BUCKET, Key=doc.content.key)["ContentType"] == "application/octet-stream"


def test_a_loaded_value_downloads_with_the_models_client(Document: Any, tmp_path: Path) -> None:
    Document(pk="d", sk="s", content=S3File(b"hello", name="a.txt")).sync_save()
    Document.content._s3_ops = None  # as in a fresh process: nothing uploaded yet
    loaded = Document.sync_get(pk="d", sk="s")
    assert loaded is not None and isinstance(loaded.content, S3Value)
    assert loaded.content.sync_get_bytes() == b"hello"
    assert asyncio.run(loaded.content.get_bytes()) == b"hello"
    loaded.content.sync_save_to(tmp_path / "one.txt")
    asyncio.run(loaded.content.save_to(tmp_path / "two.txt"))
    assert (tmp_path / "one.txt").read_bytes() == (tmp_path / "two.txt").read_bytes() == b"hello"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["one.txt", "two.txt"]  # no temp file left
    url = loaded.content.sync_presigned_url(60)
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=60" in url
    assert "files/d/s/a.txt" in asyncio.run(loaded.content.presigned_url())


def test_replacing_the_file_uploads_the_new_one(Document: Any) -> None:
    doc = Document(pk="d", sk="s", content=S3File(b"version 1", name="f.txt"))
    doc.sync_save()
    doc.content = S3File(b"version 2", name="f.txt")
    doc.sync_save()
    loaded = Document.sync_get(pk="d", sk="s")
    assert loaded is not None and loaded.content.sync_get_bytes() == b"version 2"


def test_save_to_file_replaces_the_file_only_once_the_download_is_complete(aws: DynamoDBClient, tmp_path: Path) -> None:
    ops = S3Operations(region="us-east-1")
    existing = tmp_path / "existing.bin"
    existing.write_bytes(b"keep me")
    with pytest.raises(ResourceNotFoundException, match=f"S3 object '{BUCKET}/missing' not found"):
        ops.sync_save_to_file(BUCKET, "missing", str(existing))
    with pytest.raises(ResourceNotFoundException):
        asyncio.run(ops.save_to_file(BUCKET, "missing", str(tmp_path / "new.bin")))
    assert existing.read_bytes() == b"keep me"
    assert [path.name for path in tmp_path.iterdir()] == ["existing.bin"]

    s3().put_object(Bucket=BUCKET, Key="k", Body=b"12345")
    assert ops.sync_save_to_file(BUCKET, "k", str(existing))[0] == 5
    assert existing.read_bytes() == b"12345"
    (tmp_path / "a_directory").mkdir()
    with pytest.raises(S3Exception, match=r"Failed to rename temp file: Is a directory \(os error 21\)"):
        ops.sync_save_to_file(BUCKET, "k", str(tmp_path / "a_directory"))
    with pytest.raises(S3Exception, match="Failed to create file: No such file or directory"):
        ops.sync_save_to_file(BUCKET, "k", str(tmp_path / "no" / "such" / "dir"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a_directory", "existing.bin"]


def test_operations_answer_with_metadata_and_metrics(aws: DynamoDBClient) -> None:
    ops = S3Operations(region="us-east-1")
    uploaded, cost = ops.sync_upload_bytes(BUCKET, "k", b"abc", "text/plain", {"team": "a"})
    assert isinstance(uploaded, S3Metadata) and isinstance(cost, S3Metrics)
    assert uploaded.to_dict() == {"bucket": BUCKET, "key": "k", "size": 3, "etag": uploaded.etag,
                                  "content_type": "text/plain", "metadata": {"team": "a"}}  # fmt: skip
    assert (cost.calls, cost.bytes_uploaded, cost.bytes_downloaded) == (1, 3, 0)
    head, cost = ops.sync_head_object(BUCKET, "k")
    assert (head.size, head.content_type, head.metadata, cost.calls) == (3, "text/plain", {"team": "a"}, 1)
    assert head.last_modified is not None and head.last_modified.endswith("Z")
    data, cost = asyncio.run(ops.download_bytes(BUCKET, "k"))
    assert (data, cost.calls, cost.bytes_downloaded) == (b"abc", 1, 3)
    assert ops.sync_presigned_url(BUCKET, "k")[1].calls == 0  # signed locally
    assert ops.sync_delete_object(BUCKET, "k").calls == 1
    assert repr(S3Metrics(1.5, 2, 3, 4)) == "S3Metrics(duration_ms=1.50, calls=2, bytes_uploaded=3, bytes_downloaded=4)"


def test_missing_objects_and_buckets_are_resource_not_found(aws: DynamoDBClient) -> None:
    ops = S3Operations(region="us-east-1")
    with pytest.raises(ResourceNotFoundException, match=f"S3 object '{BUCKET}/nope' not found"):
        ops.sync_download_bytes(BUCKET, "nope")
    with pytest.raises(ResourceNotFoundException, match=f"S3 object '{BUCKET}/nope' not found"):
        ops.sync_head_object(BUCKET, "nope")
    with pytest.raises(ResourceNotFoundException, match="S3 bucket 'no-bucket' not found"):
        ops.sync_upload_bytes("no-bucket", "k", b"x")


def test_presigned_urls_live_a_week_at_most(aws: DynamoDBClient) -> None:
    ops = S3Operations(region="us-east-1")
    assert ops.sync_presigned_url(BUCKET, "k", 7 * 24 * 3600)[0]
    with pytest.raises(S3Exception, match="Invalid expiration"):
        ops.sync_presigned_url(BUCKET, "k", 7 * 24 * 3600 + 1)


def test_s3_reuses_the_dynamodb_clients_endpoint_with_path_style_buckets() -> None:
    client = DynamoDBClient(region="eu-west-1", endpoint_url="http://localhost:4566", access_key="a", secret_key="b")
    url = S3Attribute(bucket="my-bucket")._get_s3_ops(client).sync_presigned_url("my-bucket", "a/b.txt")[0]
    assert url.startswith("http://localhost:4566/my-bucket/a/b.txt?") and "eu-west-1" in url
    other_region = S3Attribute(bucket="my-bucket", region="us-west-2")._get_s3_ops(client)
    assert "us-west-2" in other_region.sync_presigned_url("my-bucket", "k")[0]


def test_large_files_are_uploaded_in_parts(Document: Any) -> None:
    data = b"z" * (11 * 1024 * 1024)
    doc = Document(pk="big", sk="s", content=S3File(data, name="big.bin"))
    doc.sync_save()
    metrics = Document.get_total_metrics()
    assert (metrics.s3_calls, metrics.s3_bytes_uploaded) == (5, len(data))  # create + 3 parts of 5 MB + complete
    assert doc.content.etag.endswith("-3")
    assert s3().head_object(Bucket=BUCKET, Key=doc.content.key)["ContentLength"] == len(data)


@pytest.mark.parametrize("run", ["sync", "async"])
def test_s3_calls_count_in_the_models_metrics(Document: Any, run: str) -> None:
    def call(method: str, target: Any) -> None:
        getattr(target, f"sync_{method}")() if run == "sync" else asyncio.run(getattr(target, method)())

    doc = Document(pk="d", sk="s", content=S3File(b"Hello, S3 metrics!", name="m.txt"))
    call("save", doc)
    metrics = Document.get_total_metrics()
    assert (metrics.s3_calls, metrics.s3_bytes_uploaded, metrics.s3_bytes_downloaded) == (1, 18, 0)
    assert metrics.s3_duration_ms > 0 and metrics.put_count == 1
    Document.reset_metrics()
    assert (metrics.s3_calls, metrics.s3_duration_ms, metrics.s3_bytes_uploaded) == (0, 0.0, 0)
    call("delete", doc)
    assert (metrics.s3_calls, metrics.s3_bytes_uploaded, metrics.delete_count) == (1, 0, 1)
    assert s3().list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_s3_file_from_a_path_or_named_bytes(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8")
    assert (S3File(path).name, S3File(path).data, S3File(path, name="x.jpg").name) == ("photo.jpg", b"\xff\xd8", "x.jpg")
    with pytest.raises(ValueError, match="name is required when data is bytes"):
        S3File(b"data")
    with pytest.raises(ValueError, match="cannot be a partition_key"):
        S3Attribute(bucket="b", partition_key=True)
    with pytest.raises(ValueError, match="must be uploaded before serialization"):
        S3Attribute(bucket="b").serialize(S3File(b"x", name="x"))
