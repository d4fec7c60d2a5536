"""Every I/O method has a blocking twin named sync_<name>: same parameters, no await."""

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import StringAttribute

client = DynamoDBClient(region="us-east-1")


class Note(Model):
    model_config = ModelConfig(table="notes", client=client)  # a client of its own

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    text = StringAttribute()


def main() -> None:
    if not Note.sync_table_exists():
        Note.sync_create_table(wait=True)

    Note(pk="ada", sk="2024-01-01", text="first").sync_save()
    Note(pk="ada", sk="2024-01-02", text="second").sync_save()

    note = Note.sync_get(pk="ada", sk="2024-01-01")
    assert note is not None and note.text == "first"

    texts = [n.text for n in Note.sync_query(partition_key="ada")]
    assert texts == ["first", "second"]

    Note.sync_delete_by_key(pk="ada", sk="2024-01-02")
    assert [n.sk for n in Note.sync_query("ada")] == ["2024-01-01"]


if __name__ == "__main__":
    main()
