"""Batch writes and batch reads: many items per request, unprocessed entries sent again."""

import asyncio

from pydynox import BatchWriter, DynamoDBClient, Model, ModelConfig, SyncBatchWriter, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

client = DynamoDBClient()
set_default_client(client)


class Product(Model):
    model_config = ModelConfig(table="products")

    sku = StringAttribute(partition_key=True)
    name = StringAttribute()
    stock = NumberAttribute()


async def main() -> None:
    await Product.create_table()

    # Buffered, sent when the block ends in requests of 25; dropped if the block raises.
    async with BatchWriter(client, "products") as batch:
        for n in range(60):
            batch.put(Product(sku=f"SKU-{n:03d}", name=f"Item {n}", stock=n).to_dict())  # plain dicts
        batch.delete({"sku": "SKU-000"})
        await batch.flush()  # or send what is buffered so far, and go on

    # Reads up to 100 keys per request; missing keys are left out, in no set order.
    keys = [{"sku": f"SKU-{n:03d}"} for n in range(0, 10)]
    found = await Product.batch_get(keys)
    assert sorted(p.sku for p in found) == [f"SKU-{n:03d}" for n in range(1, 10)]

    # Only some attributes, or plain dicts.
    names = await Product.batch_get(keys[1:3], projection=["sku", "name"], as_dict=True)
    assert sorted(names, key=lambda item: item["sku"]) == [
        {"sku": "SKU-001", "name": "Item 1"},
        {"sku": "SKU-002", "name": "Item 2"},
    ]

    # The client's own batch methods, and the blocking writer.
    await client.batch_write("products", put_items=[{"sku": "SKU-900", "stock": 1}], delete_keys=[{"sku": "SKU-001"}])
    with SyncBatchWriter(client, "products") as batch:
        batch.put({"sku": "SKU-901", "stock": 2})
    items = client.sync_batch_get("products", [{"sku": "SKU-900"}, {"sku": "SKU-901"}, {"sku": "SKU-001"}])
    assert sorted(item["sku"] for item in items) == ["SKU-900", "SKU-901"]


if __name__ == "__main__":
    asyncio.run(main())
