"""DynamoDB Streams: read a table's change records with the dynamodbstreams client."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb(clock=1_800_000_000):
    client = boto3.client("dynamodb", region_name="us-east-1")
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")

    table = client.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    stream_arn = table["LatestStreamArn"]

    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "status": {"S": "new"}})
    client.update_item(
        TableName="orders",
        Key={"pk": {"S": "o1"}},
        UpdateExpression="SET #s = :paid",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":paid": {"S": "paid"}},
    )
    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "status": {"S": "paid"}})  # changes nothing: no record
    client.delete_item(TableName="orders", Key={"pk": {"S": "o1"}})

    # One shard per stream; read it from the oldest record.
    shard_id = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]

    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    modify = records[1]["dynamodb"]
    assert modify["OldImage"]["status"] == {"S": "new"}
    assert modify["NewImage"]["status"] == {"S": "paid"}

    # Disabling and enabling again makes a new stream; the old one is DISABLED and still readable.
    client.update_table(TableName="orders", StreamSpecification={"StreamEnabled": False})
    client.update_table(TableName="orders", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    new_arn = client.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
    assert new_arn != stream_arn
    assert streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert len(streams.list_streams(TableName="orders")["Streams"]) == 2
