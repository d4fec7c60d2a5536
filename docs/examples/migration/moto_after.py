"""After: the same tests on fakedynamo. Three lines changed: the import, `with mock_aws()` and `@mock_aws`."""

import boto3
import pytest
from fakedynamo import mock_dynamodb


def save_order(client, customer, order, total):
    """The code under test: it only knows it has a DynamoDB client."""
    client.put_item(
        TableName="orders",
        Item={"pk": {"S": customer}, "sk": {"S": order}, "total": {"N": str(total)}},
        ConditionExpression="attribute_not_exists(pk)",
    )


def create_orders_table(client):
    client.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )


@pytest.fixture
def dynamodb():
    with mock_dynamodb():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_orders_table(client)
        yield client


def test_saves_an_order(dynamodb):
    save_order(dynamodb, "CUSTOMER#1", "ORDER#1", 30)
    item = dynamodb.get_item(TableName="orders", Key={"pk": {"S": "CUSTOMER#1"}, "sk": {"S": "ORDER#1"}})["Item"]
    assert item["total"] == {"N": "30"}


def test_refuses_a_duplicate(dynamodb):
    save_order(dynamodb, "CUSTOMER#1", "ORDER#1", 30)
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        save_order(dynamodb, "CUSTOMER#1", "ORDER#1", 99)


@mock_dynamodb()
def test_with_the_decorator():
    client = boto3.client("dynamodb", region_name="us-east-1")
    create_orders_table(client)
    save_order(client, "CUSTOMER#2", "ORDER#1", 5)
    assert client.scan(TableName="orders")["Count"] == 1


def test_with_the_plugin_fixture(fakedynamo):
    # Or no import at all: the `fakedynamo` fixture mocks DynamoDB for one test.
    client = boto3.client("dynamodb", region_name="us-east-1")
    create_orders_table(client)
    save_order(client, "CUSTOMER#3", "ORDER#1", 7)
    assert fakedynamo.item_count("orders") == 1
