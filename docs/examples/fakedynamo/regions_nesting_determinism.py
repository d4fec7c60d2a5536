"""Regions, accounts, nesting, re-entry, start/stop, and a fixed clock and seed."""

import datetime

import boto3

from fakedynamo import mock_dynamodb

KEYS = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}

# Regions are separate, and ARNs carry the mock's account id.
with mock_dynamodb(account_id="111122223333") as db:
    east = boto3.client("dynamodb", region_name="us-east-1")
    west = boto3.client("dynamodb", region_name="eu-west-1")
    arn = east.create_table(TableName="events", **KEYS)["TableDescription"]["TableArn"]
    assert arn == "arn:aws:dynamodb:us-east-1:111122223333:table/events"
    assert west.list_tables()["TableNames"] == []
assert db.regions() == ["us-east-1"]
assert db.table_names("eu-west-1") == []

# Nesting: the inner mock is a separate fake; leaving it brings the outer one back.
with mock_dynamodb() as outer:
    # Made inside a mock, a client needs no credentials; it can be reused in later mocks.
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(TableName="outer-table", **KEYS)
    with mock_dynamodb():
        assert client.list_tables()["TableNames"] == []
    assert client.list_tables()["TableNames"] == ["outer-table"]

# Re-entering a handle keeps its data; reset() empties it.
with outer:
    assert client.list_tables()["TableNames"] == ["outer-table"]
outer.reset()
assert outer.table_names() == []

# start()/stop() for setups that do not fit a with block.
db = mock_dynamodb().start()
try:
    client.create_table(TableName="started", **KEYS)
finally:
    db.stop()
assert db.table_names() == ["started"]

# A fixed clock and seed make timestamps and made-up ids repeat from run to run.
noon = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)


def create_once():
    with mock_dynamodb(clock=noon, id_seed=42):
        created = client.create_table(TableName="fixed", **KEYS)
        return created["TableDescription"]["TableId"], created["TableDescription"]["CreationDateTime"]


first, second = create_once(), create_once()
assert first == second
assert first[1] == noon
print("table id with id_seed=42:", first[0])
