"""MemoryBackend without pytest: as a context manager and as a decorator.

Run it: python docs/examples/testing/context_manager.py
"""

import asyncio

from pydynox import Model, ModelConfig
from pydynox.attributes import StringAttribute
from pydynox.testing import MemoryBackend


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()


def main():
    with MemoryBackend() as backend:
        # Every pydynox call in the block is answered from memory.
        User(pk="USER#1", name="John").sync_save()

        found = User.sync_get(pk="USER#1")
        print(f"Found: {found.name}")  # Found: John

        print(f"Tables: {list(backend.tables)}")  # Tables: ['users']
        print(f"Items: {len(backend.tables['users'])}")  # Items: 1

    # Leaving the block discards the data and restores the previous client.
    assert backend.tables == {}


# As a decorator: every call runs in a fresh backend.
@MemoryBackend()
def test_function():
    User(pk="USER#1", name="Jane").sync_save()
    assert User.sync_get(pk="USER#1") is not None


# Coroutine functions can be decorated too.
@MemoryBackend()
async def create_and_count():
    await User(pk="USER#1", name="Ann").save()
    await User(pk="USER#2", name="Bob").save()
    count, _ = await User.count()
    return count


# With seed data: the table is created from the User model, then filled.
def test_with_seed():
    seed = {"users": [{"pk": "USER#1", "name": "Seeded"}]}

    with MemoryBackend(seed=seed):
        user = User.sync_get(pk="USER#1")
        assert user.name == "Seeded"


if __name__ == "__main__":
    main()
    test_function()
    assert asyncio.run(create_and_count()) == 2
    test_with_seed()
    print("All examples passed!")
