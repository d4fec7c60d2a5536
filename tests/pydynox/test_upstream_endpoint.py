"""The one local endpoint the upstream suite's HTTP mode gets: DynamoDB from fakedynamo, S3 and KMS from moto."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakedynamo.wire import botocore as hook
from pydynox import DynamoDBClient
from tests.pydynox.run_upstream_integration import _mode

pytest.importorskip("flask", reason="moto's server (moto[server]) serves S3 and KMS")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, Any]]:
    from tests.pydynox.upstream_endpoint import local_aws

    with local_aws() as served:
        yield served


def boto(service: str, url: str) -> Any:
    import boto3

    return boto3.client(
        service, endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def test_dynamodb_requests_reach_the_served_fakedynamo(endpoint: tuple[str, Any]) -> None:
    url, dynamodb = endpoint
    assert hook.active_engines == []  # over the socket, not the in-process hook
    client = DynamoDBClient(region="us-east-1", endpoint_url=url, access_key="testing", secret_key="testing")
    client.sync_create_table("front", partition_key=("pk", "S"))
    client.sync_put_item("front", {"pk": "a", "n": 1})
    assert client.sync_get_item("front", {"pk": "a"}) == {"pk": "a", "n": 1}
    assert dynamodb.db.items("front") == [{"pk": {"S": "a"}, "n": {"N": "1"}}]


def test_s3_and_kms_requests_reach_moto(endpoint: tuple[str, Any]) -> None:
    url, _ = endpoint
    s3 = boto("s3", url)
    s3.create_bucket(Bucket="front-bucket")
    s3.put_object(Bucket="front-bucket", Key="k", Body=b"hello")  # a chunked, aws-chunked upload
    assert s3.get_object(Bucket="front-bucket", Key="k")["Body"].read() == b"hello"
    assert s3.head_object(Bucket="front-bucket", Key="k")["ContentLength"] == 5
    kms = boto("kms", url)
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    sealed = kms.encrypt(KeyId=key, Plaintext=b"secret")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=sealed)["Plaintext"] == b"secret"


def test_the_runner_takes_a_mode_flag() -> None:
    assert _mode(["/src.tar.gz", "integration/lock"]) == ("http", ["/src.tar.gz", "integration/lock"])
    assert _mode(["--mode=inprocess", "/src.tar.gz"]) == ("inprocess", ["/src.tar.gz"])
    with pytest.raises(SystemExit):
        _mode(["--mode=docker"])
