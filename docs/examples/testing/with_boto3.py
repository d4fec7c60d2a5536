"""pydynox and plain boto3 in one test: both talk to the same in-memory tables."""

import boto3

from pydynox import Model, ModelConfig
from pydynox.attributes import StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()


def test_saved_by_pydynox_read_by_boto3(pydynox_memory_backend):
    User(pk="USER#1", name="Alice").sync_save()

    client = boto3.client("dynamodb")  # no credentials or region needed while the backend is active
    item = client.get_item(TableName="users", Key={"pk": {"S": "USER#1"}})["Item"]
    assert item == {"pk": {"S": "USER#1"}, "name": {"S": "Alice"}}


def test_written_by_boto3_read_by_pydynox(pydynox_memory_backend):
    table = boto3.resource("dynamodb").Table("users")
    table.put_item(Item={"pk": "USER#2", "name": "Bob"})

    assert User.sync_get(pk="USER#2").name == "Bob"
