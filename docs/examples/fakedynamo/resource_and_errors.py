"""boto3's resource API and DynamoDB's errors work as they do against AWS."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb():
    dynamodb = boto3.resource("dynamodb", region_name="eu-west-1")
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[
            {"AttributeName": "customer", "KeyType": "HASH"},
            {"AttributeName": "order_id", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "customer", "AttributeType": "S"},
            {"AttributeName": "order_id", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    table.put_item(Item={"customer": "c1", "order_id": 1, "total": 25})
    assert table.get_item(Key={"customer": "c1", "order_id": 1})["Item"]["total"] == 25

    client = dynamodb.meta.client
    try:
        client.describe_table(TableName="no-such-table")
    except client.exceptions.ResourceNotFoundException as error:
        print("as on AWS:", error.response["Error"]["Code"])
    else:
        raise AssertionError("expected ResourceNotFoundException")
