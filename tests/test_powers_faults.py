"""Scripted faults: rules on the mock handle, answered as DynamoDB answers, seen by botocore's retries."""

from __future__ import annotations

from typing import Any, Iterator

import boto3
import botocore.retries.standard
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb
from fakedynamo.faults import PROVISIONED_TABLE

TABLE = "users"


def create(client: Any, name: str = TABLE) -> None:
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    )


@pytest.fixture
def db() -> Iterator[Any]:
    with mock_dynamodb(id_seed=7) as mock:
        yield mock


@pytest.fixture
def no_retry() -> Any:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    create(client)
    return client


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    # Retries wait 0 s instead of their jittered backoff: the attempts are the same, the test is fast.
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)


def item(pk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}}


def test_standard_retry_mode_succeeds_on_the_third_attempt_after_two_throttles(db: Any, no_backoff: None) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    create(client)
    rule = db.faults.add("ProvisionedThroughputExceededException", operation="PutItem", table=TABLE, times=2)
    response = client.put_item(TableName=TABLE, Item=item("a"))
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert rule.fired == 2 and db.item_count(TABLE) == 1


def test_standard_retry_mode_gives_up_when_the_rule_outlasts_it(db: Any, no_backoff: None) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    create(client)
    db.faults.add("ThrottlingException", table=TABLE, times=None)
    with pytest.raises(ClientError) as caught:
        client.get_item(TableName=TABLE, Key=item("a"))
    assert caught.value.response["Error"]["Code"] == "ThrottlingException"
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_adaptive_mode_retries_too(db: Any, no_backoff: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import botocore.retries.adaptive  # noqa: F401 - the client side rate limiter would sleep; the attempts are what matter

    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": "adaptive", "total_max_attempts": 4}))
    monkeypatch.setattr("botocore.retries.bucket.TokenBucket.acquire", lambda self, amount=1, block=True: True)
    create(client)
    db.faults.add("RequestLimitExceeded", table=TABLE, times=3)
    assert client.put_item(TableName=TABLE, Item=item("a"))["ResponseMetadata"]["RetryAttempts"] == 3


def test_a_faulted_request_changes_nothing(db: Any, no_retry: Any) -> None:
    db.faults.add("InternalServerError", operation="PutItem")
    with pytest.raises(ClientError) as caught:
        no_retry.put_item(TableName=TABLE, Item=item("a"))
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["Error"]["Code"] == "InternalServerError"
    assert db.item_count(TABLE) == 0
    no_retry.put_item(TableName=TABLE, Item=item("a"))  # once: the rule is spent
    assert db.item_count(TABLE) == 1


def test_wire_form_of_a_throttle(db: Any, no_retry: Any) -> None:
    db.faults.add("ProvisionedThroughputExceededException", table=TABLE)
    with pytest.raises(ClientError) as caught:
        no_retry.put_item(TableName=TABLE, Item=item("a"))
    error = caught.value.response
    assert error["Error"] == {"Code": "ProvisionedThroughputExceededException", "Message": PROVISIONED_TABLE}
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["ThrottlingReasons"] == [{
        "reason": "TableWriteProvisionedThroughputExceeded",
        "resource": f"arn:aws:dynamodb:us-east-1:123456789012:table/{TABLE}",
    }]


def test_service_unavailable_is_a_503(db: Any, no_retry: Any) -> None:
    db.faults.add("ServiceUnavailable", operation="Scan")
    with pytest.raises(ClientError) as caught:
        no_retry.scan(TableName=TABLE)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_matching_by_key_index_and_nth_call(db: Any, no_retry: Any) -> None:
    db.faults.add("ConditionalCheckFailedException", operation="PutItem", key=item("b"))
    no_retry.put_item(TableName=TABLE, Item={**item("a"), "x": {"N": "1"}})
    with pytest.raises(no_retry.exceptions.ConditionalCheckFailedException) as caught:
        no_retry.put_item(TableName=TABLE, Item={**item("b"), "x": {"N": "1"}})
    assert caught.value.response["Error"]["Message"] == "The conditional request failed"

    db.faults.add("InternalServerError", operation="GetItem", nth=3)
    for attempt in range(1, 6):
        if attempt == 3:
            with pytest.raises(ClientError):
                no_retry.get_item(TableName=TABLE, Key=item("a"))
        else:
            no_retry.get_item(TableName=TABLE, Key=item("a"))

    db.faults.add("InternalServerError", operation="Query", index="by_x")
    no_retry.query(TableName=TABLE, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})


def test_condition_failure_returns_the_item_when_asked(db: Any, no_retry: Any) -> None:
    no_retry.put_item(TableName=TABLE, Item={**item("a"), "v": {"N": "1"}})
    db.faults.add("ConditionalCheckFailed", operation="UpdateItem")
    with pytest.raises(ClientError) as caught:
        no_retry.update_item(TableName=TABLE, Key=item("a"), UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}}, ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert caught.value.response["Item"] == {**item("a"), "v": {"N": "1"}}


def test_always_and_times(db: Any, no_retry: Any) -> None:
    rule = db.faults.add("InternalServerError", operation="GetItem", times=None)
    for _ in range(4):
        with pytest.raises(ClientError):
            no_retry.get_item(TableName=TABLE, Key=item("a"))
    assert rule.fired == 4
    db.faults.remove(rule)
    no_retry.get_item(TableName=TABLE, Key=item("a"))
    db.faults.add("InternalServerError", operation="GetItem", times=2)
    outcomes = []
    for _ in range(3):
        try:
            no_retry.get_item(TableName=TABLE, Key=item("a"))
            outcomes.append("ok")
        except ClientError:
            outcomes.append("fault")
    assert outcomes == ["fault", "fault", "ok"]


def test_transaction_conflict_inside_a_cancellation(db: Any, no_retry: Any) -> None:
    db.faults.add("TransactionConflict", operation="TransactWriteItems", key=item("b"))
    with pytest.raises(no_retry.exceptions.TransactionCanceledException) as caught:
        no_retry.transact_write_items(TransactItems=[
            {"Put": {"TableName": TABLE, "Item": item("a")}},
            {"Put": {"TableName": TABLE, "Item": item("b")}},
        ])
    error = caught.value.response
    assert error["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]"
    )
    assert error["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"},
    ]
    assert db.item_count(TABLE) == 0


def test_chosen_cancellation_reasons(db: Any, no_retry: Any) -> None:
    db.faults.add("TransactionCanceledException", reasons=["ConditionalCheckFailed", "None"])
    with pytest.raises(ClientError) as caught:
        no_retry.transact_get_items(TransactItems=[
            {"Get": {"TableName": TABLE, "Key": item("a")}}, {"Get": {"TableName": TABLE, "Key": item("b")}},
        ])
    assert [r["Code"] for r in caught.value.response["CancellationReasons"]] == ["ConditionalCheckFailed", "None"]


def test_transaction_conflict_on_a_single_write(db: Any, no_retry: Any) -> None:
    db.faults.add("TransactionConflict", operation="DeleteItem")
    with pytest.raises(no_retry.exceptions.TransactionConflictException):
        no_retry.delete_item(TableName=TABLE, Key=item("a"))


def test_partial_batch_write_applies_the_processed_part(db: Any, no_retry: Any) -> None:
    db.faults.add(operation="BatchWriteItem", unprocessed=[item("b")])
    response = no_retry.batch_write_item(RequestItems={TABLE: [
        {"PutRequest": {"Item": item(pk)}} for pk in "abc"
    ]})
    assert response["UnprocessedItems"] == {TABLE: [{"PutRequest": {"Item": item("b")}}]}
    assert sorted(i["pk"]["S"] for i in db.items(TABLE)) == ["a", "c"]


def test_partial_batch_get(db: Any, no_retry: Any) -> None:
    for pk in "abc":
        no_retry.put_item(TableName=TABLE, Item=item(pk))
    db.faults.add(operation="BatchGetItem", unprocessed=2)
    response = no_retry.batch_get_item(RequestItems={TABLE: {"Keys": [item(pk) for pk in "abc"], "ConsistentRead": True}})
    assert response["Responses"][TABLE] == [item("a")]
    assert response["UnprocessedKeys"] == {TABLE: {"Keys": [item("b"), item("c")], "ConsistentRead": True}}


def test_batch_writer_resends_forced_unprocessed_items_until_none_are_left(db: Any) -> None:
    resource = boto3.resource("dynamodb", region_name="us-east-1")
    create(resource.meta.client)
    rule = db.faults.add(operation="BatchWriteItem", unprocessed=3, times=4)
    with resource.Table(TABLE).batch_writer() as writer:
        for n in range(30):
            writer.put_item(Item={"pk": f"k{n:02}"})
    assert rule.fired == 4
    assert db.item_count(TABLE) == 30


def test_probability_is_deterministic_under_the_seed() -> None:
    def run() -> list[bool]:
        with mock_dynamodb(id_seed=42) as db:
            client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
            create(client)
            db.faults.add("InternalServerError", operation="GetItem", times=None, probability=0.5)
            outcomes = []
            for _ in range(20):
                try:
                    client.get_item(TableName=TABLE, Key=item("a"))
                    outcomes.append(True)
                except ClientError:
                    outcomes.append(False)
            return outcomes

    first = run()
    assert first == run() and True in first and False in first


def test_rules_need_an_error_or_a_partial_batch(db: Any) -> None:
    with pytest.raises(ValueError):
        db.faults.add()
    with pytest.raises(ValueError):
        db.faults.add(operation="PutItem", unprocessed=1)
    db.faults.add("InternalServerError")
    assert len(db.faults) == 1
    db.calm()
    assert len(db.faults) == 0

