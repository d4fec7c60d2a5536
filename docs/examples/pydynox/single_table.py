"""Single-table design: template keys, model inheritance by discriminator, and a Collection query."""

from decimal import Decimal

from pydynox import Collection, DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import DecimalAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Entity(Model):
    model_config = ModelConfig(table="app")

    pk = StringAttribute(partition_key=True, template="CUSTOMER#{customer_id}")
    sk = StringAttribute(sort_key=True)
    customer_id = StringAttribute()
    kind = StringAttribute(discriminator=True)  # holds the class name of each item


class Customer(Entity):
    name = StringAttribute()


class Order(Entity):
    total = DecimalAttribute()


def main() -> None:
    Entity.sync_create_table()
    Customer(customer_id="42", sk="PROFILE", name="Ada").sync_save()
    Order(customer_id="42", sk="ORDER#1", total=Decimal("19.99")).sync_save()

    order = Entity.sync_get(pk="CUSTOMER#42", sk="ORDER#1")  # loads as the class the item names
    assert isinstance(order, Order) and order.total == Decimal("19.99")

    orders = list(Order.sync_query(customer_id="42"))  # the partition key is built from the template
    assert len(orders) == 2

    result = Collection([Customer, Order]).sync_query(customer_id="42")
    assert [c.name for c in result.customers] == ["Ada"]
    assert [o.total for o in result.orders] == [Decimal("19.99")]
    assert order.calculate_size().bytes < 400 * 1024


if __name__ == "__main__":
    main()
