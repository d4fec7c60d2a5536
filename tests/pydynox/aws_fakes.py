"""The `aws` fixture of the S3 and KMS tests: fakedynamo answers DynamoDB, moto's in-process S3 and KMS the rest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakedynamo import mock_dynamodb
from pydynox import DynamoDBClient, clear_default_client, set_default_client
from tests.pydynox.conftest import forget_model_clients

moto = pytest.importorskip("moto")

BUCKET = "docs"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoDBClient]:
    """The default client, with an S3 bucket `BUCKET` ready."""
    import boto3

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    with moto.mock_aws(), mock_dynamodb():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        client = DynamoDBClient(region="us-east-1")
        forget_model_clients()
        set_default_client(client)
        yield client
        clear_default_client()
        forget_model_clients()
