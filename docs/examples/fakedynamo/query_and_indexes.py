"""Query through a global secondary index, page with boto3's paginator, scan in parallel, add an index."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb():
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="orders",
        KeySchema=[
            {"AttributeName": "customer", "KeyType": "HASH"},
            {"AttributeName": "order_id", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "customer", "AttributeType": "S"},
            {"AttributeName": "order_id", "AttributeType": "N"},
            {"AttributeName": "order_status", "AttributeType": "S"},
            {"AttributeName": "placed_at", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [
                    {"AttributeName": "order_status", "KeyType": "HASH"},
                    {"AttributeName": "placed_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["amount"]},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for number in range(1, 8):
        item = {
            "customer": {"S": f"c{number % 2}"},
            "order_id": {"N": str(number)},
            "placed_at": {"S": f"2024-01-0{number}"},
            "amount": {"N": str(number * 10)},
            "note": {"S": "not projected into the index"},
        }
        if number != 7:  # an item without the index's key attributes is not in the index (a sparse index)
            item["order_status"] = {"S": "open"}
        client.put_item(TableName="orders", Item=item)

    # Query the index two items a page; the paginator follows LastEvaluatedKey.
    paginator = client.get_paginator("query")
    pages = list(
        paginator.paginate(
            TableName="orders",
            IndexName="by-status",
            KeyConditionExpression="order_status = :open AND placed_at >= :since",
            ExpressionAttributeValues={":open": {"S": "open"}, ":since": {"S": "2024-01-02"}},
            PaginationConfig={"PageSize": 2},
        )
    )
    assert [page["Count"] for page in pages] == [2, 2, 1]
    # An index page's LastEvaluatedKey holds the table's key and the index's key.
    assert pages[0]["LastEvaluatedKey"] == {
        "customer": {"S": "c1"},
        "order_id": {"N": "3"},
        "order_status": {"S": "open"},
        "placed_at": {"S": "2024-01-03"},
    }
    first = pages[0]["Items"][0]
    assert "amount" in first and "note" not in first  # only what the index projects

    # Limit counts the items read, before the filter: Count can be lower than ScannedCount.
    page = client.query(
        TableName="orders",
        KeyConditionExpression="customer = :c",
        FilterExpression="amount > :big",
        ExpressionAttributeValues={":c": {"S": "c1"}, ":big": {"N": "40"}},
        Limit=3,
    )
    assert (page["ScannedCount"], page["Count"]) == (3, 1)
    assert "LastEvaluatedKey" in page

    # A parallel scan: the segments together hold every item exactly once.
    scan = client.get_paginator("scan")
    seen = []
    for segment in range(3):
        for page in scan.paginate(TableName="orders", Segment=segment, TotalSegments=3):
            seen.extend(item["order_id"]["N"] for item in page["Items"])
    assert sorted(seen) == [str(n) for n in range(1, 8)]

    # UpdateTable can add a global index; it is built from the items already stored, at once.
    client.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "amount", "AttributeType": "N"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-amount",
                    "KeySchema": [{"AttributeName": "amount", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            }
        ],
    )
    found = client.query(
        TableName="orders",
        IndexName="by-amount",
        KeyConditionExpression="amount = :a",
        ExpressionAttributeValues={":a": {"N": "70"}},
    )
    assert found["Items"] == [{"amount": {"N": "70"}, "customer": {"S": "c1"}, "order_id": {"N": "7"}}]
