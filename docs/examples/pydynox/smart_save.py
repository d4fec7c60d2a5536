"""Change tracking: a loaded item that changed is saved with an UpdateItem of just those fields."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Product(Model):
    model_config = ModelConfig(table="products")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    price = NumberAttribute()
    stock = NumberAttribute()


def main() -> None:
    Product.sync_create_table()
    Product(pk="P1", name="Lamp", price=30, stock=5).sync_save()  # new object: PutItem

    lamp = Product.sync_get(pk="P1")
    assert not lamp.is_dirty

    lamp.price = 25
    assert lamp.is_dirty and lamp.changed_fields == ["price"]
    lamp.sync_save()  # UpdateItem: SET price only
    assert Product.get_last_metrics() is not None
    assert Product.get_total_metrics().update_count == 1
    assert not lamp.is_dirty  # tracking starts again from the saved values

    lamp.stock = 4
    lamp.sync_save(full_replace=True)  # force a PutItem of the whole item
    assert Product.get_total_metrics().put_count == 2


if __name__ == "__main__":
    main()
