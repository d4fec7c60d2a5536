"""Server mode from Python: a real HTTP endpoint on a free loopback port, served from a thread or a child process.

From a shell the same server is `python -m fakedynamo serve --port 8000`.
"""

import json
import urllib.request

import boto3

from fakedynamo import mock_dynamodb, serve_dynamodb

with serve_dynamodb(region="eu-central-1") as server:
    # Any SDK: point it at server.endpoint_url, with any credentials (they are not checked).
    client = boto3.client("dynamodb", **server.botocore_kwargs())
    client.create_table(
        TableName="notes",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert server.db.table_names() == ["notes"]  # the served state, for assertions

    # Plain HTTP works too. An unsigned request goes to the server's region.
    request = urllib.request.Request(
        server.endpoint_url,
        data=b"{}",
        headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"},
    )
    with urllib.request.urlopen(request) as response:
        assert json.load(response) == {"TableNames": ["notes"]}

# Serve a mock's state: in-process clients and HTTP clients share one set of tables.
with mock_dynamodb() as db, serve_dynamodb(db) as server:
    in_process = boto3.client("dynamodb", region_name="us-east-1")
    over_http = boto3.client("dynamodb", **server.botocore_kwargs())
    in_process.create_table(
        TableName="shared",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert over_http.list_tables()["TableNames"] == ["shared"]

# From a child process (`python -m fakedynamo serve`): every client is answered, even one that
# keeps Python's GIL while it waits; db reaches the child's state through the admin API.
with serve_dynamodb(child_process=True) as server:
    client = boto3.client("dynamodb", **server.botocore_kwargs())
    client.create_table(
        TableName="notes",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="notes", Item={"id": {"S": "n1"}})
    assert server.db.items("notes") == [{"id": {"S": "n1"}}]
    server.reset()  # one admin request: every table gone, the process keeps running
