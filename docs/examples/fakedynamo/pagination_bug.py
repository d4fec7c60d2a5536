"""Make your pagination bug visible: hostile mode ends every page after one item."""

import boto3

from fakedynamo import mock_dynamodb


def count_orders_buggy(table):
    return len(table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "customer"})["Items"])


def count_orders(table):
    count, start = 0, {}
    while True:
        page = table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "customer"}, **start)
        count += page["Count"]
        if "LastEvaluatedKey" not in page:
            return count
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


with mock_dynamodb() as db:
    table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    )
    with table.batch_writer() as writer:
        for n in range(5):
            writer.put_item(Item={"pk": "customer", "sk": n})

    assert count_orders_buggy(table) == count_orders(table) == 5  # a small table hides the bug

    # Pages of one item, batches that leave half unprocessed, eventually consistent reads
    # that lag writes by a second (engine clock): each a switch, all on without arguments.
    db.hostile()
    assert count_orders_buggy(table) == 1  # the bug, visible
    assert count_orders(table) == 5
    db.hostile(page_size=2, unprocessed=False, stale_seconds=False)  # or one mode at a time

print("hostile modes:", db.hostile(page_size=2, unprocessed=False, stale_seconds=False).describe())
