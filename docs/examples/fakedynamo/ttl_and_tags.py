"""Time to live and tags: the settings are kept and checked; expired items go only when the clock is advanced."""

import datetime

import boto3
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

now = [datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc).timestamp()]

with mock_dynamodb(clock=lambda: now[0]):
    client = boto3.client("dynamodb", region_name="us-east-1")
    arn = client.create_table(
        TableName="sessions",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": "team", "Value": "identity"}],
    )["TableDescription"]["TableArn"]

    client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    ttl = client.describe_time_to_live(TableName="sessions")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}

    # An item whose expiry has passed stays until the clock is advanced (clock_and_ttl.py),
    # as on AWS until its background process runs: code must filter expired items itself.
    client.put_item(TableName="sessions", Item={"pk": {"S": "s1"}, "expires": {"N": str(int(now[0]) - 60)}})
    assert "Item" in client.get_item(TableName="sessions", Key={"pk": {"S": "s1"}})
    live = client.scan(
        TableName="sessions",
        FilterExpression="expires > :now",
        ExpressionAttributeValues={":now": {"N": str(int(now[0]))}},
    )
    assert live["Items"] == []

    # DynamoDB refuses a second TTL change for a while (about 31 minutes measured in 2026); so does the fake.
    try:
        client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    except ClientError as error:
        assert error.response["Error"]["Message"] == "Time to live has been modified multiple times within a fixed interval"
    else:
        raise AssertionError("expected ValidationException")
    now[0] += 31 * 60
    client.update_time_to_live(TableName="sessions", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})

    # Tags are addressed by the table's ARN.
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}])
    client.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "test"}]
