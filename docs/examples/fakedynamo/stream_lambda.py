"""Test a stream-triggered Lambda: the handler runs in-process on Lambda's DynamoDB event."""

import boto3

from fakedynamo import mock_dynamodb


def send_receipts(event, context):
    """The Lambda under test: a receipt for every order that becomes paid."""
    client = boto3.client("dynamodb", region_name="us-east-1")
    for record in event["Records"]:
        order = record["dynamodb"]["NewImage"]
        client.put_item(TableName="receipts", Item={"pk": order["pk"], "total": order["total"]})


with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    for name in ("orders", "receipts"):
        client.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )

    # Like an event source mapping with a filter: only orders whose status is now "paid".
    mapping = db.on_stream(
        "orders",
        send_receipts,
        batch_size=10,
        filters=[{"dynamodb": {"NewImage": {"status": {"S": ["paid"]}}}}],
    )
    audit = db.on_stream("receipts", lambda event: None)  # records the handler writes flow on

    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "status": {"S": "new"}, "total": {"N": "20"}})
    client.put_item(TableName="orders", Item={"pk": {"S": "o2"}, "status": {"S": "paid"}, "total": {"N": "35"}})

    assert db.deliver() == 2  # one invocation per handler
    assert client.get_item(TableName="receipts", Key={"pk": {"S": "o2"}})["Item"]["total"] == {"N": "35"}
    assert "Item" not in client.get_item(TableName="receipts", Key={"pk": {"S": "o1"}})

    (event,) = mapping.events
    (record,) = event["Records"]
    assert record["eventSource"] == "aws:dynamodb" and record["eventName"] == "INSERT"
    assert record["eventSourceARN"] == client.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
    assert [r["dynamodb"]["Keys"] for e in audit.events for r in e["Records"]] == [{"pk": {"S": "o2"}}]
