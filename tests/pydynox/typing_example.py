"""A small user module, checked by `mypy --strict` in test_typing.py and run there too.

It is written as an application would be: no annotations beyond what
``--strict`` asks of a function, no casts, no ``type: ignore``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydynox import Model, ModelConfig
from pydynox.attributes import (
    BooleanAttribute,
    DatetimeAttribute,
    EnumAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    StringAttribute,
    StringSetAttribute,
    VersionAttribute,
)
from pydynox.conditions import Condition
from pydynox.exceptions import ConditionalCheckFailedException
from pydynox.indexes import GlobalSecondaryIndex
from pydynox.testing import MemoryBackend


class Plan(Enum):
    FREE = "free"
    PRO = "pro"


class User(Model):
    model_config = ModelConfig(table="typing-users")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    name = StringAttribute(required=True)
    email = StringAttribute()
    age = NumberAttribute(default=0)
    active = BooleanAttribute(default=True)
    plan = EnumAttribute(Plan, default=Plan.FREE)
    tags = StringSetAttribute()
    history = ListAttribute(default=[])
    settings = MapAttribute()
    joined = DatetimeAttribute()
    version = VersionAttribute()

    by_email = GlobalSecondaryIndex("email-index", partition_key="email")


def adults() -> Condition:
    return (User.age >= 18) & User.email.exists() & (User.plan == Plan.PRO.value)


def greeting(user: User) -> str:
    name: str | None = user.name  # an attribute reads as its Python type
    return f"Hello {name or 'stranger'}, {user.age or 0:.0f}"


def sync_flow() -> list[str]:
    User.sync_create_table(wait=True)
    ada = User(pk="USER#1", sk="PROFILE", name="Ada", email="ada@example.com", age=36, plan=Plan.PRO)
    ada.joined = datetime(2024, 1, 15, tzinfo=timezone.utc)
    ada.sync_save(condition=User.pk.not_exists())

    loaded = User.sync_get(pk="USER#1", sk="PROFILE")
    assert loaded is not None
    loaded.sync_update(atomic=[User.age.add(1), User.history.append(["birthday"])])
    try:
        loaded.sync_save(condition=User.age > 100)
    except ConditionalCheckFailedException:
        pass

    as_dict: dict[str, Any] | None = User.sync_get(pk="USER#1", sk="PROFILE", as_dict=True)
    assert as_dict is not None and as_dict["name"] == "Ada"

    names = [user.name or "" for user in User.sync_query(partition_key="USER#1", filter_condition=adults())]
    by_email = User.by_email.sync_query(email="ada@example.com").first()
    assert by_email is not None
    found = User.sync_batch_get([{"pk": "USER#1", "sk": "PROFILE"}])
    scanned = User.sync_scan(filter_condition=User.active.exists()).first()
    assert scanned is not None and found[0].pk == "USER#1"
    return names + [greeting(by_email), scanned.sk or ""]


async def async_flow() -> int | None:
    bob = User(pk="USER#2", sk="PROFILE", name="Bob", email="bob@example.com", age=17)
    await bob.save()
    await User.update_by_key(pk="USER#2", sk="PROFILE", age=18)
    loaded = await User.get(pk="USER#2", sk="PROFILE", consistent_read=True)
    if loaded is None:
        return None
    await loaded.update(atomic=[User.age.add(1)], condition=User.version == loaded.version)
    first = await User.query(partition_key="USER#2").first()
    seen = [user.sk async for user in User.scan()]
    found = await User.batch_get([{"pk": "USER#2", "sk": "PROFILE"}])
    by_email = await User.by_email.query(email="bob@example.com").first()
    assert first is not None and by_email is not None and seen and found
    copy = User.from_dict(loaded.to_dict())
    version: int | None = copy.version
    return version


def test_with_memory_backend() -> None:
    with MemoryBackend() as backend:
        assert sync_flow() == ["Ada", "Hello Ada, 37", "PROFILE"]
        assert "typing-users" in backend.tables


if TYPE_CHECKING:
    # What test_typing.py reads back from mypy, in this order.
    async def revealed() -> None:
        user = User(pk="u", sk="s", name="n")
        reveal_type(User.sync_get(pk="u", sk="s"))
        reveal_type(await User.get(pk="u", sk="s"))
        reveal_type(user.name)
        reveal_type(User.name)
        reveal_type(User.sync_query(partition_key="u"))
        reveal_type(User.sync_query(partition_key="u").first())
        reveal_type(await User.query(partition_key="u").first())
        reveal_type(User.sync_scan(as_dict=True))
        reveal_type(User.sync_batch_get([]))
        reveal_type(await User.batch_get([]))
        reveal_type(User.from_dict({}))
        reveal_type(User.by_email.sync_query(email="e"))
        reveal_type(user.age)
        reveal_type(user.plan)
        reveal_type(user.joined)
        reveal_type(user.settings)
