"""Tests run under conftest_autouse.py (copied as conftest.py): no fixture argument needed."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


@pytest.mark.asyncio
async def test_saves_without_asking_for_a_fixture():
    await User(pk="USER#1", name="Auto").save()
    assert (await User.get(pk="USER#1")).name == "Auto"


def test_still_isolated():
    assert User.sync_get(pk="USER#1") is None


@pytest.mark.asyncio
@pytest.mark.parametrize("name,age", [
    ("Alice", 30),
    ("Bob", 25),
    ("Charlie", 35),
])
async def test_create_users(pydynox_memory_backend, name, age):
    user = User(pk=f"USER#{name}", name=name, age=age)
    await user.save()
    
    found = await User.get(pk=f"USER#{name}")
    assert found.age == age
