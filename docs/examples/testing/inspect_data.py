"""Look at what a test stored: backend.tables, and clear() to start over mid-test."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    total = NumberAttribute()


@pytest.mark.asyncio
async def test_inspect_tables(pydynox_memory_backend):
    await User(pk="USER#1", name="Alice").save()
    await User(pk="USER#2", name="Bob").save()
    await Order(pk="USER#1", sk="ORDER#001", total=100).save()

    tables = pydynox_memory_backend.tables
    assert set(tables) == {"users", "orders"}
    assert len(tables["users"]) == 2

    # Items are plain dicts under DynamoDB attribute names, keyed "pk" or "pk|sk".
    assert tables["users"]["USER#1"] == {"pk": "USER#1", "name": "Alice", "age": 0}
    assert tables["orders"]["USER#1|ORDER#001"]["total"] == 100
    assert sorted(item["name"] for item in tables["users"].values()) == ["Alice", "Bob"]


@pytest.mark.asyncio
async def test_clear_data(pydynox_memory_backend):
    await User(pk="USER#1", name="Test").save()
    assert await User.get(pk="USER#1") is not None

    pydynox_memory_backend.clear()  # drops every table; they come back empty when used

    assert len(pydynox_memory_backend.tables) == 0
    assert await User.get(pk="USER#1") is None


def test_the_fake_underneath(pydynox_memory_backend):
    User(pk="USER#1", name="Alice").sync_save()
    # The fakedynamo handle: items in DynamoDB's wire form, counts, table names.
    mock = pydynox_memory_backend.mock
    assert mock.table_names() == ["users"]
    assert mock.items("users") == [{"pk": {"S": "USER#1"}, "name": {"S": "Alice"}, "age": {"N": "0"}}]
