"""A pytest test file using the plugin's `fakedynamo` fixture: no import, no conftest needed."""

import boto3


def test_saves_a_user(fakedynamo):
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
    assert fakedynamo.items("users") == [{"pk": {"S": "u1"}}]


def test_each_test_starts_empty(fakedynamo):
    assert boto3.client("dynamodb", region_name="us-east-1").list_tables()["TableNames"] == []
    assert fakedynamo.table_names() == []
