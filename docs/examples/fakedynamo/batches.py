"""Batches: boto3's batch_writer, BatchGetItem with its UnprocessedKeys loop, and a refused batch."""

import boto3
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    dynamodb = boto3.resource("dynamodb", region_name="us-east-1")
    table = dynamodb.create_table(
        TableName="products",
        KeySchema=[{"AttributeName": "sku", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "sku", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    # batch_writer buffers puts and deletes and sends them 25 at a time (BatchWriteItem).
    with table.batch_writer() as batch:
        for number in range(60):
            batch.put_item(Item={"sku": f"p{number:02d}", "stock": number})
        batch.delete_item(Key={"sku": "p00"})
    assert db.item_count("products") == 59

    # BatchGetItem: up to 100 keys. Loop on UnprocessedKeys as against AWS; fakedynamo
    # leaves keys unprocessed only past 16 MB of response, and never throttles.
    client = dynamodb.meta.client
    request = {"products": {"Keys": [{"sku": f"p{n:02d}"} for n in range(1, 11)], "ProjectionExpression": "sku"}}
    found = []
    while request:
        response = client.batch_get_item(RequestItems=request)
        found.extend(response["Responses"]["products"])
        request = response["UnprocessedKeys"]
    assert sorted(item["sku"] for item in found) == [f"p{n:02d}" for n in range(1, 11)]

    # A batch is checked whole before anything is written: two requests for one key refuse it all.
    try:
        client.batch_write_item(
            RequestItems={
                "products": [
                    {"PutRequest": {"Item": {"sku": "new", "stock": 1}}},
                    {"DeleteRequest": {"Key": {"sku": "new"}}},
                ]
            }
        )
    except ClientError as error:
        assert error.response["Error"]["Message"] == "Provided list of item keys contains duplicates"
    else:
        raise AssertionError("expected ValidationException")
    assert db.item_count("products") == 59
