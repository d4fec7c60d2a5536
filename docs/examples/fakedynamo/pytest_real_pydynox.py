"""The real pydynox (Rust core) against fakedynamo: the `fakedynamo_pydynox` fixture.

The same file runs with pydynox-py, whose DynamoDBClient takes the same arguments.
"""

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException


class Order(Model):
    model_config = ModelConfig(table="orders")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    total = NumberAttribute(default=0)


def test_orders(fakedynamo_pydynox, fakedynamo_server):
    Order.sync_create_table(wait=True)
    Order(pk="CUSTOMER#1", sk="ORDER#1", total=30).sync_save()
    Order(pk="CUSTOMER#1", sk="ORDER#2", total=12).sync_save()

    orders = list(Order.sync_query(partition_key="CUSTOMER#1"))
    assert [order.sk for order in orders] == ["ORDER#1", "ORDER#2"]

    try:
        Order(pk="CUSTOMER#1", sk="ORDER#1").sync_save(condition=Order.pk.not_exists())
    except ConditionalCheckFailedException:
        pass
    else:
        raise AssertionError("the conditional save should have failed")

    # What the served fake holds, in DynamoDB's wire form.
    assert fakedynamo_server.db.item_count("orders") == 2
