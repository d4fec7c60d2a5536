"""Model item operations against fakedynamo: get, save (smart), delete, update, by-key, metrics, max_size."""

from __future__ import annotations

from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import ListAttribute, MapAttribute, NumberAttribute, StringAttribute
from pydynox.exceptions import (
    ConditionalCheckFailedException,
    ItemTooLargeException,
    ResourceNotFoundException,
    ValidationException,
)
from tests.pydynox.conftest import make_table


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    name = StringAttribute(alias="full_name")
    age = NumberAttribute()
    tags = ListAttribute()
    address = MapAttribute()


class Small(Model):
    model_config = ModelConfig(table="small", max_size=60)
    pk = StringAttribute(partition_key=True)
    body = StringAttribute()


@pytest.fixture
def users(client: DynamoDBClient, db: Any) -> Any:
    make_table(client, "users", sort_key=True)
    return db


def stored(db: Any, table: str = "users") -> list[dict[str, Any]]:
    return db.items(table)


def test_save_and_get(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="profile", name="Ada", age=36, tags=["math"])
    assert user._original is None  # 1.8's name for the loaded snapshot: None until saved or loaded
    assert twin(user, "save") is None
    assert user._original is not None
    assert stored(users) == [
        {
            "pk": {"S": "u1"},
            "sk": {"S": "profile"},
            "full_name": {"S": "Ada"},
            "age": {"N": "36"},
            "tags": {"L": [{"S": "math"}]},
        }
    ]
    loaded = twin(User, "get", pk="u1", sk="profile")
    assert isinstance(loaded, User) and loaded == user
    assert (loaded.name, loaded.age, loaded.tags, loaded.address) == ("Ada", 36, ["math"], None)
    assert not loaded.is_dirty
    assert twin(User, "get", pk="nobody", sk="x") is None
    assert twin(User, "get", as_dict=True, pk="u1", sk="profile") == {
        "pk": "u1",
        "sk": "profile",
        "full_name": "Ada",
        "age": 36,
        "tags": ["math"],
    }


def test_get_with_half_a_key_is_dynamodbs_validation_error(users: Any, twin: Any) -> None:
    with pytest.raises(ValidationException):
        twin(User, "get", pk="u1")


def test_smart_save_updates_only_changed_fields(users: Any, twin: Any, db: Any) -> None:
    User(pk="u1", sk="p", name="Ada", age=1).sync_save()
    # Someone else adds an attribute the model does not declare.
    User._get_client().sync_update_item("users", {"pk": "u1", "sk": "p"}, updates={"undeclared": "kept"})
    loaded = User.sync_get(pk="u1", sk="p")
    loaded.age = 2
    loaded.name = None  # a changed None is written as NULL, not removed
    twin(loaded, "save")
    assert User.get_last_metrics() is not None and User.get_total_metrics().update_count == 1
    assert not loaded.is_dirty
    item = User._get_client().sync_get_item("users", {"pk": "u1", "sk": "p"})
    assert item == {"pk": "u1", "sk": "p", "full_name": None, "age": 2, "undeclared": "kept"}
    # Loaded but unchanged: a full put, which drops what the model does not declare.
    twin(loaded, "save")
    assert User.get_total_metrics().put_count == 2
    assert User._get_client().sync_get_item("users", {"pk": "u1", "sk": "p"}) == {"pk": "u1", "sk": "p", "age": 2}


def test_full_replace_and_saved_instances_become_loaded(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada")
    twin(user, "save")
    user.age = 5  # now tracked: the instance counts as loaded after a save
    assert user.changed_fields == ["age"]
    twin(user, "save", full_replace=True)
    assert User.get_total_metrics().put_count == 2 and User.get_total_metrics().update_count == 0


def test_changing_a_key_attribute_saves_a_new_item(users: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada")
    user.sync_save()
    user.sk = "q"
    user.sync_save()
    assert len(stored(users)) == 2


def test_save_with_condition(users: Any, twin: Any) -> None:
    User(pk="u1", sk="p", name="Ada").sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        twin(User(pk="u1", sk="p", name="Eve"), "save", condition=User.pk.not_exists())
    loaded = User.sync_get(pk="u1", sk="p")
    loaded.age = 3
    with pytest.raises(ConditionalCheckFailedException):
        twin(loaded, "save", condition=User.name == "Bob")  # the smart update path, condition values as :cond*
    twin(loaded, "save", condition=(User.name == "Ada") & User.age.not_exists())
    assert User.sync_get(pk="u1", sk="p").age == 3


def test_delete(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada")
    user.sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        twin(user, "delete", condition=User.name == "Bob")
    twin(user, "delete", condition=User.name == "Ada")
    assert stored(users) == []
    twin(user, "delete")  # a missing item is no error
    assert User.get_total_metrics().delete_count == 2


def test_update_with_keywords_mutates_and_stays_dirty(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada", age=1)
    user.sync_save()
    twin(user, "update", name="Bob", age=2)
    assert (user.name, user.age) == ("Bob", 2)
    assert user.changed_fields == ["name", "age"]
    assert User.sync_get(pk="u1", sk="p").name == "Bob"
    with pytest.raises(ValueError, match="Unknown attribute: nickname"):
        twin(user, "update", nickname="x")
    with pytest.raises(ConditionalCheckFailedException):
        twin(user, "update", age=3, condition=User.age == 100)


def test_update_with_atomic_ops_leaves_the_instance_alone(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada", age=10, tags=["a"])
    user.sync_save()
    twin(
        user,
        "update",
        atomic=[User.age.add(5), User.tags.append(["b"]), User.name.remove()],
        condition=User.age >= 10,
        age=999,
    )  # keywords are ignored on the atomic path
    assert (user.age, user.tags, user.name) == (10, ["a"], "Ada")
    loaded = User.sync_get(pk="u1", sk="p")
    assert (loaded.age, loaded.tags, loaded.name) == (15, ["a", "b"], None)
    with pytest.raises(ConditionalCheckFailedException):
        twin(user, "update", atomic=[User.age.add(-100)], condition=User.age >= 100)
    twin(user, "update", atomic=[User.tags.prepend(["z"]), User.address.if_not_exists({"city": "X"})])
    twin(user, "update", atomic=[User.address.set({"city": "Y"}), User.address.if_not_exists({"city": "Z"})][:1])
    loaded = User.sync_get(pk="u1", sk="p")
    assert loaded.tags == ["z", "a", "b"] and loaded.address == {"city": "Y"}


def test_atomic_add_works_on_a_missing_attribute(users: Any) -> None:
    user = User(pk="u1", sk="p")
    user.sync_save()
    user.sync_update(atomic=[User.age.add(1)])
    user.sync_update(atomic=[User.age.add(1)])
    assert User.sync_get(pk="u1", sk="p").age == 2


def test_update_with_nothing_makes_no_call(users: Any, twin: Any) -> None:
    user = User(pk="u1", sk="p")
    twin(user, "update")
    assert User.get_last_metrics() is None and stored(users) == []


def test_update_and_delete_by_key(users: Any, twin: Any) -> None:
    twin(User, "update_by_key", pk="u1", sk="p", name="Ada", age=3)  # an upsert
    assert User.sync_get(pk="u1", sk="p").name == "Ada"
    with pytest.raises(ValueError, match="Missing required partition_key: pk"):
        twin(User, "update_by_key", sk="p", name="x")
    with pytest.raises(ValueError, match="Missing required sort_key: sk"):
        twin(User, "delete_by_key", pk="u1")
    with pytest.raises(ValueError, match="Unknown attribute: nope"):
        twin(User, "update_by_key", pk="u1", sk="p", nope=1)
    twin(User, "update_by_key", pk="u1", sk="p")  # nothing to update: no call
    with pytest.raises(ConditionalCheckFailedException):
        twin(User, "update_by_key", pk="u1", sk="p", age=4, condition=User.age > 10)
    with pytest.raises(ConditionalCheckFailedException):
        twin(User, "delete_by_key", pk="u1", sk="p", condition=User.age > 10)
    twin(User, "delete_by_key", pk="u1", sk="p", condition=User.age == 3)
    assert stored(users) == []
    metrics = User.get_total_metrics()
    assert (metrics.update_count, metrics.delete_count) == (1, 1)  # failed calls are not counted


@pytest.mark.engine_ops("Query")
def test_model_metrics(users: Any) -> None:
    User.reset_metrics()
    assert User.get_last_metrics() is None
    user = User(pk="u1", sk="p")
    user.sync_save()
    assert User.get_last_metrics().consumed_wcu == 1.0  # type: ignore[union-attr]
    User.sync_get(pk="u1", sk="p")
    assert User.get_last_metrics().consumed_rcu == 0.5  # type: ignore[union-attr]
    list(User.sync_query("u1"))  # reads of many items are not recorded
    total = User.get_total_metrics()
    assert (total.operation_count, total.put_count, total.get_count, total.total_wcu, total.total_rcu) == (
        2,
        1,
        1,
        1.0,
        0.5,
    )
    assert Small.get_total_metrics().operation_count == 0  # each model has its own store
    User.reset_metrics()
    assert User.get_total_metrics().operation_count == 0


def test_max_size_refuses_before_any_call(client: DynamoDBClient, db: Any) -> None:
    make_table(client, "small")
    Small(pk="a", body="short").sync_save()
    with pytest.raises(ItemTooLargeException) as caught:
        Small(pk="b", body="x" * 100).sync_save()
    assert caught.value.max_size == 60 and caught.value.size > 60 and caught.value.item_key == {"pk": "b"}
    assert len(db.items("small")) == 1


def test_missing_table(client: DynamoDBClient, twin: Any) -> None:
    with pytest.raises(ResourceNotFoundException, match="Table 'users' not found"):
        twin(User(pk="a", sk="b"), "save")


@pytest.mark.asyncio
async def test_async_crud_flow(users: Any) -> None:
    user = User(pk="u1", sk="p", name="Ada")
    await user.save()
    loaded = await User.get(pk="u1", sk="p")
    loaded.age = 2
    await loaded.save()
    await loaded.update(atomic=[User.age.add(1)])
    await User.update_by_key(pk="u1", sk="p", name="Bob")
    fetched = await User.get(pk="u1", sk="p")
    assert (fetched.name, fetched.age) == ("Bob", 3)
    await fetched.delete()
    await User.delete_by_key(pk="u1", sk="p")
    assert await User.get(pk="u1", sk="p") is None
