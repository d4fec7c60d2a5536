"""Single-table design: key templates, a discriminator per item, and one Collection query per partition."""

from pydynox import Collection, DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.indexes import GlobalSecondaryIndex

set_default_client(DynamoDBClient())


class Entity(Model):
    model_config = ModelConfig(table="app")

    pk = StringAttribute(partition_key=True, template="CUSTOMER#{customer_id}")
    sk = StringAttribute(sort_key=True)
    customer_id = StringAttribute()
    kind = StringAttribute(discriminator=True)  # holds the class name of each item

    by_sk = GlobalSecondaryIndex("sk-index", partition_key="sk")  # the inverted index: look up by sort key


class Customer(Entity):
    sk = StringAttribute(sort_key=True, default="PROFILE")
    name = StringAttribute()


class Order(Entity):
    sk = StringAttribute(sort_key=True, template="ORDER#{order_id}")
    order_id = StringAttribute()
    total = NumberAttribute()


def main() -> None:
    Entity.sync_create_table(wait=True)
    Customer(customer_id="42", name="Ada").sync_save()
    Order(customer_id="42", order_id="7", total=30).sync_save()
    Order(customer_id="42", order_id="8", total=12).sync_save()
    Customer(customer_id="43", name="Bob").sync_save()

    # Keys are built from their templates; the base model loads the class each item names.
    order = Entity.sync_get(pk="CUSTOMER#42", sk="ORDER#7")
    assert isinstance(order, Order) and order.total == 30 and order.kind == "Order"

    # Query by the template's placeholders instead of the built key.
    everything = list(Entity.sync_query(customer_id="42"))
    assert sorted(type(item).__name__ for item in everything) == ["Customer", "Order", "Order"]

    # A Collection sorts one partition's items into their models.
    result = Collection([Customer, Order]).sync_query(customer_id="42")
    assert [c.name for c in result.customers] == ["Ada"]
    assert sorted(o.order_id for o in result.get(Order)) == ["7", "8"]
    orders_only = Collection([Customer, Order]).sync_query(customer_id="42", sk_begins_with="ORDER#")
    assert orders_only.customers == [] and len(orders_only.orders) == 2

    # Through the inverted index: which customer placed order 8?
    owner = next(iter(Entity.by_sk.sync_query(sk="ORDER#8")))
    assert owner.customer_id == "42"
    # Order's sort key has a template, so its index queries take the placeholder too.
    assert [o.customer_id for o in Order.by_sk.sync_query(order_id="8")] == ["42"]


if __name__ == "__main__":
    main()
