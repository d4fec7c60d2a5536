"""Conditional writes, optimistic locking and atomic updates."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import ListAttribute, NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import ConditionalCheckFailedException


class Account(Model):
    model_config = ModelConfig(table="accounts")

    pk = StringAttribute(partition_key=True)
    status = StringAttribute()
    balance = NumberAttribute()
    log = ListAttribute(default=[])
    version = VersionAttribute()


def test_create_only_once(pydynox_memory_backend):
    Account(pk="ACC#1", status="open", balance=100).sync_save(condition=Account.pk.not_exists())

    with pytest.raises(ConditionalCheckFailedException):
        Account(pk="ACC#1", status="open", balance=0).sync_save(condition=Account.pk.not_exists())


@pytest.mark.asyncio
async def test_atomic_update_with_condition(pydynox_memory_backend):
    account = Account(pk="ACC#1", status="open", balance=100)
    await account.save()

    await account.update(
        atomic=[Account.balance.add(-60), Account.log.append(["-60"])],
        condition=(Account.status == "open") & (Account.balance >= 60),
    )
    with pytest.raises(ConditionalCheckFailedException):
        await account.update(atomic=[Account.balance.add(-60)], condition=Account.balance >= 60)

    stored = await Account.get(pk="ACC#1")
    assert (stored.balance, stored.log) == (40, ["-60"])


def test_optimistic_locking(pydynox_memory_backend):
    Account(pk="ACC#1", status="open", balance=1).sync_save()  # version 1
    alice = Account.sync_get(pk="ACC#1")
    bob = Account.sync_get(pk="ACC#1")

    alice.balance = 2
    alice.sync_save()  # version 2

    bob.balance = 3
    with pytest.raises(ConditionalCheckFailedException):
        bob.sync_save()  # bob still holds version 1
