"""Tests written for upstream pydynox's memory backend. They run unchanged on pydynox-py's.

Same imports, same fixture and context manager; what changes is what answers:
fakedynamo, so keys, conditions, updates and errors follow DynamoDB's rules.
"""

import pytest
from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException
from pydynox.testing import MemoryBackend


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    total = NumberAttribute(default=0)


def test_with_the_fixture(pydynox_memory_backend):
    Order(pk="CUSTOMER#1", sk="ORDER#1", total=30).sync_save()
    Order(pk="CUSTOMER#1", sk="ORDER#2", total=12).sync_save()
    assert [order.sk for order in Order.sync_query(partition_key="CUSTOMER#1")] == ["ORDER#1", "ORDER#2"]
    assert "orders" in pydynox_memory_backend.tables


def test_with_the_context_manager():
    with MemoryBackend(seed={"orders": [{"pk": "CUSTOMER#2", "sk": "ORDER#1", "total": 5}]}):
        assert Order.sync_get(pk="CUSTOMER#2", sk="ORDER#1").total == 5
        # A condition is evaluated as DynamoDB evaluates it.
        with pytest.raises(ConditionalCheckFailedException):
            Order(pk="CUSTOMER#2", sk="ORDER#1").sync_save(condition=Order.pk.not_exists())
