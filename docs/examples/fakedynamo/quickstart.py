"""Quickstart: a fake DynamoDB for a block of code, then a look at what it stored."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}, "name": {"S": "Ada"}})
    item = client.get_item(TableName="users", Key={"pk": {"S": "u1"}})["Item"]
    assert item == {"pk": {"S": "u1"}, "name": {"S": "Ada"}}

# The handle keeps the data after the block, for assertions.
assert db.table_names() == ["users"]
assert db.items("users") == [{"pk": {"S": "u1"}, "name": {"S": "Ada"}}]
print("stored:", db.items("users"))
