"""Seed once, fork per test: copy-on-write forks cost the same for 10 items or 100,000."""

import boto3

from fakedynamo import mock_dynamodb

seeded = mock_dynamodb()
with seeded:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="products", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "sku", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "sku", "AttributeType": "S"}],
    )
    for n in range(1000):
        client.put_item(TableName="products", Item={"sku": {"S": f"P{n:04}"}, "stock": {"N": "5"}})

# Each "test" gets its own fork: O(tables), and writes stay in it.
for test in range(3):
    with seeded.fork() as db:
        client.delete_item(TableName="products", Key={"sku": {"S": "P0001"}})
        client.put_item(TableName="products", Item={"sku": {"S": f"NEW{test}"}})
        assert db.item_count("products") == 1000

assert seeded.item_count("products") == 1000  # the seed is untouched
print("forks share the seed; each test sees only its own writes")
