"""The same test for the real pydynox (Rust core): the `fakedynamo_pydynox` fixture.

The real pydynox talks HTTP itself, so its tests use fakedynamo as a server:
one runs for the session, emptied before every test, and the fixture sets a
client pointed at it as pydynox's default. The suite runs this file with
pydynox-py, whose DynamoDBClient takes the same arguments.
"""

import pytest
from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    total = NumberAttribute(default=0)


def test_with_the_fixture(fakedynamo_pydynox, fakedynamo_server):
    Order.sync_create_table(wait=True)  # a server's tables are created as on DynamoDB
    Order(pk="CUSTOMER#1", sk="ORDER#1", total=30).sync_save()
    Order(pk="CUSTOMER#1", sk="ORDER#2", total=12).sync_save()
    assert [order.sk for order in Order.sync_query(partition_key="CUSTOMER#1")] == ["ORDER#1", "ORDER#2"]
    assert fakedynamo_server.db.table_names() == ["orders"]


def test_conditions(fakedynamo_pydynox):
    Order.sync_create_table(wait=True)
    Order(pk="CUSTOMER#2", sk="ORDER#1", total=5).sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        Order(pk="CUSTOMER#2", sk="ORDER#1").sync_save(condition=Order.pk.not_exists())
