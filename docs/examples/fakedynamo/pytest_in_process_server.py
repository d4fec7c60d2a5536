"""`fakedynamo_server` on a thread of the test process, sharing the `fakedynamo` fixture's tables.

By default the fixture serves from a child process; the mark asks for a thread, whose
state is the test's own mock when the test uses the `fakedynamo` fixture too.
"""

import boto3
import pytest


@pytest.mark.fakedynamo_in_process
def test_seeded_in_process_read_over_http(fakedynamo, fakedynamo_server):
    in_process = boto3.client("dynamodb", region_name="us-east-1")
    in_process.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    in_process.put_item(TableName="users", Item={"pk": {"S": "u1"}})

    over_http = boto3.client("dynamodb", **fakedynamo_server.botocore_kwargs())
    assert over_http.get_item(TableName="users", Key={"pk": {"S": "u1"}})["Item"] == {"pk": {"S": "u1"}}
    assert fakedynamo_server.db is fakedynamo  # the MockDynamoDB itself, every method of it
