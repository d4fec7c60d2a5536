"""Tables that take time, opt-in: CREATING, UPDATING and DELETING last a while on the clock."""

import boto3
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

with mock_dynamodb(clock=1_800_000_000, status_delays={"create": 20, "delete": 5}) as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="slow",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert client.describe_table(TableName="slow")["Table"]["TableStatus"] == "CREATING"
    try:
        client.put_item(TableName="slow", Item={"pk": {"S": "early"}})
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ResourceNotFoundException"  # as AWS answers while CREATING
    else:
        raise AssertionError("a CREATING table takes no items")

    db.advance(20)
    client.get_waiter("table_exists").wait(TableName="slow")  # ACTIVE now: returns at once
    client.put_item(TableName="slow", Item={"pk": {"S": "on-time"}})

    client.delete_table(TableName="slow")
    assert client.describe_table(TableName="slow")["Table"]["TableStatus"] == "DELETING"
    db.advance(5)
    client.get_waiter("table_not_exists").wait(TableName="slow")
