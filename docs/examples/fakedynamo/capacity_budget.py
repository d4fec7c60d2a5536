"""Fail the build when a query gets expensive: capacity budgets and exact consumed figures."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="events", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    )
    for n in range(50):
        client.put_item(TableName="events", Item={"pk": {"S": "device"}, "sk": {"S": f"{n:03}"}, "body": {"S": "x" * 500}})

    # The block fails (BudgetExceeded, an AssertionError) if it consumes more than the budget.
    with db.budget(table="events", max_rcu=1) as latest:
        client.query(TableName="events", KeyConditionExpression="pk = :p", ScanIndexForward=False, Limit=5,
                     ExpressionAttributeValues={":p": {"S": "device"}})
    assert latest.rcu == 0.5  # 5 items of ~530 bytes: one 4 KB unit, eventually consistent

    try:
        with db.budget(table="events", max_rcu=1):
            client.scan(TableName="events")  # the regression: a scan of everything
        raise SystemExit("the budget should have failed")
    except AssertionError as error:
        print(error)  # table 'events' consumed 3.5 RCU (budget 1)

    # The running totals, per table or index, since metering began.
    print("consumed on events:", db.consumed("events"))
