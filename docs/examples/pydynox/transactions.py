"""Transactions: several writes (and checks) that all happen, or none of them does."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, SyncTransaction, Transaction, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import TransactionCanceledException

client = DynamoDBClient()
set_default_client(client)


class Wallet(Model):
    model_config = ModelConfig(table="wallets")

    pk = StringAttribute(partition_key=True)
    coins = NumberAttribute()
    version = VersionAttribute()


async def transfer(source: str, target: str, amount: int) -> None:
    async with Transaction(client) as tx:  # sent when the block ends; nothing is sent if it raises
        tx.update(
            "wallets",
            {"pk": source},
            "SET coins = coins - :n",
            condition_expression="coins >= :n",
            expression_attribute_values={":n": amount},
        )
        tx.update("wallets", {"pk": target}, "SET coins = coins + :n", expression_attribute_values={":n": amount})


async def main() -> None:
    await Wallet.create_table()
    await Wallet(pk="ada", coins=50).save()
    await Wallet(pk="bob", coins=0).save()

    await transfer("ada", "bob", 30)
    try:
        await transfer("ada", "bob", 30)  # only 20 left: the whole transfer is refused
    except TransactionCanceledException as error:
        reasons = error.cancellation_reasons  # per operation, in order (an addition to 1.8's API)
    assert reasons[0]["code"] == "ConditionalCheckFailed" and reasons[1] is None
    ada, bob = await Wallet.get(pk="ada"), await Wallet.get(pk="bob")
    assert (ada.coins, bob.coins) == (20, 30)

    # Models in a transaction: their hooks, generated values and version checks apply.
    with SyncTransaction(client) as tx:
        tx.save_model(Wallet(pk="cy", coins=5))
        tx.delete_model(bob)
        tx.condition_check("wallets", {"pk": "ada"}, "coins > :zero", expression_attribute_values={":zero": 0})
    assert await Wallet.get(pk="bob") is None

    # Read several items as of one moment: None where an item is missing.
    items = await client.transact_get([
        {"table": "wallets", "key": {"pk": "ada"}},
        {"table": "wallets", "key": {"pk": "bob"}},
        {"table": "wallets", "key": {"pk": "cy"}},
    ])  # fmt: skip
    assert [item and item["coins"] for item in items] == [20, None, 5]

    # The same token within ten minutes: DynamoDB applies the transaction once.
    for _ in range(2):
        async with Transaction(client, client_request_token="gift-cy-2024-06-01") as tx:
            tx.update("wallets", {"pk": "cy"}, "SET coins = coins + :n", expression_attribute_values={":n": 10})
    assert (await Wallet.get(pk="cy")).coins == 15


if __name__ == "__main__":
    asyncio.run(main())
