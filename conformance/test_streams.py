"""DynamoDB Streams (ListStreams, DescribeStream, GetShardIterator, GetRecords) as real DynamoDB answers them.

The shapes and rules follow the DynamoDB Streams API Reference and the
Developer Guide's "Change data capture for DynamoDB Streams". Records reach a
real stream within about a second, so `read_all` polls a little against AWS
and not at all against a fake.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from conformance.conftest import REAL_AWS
from conformance.helpers import error_of, unique_name

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]


def stream_of(make_table: Any, client: Any, view_type: str = "NEW_AND_OLD_IMAGES", **params: Any) -> tuple[str, str]:
    """A new table with a stream: (table name, stream ARN)."""
    name = make_table(StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type}, **params)
    return name, client.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def shard_of(streams: Any, arn: str) -> str:
    return streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]


def read_all(streams: Any, arn: str, expected: int, kind: str = "TRIM_HORIZON") -> list[dict]:
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_of(streams, arn), ShardIteratorType=kind)[
        "ShardIterator"
    ]
    records: list[dict] = []
    for _ in range(30 if REAL_AWS else 3):
        page = streams.get_records(ShardIterator=iterator)
        records.extend(page["Records"])
        iterator = page.get("NextShardIterator")
        if len(records) >= expected or iterator is None:
            break
        if REAL_AWS:
            time.sleep(1)
    return records


def key(value: str) -> dict:
    return {"pk": {"S": value}}


def test_list_streams_finds_the_table_stream(make_table, client, streams_client):
    name, arn = stream_of(make_table, client)
    listed = streams_client.list_streams(TableName=name)["Streams"]
    label = client.describe_table(TableName=name)["Table"]["LatestStreamLabel"]
    assert listed == [{"StreamArn": arn, "TableName": name, "StreamLabel": label}]
    assert arn.endswith(f":table/{name}/stream/{label}")


def test_list_streams_pages_with_limit(make_table, client, streams_client):
    first, _ = stream_of(make_table, client)
    second, _ = stream_of(make_table, client)
    page = streams_client.list_streams(Limit=1)
    assert len(page["Streams"]) == 1 and "LastEvaluatedStreamArn" in page
    rest = streams_client.list_streams(ExclusiveStartStreamArn=page["LastEvaluatedStreamArn"])["Streams"]
    names = {s["TableName"] for s in page["Streams"] + rest}
    assert {first, second} <= names


def test_list_streams_limit_is_at_most_100(make_table, client, streams_client):
    name, _ = stream_of(make_table, client)
    assert len(streams_client.list_streams(TableName=name, Limit=100)["Streams"]) == 1
    code, message = error_of(lambda: streams_client.list_streams(TableName=name, Limit=101))
    assert code == "ValidationException" and "Limit" in message


def test_describe_stream(make_table, client, streams_client):
    name, arn = stream_of(make_table, client, "NEW_IMAGE", sort="N")
    description = streams_client.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamArn"] == arn
    assert description["StreamStatus"] in ("ENABLING", "ENABLED")
    assert description["StreamViewType"] == "NEW_IMAGE"
    assert description["TableName"] == name
    assert description["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert description["StreamLabel"] == arn.rsplit("/", 1)[1]
    assert "CreationRequestDateTime" in description
    shard = description["Shards"][0]
    assert shard["ShardId"].startswith("shardId-")
    assert 28 <= len(shard["ShardId"]) <= 65
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]
    assert shard["SequenceNumberRange"]["StartingSequenceNumber"].isdigit()


def test_describe_table_reports_the_stream(make_table, client):
    name, arn = stream_of(make_table, client, "KEYS_ONLY")
    table = client.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert table["LatestStreamArn"] == arn


def test_a_missing_stream_is_not_found(client, streams_client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"] + "/stream/2020-01-01T00:00:00.000"
    expected = ("ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found")
    assert error_of(lambda: streams_client.describe_stream(StreamArn=arn)) == expected
    call = lambda: streams_client.get_shard_iterator(  # noqa: E731
        StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST"
    )
    assert error_of(call) == expected


def test_a_stream_arn_that_is_no_arn_is_invalid(make_table, client, streams_client):
    # Real DynamoDB refuses a StreamArn that is not an ARN (long enough for the model's
    # length limit) as invalid, where a well-formed ARN of no stream is not found.
    bogus = "not-an-arn-" + "x" * 40
    assert error_of(lambda: streams_client.describe_stream(StreamArn=bogus)) == (
        "ValidationException",
        "Invalid StreamArn",
    )
    _, arn = stream_of(make_table, client, "KEYS_ONLY")
    call = lambda: streams_client.get_shard_iterator(  # noqa: E731
        StreamArn=bogus, ShardId=shard_of(streams_client, arn), ShardIteratorType="LATEST"
    )
    assert error_of(call)[0] == "ValidationException"
    name = arn.split("/")[1]
    call = lambda: streams_client.list_streams(TableName=name, ExclusiveStartStreamArn=bogus)  # noqa: E731
    assert error_of(call)[0] == "ValidationException"


def test_describe_stream_filters_child_shards(make_table, client, streams_client):
    name, arn = stream_of(make_table, client, "KEYS_ONLY")
    shard = shard_of(streams_client, arn)
    described = streams_client.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS", "ShardId": shard})
    description = described["StreamDescription"]
    # A new stream's only shard has no children yet.
    assert description["Shards"] == []
    assert (description["StreamArn"], description["TableName"], description["StreamViewType"]) == (
        arn,
        name,
        "KEYS_ONLY",
    )
    for partial in ({"ShardId": shard}, {"Type": "CHILD_SHARDS"}):
        call = lambda: streams_client.describe_stream(StreamArn=arn, ShardFilter=partial)  # noqa: E731
        assert error_of(call)[0] == "ValidationException"


def test_insert_modify_remove(make_table, client, streams_client):
    _, arn = stream_of(make_table, client)
    client.put_item(TableName=arn.split("/")[1], Item={**key("a"), "n": {"N": "1"}})
    name = arn.split("/")[1]
    client.update_item(
        TableName=name, Key=key("a"), UpdateExpression="SET n = :two", ExpressionAttributeValues={":two": {"N": "2"}}
    )
    client.delete_item(TableName=name, Key=key("a"))
    records = read_all(streams_client, arn, 3)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    insert, modify, remove = (r["dynamodb"] for r in records)
    assert insert["Keys"] == key("a") and insert["NewImage"] == {**key("a"), "n": {"N": "1"}} and "OldImage" not in insert
    assert modify["OldImage"]["n"] == {"N": "1"} and modify["NewImage"]["n"] == {"N": "2"}
    assert remove["OldImage"]["n"] == {"N": "2"} and "NewImage" not in remove
    numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    for record in records:
        assert record["eventSource"] == "aws:dynamodb"
        assert record["eventVersion"] == "1.1"
        assert record["awsRegion"] == arn.split(":")[3]
        assert record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert record["dynamodb"]["SizeBytes"] > 0
        assert "ApproximateCreationDateTime" in record["dynamodb"]
        assert "userIdentity" not in record
    assert len({r["eventID"] for r in records}) == 3


@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_view_types_choose_the_images(make_table, client, streams_client, view_type):
    name, arn = stream_of(make_table, client, view_type)
    client.put_item(TableName=name, Item={**key("a"), "v": {"S": "old"}})
    client.put_item(TableName=name, Item={**key("a"), "v": {"S": "new"}})
    modify = read_all(streams_client, arn, 2)[1]["dynamodb"]
    assert modify["Keys"] == key("a")
    assert ("NewImage" in modify) == (view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"))
    assert ("OldImage" in modify) == (view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"))
    if "NewImage" in modify:
        assert modify["NewImage"]["v"] == {"S": "new"}
    if "OldImage" in modify:
        assert modify["OldImage"]["v"] == {"S": "old"}


def test_a_write_that_changes_nothing_writes_no_record(make_table, client, streams_client):
    name, arn = stream_of(make_table, client)
    item = {**key("a"), "v": {"S": "same"}}
    client.put_item(TableName=name, Item=item)
    client.put_item(TableName=name, Item=item)
    client.update_item(
        TableName=name, Key=key("a"), UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "same"}}
    )
    client.delete_item(TableName=name, Key=key("missing"))
    client.put_item(TableName=name, Item={**key("b")})
    records = read_all(streams_client, arn, 2)
    assert [(r["eventName"], r["dynamodb"]["Keys"]) for r in records] == [("INSERT", key("a")), ("INSERT", key("b"))]


def test_batches_transactions_and_partiql_write_records(make_table, client, streams_client):
    name, arn = stream_of(make_table, client, "KEYS_ONLY")
    client.batch_write_item(RequestItems={name: [{"PutRequest": {"Item": key("b1")}}, {"PutRequest": {"Item": key("b2")}}]})
    client.transact_write_items(
        TransactItems=[{"Put": {"TableName": name, "Item": key("t1")}}, {"Delete": {"TableName": name, "Key": key("b1")}}]
    )
    client.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'pk': 'p1'}}")
    client.execute_statement(Statement=f"DELETE FROM \"{name}\" WHERE pk = 'p1'")
    records = read_all(streams_client, arn, 6)
    seen = sorted((r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records)
    assert seen == sorted(
        [("INSERT", "b1"), ("INSERT", "b2"), ("INSERT", "t1"), ("REMOVE", "b1"), ("INSERT", "p1"), ("REMOVE", "p1")]
    )
    assert all("NewImage" not in r["dynamodb"] and "OldImage" not in r["dynamodb"] for r in records)


def test_iterator_types_and_paging(make_table, client, streams_client):
    name, arn = stream_of(make_table, client, "KEYS_ONLY")
    for value in "abc":
        client.put_item(TableName=name, Item=key(value))
    records = read_all(streams_client, arn, 3)
    shard = shard_of(streams_client, arn)
    numbers = [r["dynamodb"]["SequenceNumber"] for r in records]

    def first_key(kind: str, **extra: Any) -> Any:
        iterator = streams_client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)
        page = streams_client.get_records(ShardIterator=iterator["ShardIterator"], Limit=1)
        assert len(page["Records"]) <= 1 and "NextShardIterator" in page
        return page["Records"][0]["dynamodb"]["Keys"]["pk"]["S"] if page["Records"] else None

    assert first_key("AT_SEQUENCE_NUMBER", SequenceNumber=numbers[1]) == "b"
    assert first_key("AFTER_SEQUENCE_NUMBER", SequenceNumber=numbers[1]) == "c"
    assert first_key("TRIM_HORIZON") == "a"
    latest = streams_client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")
    client.put_item(TableName=name, Item=key("d"))
    page = streams_client.get_records(ShardIterator=latest["ShardIterator"])
    for _ in range(30 if REAL_AWS else 0):
        if page["Records"]:
            break
        time.sleep(1)
        page = streams_client.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]] == ["d"]


def test_a_sequence_number_is_required_with_at_and_after(make_table, client, streams_client):
    _, arn = stream_of(make_table, client)
    shard = shard_of(streams_client, arn)
    code, _ = error_of(
        lambda: streams_client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER")
    )
    assert code == "ValidationException"


def test_an_unknown_shard_is_not_found(make_table, client, streams_client):
    _, arn = stream_of(make_table, client)
    code, _ = error_of(
        lambda: streams_client.get_shard_iterator(
            StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST"
        )
    )
    assert code == "ResourceNotFoundException"


def test_a_garbled_iterator_is_refused(streams_client):
    code, _ = error_of(lambda: streams_client.get_records(ShardIterator="not-an-iterator-" + unique_name()))
    assert code == "ValidationException"


def test_re_enabling_makes_a_new_stream_and_disables_the_old(make_table, client, streams_client):
    name, old_arn = stream_of(make_table, client, "KEYS_ONLY")
    client.put_item(TableName=name, Item=key("before"))
    waiter = client.get_waiter("table_exists")
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    waiter.wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    disabled = client.describe_table(TableName=name)["Table"]
    assert "StreamSpecification" not in disabled or disabled["StreamSpecification"]["StreamEnabled"] is False
    assert disabled["LatestStreamArn"] == old_arn
    if REAL_AWS:
        time.sleep(5)
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    waiter.wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    new_arn = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    assert new_arn != old_arn
    old = streams_client.describe_stream(StreamArn=old_arn)["StreamDescription"]
    assert old["StreamStatus"] in ("DISABLING", "DISABLED")
    arns = [s["StreamArn"] for s in streams_client.list_streams(TableName=name)["Streams"]]
    assert sorted(arns) == sorted([old_arn, new_arn])
    client.put_item(TableName=name, Item=key("after"))
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(streams_client, new_arn, 1)] == ["after"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(streams_client, old_arn, 1)] == ["before"]


def test_a_closed_shard_ends_and_its_last_page_has_no_next_iterator(make_table, client, streams_client):
    name, arn = stream_of(make_table, client, "KEYS_ONLY")
    client.put_item(TableName=name, Item=key("a"))
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    if REAL_AWS:
        time.sleep(10)
    shard = streams_client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][-1]
    assert "EndingSequenceNumber" in shard["SequenceNumberRange"]
    iterator = streams_client.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")
    page = streams_client.get_records(ShardIterator=iterator["ShardIterator"])
    assert [r["dynamodb"]["Keys"] for r in page["Records"]] == [key("a")]
    assert "NextShardIterator" not in page
