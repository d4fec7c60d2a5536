"""Fixtures for behaviour tests that can run against any DynamoDB endpoint.

These tests talk to DynamoDB through a plain boto3 client only. Where they
send requests is chosen by the environment:

- ``CONFORMANCE_ENDPOINT`` unset: the in-process fakedynamo (the default);
- ``CONFORMANCE_ENDPOINT=aws``: real DynamoDB, with your usual credentials;
- ``CONFORMANCE_ENDPOINT=http://host:port``: any DynamoDB-compatible endpoint.

``CONFORMANCE_REGION`` picks the region (default us-east-1). Tables are made
with unique names and deleted after each test.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator

import boto3
import pytest
from botocore.config import Config

from conformance.helpers import unique_name

ENDPOINT = os.environ.get("CONFORMANCE_ENDPOINT", "")
REGION = os.environ.get("CONFORMANCE_REGION", "us-east-1")
IN_PROCESS = ENDPOINT == ""
REAL_AWS = ENDPOINT == "aws"


@pytest.fixture
def endpoint() -> Iterator[None]:
    """Route boto3 to the chosen endpoint for the duration of a test."""
    if IN_PROCESS:
        import fakedynamo

        with fakedynamo.mock_dynamodb():
            yield
    else:
        yield


@pytest.fixture
def client(endpoint: None) -> Any:
    """A boto3 DynamoDB client without retries, so errors surface as DynamoDB sent them."""
    kwargs: dict[str, Any] = {"region_name": REGION, "config": Config(retries={"max_attempts": 1, "mode": "standard"})}
    if not IN_PROCESS and not REAL_AWS:
        kwargs["endpoint_url"] = ENDPOINT
    return boto3.client("dynamodb", **kwargs)


@pytest.fixture
def make_table(client: Any) -> Iterator[Callable[..., str]]:
    """Create tables (waiting until ACTIVE) and delete them when the test ends.

    ``make_table()`` makes a table keyed by string ``pk``; ``make_table(sort="N")``
    adds a numeric sort key ``sk``; any CreateTable parameter can be passed.
    """
    created: list[str] = []

    def make(hash_type: str = "S", sort: str | None = None, **params: Any) -> str:
        name = params.pop("TableName", None) or unique_name()
        if "KeySchema" not in params:
            params["KeySchema"] = [{"AttributeName": "pk", "KeyType": "HASH"}]
            params["AttributeDefinitions"] = [{"AttributeName": "pk", "AttributeType": hash_type}]
            if sort:
                params["KeySchema"].append({"AttributeName": "sk", "KeyType": "RANGE"})
                params["AttributeDefinitions"].append({"AttributeName": "sk", "AttributeType": sort})
        if "ProvisionedThroughput" not in params:
            params.setdefault("BillingMode", "PAY_PER_REQUEST")
        client.create_table(TableName=name, **params)
        created.append(name)
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        return name

    yield make
    for name in created:
        try:
            client.delete_table(TableName=name)
        except client.exceptions.ResourceNotFoundException:
            pass


@pytest.fixture
def table(make_table: Callable[..., str]) -> str:
    """A table keyed by string ``pk``."""
    return make_table()


@pytest.fixture
def sorted_table(make_table: Callable[..., str]) -> str:
    """A table keyed by string ``pk`` and string ``sk``."""
    return make_table(sort="S")
