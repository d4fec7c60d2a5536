"""Transactions: a cancelled TransactWriteItems, its CancellationReasons, and idempotent retries."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="accounts",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="accounts", Item={"pk": {"S": "alice"}, "balance": {"N": "10"}})
    client.put_item(TableName="accounts", Item={"pk": {"S": "bob"}, "balance": {"N": "0"}})

    def transfer(amount, **params):
        client.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": "accounts",
                        "Key": {"pk": {"S": "alice"}},
                        "UpdateExpression": "SET balance = balance - :amount",
                        "ConditionExpression": "balance >= :amount",
                        "ExpressionAttributeValues": {":amount": {"N": str(amount)}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                {
                    "Update": {
                        "TableName": "accounts",
                        "Key": {"pk": {"S": "bob"}},
                        "UpdateExpression": "SET balance = balance + :amount",
                        "ExpressionAttributeValues": {":amount": {"N": str(amount)}},
                    }
                },
            ],
            **params,
        )

    try:
        transfer(50)
    except client.exceptions.TransactionCanceledException as error:
        # One reason per action, in request order; "None" marks an action that was not at fault.
        reasons = error.response["CancellationReasons"]
        assert [reason["Code"] for reason in reasons] == ["ConditionalCheckFailed", "None"]
        assert reasons[0]["Message"] == "The conditional request failed"
        assert reasons[0]["Item"] == {"pk": {"S": "alice"}, "balance": {"N": "10"}}  # asked for with ALL_OLD
        assert error.response["Error"]["Message"] == (
            "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]"
        )
    else:
        raise AssertionError("expected TransactionCanceledException")

    # Nothing was written: bob still has 0.
    assert client.get_item(TableName="accounts", Key={"pk": {"S": "bob"}})["Item"]["balance"] == {"N": "0"}

    # The same ClientRequestToken within ten minutes: the retry succeeds without writing again.
    transfer(4, ClientRequestToken="transfer-0001")
    transfer(4, ClientRequestToken="transfer-0001")
    # The same token for a different request is refused.
    try:
        transfer(5, ClientRequestToken="transfer-0001")
    except client.exceptions.IdempotentParameterMismatchException:
        pass
    else:
        raise AssertionError("expected IdempotentParameterMismatchException")

    # TransactGetItems reads several items at one instant; a missing item comes back as {}.
    read = client.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": "accounts", "Key": {"pk": {"S": "alice"}}}},
            {"Get": {"TableName": "accounts", "Key": {"pk": {"S": "carol"}}}},
        ]
    )
    assert read["Responses"] == [{"Item": {"pk": {"S": "alice"}, "balance": {"N": "6"}}}, {}]

# The handle lists items in Scan order (partitions by a hash of the key), so compare as a dict.
balances = {item["pk"]["S"]: item["balance"]["N"] for item in db.items("accounts")}
assert balances == {"alice": "6", "bob": "4"}
