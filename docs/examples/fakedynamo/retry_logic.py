"""Test your retry logic: scripted throttles, conflicts and partial batches, answered as DynamoDB answers."""

import boto3
from botocore.config import Config

from fakedynamo import mock_dynamodb

with mock_dynamodb(id_seed=1) as db:
    client = boto3.client("dynamodb", region_name="us-east-1", config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    client.create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    )

    # Throttle the next two PutItems on "orders": botocore's standard mode retries, the third attempt succeeds.
    rule = db.faults.add("ProvisionedThroughputExceededException", operation="PutItem", table="orders", times=2)
    response = client.put_item(TableName="orders", Item={"pk": {"S": "o1"}})
    assert response["ResponseMetadata"]["RetryAttempts"] == 2 and rule.fired == 2

    # A conflict inside a transaction: TransactionCanceledException with the reasons DynamoDB gives.
    db.faults.add("TransactionConflict", operation="TransactWriteItems", key={"pk": {"S": "o2"}}, times=None)
    try:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": "orders", "Item": {"pk": {"S": "o2"}}}},
            {"Put": {"TableName": "orders", "Item": {"pk": {"S": "o3"}}}},
        ])
    except client.exceptions.TransactionCanceledException as error:
        reasons = [reason["Code"] for reason in error.response["CancellationReasons"]]
        assert reasons == ["TransactionConflict", "None"]
    assert db.item_count("orders") == 1  # a faulted request changes nothing

    # A batch that leaves chosen items unprocessed: boto3's batch_writer resends them until none are left.
    db.faults.add(operation="BatchWriteItem", unprocessed=[{"pk": {"S": "o7"}}], times=3)
    with boto3.resource("dynamodb", region_name="us-east-1").Table("orders").batch_writer() as writer:
        for n in range(4, 10):
            writer.put_item(Item={"pk": f"o{n}"})
    assert db.item_count("orders") == 7
    fired = [entry["error"] for entry in db.faults.history]  # what fired, in order
    db.calm()  # every rule and mode off

print("faults fired:", fired)
