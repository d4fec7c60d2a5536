"""Fixtures for behaviour tests that can run against any DynamoDB endpoint.

These tests talk to DynamoDB through a plain boto3 client only. Where they
send requests is chosen by the environment:

- ``CONFORMANCE_ENDPOINT`` unset (the default): fakedynamo, twice over: every
  test runs once in-process (the botocore hook) and once against fakedynamo's
  HTTP server over a real socket;
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
# fakedynamo answers (in-process or over HTTP), so its newest captured wording is exact.
IN_PROCESS = ENDPOINT == ""
REAL_AWS = ENDPOINT == "aws"
TRANSPORTS = ["in-process", "http"] if IN_PROCESS else ["external"]


@pytest.fixture(scope="session")
def _fake_server() -> Iterator[Any]:
    """One fakedynamo HTTP server for the session; each test gets a fresh engine behind it."""
    from fakedynamo.wire.http import running_server

    with running_server() as server:
        yield server


@pytest.fixture(params=TRANSPORTS)
def endpoint(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The endpoint_url to send requests to (None: boto3's default) for the duration of a test."""
    if request.param == "in-process":
        import fakedynamo

        with fakedynamo.mock_dynamodb():
            yield None
    elif request.param == "http":
        from fakedynamo import Engine

        server = request.getfixturevalue("_fake_server")
        server.engine = Engine()
        yield server.endpoint
    else:
        yield None if REAL_AWS else ENDPOINT


@pytest.fixture
def make_client(endpoint: str | None) -> Callable[..., Any]:
    """``make_client(**config)``: a boto3 DynamoDB client for the endpoint, without retries.

    Keyword arguments go to botocore's Config (e.g. ``parameter_validation=False``
    to send requests botocore would refuse to build).
    """

    def make(**config: Any) -> Any:
        settings = {"retries": {"total_max_attempts": 1}, **config}
        kwargs: dict[str, Any] = {"region_name": REGION, "config": Config(**settings)}
        if endpoint is not None:
            kwargs["endpoint_url"] = endpoint
            if not REAL_AWS and IN_PROCESS:
                kwargs["aws_access_key_id"] = "fake"
                kwargs["aws_secret_access_key"] = "fake"
        return boto3.client("dynamodb", **kwargs)

    return make


@pytest.fixture
def client(make_client: Callable[..., Any]) -> Any:
    """A boto3 DynamoDB client without retries, so errors surface as DynamoDB sent them."""
    return make_client()


@pytest.fixture
def unchecked_client(make_client: Callable[..., Any]) -> Any:
    """A client that sends what it is given, unchecked by botocore, so DynamoDB's own answer shows."""
    return make_client(parameter_validation=False)


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


@pytest.fixture
def streams_client(endpoint: str | None) -> Any:
    """A boto3 DynamoDB Streams client for the same endpoint, without retries."""
    kwargs: dict[str, Any] = {"region_name": REGION, "config": Config(retries={"total_max_attempts": 1})}
    if endpoint is not None:
        kwargs["endpoint_url"] = endpoint
        if not REAL_AWS and IN_PROCESS:
            kwargs["aws_access_key_id"] = "fake"
            kwargs["aws_secret_access_key"] = "fake"
    return boto3.client("dynamodbstreams", **kwargs)
