"""Tests that use the seed of conftest_seed.py (copied as conftest.py beside this file)."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    role = StringAttribute(default="user")


@pytest.mark.asyncio
async def test_admin_exists(pydynox_memory_backend_seeded):
    admin = await User.get(pk="ADMIN#1")
    assert admin.role == "admin"


def test_user_exists(pydynox_memory_backend_seeded):
    assert User.sync_get(pk="USER#1").name == "Test User"
