"""Tests that start with data: pydynox_memory_backend_factory and pydynox_memory_backend_seeded."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)
    role = StringAttribute(default="user")


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    total = NumberAttribute()


# The factory is the MemoryBackend class: seed it with what this test needs.
@pytest.mark.asyncio
async def test_with_seed_data(pydynox_memory_backend_factory):
    seed = {
        "users": [
            {"pk": "USER#1", "name": "Alice", "age": 30},
            {"pk": "USER#2", "name": "Bob", "age": 25},
        ],
        "orders": [
            {"pk": "USER#1", "sk": "ORDER#001", "total": 100},
            {"pk": "USER#1", "sk": "ORDER#002", "total": 250},
        ],
    }

    with pydynox_memory_backend_factory(seed=seed):
        alice = await User.get(pk="USER#1")
        assert alice.name == "Alice"

        orders = [order async for order in Order.query(partition_key="USER#1")]
        assert [order.total for order in orders] == [100, 250]

        big = [
            order
            async for order in Order.query(
                partition_key="USER#1",
                sort_key_condition=Order.sk.begins_with("ORDER#"),
                filter_condition=Order.total > 200,
            )
        ]
        assert len(big) == 1


# pydynox_memory_backend_seeded seeds every test with the pydynox_seed fixture.
# Override pydynox_seed here, in a class, or in conftest.py for a whole directory.
@pytest.fixture
def pydynox_seed():
    return {
        "users": [
            {"pk": "ADMIN#1", "name": "Admin", "role": "admin"},
            {"pk": "USER#1", "name": "Test User", "role": "user"},
        ]
    }


@pytest.mark.asyncio
async def test_admin_exists(pydynox_memory_backend_seeded):
    admin = await User.get(pk="ADMIN#1")
    assert admin.role == "admin"


def test_seeded_tables_start_fresh_in_every_test(pydynox_memory_backend_seeded):
    User(pk="USER#2", name="Temp").sync_save()
    assert len(pydynox_memory_backend_seeded.tables["users"]) == 3


def test_the_seed_is_back_for_the_next_test(pydynox_memory_backend_seeded):
    assert len(pydynox_memory_backend_seeded.tables["users"]) == 2
