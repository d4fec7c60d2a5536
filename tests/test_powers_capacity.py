"""Capacity metering and budgets, and throttling from the same accounting."""

from __future__ import annotations

from typing import Any, Iterator

import boto3
import pytest
from botocore.config import Config

from fakedynamo import mock_dynamodb
from fakedynamo.budget import BudgetExceeded
from fakedynamo.faults import PROVISIONED_INDEX, PROVISIONED_TABLE

CLOCK = [1_700_000_000.0]


@pytest.fixture
def db() -> Iterator[Any]:
    CLOCK[0] = 1_700_000_000.0
    with mock_dynamodb(clock=lambda: CLOCK[0]) as mock:
        yield mock


@pytest.fixture
def client() -> Any:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    client.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "status")],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        GlobalSecondaryIndexes=[{
            "IndexName": "by_status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        }],
    )
    return client


def order(n: int, size: int = 10, status: str | None = "new") -> dict[str, Any]:
    item = {"pk": {"S": "customer"}, "sk": {"S": f"{n:04}"}, "body": {"S": "x" * size}}
    if status:
        item["status"] = {"S": status}
    return item


def test_consumed_reads_the_exact_units_per_table_and_index(db: Any, client: Any) -> None:
    db.track_capacity()
    client.put_item(TableName="orders", Item=order(1, size=3000))  # 3 WCU on the table, 1 on the KEYS_ONLY index
    client.get_item(TableName="orders", Key={"pk": {"S": "customer"}, "sk": {"S": "0001"}})  # 0.5 RCU
    assert db.consumed("orders").wcu == 4.0
    assert db.consumed("orders", index="by_status").wcu == 1.0
    assert db.consumed("orders").rcu == 0.5
    client.query(TableName="orders", IndexName="by_status", KeyConditionExpression="#s = :s",
                 ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "new"}})
    assert db.consumed("orders", index="by_status").rcu == 0.5


def test_the_response_keeps_the_form_the_caller_asked_for(db: Any, client: Any) -> None:
    db.track_capacity()
    assert "ConsumedCapacity" not in client.put_item(TableName="orders", Item=order(1))
    total = client.put_item(TableName="orders", Item=order(2), ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert total == {"TableName": "orders", "CapacityUnits": 2.0}
    detail = client.put_item(TableName="orders", Item=order(3), ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert detail["GlobalSecondaryIndexes"] == {"by_status": {"CapacityUnits": 1.0}}


def test_a_budget_fails_the_block_that_costs_too_much(db: Any, client: Any) -> None:
    for n in range(20):
        client.put_item(TableName="orders", Item=order(n, size=400))
    with db.budget(table="orders", max_rcu=1) as cheap:
        client.query(TableName="orders", KeyConditionExpression="pk = :p AND sk = :s",
                     ExpressionAttributeValues={":p": {"S": "customer"}, ":s": {"S": "0003"}})
    assert cheap.rcu == 0.5
    with pytest.raises(BudgetExceeded, match=r"table 'orders' consumed 1\.5 RCU \(budget 1\)"):
        with db.budget(table="orders", max_rcu=1):
            client.scan(TableName="orders")  # 20 items of ~430 bytes: 3 x 4 KB, eventually consistent
    with pytest.raises(AssertionError):
        with db.budget(table="orders", max_wcu=0):
            client.delete_item(TableName="orders", Key={"pk": {"S": "customer"}, "sk": {"S": "0001"}})


def test_transactions_and_batches_are_metered(db: Any, client: Any) -> None:
    db.track_capacity()
    client.transact_write_items(TransactItems=[{"Put": {"TableName": "orders", "Item": order(1, status=None)}}])
    assert db.consumed("orders").wcu == 2.0  # transactions cost double
    client.batch_get_item(RequestItems={"orders": {"Keys": [{"pk": {"S": "customer"}, "sk": {"S": "0001"}}]}})
    assert db.consumed("orders").rcu == 0.5


def test_provisioned_table_throttles_after_its_burst_and_refills_on_the_clock(db: Any, client: Any) -> None:
    db.throttling(burst_seconds=3)  # 1 WCU/s holding 3 s: three 1 KB writes, then throttled
    for n in range(3):
        client.put_item(TableName="orders", Item=order(n, status=None))
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException) as caught:
        client.put_item(TableName="orders", Item=order(9, status=None))
    assert caught.value.response["Error"]["Message"] == PROVISIONED_TABLE
    assert caught.value.response["ThrottlingReasons"][0]["reason"] == "TableWriteProvisionedThroughputExceeded"
    assert db.item_count("orders") == 3  # the throttled write changed nothing
    CLOCK[0] += 1.0  # one second: one unit back
    client.put_item(TableName="orders", Item=order(9, status=None))


def test_the_default_burst_is_300_seconds(db: Any, client: Any) -> None:
    db.throttling()
    client.put_item(TableName="orders", Item=order(1, size=290 * 1024, status=None))  # 291 WCU of the 300
    client.put_item(TableName="orders", Item=order(2, size=20 * 1024, status=None))  # admitted with 9 left
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException):
        client.put_item(TableName="orders", Item=order(3, status=None))


def test_a_gsi_throttles_the_table_writes_that_feed_it(db: Any, client: Any) -> None:
    client.update_table(TableName="orders", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 10})
    db.throttling(burst_seconds=1)  # the table holds 10 units, its index 1
    client.put_item(TableName="orders", Item=order(1))  # table and index charged one unit each
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException) as caught:
        client.put_item(TableName="orders", Item=order(2))
    assert caught.value.response["Error"]["Message"] == PROVISIONED_INDEX
    assert caught.value.response["ThrottlingReasons"][0]["reason"] == "IndexWriteProvisionedThroughputExceeded"


def test_on_demand_maximum_throttles_with_throttling_exception(db: Any) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    client.create_table(
        TableName="capped", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        OnDemandThroughput={"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 2},
    )
    db.throttling()
    client.put_item(TableName="capped", Item={"pk": {"S": "a"}, "v": {"S": "x" * 2000}})  # 2 units of 2
    with pytest.raises(ClientErrorType(client, "ThrottlingException")) as caught:
        client.put_item(TableName="capped", Item={"pk": {"S": "b"}})
    assert caught.value.response["Error"]["Message"] == (
        "Throughput exceeds the maximum OnDemandThroughput configured on table or index"
    )
    assert caught.value.response["throttlingReasons"][0]["reason"] == "TableWriteMaxOnDemandThroughputExceeded"
    CLOCK[0] += 1.0
    client.put_item(TableName="capped", Item={"pk": {"S": "b"}})


def test_throttling_is_off_by_default(db: Any, client: Any) -> None:
    for n in range(5):
        client.put_item(TableName="orders", Item=order(n, size=100 * 1024))


def ClientErrorType(client: Any, code: str) -> Any:  # noqa: N802 - reads as an exception class
    return getattr(client.exceptions, code)
