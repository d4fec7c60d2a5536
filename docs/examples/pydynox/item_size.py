"""Item size: count an item's bytes by DynamoDB's rules, and refuse items that are too big before sending them."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ListAttribute, NumberAttribute, StringAttribute
from pydynox.exceptions import ItemTooLargeException
from pydynox.size import DYNAMODB_MAX_ITEM_SIZE, calculate_item_size

set_default_client(DynamoDBClient())


class Article(Model):
    model_config = ModelConfig(table="articles", max_size=2_000)  # bytes; DynamoDB's own limit is 400 KB

    pk = StringAttribute(partition_key=True)
    body = StringAttribute()
    views = NumberAttribute()
    tags = ListAttribute()


def main() -> None:
    Article.sync_create_table()

    article = Article(pk="A1", body="héllo", views=12345, tags=["x", "yz"])
    size = article.calculate_size(detailed=True)
    # Each attribute counts its name's bytes plus its value's: "héllo" is 6 bytes in UTF-8,
    # 12345 has 5 significant digits (1 + 3 bytes), a list is 3 bytes plus its elements.
    assert size.fields == {"pk": 2 + 2, "body": 4 + 6, "views": 5 + 4, "tags": 4 + 3 + 1 + 2}
    assert size.bytes == sum(size.fields.values()) == 33 and not size.is_over_limit
    assert size.percent < 0.01  # of DynamoDB's 400 KB

    # The same rules for plain dicts, and the limit as a constant.
    assert calculate_item_size({"pk": "A1", "body": "héllo"}).bytes == 14
    assert DYNAMODB_MAX_ITEM_SIZE == 400 * 1024

    article.sync_save()
    try:
        Article(pk="A2", body="x" * 5_000).sync_save()  # over max_size: refused before any request
    except ItemTooLargeException as error:
        refused = error
    assert refused.size > refused.max_size == 2_000
    assert Article.sync_get(pk="A2") is None


if __name__ == "__main__":
    main()
