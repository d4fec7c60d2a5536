"""Query and scan against the memory backend: key conditions, filters, order, limits, count."""

import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    status = StringAttribute()
    total = NumberAttribute()


@pytest.fixture
def orders(pydynox_memory_backend):
    for pk, sk, status, total in [
        ("USER#1", "ORDER#003", "pending", 300),
        ("USER#1", "ORDER#001", "pending", 100),
        ("USER#1", "ORDER#002", "shipped", 200),
        ("USER#2", "ORDER#001", "pending", 50),
    ]:
        Order(pk=pk, sk=sk, status=status, total=total).sync_save()


def test_query_by_partition_key(orders):
    results = list(Order.sync_query(partition_key="USER#1"))
    # Sorted by sort key, as DynamoDB returns them.
    assert [order.sk for order in results] == ["ORDER#001", "ORDER#002", "ORDER#003"]


def test_query_with_sort_key_condition_and_filter(orders):
    results = list(
        Order.sync_query(
            partition_key="USER#1",
            sort_key_condition=Order.sk.between("ORDER#001", "ORDER#002"),
            filter_condition=Order.status == "pending",
        )
    )
    assert [order.total for order in results] == [100]


@pytest.mark.asyncio
async def test_query_newest_first_with_limit(orders):
    newest = [o async for o in Order.query(partition_key="USER#1", scan_index_forward=False, limit=2)]
    assert [order.sk for order in newest] == ["ORDER#003", "ORDER#002"]


def test_scan_with_filter(orders):
    results = list(Order.sync_scan(filter_condition=Order.total > 150))
    assert sorted(order.total for order in results) == [200, 300]


@pytest.mark.asyncio
async def test_count_and_first(orders):
    count, _metrics = await Order.count(filter_condition=Order.status == "pending")
    assert count == 3

    first = await Order.query(partition_key="USER#2").first()
    assert first.total == 50
