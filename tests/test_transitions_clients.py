"""Opt-in status transitions (fakedynamo.transitions) through boto3: states, errors and waiters."""

from __future__ import annotations

import threading
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

T0 = 1_800_000_000.0
KEY = {"pk": {"S": "a"}}


def create(client: Any, name: str = "slow", **params: Any) -> dict:
    return client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}]
        if "GlobalSecondaryIndexes" in params
        else [{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **params,
    )


def error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def status(client: Any, name: str = "slow") -> str:
    return client.describe_table(TableName=name)["Table"]["TableStatus"]


def test_the_default_is_instant() -> None:
    with mock_dynamodb(clock=T0):
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        assert status(client) == "ACTIVE"
        client.put_item(TableName="slow", Item=KEY)


def test_creating_lasts_its_time() -> None:
    with mock_dynamodb(clock=T0, status_delays={"create": 10}) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        assert create(client)["TableDescription"]["TableStatus"] == "CREATING"
        assert status(client) == "CREATING"
        assert client.list_tables()["TableNames"] == ["slow"]
        assert error(lambda: client.put_item(TableName="slow", Item=KEY)) == (
            "ResourceNotFoundException",
            "Requested resource not found",
        )
        assert error(lambda: create(client)) == ("ResourceInUseException", "Table already exists: slow")
        assert error(lambda: client.delete_table(TableName="slow")) == (
            "ResourceInUseException",
            "Attempt to change a resource which is still in use: Table is being created: slow",
        )
        db.advance(9.5)
        assert status(client) == "CREATING"
        db.advance(0.5)
        assert status(client) == "ACTIVE"
        client.put_item(TableName="slow", Item=KEY)


def test_updating_and_backfilling() -> None:
    with mock_dynamodb(clock=T0, status_delays={"update": 5, "index": 20}) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        client.put_item(TableName="slow", Item={**KEY, "g": {"S": "x"}})
        response = client.update_table(
            TableName="slow",
            AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {"Create": {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
            ],
        )
        assert response["TableDescription"]["TableStatus"] == "UPDATING"
        table = client.describe_table(TableName="slow")["Table"]
        assert table["TableStatus"] == "UPDATING"
        assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
        assert table["GlobalSecondaryIndexes"][0]["Backfilling"] is True
        client.get_item(TableName="slow", Key=KEY)  # items are served while UPDATING
        code, message = error(
            lambda: client.update_table(TableName="slow", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        )
        assert code == "ResourceInUseException" and "Table is being updated: slow" in message
        assert error(lambda: client.delete_table(TableName="slow"))[0] == "ResourceInUseException"
        db.advance(5)
        table = client.describe_table(TableName="slow")["Table"]
        assert table["TableStatus"] == "ACTIVE" and table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
        db.advance(15)
        index = client.describe_table(TableName="slow")["Table"]["GlobalSecondaryIndexes"][0]
        assert index["IndexStatus"] == "ACTIVE" and "Backfilling" not in index


def test_deleting_lasts_its_time() -> None:
    with mock_dynamodb(clock=T0, status_delays={"delete": 30}) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        assert client.delete_table(TableName="slow")["TableDescription"]["TableStatus"] == "DELETING"
        assert status(client) == "DELETING"
        assert client.list_tables()["TableNames"] == ["slow"]
        assert error(lambda: client.get_item(TableName="slow", Key=KEY))[0] == "ResourceNotFoundException"
        assert error(lambda: client.delete_table(TableName="slow"))[0] == "ResourceNotFoundException"
        assert error(lambda: create(client))[0] == "ResourceInUseException"
        db.advance(30)
        assert error(lambda: client.describe_table(TableName="slow"))[0] == "ResourceNotFoundException"
        assert client.list_tables()["TableNames"] == []
        create(client)  # the name is free again


def test_boto3_waiters_wait_out_the_transitions_on_the_wall_clock() -> None:
    with mock_dynamodb(status_delays=0.3):
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        started = time.monotonic()
        client.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})
        assert status(client) == "ACTIVE"
        client.delete_table(TableName="slow")
        client.get_waiter("table_not_exists").wait(TableName="slow", WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})
        assert time.monotonic() - started >= 0.5


def test_a_waiter_and_advance_from_another_thread() -> None:
    with mock_dynamodb(clock=T0, status_delays=60) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        mover = threading.Timer(0.2, db.advance, args=(60,))
        mover.start()
        client.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})
        mover.join()
        assert status(client) == "ACTIVE"


def test_bad_delays_are_refused() -> None:
    with pytest.raises(ValueError):
        mock_dynamodb(status_delays={"creating": 1})
    with pytest.raises(ValueError):
        mock_dynamodb(status_delays=-1)
