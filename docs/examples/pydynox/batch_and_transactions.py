"""Batch writes and reads, and all-or-nothing transactions."""

import asyncio

from pydynox import BatchWriter, DynamoDBClient, Model, ModelConfig, Transaction, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import TransactionCanceledException

client = DynamoDBClient()
set_default_client(client)


class Wallet(Model):
    model_config = ModelConfig(table="wallets")

    pk = StringAttribute(partition_key=True)
    coins = NumberAttribute()


async def main() -> None:
    await Wallet.create_table()

    # Buffered, sent on exit in requests of 25; dropped if the block raises.
    async with BatchWriter(client, "wallets") as batch:
        for n in range(30):
            batch.put(Wallet(pk=f"W{n}", coins=10).to_dict())
        batch.delete({"pk": "W0"})

    wallets = await Wallet.batch_get([{"pk": "W1"}, {"pk": "W2"}, {"pk": "W0"}])
    assert sorted(w.pk for w in wallets) == ["W1", "W2"]  # missing keys are left out

    # Move coins atomically: both updates happen, or neither does.
    async with Transaction(client) as tx:
        tx.update(
            "wallets",
            {"pk": "W1"},
            "SET coins = coins - :n",
            condition_expression="coins >= :n",
            expression_attribute_values={":n": 10},
        )
        tx.update("wallets", {"pk": "W2"}, "SET coins = coins + :n", expression_attribute_values={":n": 10})

    try:
        async with Transaction(client) as tx:
            tx.update(
                "wallets",
                {"pk": "W1"},
                "SET coins = coins - :n",
                condition_expression="coins >= :n",
                expression_attribute_values={":n": 10},
            )
            tx.save_model(Wallet(pk="W99", coins=1))
    except TransactionCanceledException as error:
        assert error.cancellation_reasons[0]["code"] == "ConditionalCheckFailed"

    assert (await Wallet.get(pk="W2")).coins == 20
    assert await Wallet.get(pk="W99") is None


if __name__ == "__main__":
    asyncio.run(main())
