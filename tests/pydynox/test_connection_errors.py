"""A refused connection, for real: a closed port on this machine, no mock anywhere (as pydynox 1.8 behaves)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from fakedynamo.wire import botocore as hook
from pydynox import DynamoDBClient
from pydynox.exceptions import ConnectionException

MESSAGE = "Connection failed to DynamoDB (I/O error). Check if the endpoint is reachable."


@pytest.fixture
def closed_port_client() -> DynamoDBClient:
    assert hook.active_engines == [], "no in-process mock may answer: the connection must really be refused"
    with socket.socket() as probe:  # a port that was free a moment ago, and nobody listens on now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return DynamoDBClient(region="us-east-1", endpoint_url=f"http://127.0.0.1:{port}", access_key="a", secret_key="b")


def test_a_refused_connection_raises_connection_exception(closed_port_client: DynamoDBClient) -> None:
    with pytest.raises(ConnectionException) as raised:
        closed_port_client.sync_get_item("users", {"pk": "a"})
    assert str(raised.value) == MESSAGE


def test_a_refused_connection_raises_connection_exception_async(closed_port_client: DynamoDBClient) -> None:
    with pytest.raises(ConnectionException, match="Connection failed"):
        asyncio.run(closed_port_client.put_item("users", {"pk": "a"}))


def test_ping_answers_false_without_raising(closed_port_client: DynamoDBClient) -> None:
    assert closed_port_client.ping() is False


def test_retries_default_to_the_sdks_standard_mode(closed_port_client: DynamoDBClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1.8's Rust SDK tries 3 times; botocore's legacy mode would try DynamoDB 10 times (some 25 s here).
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    closed_port_client.ping()
    assert closed_port_client._boto.meta.config.retries == {"mode": "standard"}
