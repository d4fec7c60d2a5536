"""Transactions: all or nothing, with conditions, through the backend's client."""

import pytest

from pydynox import Model, ModelConfig, SyncTransaction, Transaction
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import TransactionCanceledException


class Wallet(Model):
    model_config = ModelConfig(table="wallets")

    pk = StringAttribute(partition_key=True)
    coins = NumberAttribute()


def move(client, source, target, coins):
    """Move coins between wallets, refusing to go below zero."""
    with SyncTransaction(client) as tx:
        tx.update(
            "wallets",
            {"pk": source},
            "SET coins = coins - :n",
            condition_expression="coins >= :n",
            expression_attribute_values={":n": coins},
        )
        tx.update("wallets", {"pk": target}, "SET coins = coins + :n", expression_attribute_values={":n": coins})


def test_transfer(pydynox_memory_backend):
    Wallet(pk="A", coins=10).sync_save()
    Wallet(pk="B", coins=0).sync_save()

    move(pydynox_memory_backend.client, "A", "B", 7)

    assert Wallet.sync_get(pk="A").coins == 3
    assert Wallet.sync_get(pk="B").coins == 7


def test_a_failed_condition_cancels_everything(pydynox_memory_backend):
    Wallet(pk="A", coins=5).sync_save()
    Wallet(pk="B", coins=0).sync_save()

    with pytest.raises(TransactionCanceledException) as caught:
        move(pydynox_memory_backend.client, "A", "B", 7)

    assert caught.value.cancellation_reasons[0]["code"] == "ConditionalCheckFailed"
    assert Wallet.sync_get(pk="B").coins == 0  # the second update did not happen either


@pytest.mark.asyncio
async def test_save_models_together(pydynox_memory_backend):
    async with Transaction(pydynox_memory_backend.client) as tx:
        tx.save_model(Wallet(pk="C", coins=1))
        tx.save_model(Wallet(pk="D", coins=2))

    wallets = await Wallet.batch_get([{"pk": "C"}, {"pk": "D"}])
    assert sorted(w.coins for w in wallets) == [1, 2]
