"""`S3Attribute` against moto's S3 and `EncryptedAttribute` against moto's KMS; DynamoDB is fakedynamo.

moto is a test dependency; fakedynamo answers DynamoDB and moto the other services.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

moto = pytest.importorskip("moto")

import boto3  # noqa: E402

from fakedynamo import mock_dynamodb  # noqa: E402
from pydynox import DynamoDBClient, Model, ModelConfig, clear_default_client, set_default_client  # noqa: E402
from pydynox.attributes import (  # noqa: E402
    EncryptedAttribute,
    EncryptionMode,
    S3Attribute,
    S3File,
    S3Value,
    StringAttribute,
)
from pydynox.exceptions import EncryptionException  # noqa: E402
from tests.pydynox.conftest import forget_model_clients, make_table  # noqa: E402


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoDBClient]:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    with moto.mock_aws(), mock_dynamodb():
        client = DynamoDBClient(region="us-east-1")
        forget_model_clients()
        set_default_client(client)
        yield client
        clear_default_client()
        forget_model_clients()


def test_s3_attribute_uploads_on_save_reads_back_and_deletes(aws: DynamoDBClient, tmp_path: Any) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="docs")

    class Document(Model):
        model_config = ModelConfig(table="documents")
        pk = StringAttribute(partition_key=True)
        content = S3Attribute(bucket="docs", prefix="files/")

    make_table(aws, "documents")
    doc = Document(pk="DOC#1", content=S3File(b"%PDF data", name="report.pdf", content_type="application/pdf"))
    doc.sync_save()
    assert isinstance(doc.content, S3Value) and doc.content.key == "files/DOC/1/report.pdf"
    stored = aws.sync_get_item("documents", {"pk": "DOC#1"})
    assert stored is not None and stored["content"]["bucket"] == "docs" and stored["content"]["size"] == 9
    assert s3.get_object(Bucket="docs", Key="files/DOC/1/report.pdf")["ContentType"] == "application/pdf"

    loaded = Document.sync_get(pk="DOC#1")
    assert loaded is not None and isinstance(loaded.content, S3Value)
    assert loaded.content.sync_get_bytes() == b"%PDF data"
    assert asyncio.run(loaded.content.get_bytes()) == b"%PDF data"
    loaded.content.sync_save_to(tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF data"
    assert "report.pdf" in loaded.content.sync_presigned_url(60)

    loaded.sync_delete()
    assert s3.list_objects_v2(Bucket="docs").get("KeyCount") == 0


def test_encrypted_attribute_round_trips_through_kms(aws: DynamoDBClient) -> None:
    key_id = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]

    class Person(Model):
        model_config = ModelConfig(table="people")
        pk = StringAttribute(partition_key=True)
        ssn = EncryptedAttribute(key_id=key_id)

    class Reader(Model):
        model_config = ModelConfig(table="people")
        pk = StringAttribute(partition_key=True)
        ssn = EncryptedAttribute(key_id=key_id, mode=EncryptionMode.WriteOnly)

    make_table(aws, "people")
    Person(pk="p", ssn="123-45-6789").sync_save()
    stored = aws.sync_get_item("people", {"pk": "p"})
    assert stored is not None and stored["ssn"].startswith("ENC:") and "123-45" not in stored["ssn"]
    loaded = Person.sync_get(pk="p")
    assert loaded is not None and loaded.ssn == "123-45-6789"
    with pytest.raises(EncryptionException, match="WriteOnly"):
        Reader.sync_get(pk="p")
    result = Person.ssn.encryptor.sync_encrypt_with_metrics("x")
    assert result.metrics.kms_calls == 1 and Person.ssn.encryptor.sync_decrypt(result.ciphertext) == "x"


def test_s3_uses_the_dynamodb_clients_endpoint_path_style() -> None:
    # As 1.8: one endpoint for every service (LocalStack), buckets in the path.
    from pydynox._s3 import s3_client_for

    client = DynamoDBClient(region="eu-west-1", endpoint_url="http://localhost:4566", access_key="a", secret_key="b")
    s3 = s3_client_for(None, client)
    assert (s3.meta.endpoint_url, s3.meta.region_name) == ("http://localhost:4566", "eu-west-1")
    assert s3.meta.config.s3 == {"addressing_style": "path"}
    assert s3_client_for(None, DynamoDBClient(region="eu-west-1")).meta.endpoint_url.startswith("https://s3.")
