"""Snapshot, restore and load the fake's data from Python, as the admin API does over HTTP."""

import boto3

from fakedynamo import mock_dynamodb

# A snapshot: a Table line (a CreateTable request and its Region), then its items
# in DynamoDB JSON, each line as an AWS export data file writes it.
SEED = b"""\
{"Table": {"Region": "us-east-1", "TableName": "Music", "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}], "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}}
{"Item": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "Year": {"N": "2021"}}}
{"Item": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "Year": {"N": "2019"}}}
"""

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    db.load(SEED)  # a path, a file object, bytes, or {"Table": [items]} for tables that exist
    assert db.item_count("Music") == 2

    saved = db.snapshot()  # the text; db.snapshot("file.jsonl") writes a file
    client.delete_item(TableName="Music", Key={"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}})
    db.restore(saved.encode())  # back to the snapshot, everything else gone
    assert db.item_count("Music") == 2

    db.load({"Music": [{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Gone"}}]})
    assert db.item_count("Music") == 3

print("snapshot lines:", len(saved.splitlines()))
