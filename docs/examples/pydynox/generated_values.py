"""Generated values: IDs and timestamps filled in on save when the attribute is still empty."""

import asyncio

from pydynox import AutoGenerate, DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Event(Model):
    model_config = ModelConfig(table="events")

    stream = StringAttribute(partition_key=True)
    event_id = StringAttribute(sort_key=True, default=AutoGenerate.ULID)  # sorts by creation time
    request_id = StringAttribute(default=AutoGenerate.UUID4)
    trace_id = StringAttribute(default=AutoGenerate.KSUID)
    created = StringAttribute(default=AutoGenerate.ISO8601)
    created_s = NumberAttribute(default=AutoGenerate.EPOCH)
    created_ms = NumberAttribute(default=AutoGenerate.EPOCH_MS)


async def main() -> None:
    await Event.create_table()

    event = Event(stream="orders")
    assert event.event_id is None  # nothing is generated before the save
    await event.save()
    assert len(event.event_id) == 26 and len(event.request_id) == 36 and len(event.trace_id) == 27
    assert event.created.endswith("Z") and event.created_ms // 1000 in (event.created_s, event.created_s + 1)

    # A value you give is kept.
    await Event(stream="orders", event_id="01-FIXED").save()
    assert await Event.get(stream="orders", event_id="01-FIXED") is not None

    # Saved concurrently, every item still gets its own ID.
    await asyncio.gather(*(Event(stream="clicks").save() for _ in range(20)))
    ids = [e.event_id async for e in Event.query(partition_key="clicks")]
    assert len(set(ids)) == 20


if __name__ == "__main__":
    asyncio.run(main())
