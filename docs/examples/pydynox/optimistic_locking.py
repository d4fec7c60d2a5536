"""VersionAttribute: concurrent writers cannot overwrite each other's changes unnoticed."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import StringAttribute, VersionAttribute
from pydynox.exceptions import ConditionalCheckFailedException

set_default_client(DynamoDBClient())


class Document(Model):
    model_config = ModelConfig(table="documents")

    pk = StringAttribute(partition_key=True)
    body = StringAttribute()
    version = VersionAttribute()


def main() -> None:
    Document.sync_create_table()
    Document(pk="DOC#1", body="draft").sync_save()  # version 1

    alice = Document.sync_get(pk="DOC#1")
    bob = Document.sync_get(pk="DOC#1")

    alice.body = "Alice's edit"
    alice.sync_save()  # version 1 -> 2
    assert alice.version == 2

    bob.body = "Bob's edit"
    try:
        bob.sync_save()  # still thinks the version is 1
    except ConditionalCheckFailedException:
        fresh = Document.sync_get(pk="DOC#1")  # reload, then apply the change again
        fresh.body = fresh.body + " + Bob's edit"
        fresh.sync_save()

    assert Document.sync_get(pk="DOC#1").body == "Alice's edit + Bob's edit"


if __name__ == "__main__":
    main()
