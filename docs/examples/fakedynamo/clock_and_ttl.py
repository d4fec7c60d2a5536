"""The clock a test moves, and TTL cleanup: expired items are deleted when the clock passes them."""

import datetime

import boto3

from fakedynamo import mock_dynamodb

start = datetime.datetime(2027, 1, 15, 8, 0, tzinfo=datetime.timezone.utc)

with mock_dynamodb(clock=start) as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    assert db.now() == start.timestamp()
    assert db.advance(90) == start.timestamp() + 90  # advance returns the new now
    assert db.now_datetime() == start + datetime.timedelta(seconds=90)

    client.create_table(
        TableName="sessions",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"},
    )
    client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})

    in_an_hour = int(db.now()) + 3600
    client.put_item(TableName="sessions", Item={"pk": {"S": "s1"}, "expires": {"N": str(in_an_hour)}})
    client.put_item(TableName="sessions", Item={"pk": {"S": "s2"}, "expires": {"S": "not a number: never expires"}})

    db.advance(3600)  # now == expiry: not yet in the past
    assert "Item" in client.get_item(TableName="sessions", Key={"pk": {"S": "s1"}})
    db.advance(1)  # past it: deleted, like DynamoDB's background process would
    assert "Item" not in client.get_item(TableName="sessions", Key={"pk": {"S": "s1"}})
    assert "Item" in client.get_item(TableName="sessions", Key={"pk": {"S": "s2"}})

    # The deletion is in the stream, made by DynamoDB itself.
    (removal,) = [r for r in db.stream_records("sessions") if r["eventName"] == "REMOVE"]
    assert removal["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert removal["dynamodb"]["OldImage"]["pk"] == {"S": "s1"}

# AWS deletes expired items "within a few days"; ttl_delay reproduces a delay.
with mock_dynamodb(clock=start, ttl_delay=2 * 24 * 3600) as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="sessions",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    client.put_item(TableName="sessions", Item={"pk": {"S": "s1"}, "expires": {"N": str(int(db.now()) - 1)}})
    db.advance(24 * 3600)
    assert db.item_count("sessions") == 1  # expired a day ago, still readable
    db.advance(24 * 3600)
    assert db.item_count("sessions") == 0
