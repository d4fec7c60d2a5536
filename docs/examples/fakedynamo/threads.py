"""The active mock is global: work handed to other threads talks to the same fake."""

from concurrent.futures import ThreadPoolExecutor

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="counters",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    def write(number):
        client.put_item(TableName="counters", Item={"pk": {"S": f"k{number}"}})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(20)))

assert db.item_count("counters") == 20
