"""Server mode in-process: a real HTTP endpoint on a free loopback port.

From a shell the same server is `python -m fakedynamo serve --port 8000`.
"""

import json
import urllib.request

import boto3

from fakedynamo.wire.http import running_server

with running_server() as server:
    # Any SDK: point it at server.endpoint; credentials are required by the SDK but not checked.
    client = boto3.client(
        "dynamodb",
        region_name="eu-central-1",  # the region comes from the request's SigV4 signature
        endpoint_url=server.endpoint,
        aws_access_key_id="anything",
        aws_secret_access_key="anything",
    )
    client.create_table(
        TableName="notes",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    # Plain HTTP works too. An unsigned request goes to the server's default region, us-east-1.
    request = urllib.request.Request(
        server.endpoint,
        data=b"{}",
        headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"},
    )
    with urllib.request.urlopen(request) as response:
        assert json.load(response) == {"TableNames": []}
    assert client.list_tables()["TableNames"] == ["notes"]
