"""A pytest test file asserting on DynamoDB's errors with pytest.raises (uses the plugin's fixture)."""

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def client(fakedynamo):
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def test_a_second_create_is_refused(client):
    create = dict(TableName="users", Item={"pk": {"S": "u1"}}, ConditionExpression="attribute_not_exists(pk)")
    client.put_item(**create)
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as caught:
        client.put_item(**create)
    assert caught.value.response["Error"]["Message"] == "The conditional request failed"


def test_a_missing_table(client):
    with pytest.raises(ClientError) as caught:
        client.get_item(TableName="no-such-table", Key={"pk": {"S": "u1"}})
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert caught.value.response["Error"]["Message"] == "Requested resource not found"


def test_a_key_of_the_wrong_type(client):
    with pytest.raises(ClientError) as caught:
        client.put_item(TableName="users", Item={"pk": {"N": "1"}})
    assert caught.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
    }
