"""The pydynox_memory_backend fixture in async tests (pydynox is async-first).

Run with: python -m pytest docs/examples/testing/basic_fixture.py
(pytest-asyncio runs the async tests; the fixture itself needs nothing.)
"""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


@pytest.mark.asyncio
async def test_create_user(pydynox_memory_backend):
    user = User(pk="USER#1", name="John")
    await user.save()
    assert await User.get(pk="USER#1") is not None


@pytest.mark.asyncio
async def test_update_and_delete(pydynox_memory_backend):
    user = User(pk="USER#2", name="Jane", age=30)
    await user.save()

    await user.update(age=31)
    assert (await User.get(pk="USER#2")).age == 31

    await user.delete()
    assert await User.get(pk="USER#2") is None


@pytest.mark.asyncio
async def test_each_test_starts_empty(pydynox_memory_backend):
    # USER#1 was saved by another test: not here.
    assert await User.get(pk="USER#1") is None
