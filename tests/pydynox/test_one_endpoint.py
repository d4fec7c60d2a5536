"""The endpoint the real-pydynox suite runner serves: DynamoDB to fakedynamo, S3 and KMS to moto, on one URL."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest

from fakedynamo.wire import botocore as hook
from tests.pydynox import run_real_pydynox_suite
from tests.pydynox.one_endpoint import Endpoint, one_endpoint

pytest.importorskip("moto.server")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with one_endpoint() as running:
        yield running


def client(service: str, endpoint: Endpoint) -> Any:
    assert hook.active_engines == [], "no in-process mock may be active: requests must go over HTTP"
    return boto3.client(service, endpoint_url=endpoint.url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip


def test_dynamodb_requests_reach_fakedynamo(endpoint: Endpoint) -> None:
    dynamodb = client("dynamodb", endpoint)
    dynamodb.create_table(TableName="routed", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")  # fmt: skip
    dynamodb.put_item(TableName="routed", Item={"pk": {"S": "a"}})
    assert endpoint.dynamodb.db.items("routed") == [{"pk": {"S": "a"}}]
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.describe_table(TableName="missing")


def test_s3_requests_reach_moto_with_their_bodies_and_lengths(endpoint: Endpoint) -> None:
    s3 = client("s3", endpoint)
    s3.create_bucket(Bucket="routed-bucket")
    s3.put_object(Bucket="routed-bucket", Key="k", Body=b"x" * 1000)
    assert s3.head_object(Bucket="routed-bucket", Key="k")["ContentLength"] == 1000  # HEAD keeps its length
    assert s3.get_object(Bucket="routed-bucket", Key="k")["Body"].read() == b"x" * 1000
    assert "routed-bucket" not in endpoint.dynamodb.db.table_names()


def test_kms_requests_reach_moto(endpoint: Endpoint) -> None:
    kms = client("kms", endpoint)
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    sealed = kms.encrypt(KeyId=key, Plaintext=b"secret")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=sealed)["Plaintext"] == b"secret"


def test_the_runner_without_source_or_interpreter_runs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_real_pydynox_suite.main([]) == 0
    assert run_real_pydynox_suite.main(["/nonexistent/pydynox-1.8.0.tar.gz", "/nonexistent/python"]) == 0
    assert "nothing to run" in capsys.readouterr().out


def test_a_chunked_request_body_is_forwarded_whole(endpoint: Endpoint) -> None:
    connection = http.client.HTTPConnection(urlsplit(endpoint.url).netloc, timeout=30)
    headers = {"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"}
    connection.request("POST", "/", body=iter([b'{"Li', b'mit": 1}']), headers=headers, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 200
    assert "TableNames" in json.loads(response.read())
    connection.close()
