"""Pagination: limit, page_size and last_evaluated_key work as against DynamoDB."""

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class Event(Model):
    model_config = ModelConfig(table="events")

    pk = StringAttribute(partition_key=True)
    sk = NumberAttribute(sort_key=True)


def test_pages(pydynox_memory_backend):
    for n in range(10):
        Event(pk="STREAM#1", sk=n).sync_save()

    first_page = Event.sync_query(partition_key="STREAM#1", limit=4, page_size=4)
    assert [e.sk for e in first_page] == [0, 1, 2, 3]
    assert first_page.last_evaluated_key == {"pk": "STREAM#1", "sk": 3}

    rest = Event.sync_query(partition_key="STREAM#1", last_evaluated_key=first_page.last_evaluated_key)
    assert [e.sk for e in rest] == [4, 5, 6, 7, 8, 9]


def test_iteration_follows_every_page(pydynox_memory_backend):
    for n in range(10):
        Event(pk="STREAM#1", sk=n).sync_save()

    # page_size=3: four requests behind one loop.
    assert len(list(Event.sync_scan(page_size=3))) == 10
