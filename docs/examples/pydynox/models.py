"""A model's keys, its item operations, reads by key, strict attribute names and its table."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Book(Model):
    model_config = ModelConfig(table="books", consistent_read=True)  # reads default to strongly consistent

    author = StringAttribute(partition_key=True)
    title = StringAttribute(sort_key=True)
    pages = NumberAttribute()
    shelf = StringAttribute(default="new arrivals")


class Reader(Model):
    model_config = ModelConfig(table="readers", strict_attributes=True)

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()


def main() -> None:
    # The table's key schema (and any indexes) comes from the model.
    if not Book.sync_table_exists():
        Book.sync_create_table(wait=True)
    Reader.sync_create_table()

    book = Book(author="Le Guin", title="The Dispossessed", pages=387)
    assert book.shelf == "new arrivals"  # defaults fill what was not given
    book.sync_save()

    # A read names every key attribute; a missing item is None.
    found = Book.sync_get(author="Le Guin", title="The Dispossessed")
    assert found == book  # same class and same key: equal
    assert Book.sync_get(author="Le Guin", title="Lavinia") is None
    eventually = Book.sync_get(author="Le Guin", title="The Dispossessed", consistent_read=False)
    assert eventually.pages == 387

    found.sync_update(shelf="classics")  # here and in DynamoDB
    assert Book.sync_get(author="Le Guin", title="The Dispossessed").shelf == "classics"

    # Without loading the item first (no hooks run): set attributes, or delete.
    Book.sync_update_by_key(author="Le Guin", title="The Dispossessed", pages=400)
    assert Book.sync_get(author="Le Guin", title="The Dispossessed").pages == 400
    Book.sync_delete_by_key(author="Le Guin", title="The Dispossessed")
    assert Book.sync_get(author="Le Guin", title="The Dispossessed") is None

    # strict_attributes=True: a misspelt name is an error, not silently dropped.
    try:
        Reader(pk="R1", nmae="Ada")
    except AttributeError as error:
        refused = str(error)
    assert "nmae" in refused

    Reader.sync_delete_table()
    assert not Reader.sync_table_exists()


if __name__ == "__main__":
    main()
