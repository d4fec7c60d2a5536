"""mock_dynamodb() as a decorator: each call of the decorated function gets a fresh, empty fake."""

import asyncio
import unittest

import boto3

from fakedynamo import current_mock, mock_dynamodb


def create_users_table(client):
    client.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


@mock_dynamodb()
def count_tables_after_creating_one():
    client = boto3.client("dynamodb", region_name="us-east-1")
    create_users_table(client)
    return len(client.list_tables()["TableNames"])


# Fresh per call: the second call does not see the first call's table.
assert count_tables_after_creating_one() == 1
assert count_tables_after_creating_one() == 1


@mock_dynamodb()
async def fetch_user():
    client = boto3.client("dynamodb", region_name="us-east-1")
    create_users_table(client)
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
    # current_mock() is the handle of the fake answering now.
    return current_mock().items("users")


assert asyncio.run(fetch_user()) == [{"pk": {"S": "u1"}}]


@mock_dynamodb()
class UsersTest(unittest.TestCase):
    # setUp, each test and tearDown share one fresh fake per test.
    def setUp(self):
        self.client = boto3.client("dynamodb", region_name="us-east-1")
        create_users_table(self.client)

    def test_put(self):
        self.client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
        self.assertEqual(current_mock().item_count("users"), 1)

    def test_starts_empty(self):
        self.assertEqual(current_mock().item_count("users"), 0)


result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(UsersTest))
assert result.wasSuccessful()
