"""Atomic updates: change values inside DynamoDB, without reading them first."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ListAttribute, NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException

set_default_client(DynamoDBClient())


class Account(Model):
    model_config = ModelConfig(table="accounts")

    pk = StringAttribute(partition_key=True)
    status = StringAttribute()
    balance = NumberAttribute()
    log = ListAttribute(default=[])
    logins = NumberAttribute()
    nickname = StringAttribute()


async def withdraw(account: Account, amount: int) -> bool:
    try:
        await account.update(
            atomic=[Account.balance.add(-amount), Account.log.append([f"-{amount}"])],
            condition=(Account.status == "open") & (Account.balance >= amount),
        )
    except ConditionalCheckFailedException:
        return False
    return True


async def main() -> None:
    await Account.create_table()
    account = Account(pk="ACC#1", status="open", balance=100, nickname="main")
    await account.save()

    assert await withdraw(account, 60)
    assert not await withdraw(account, 60)  # only 40 left: the condition refused it
    stored = await Account.get(pk="ACC#1")
    assert stored.balance == 40 and stored.log == ["-60"]
    assert account.balance == 100  # atomic updates leave the local object alone

    # Ten concurrent increments: none is lost, because none reads the value first.
    await asyncio.gather(*(account.update(atomic=[Account.logins.add(1)]) for _ in range(10)))
    assert (await Account.get(pk="ACC#1")).logins == 10  # add() starts a missing number at 0

    await account.update(
        atomic=[
            Account.log.prepend(["opened"]),
            Account.status.if_not_exists("closed"),  # status is there: kept as it is
            Account.nickname.remove(),
            Account.balance.set(0),
        ]
    )
    stored = await Account.get(pk="ACC#1")
    assert stored.log == ["opened", "-60"] and stored.status == "open"
    assert stored.nickname is None and stored.balance == 0


if __name__ == "__main__":
    asyncio.run(main())
