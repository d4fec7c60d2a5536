"""Batch writes and reads: BatchWriter, Model.batch_get and the client's batch calls."""

import pytest

from pydynox import BatchWriter, Model, ModelConfig, SyncBatchWriter
from pydynox.attributes import NumberAttribute, StringAttribute


class Product(Model):
    model_config = ModelConfig(table="products")

    pk = StringAttribute(partition_key=True)
    price = NumberAttribute()


@pytest.mark.asyncio
async def test_batch_writer(pydynox_memory_backend):
    async with BatchWriter(pydynox_memory_backend.client, "products") as batch:
        for n in range(60):  # sent in requests of 25
            batch.put(Product(pk=f"P{n}", price=n).to_dict())
        batch.delete({"pk": "P0"})

    assert len(pydynox_memory_backend.tables["products"]) == 59

    found = await Product.batch_get([{"pk": "P1"}, {"pk": "P2"}, {"pk": "P0"}])
    assert sorted(p.price for p in found) == [1, 2]  # missing keys are left out


def test_sync_batch_writer(pydynox_memory_backend):
    with SyncBatchWriter(pydynox_memory_backend.client, "products") as batch:
        batch.put({"pk": "P1", "price": 10})
        batch.put({"pk": "P2", "price": 20})

    assert [p.price for p in Product.sync_batch_get([{"pk": "P2"}])] == [20]


def test_client_batch_calls_on_a_table_no_model_defines(pydynox_memory_backend):
    # The backend's own client creates such a table on first use, keyed by "pk".
    client = pydynox_memory_backend.client
    client.sync_batch_write("contacts", put_items=[{"pk": "USER#1", "name": "Alice"}, {"pk": "USER#2", "name": "Bob"}])

    items = client.sync_batch_get("contacts", [{"pk": "USER#1"}, {"pk": "USER#2"}])
    assert len(items) == 2
