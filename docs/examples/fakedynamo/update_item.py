"""UpdateItem: SET, REMOVE, ADD and DELETE, ReturnValues, and the errors of a bad update."""

import boto3
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="profiles",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    key = {"pk": {"S": "u1"}}

    # An update of an item that does not exist creates it (an upsert).
    client.update_item(
        TableName="profiles",
        Key=key,
        UpdateExpression="SET #name = :name, visits = if_not_exists(visits, :zero), tags = :tags, draft = :yes",
        ExpressionAttributeNames={"#name": "name"},  # NAME is a reserved word
        ExpressionAttributeValues={
            ":name": {"S": "Ada"},
            ":zero": {"N": "0"},
            ":tags": {"SS": ["admin", "beta"]},
            ":yes": {"BOOL": True},
        },
    )

    # All four clauses in one expression; ReturnValues says what comes back.
    response = client.update_item(
        TableName="profiles",
        Key=key,
        UpdateExpression=(
            "SET visits = visits + :one, history = list_append(if_not_exists(history, :empty), :event) "
            "REMOVE draft "
            "ADD logins :one "
            "DELETE tags :beta"
        ),
        ExpressionAttributeValues={
            ":one": {"N": "1"},
            ":empty": {"L": []},
            ":event": {"L": [{"S": "login"}]},
            ":beta": {"SS": ["beta"]},
        },
        ReturnValues="UPDATED_NEW",
    )
    # UPDATED_NEW: only the attributes the update wrote, as they are now (REMOVE leaves draft out).
    assert response["Attributes"] == {
        "visits": {"N": "1"},
        "history": {"L": [{"S": "login"}]},
        "logins": {"N": "1"},
        "tags": {"SS": ["admin"]},
    }

    def refusal(**params):
        """The error code and message DynamoDB refuses an update with."""
        try:
            client.update_item(TableName="profiles", Key=key, **params)
        except ClientError as error:
            return error.response["Error"]["Code"], error.response["Error"]["Message"]
        raise AssertionError("the update succeeded")

    # Key attributes cannot be updated.
    assert refusal(UpdateExpression="SET pk = :other", ExpressionAttributeValues={":other": {"S": "u2"}}) == (
        "ValidationException",
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    )
    # Every placeholder must be used (PutItem, UpdateItem and DeleteItem wrap such errors in an envelope).
    assert refusal(
        UpdateExpression="SET visits = :v", ExpressionAttributeValues={":v": {"N": "5"}, ":unused": {"N": "6"}}
    ) == (
        "ValidationException",
        "1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
    )
    # Arithmetic on a string is refused when the update runs, and changes nothing.
    assert refusal(
        UpdateExpression="SET #name = #name + :one",
        ExpressionAttributeNames={"#name": "name"},
        ExpressionAttributeValues={":one": {"N": "1"}},
    ) == ("ValidationException", "An operand in the update expression has an incorrect data type")

assert db.items("profiles") == [
    {
        "pk": {"S": "u1"},
        "name": {"S": "Ada"},
        "visits": {"N": "1"},
        "tags": {"SS": ["admin"]},
        "history": {"L": [{"S": "login"}]},
        "logins": {"N": "1"},
    }
]
