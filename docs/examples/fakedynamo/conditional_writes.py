"""Conditional writes: what a refused write raises, and what a test can assert on."""

import boto3
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}, "version": {"N": "1"}})

    # Create-only: refuse to replace an item that is already there.
    try:
        client.put_item(
            TableName="users",
            Item={"pk": {"S": "u1"}, "version": {"N": "1"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except client.exceptions.ConditionalCheckFailedException as error:
        assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"
        assert error.response["Error"]["Message"] == "The conditional request failed"
        # ReturnValuesOnConditionCheckFailure="ALL_OLD" hands back the stored item.
        assert error.response["Item"] == {"pk": {"S": "u1"}, "version": {"N": "1"}}
    else:
        raise AssertionError("expected ConditionalCheckFailedException")

    # Optimistic locking with the resource API's condition builders.
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("users")
    table.update_item(
        Key={"pk": "u1"},
        UpdateExpression="SET version = :new",
        ConditionExpression=Attr("version").eq(1),
        ExpressionAttributeValues={":new": 2},
    )
    try:  # a second writer still holding version 1 loses
        table.update_item(
            Key={"pk": "u1"},
            UpdateExpression="SET version = :new",
            ConditionExpression=Attr("version").eq(1),
            ExpressionAttributeValues={":new": 2},
        )
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        pass
    else:
        raise AssertionError("expected ConditionalCheckFailedException")

    # A malformed request is a ValidationException carrying DynamoDB's own text.
    try:
        client.put_item(
            TableName="users",
            Item={"pk": {"S": "u2"}},
            ConditionExpression="attribute_not_exists(pk",
        )
    except ClientError as error:
        assert error.response["Error"]["Code"] == "ValidationException"
        assert error.response["Error"]["Message"] == (
            '1 validation error detected: Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "pk"'
        )

# A refused write changed nothing.
assert db.items("users") == [{"pk": {"S": "u1"}, "version": {"N": "2"}}]
