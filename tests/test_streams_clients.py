"""Streams, the clock and TTL through boto3: in-process and over the HTTP server.

Behaviour that needs the clock moved (iterator expiry, 24-hour trimming, TTL
deletions) cannot run against AWS, so it lives here rather than in
conformance/; the clock is moved with the mock handle's `advance` in-process
and with the server's engine over HTTP.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Iterator

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from fakedynamo import Engine, mock_dynamodb
from fakedynamo.wire.http import running_server

T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z
NO_RETRIES = Config(retries={"total_max_attempts": 1})
CREDENTIALS = {"aws_access_key_id": "fake", "aws_secret_access_key": "fake"}


class Fake:
    """What a test needs: a DynamoDB client, a Streams client and a way to move the clock."""

    def __init__(self, client: Any, streams: Any, advance: Callable[[float], float], engine: Engine) -> None:
        self.client, self.streams, self.advance, self.engine = client, streams, advance, engine


@pytest.fixture(scope="module")
def _server() -> Iterator[Any]:
    with running_server() as server:
        yield server


@pytest.fixture(params=["in-process", "http"])
def fake(request: pytest.FixtureRequest) -> Iterator[Fake]:
    if request.param == "in-process":
        with mock_dynamodb(clock=T0) as db:
            client = boto3.client("dynamodb", region_name="us-east-1", config=NO_RETRIES)
            streams = boto3.client("dynamodbstreams", region_name="us-east-1", config=NO_RETRIES)
            yield Fake(client, streams, db.advance, db.engine)
    else:
        server = request.getfixturevalue("_server")
        server.engine = engine = Engine(clock=lambda: T0)
        kwargs = {"region_name": "us-east-1", "endpoint_url": server.endpoint, "config": NO_RETRIES, **CREDENTIALS}
        yield Fake(boto3.client("dynamodb", **kwargs), boto3.client("dynamodbstreams", **kwargs), engine.advance, engine)


def make_table(fake: Fake, name: str = "events", view_type: str | None = "NEW_AND_OLD_IMAGES") -> str | None:
    params: dict[str, Any] = {}
    if view_type is not None:
        params["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view_type}
    fake.client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **params,
    )
    return fake.client.describe_table(TableName=name)["Table"].get("LatestStreamArn")


def iterator(fake: Fake, arn: str, kind: str = "TRIM_HORIZON", **extra: Any) -> str:
    shard = fake.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    return fake.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]


def error(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def key(value: str) -> dict:
    return {"pk": {"S": value}}


# -- the clock ------------------------------------------------------------------------------


def test_advance_moves_now_and_returns_it() -> None:
    with mock_dynamodb(clock=T0) as db:
        assert db.now() == T0
        assert db.advance(90) == T0 + 90
        assert db.advance(datetime.timedelta(hours=1)) == T0 + 90 + 3600
        assert db.now_datetime() == datetime.datetime.fromtimestamp(T0 + 3690, datetime.timezone.utc)
        assert db.engine.now() == db.now()
        with pytest.raises(ValueError):
            db.advance(-1)


def test_advance_adds_to_a_moving_clock() -> None:
    ticks = iter([100.0, 200.0, 300.0])
    with mock_dynamodb(clock=lambda: next(ticks)) as db:
        assert db.now() == 100.0
        assert db.advance(5) == 205.0  # the user's clock moved on, and the advance is added


def test_the_clock_stamps_what_dynamodb_reports(fake: Fake) -> None:
    make_table(fake)
    fake.advance(3600)
    fake.client.put_item(TableName="events", Item=key("a"))
    arn = fake.client.describe_table(TableName="events")["Table"]["LatestStreamArn"]
    description = fake.streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["CreationRequestDateTime"].timestamp() == T0
    record = fake.streams.get_records(ShardIterator=iterator(fake, arn))["Records"][0]
    assert record["dynamodb"]["ApproximateCreationDateTime"].timestamp() == T0 + 3600


# -- iterators and retention ----------------------------------------------------------------


def test_an_iterator_expires_after_15_minutes(fake: Fake) -> None:
    arn = make_table(fake)
    assert arn is not None
    shard_iterator = iterator(fake, arn)
    fake.advance(15 * 60)
    page = fake.streams.get_records(ShardIterator=shard_iterator)  # 15 minutes exactly: still good
    fake.advance(15 * 60 + 1)
    code, message = error(lambda: fake.streams.get_records(ShardIterator=page["NextShardIterator"]))
    assert code == "ExpiredIteratorException"
    assert "tolerated delay of 900000 milliseconds" in message


def test_records_are_trimmed_after_24_hours(fake: Fake) -> None:
    arn = make_table(fake)
    assert arn is not None
    fake.client.put_item(TableName="events", Item=key("old"))
    old_iterator_number = fake.streams.get_records(ShardIterator=iterator(fake, arn))["Records"][0]["dynamodb"][
        "SequenceNumber"
    ]
    fake.advance(23 * 3600)
    fake.client.put_item(TableName="events", Item=key("new"))
    fake.advance(3600 + 1)
    # TRIM_HORIZON now starts after the trimmed record.
    records = fake.streams.get_records(ShardIterator=iterator(fake, arn))["Records"]
    assert [r["dynamodb"]["Keys"] for r in records] == [key("new")]
    code, message = error(lambda: iterator(fake, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=old_iterator_number))
    assert (code, message) == (
        "TrimmedDataAccessException",
        "The operation attempted to read past the oldest stream record in a shard.",
    )


def test_an_iterator_held_past_the_trim_point_is_refused(fake: Fake) -> None:
    arn = make_table(fake)
    assert arn is not None
    fake.client.put_item(TableName="events", Item=key("a"))
    fake.advance(24 * 3600 - 60)
    held = iterator(fake, arn, "TRIM_HORIZON")
    fake.advance(120)
    assert error(lambda: fake.streams.get_records(ShardIterator=held))[0] == "TrimmedDataAccessException"


def test_a_disabled_stream_is_gone_after_24_hours(fake: Fake) -> None:
    arn = make_table(fake)
    assert arn is not None
    fake.client.update_table(TableName="events", StreamSpecification={"StreamEnabled": False})
    assert fake.streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
    fake.advance(24 * 3600)
    assert fake.streams.list_streams()["Streams"] == []
    assert error(lambda: fake.streams.describe_stream(StreamArn=arn))[0] == "ResourceNotFoundException"


def test_a_deleted_table_leaves_its_stream_disabled(fake: Fake) -> None:
    arn = make_table(fake)
    fake.client.put_item(TableName="events", Item=key("a"))
    fake.client.delete_table(TableName="events")
    description = fake.streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "DISABLED"
    assert len(fake.streams.get_records(ShardIterator=iterator(fake, arn))["Records"]) == 1


def test_re_enabling_at_the_same_instant_still_makes_a_new_arn(fake: Fake) -> None:
    first = make_table(fake, view_type="KEYS_ONLY")
    fake.client.update_table(TableName="events", StreamSpecification={"StreamEnabled": False})
    fake.client.update_table(TableName="events", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    second = fake.client.describe_table(TableName="events")["Table"]["LatestStreamArn"]
    assert first != second
    assert second.endswith("/stream/2027-01-15T08:00:00.001")


def test_get_records_limit_and_bad_limit(fake: Fake) -> None:
    arn = make_table(fake, view_type="KEYS_ONLY")
    assert arn is not None
    for value in "abcde":
        fake.client.put_item(TableName="events", Item=key(value))
    page = fake.streams.get_records(ShardIterator=iterator(fake, arn), Limit=2)
    seen = [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]]
    page = fake.streams.get_records(ShardIterator=page["NextShardIterator"], Limit=10)
    seen += [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]]
    assert seen == list("abcde")
    assert error(lambda: fake.streams.get_records(ShardIterator=page["NextShardIterator"], Limit=1001))[0] == (
        "ValidationException"
    )


# -- TTL ----------------------------------------------------------------------------------------


def ttl_table(fake: Fake) -> str | None:
    arn = make_table(fake, "sessions")
    fake.client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    return arn


def present(fake: Fake, value: str) -> bool:
    return "Item" in fake.client.get_item(TableName="sessions", Key=key(value))


def test_expired_items_are_read_until_the_clock_moves_then_deleted_with_a_service_record(fake: Fake) -> None:
    arn = ttl_table(fake)
    assert arn is not None
    fake.client.put_item(TableName="sessions", Item={**key("gone"), "expires": {"N": str(int(T0) - 10)}})
    fake.client.put_item(TableName="sessions", Item={**key("later"), "expires": {"N": str(int(T0) + 60)}})
    assert present(fake, "gone")  # expired, but not yet deleted: reads still return it
    fake.advance(1)
    assert not present(fake, "gone") and present(fake, "later")
    fake.advance(59)
    assert present(fake, "later")  # now == expiry: not yet "less than the current time"
    fake.advance(1)
    assert not present(fake, "later")
    records = fake.streams.get_records(ShardIterator=iterator(fake, arn))["Records"]
    removes = [r for r in records if r["eventName"] == "REMOVE"]
    assert [r["dynamodb"]["Keys"] for r in removes] == [key("gone"), key("later")]
    assert all(r["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"} for r in removes)
    assert all("userIdentity" not in r for r in records if r["eventName"] == "INSERT")


def test_ttl_ignores_non_numbers_far_past_values_and_the_future(fake: Fake) -> None:
    ttl_table(fake)
    six_years = 6 * 365 * 24 * 3600
    items = {
        "string": {"S": str(int(T0) - 10)},
        "set": {"NS": [str(int(T0) - 10)]},
        "ancient": {"N": str(int(T0) - six_years)},
        "future": {"N": str(int(T0) + 3600)},
        "fractional": {"N": str(T0 - 0.5)},
    }
    for name, value in items.items():
        fake.client.put_item(TableName="sessions", Item={**key(name), "expires": value})
    fake.client.put_item(TableName="sessions", Item=key("no-ttl"))
    fake.advance(1)
    assert not present(fake, "fractional")
    for name in ("string", "set", "ancient", "future", "no-ttl"):
        assert present(fake, name), name


def test_ttl_disabled_deletes_nothing(fake: Fake) -> None:
    make_table(fake, "sessions", view_type=None)
    fake.client.put_item(TableName="sessions", Item={**key("a"), "expires": {"N": "1"}})
    fake.advance(10)
    assert present(fake, "a")


def test_ttl_deletions_update_indexes_and_counts() -> None:
    with mock_dynamodb(clock=T0) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="sessions",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "user", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[
                {"IndexName": "by-user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
        client.put_item(TableName="sessions", Item={**key("s1"), "user": {"S": "ada"}, "ttl": {"N": str(int(T0))}})
        db.advance(1)
        assert db.item_count("sessions") == 0
        query = client.query(
            TableName="sessions", IndexName="by-user", KeyConditionExpression="#u = :u",
            ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "ada"}},
        )
        assert query["Items"] == []


def test_ttl_delay_holds_deletions_back() -> None:
    with mock_dynamodb(clock=T0, ttl_delay=2 * 24 * 3600) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="sessions",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
        client.put_item(TableName="sessions", Item={**key("s1"), "ttl": {"N": str(int(T0))}})
        db.advance(24 * 3600)
        assert db.item_count("sessions") == 1
        db.advance(24 * 3600 + 1)
        assert db.item_count("sessions") == 0


# -- the change history --------------------------------------------------------------------------


def test_no_history_is_kept_without_a_consumer() -> None:
    with mock_dynamodb(clock=T0) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="plain",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName="plain", Item=key("a"))
        assert db.table("plain").history is None
        client.update_table(TableName="plain", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        client.put_item(TableName="plain", Item=key("b"))
        client.update_table(TableName="plain", StreamSpecification={"StreamEnabled": False})
        client.put_item(TableName="plain", Item=key("c"))
        history = db.table("plain").history
        assert history is not None
        assert [(c.seq, c.event_name, c.new["pk"]["S"]) for c in history.changes] == [(1, "INSERT", "b")]


def test_a_failed_write_records_nothing() -> None:
    with mock_dynamodb(clock=T0) as db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="events",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        )
        client.put_item(TableName="events", Item=key("a"))
        with pytest.raises(ClientError):
            client.put_item(TableName="events", Item=key("a"), ConditionExpression="attribute_not_exists(pk)")
        with pytest.raises(ClientError):
            client.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": "events", "Item": key("b")}},
                    {"ConditionCheck": {"TableName": "events", "Key": key("zzz"), "ConditionExpression": "attribute_exists(pk)"}},
                ]
            )
        assert len(db.table("events").history.changes) == 1


# -- endpoints ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "region"),
    [
        ("https://streams.dynamodb.eu-west-2.amazonaws.com/", "eu-west-2"),
        ("https://123456789012.streams-ddb.ap-south-1.amazonaws.com/", "ap-south-1"),
        ("https://123456789012.ddb.us-west-2.amazonaws.com/", "us-west-2"),
        ("https://dynamodb.eu-central-1.amazonaws.com/", "eu-central-1"),
    ],
)
def test_every_streams_endpoint_form_names_its_region(url: str, region: str) -> None:
    from fakedynamo.wire.botocore import _region_of_request

    class Request:
        headers: dict[str, str] = {}

    request = Request()
    request.url = url  # type: ignore[attr-defined]
    assert _region_of_request(request) == region


def test_a_streams_client_with_an_account_endpoint_is_answered() -> None:
    with mock_dynamodb(clock=T0):
        client = boto3.client("dynamodb", region_name="eu-west-2")
        make_table(Fake(client, None, lambda s: 0.0, None))  # type: ignore[arg-type]
        streams = boto3.client(
            "dynamodbstreams", region_name="eu-west-2", endpoint_url="https://123456789012.streams-ddb.eu-west-2.amazonaws.com"
        )
        assert [s["TableName"] for s in streams.list_streams()["Streams"]] == ["events"]
