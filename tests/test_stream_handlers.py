"""Stream handlers run in-process (fakedynamo.handlers) and Lambda's filter patterns (fakedynamo.event_filter)."""

from __future__ import annotations

import asyncio
from typing import Any

import boto3
import pytest

from fakedynamo import mock_dynamodb
from fakedynamo.event_filter import matches_any, parse_patterns
from fakedynamo.handlers import StreamHandlerError

T0 = 1_800_000_000.0


@pytest.fixture
def db() -> Any:
    with mock_dynamodb(clock=T0, id_seed=7) as fake:
        yield fake


@pytest.fixture
def client(db: Any) -> Any:
    client = boto3.client("dynamodb", region_name="eu-west-1")
    for name in ("orders", "audit"):
        client.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
    return client


def put(client: Any, pk: str, table: str = "orders", **attributes: Any) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": pk}, **{k: {"S": v} for k, v in attributes.items()}})


def keys(events: list[dict]) -> list[list[str]]:
    return [[r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]] for event in events]


def test_the_event_is_lambdas(db, client) -> None:
    seen: list[dict] = []
    db.on_stream("orders", seen.append)
    put(client, "o1", status="new")
    assert seen == []  # nothing before deliver()
    assert db.deliver() == 1
    (event,) = seen
    (record,) = event["Records"]
    arn = client.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
    assert set(record) == {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"}
    assert record["eventName"] == "INSERT"
    assert record["eventVersion"] == "1.1"
    assert record["eventSource"] == "aws:dynamodb"
    assert record["awsRegion"] == "eu-west-1"
    assert record["eventSourceARN"] == arn
    assert record["dynamodb"] == {
        "ApproximateCreationDateTime": int(T0),
        "Keys": {"pk": {"S": "o1"}},
        "NewImage": {"pk": {"S": "o1"}, "status": {"S": "new"}},
        "SequenceNumber": record["dynamodb"]["SequenceNumber"],
        "SizeBytes": record["dynamodb"]["SizeBytes"],
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    assert db.deliver() == 0  # each record once


def test_batch_size_and_starting_position(db, client) -> None:
    put(client, "before")
    everything, latest = [], []
    db.on_stream("orders", everything.append, batch_size=2)
    db.on_stream("orders", latest.append, starting_position="LATEST", batch_size=10)
    for pk in ("a", "b", "c"):
        put(client, pk)
    db.deliver()
    assert keys(everything) == [["before", "a"], ["b", "c"]]
    assert keys(latest) == [["a", "b", "c"]]


def test_filters_drop_records_that_match_no_pattern(db, client) -> None:
    seen: list[dict] = []
    db.on_stream(
        "orders",
        seen.append,
        filters=[{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"status": {"S": [{"prefix": "paid"}]}}}}],
    )
    put(client, "o1", status="new")
    put(client, "o2", status="paid-card")
    put(client, "o1", status="paid-cash")  # a MODIFY: filtered out
    db.deliver()
    assert keys(seen) == [["o2"]]


def test_after_write_delivery(db, client) -> None:
    seen: list[dict] = []
    db.on_stream("orders", seen.append, deliver="after_write")
    put(client, "o1")
    assert keys(seen) == [["o1"]]
    client.get_item(TableName="orders", Key={"pk": {"S": "o1"}})
    assert len(seen) == 1


def test_records_a_handler_writes_flow_on(db, client) -> None:
    audited: list[dict] = []

    def copy_to_audit(event: dict) -> None:
        for record in event["Records"]:
            put(client, "audit#" + record["dynamodb"]["Keys"]["pk"]["S"], table="audit")

    db.on_stream("orders", copy_to_audit)
    db.on_stream("audit", audited.append)
    put(client, "o1")
    put(client, "o2")
    db.deliver()
    assert keys(audited) == [["audit#o1", "audit#o2"]]


def test_a_failing_handler_is_retried_then_reported(db, client) -> None:
    calls: list[int] = []

    def flaky(event: dict) -> None:
        calls.append(len(event["Records"]))
        raise RuntimeError("boom")

    subscription = db.on_stream("orders", flaky, max_retries=2)
    put(client, "o1")
    with pytest.raises(StreamHandlerError, match="boom"):
        db.deliver()
    assert calls == [1, 1, 1]
    assert keys([subscription.failures[0].event]) == [["o1"]]
    assert db.deliver() == 0  # discarded, as Lambda does after its retries


def test_bisect_isolates_the_poison_record(db, client) -> None:
    processed: list[str] = []

    def handler(event: dict) -> None:
        pks = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
        if "poison" in pks:
            raise ValueError("poison")
        processed.extend(pks)

    subscription = db.on_stream("orders", handler, bisect_on_error=True, max_retries=0, batch_size=10)
    for pk in ("a", "b", "poison", "c"):
        put(client, pk)
    db.deliver(raise_errors=False)
    assert processed == ["a", "b", "c"]
    assert keys([f.event for f in subscription.failures]) == [["poison"]]


def test_report_batch_item_failures_retries_from_the_failed_record(db, client) -> None:
    attempts: list[list[str]] = []

    def handler(event: dict) -> dict:
        pks = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
        attempts.append(pks)
        if len(attempts) == 1:
            failed = event["Records"][1]["dynamodb"]["SequenceNumber"]
            return {"batchItemFailures": [{"itemIdentifier": failed}]}
        return {"batchItemFailures": []}

    db.on_stream("orders", handler, report_batch_item_failures=True)
    for pk in ("a", "b", "c"):
        put(client, pk)
    db.deliver()
    assert attempts == [["a", "b", "c"], ["b", "c"]]


def test_async_handlers_and_context(db, client) -> None:
    seen: list[tuple[str, str]] = []

    async def handler(event: dict, context: Any) -> None:
        await asyncio.sleep(0)
        seen.append((event["Records"][0]["eventName"], context.function_name))

    db.on_stream("orders", handler)
    put(client, "o1")
    db.deliver()
    assert seen == [("INSERT", handler.__qualname__)]


def test_deliver_async_from_an_async_test(db, client) -> None:
    seen: list[dict] = []

    async def handler(event: dict) -> None:
        seen.append(event)

    db.on_stream("orders", handler)
    put(client, "o1")

    async def scenario() -> int:
        return await db.deliver_async()

    assert asyncio.run(scenario()) == 1 and keys(seen) == [["o1"]]


def test_ttl_deletions_reach_handlers_with_the_service_identity(db, client) -> None:
    client.update_time_to_live(TableName="orders", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "ttl": {"N": str(int(T0) + 60)}})
    seen: list[dict] = []
    db.on_stream("orders", seen.append, filters=[{"eventName": ["REMOVE"]}])
    db.advance(61)
    db.deliver()
    (record,) = seen[0]["Records"]
    assert record["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert record["dynamodb"]["OldImage"]["pk"] == {"S": "o1"}
    assert [r["eventName"] for r in db.stream_records("orders")] == ["INSERT", "REMOVE"]


def test_a_handler_needs_a_stream(db) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="plain",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(ValueError, match="no stream enabled"):
        db.on_stream("plain", print)
    with pytest.raises(KeyError):
        db.on_stream("missing", print)


def test_decorator_form(db, client) -> None:
    seen: list[dict] = []

    @db.on_stream("orders", batch_size=5)
    def handler(event: dict) -> None:
        seen.append(event)

    put(client, "o1")
    db.deliver()
    assert keys(seen) == [["o1"]]


def test_a_handler_writing_to_its_own_table_forever_is_stopped(db, client) -> None:
    counter = iter(range(10**6))

    def echo(event: dict) -> None:
        put(client, f"echo{next(counter)}")

    db.on_stream("orders", echo)
    put(client, "start")
    with pytest.raises(RuntimeError, match="rounds"):
        db.deliver()


# -- filter patterns -------------------------------------------------------------------------

RECORD = {
    "eventName": "MODIFY",
    "dynamodb": {
        "Keys": {"pk": {"S": "order#1"}},
        "NewImage": {"status": {"S": "shipped"}, "total": {"N": "42"}, "tags": {"SS": ["a", "b"]}},
        "SizeBytes": 120,
    },
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"eventName": ["MODIFY", "INSERT"]}, True),
        ({"eventName": ["REMOVE"]}, False),
        ({"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "order#"}]}}}}, True),
        ({"dynamodb": {"Keys": {"pk": {"S": [{"suffix": "#2"}]}}}}, False),
        ({"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": ["new", "paid"]}]}}}}, True),
        ({"dynamodb": {"NewImage": {"status": {"S": [{"equals-ignore-case": "SHIPPED"}]}}}}, True),
        ({"dynamodb": {"NewImage": {"total": {"N": ["42"]}}}}, True),
        ({"dynamodb": {"NewImage": {"total": {"N": [{"numeric": [">", 10]}]}}}}, False),  # N is a string
        ({"dynamodb": {"SizeBytes": [{"numeric": [">", 100, "<=", 120]}]}}, True),
        ({"dynamodb": {"NewImage": {"tags": {"SS": ["b"]}}}}, True),
        ({"dynamodb": {"OldImage": [{"exists": False}]}}, True),
        ({"dynamodb": {"NewImage": [{"exists": True}]}}, False),  # an object, not a leaf value
        ({"dynamodb": {"NewImage": {"status": {"S": [{"exists": True}]}}}}, True),
        ({"dynamodb": {"NewImage": {"gone": {"S": [{"exists": False}]}}}}, True),
        ({"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"SizeBytes": [120]}}]}, True),
        ({"dynamodb": {"Keys": {"pk": {"S": [{"wildcard": "order#*"}]}}}}, True),
    ],
)
def test_filter_patterns(pattern: dict, expected: bool) -> None:
    assert matches_any(parse_patterns([pattern]), RECORD) is expected


def test_filter_criteria_forms() -> None:
    criteria = {"Filters": [{"Pattern": '{"eventName": ["REMOVE"]}'}, {"Pattern": '{"eventName": ["MODIFY"]}'}]}
    assert matches_any(parse_patterns(criteria), RECORD)
    assert matches_any(parse_patterns(None), RECORD)
