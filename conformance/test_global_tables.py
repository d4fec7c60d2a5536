"""Global tables (version 2019.11.21): replicas through UpdateTable, and writes that reach them."""

from __future__ import annotations

import time
from typing import Any, Callable

import boto3
import pytest
from botocore.config import Config

from conformance.conftest import IN_PROCESS, REAL_AWS, REGION

OTHER_REGION = "eu-west-1" if REGION != "eu-west-1" else "us-west-2"


@pytest.fixture
def other_client(endpoint: str | None) -> Any:
    kwargs: dict[str, Any] = {"region_name": OTHER_REGION, "config": Config(retries={"total_max_attempts": 1})}
    if endpoint is not None:
        kwargs["endpoint_url"] = endpoint
        if not REAL_AWS:
            kwargs["aws_access_key_id"] = kwargs["aws_secret_access_key"] = "fake"
    return boto3.client("dynamodb", **kwargs)


def eventually(check: Callable[[], Any], timeout: float = 600) -> Any:
    """`check()` once it is truthy: at once on fakedynamo, polling on AWS (replication takes a while)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or IN_PROCESS or time.monotonic() > deadline:
            return result
        time.sleep(5)


def test_replicated_write(client: Any, other_client: Any, table: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "before"}})
    answer = client.update_table(TableName=table, ReplicaUpdates=[{"Create": {"RegionName": OTHER_REGION}}])
    description = answer["TableDescription"]
    assert description["TableStatus"] == "UPDATING"
    assert {"RegionName": OTHER_REGION, "ReplicaStatus": "CREATING"}.items() <= description["Replicas"][0].items()
    replicas = eventually(
        lambda: [r for r in client.describe_table(TableName=table)["Table"].get("Replicas", []) if r["ReplicaStatus"] == "ACTIVE"]
    )
    assert [r["RegionName"] for r in replicas] == [OTHER_REGION]
    described = client.describe_table(TableName=table)["Table"]
    assert described["GlobalTableVersion"] == "2019.11.21"
    # The items already there, and a new write, reach the replica.
    client.put_item(TableName=table, Item={"pk": {"S": "after"}, "v": {"N": "1"}})
    assert eventually(lambda: other_client.get_item(TableName=table, Key={"pk": {"S": "before"}}).get("Item"))
    got = eventually(lambda: other_client.get_item(TableName=table, Key={"pk": {"S": "after"}}).get("Item"))
    assert got == {"pk": {"S": "after"}, "v": {"N": "1"}}
    # Writes go both ways; the last writer wins.
    other_client.update_item(
        TableName=table, Key={"pk": {"S": "after"}}, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "2"}}
    )
    assert eventually(lambda: client.get_item(TableName=table, Key={"pk": {"S": "after"}})["Item"]["v"] == {"N": "2"})
    other_client.delete_item(TableName=table, Key={"pk": {"S": "before"}})
    assert eventually(lambda: "Item" not in client.get_item(TableName=table, Key={"pk": {"S": "before"}}))
    # Removing the replica deletes the table in that region.
    client.update_table(TableName=table, ReplicaUpdates=[{"Delete": {"RegionName": OTHER_REGION}}])
    assert eventually(lambda: table not in other_client.list_tables()["TableNames"])


def test_provisioned_table_needs_autoscaled_writes(client: Any, make_table: Any) -> None:
    from conformance.helpers import error_of

    table = make_table(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert error_of(
        lambda: client.update_table(TableName=table, ReplicaUpdates=[{"Create": {"RegionName": OTHER_REGION}}])
    ) == ("ValidationException", "Table write capacity should either be Pay-Per-Request or AutoScaled.")
