"""Seed once per session, fork per test, with plain boto3 and pytest."""

import boto3
import pytest

from fakedynamo import mock_dynamodb


@pytest.fixture(scope="session")
def seeded():
    db = mock_dynamodb()
    with db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="products", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "sku", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "sku", "AttributeType": "S"}],
        )
        for n in range(200):
            client.put_item(TableName="products", Item={"sku": {"S": f"P{n:03}"}})
    return db


@pytest.fixture
def db(seeded):
    with seeded.fork() as fork:
        yield fork


def test_sells_out(db):
    boto3.client("dynamodb", region_name="us-east-1").delete_item(TableName="products", Key={"sku": {"S": "P001"}})
    assert db.item_count("products") == 199


def test_starts_from_the_seed_again(db):
    assert db.item_count("products") == 200
