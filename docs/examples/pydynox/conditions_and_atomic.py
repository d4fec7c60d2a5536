"""Conditional writes and atomic updates, built from model attributes."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ListAttribute, NumberAttribute, StringAttribute
from pydynox.conditions import And, Or
from pydynox.exceptions import ConditionalCheckFailedException

set_default_client(DynamoDBClient())


class Account(Model):
    model_config = ModelConfig(table="accounts")

    pk = StringAttribute(partition_key=True)
    status = StringAttribute()
    balance = NumberAttribute()
    log = ListAttribute(default=[])


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
    account = Account(pk="ACC#1", status="open", balance=100)

    # Create only if it is not there yet.
    await account.save(condition=Account.pk.not_exists())
    try:
        await Account(pk="ACC#1", status="open", balance=0).save(condition=Account.pk.not_exists())
    except ConditionalCheckFailedException:
        pass  # the first account was kept

    assert await withdraw(account, 60)
    assert not await withdraw(account, 60)  # only 40 left
    stored = await Account.get(pk="ACC#1")
    assert stored.balance == 40 and stored.log == ["-60"]
    assert account.balance == 100  # atomic updates leave the local object alone

    # Combine with &, |, ~ or And(), Or(), Not(); reach into maps and lists with [].
    closable = Or(Account.balance == 0, And(Account.status == "frozen", Account.balance < 10))
    try:
        await stored.delete(condition=closable)
    except ConditionalCheckFailedException:
        pass
    await Account.update_by_key(pk="ACC#1", status="closed")
    await stored.delete(condition=Account.status.is_in("closed", "frozen"))


if __name__ == "__main__":
    asyncio.run(main())
