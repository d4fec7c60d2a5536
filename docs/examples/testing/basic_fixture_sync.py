"""The same fixture in plain (sync) tests: use the sync_ twins of every call."""

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


def test_create_user(pydynox_memory_backend):
    user = User(pk="USER#1", name="John")
    user.sync_save()
    assert User.sync_get(pk="USER#1") is not None


def test_update_and_delete(pydynox_memory_backend):
    user = User(pk="USER#2", name="Jane", age=30)
    user.sync_save()

    user.sync_update(age=31)
    assert User.sync_get(pk="USER#2").age == 31

    user.sync_delete()
    assert User.sync_get(pk="USER#2") is None


def test_each_test_starts_empty(pydynox_memory_backend):
    assert User.sync_get(pk="USER#1") is None
