"""Query one partition, scan the table, page through results."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Order(Model):
    model_config = ModelConfig(table="orders")

    customer = StringAttribute(partition_key=True)
    order_id = StringAttribute(sort_key=True)
    status = StringAttribute()
    total = NumberAttribute()


async def main() -> None:
    await Order.create_table()
    for n in range(12):
        await Order(customer="C1", order_id=f"O#{n:03d}", status="paid" if n % 3 else "open", total=n * 10).save()

    # Sort key conditions and filters are built from attributes.
    recent = [
        o.order_id
        async for o in Order.query(
            partition_key="C1",
            sort_key_condition=Order.order_id >= "O#009",
            filter_condition=Order.status == "paid",
            scan_index_forward=False,
        )
    ]
    assert recent == ["O#011", "O#010"]

    # limit = items you want; page_size = items per request.
    assert len([o async for o in Order.query("C1", limit=5, page_size=2)]) == 5

    # Page by page: keep last_evaluated_key and pass it back.
    page = Order.query("C1", limit=5, page_size=5)
    first_page = [o.order_id async for o in page]
    next_page = Order.query("C1", limit=5, page_size=5, last_evaluated_key=page.last_evaluated_key)
    assert [o.order_id async for o in next_page][0] == "O#005" and first_page[-1] == "O#004"

    newest = await Order.query("C1", scan_index_forward=False).first()
    assert newest.order_id == "O#011"

    # Only some attributes, or plain dicts.
    slim = await Order.query("C1", fields=["order_id", "total"], as_dict=True).first()
    assert slim == {"order_id": "O#000", "total": 0}

    big = [o async for o in Order.scan(filter_condition=Order.total >= 100)]
    assert len(big) == 2
    count, metrics = await Order.count(filter_condition=Order.status == "open")
    assert count == 4 and metrics.duration_ms >= 0
    everything, _ = await Order.parallel_scan(total_segments=4)
    assert len(everything) == 12


if __name__ == "__main__":
    asyncio.run(main())
