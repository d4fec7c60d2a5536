"""Table states, and what an operation DynamoDB does not have answers."""

import boto3
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

with mock_dynamodb():
    client = boto3.client("dynamodb", region_name="us-east-1")

    # CreateTable answers CREATING as DynamoDB does, but the table is ACTIVE at once,
    # so waiters return on their first poll and tests never sleep.
    created = client.create_table(
        TableName="jobs",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert created["TableDescription"]["TableStatus"] == "CREATING"
    client.get_waiter("table_exists").wait(TableName="jobs")
    assert client.describe_table(TableName="jobs")["Table"]["TableStatus"] == "ACTIVE"

    # Every operation of botocore's DynamoDB model is answered. A target DynamoDB does not
    # have is UnknownOperationException, HTTP 400 (sent here without botocore's checks).
    def unknown_target(params, **kwargs):
        params["headers"]["X-Amz-Target"] = "DynamoDB_20120810.NoSuchOperation"

    client.meta.events.register("before-call.dynamodb.ListTables", unknown_target)
    try:
        client.list_tables()
    except ClientError as error:
        assert error.response["Error"]["Code"] == "UnknownOperationException"
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    else:
        raise AssertionError("expected UnknownOperationException")
    client.meta.events.unregister("before-call.dynamodb.ListTables", unknown_target)

    # DeleteTable answers DELETING; the table is gone at once.
    assert client.delete_table(TableName="jobs")["TableDescription"]["TableStatus"] == "DELETING"
    assert client.list_tables()["TableNames"] == []
