"""Async calls run on a thread pool, so gathering them runs them at the same time."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

set_default_client(DynamoDBClient())


class Reading(Model):
    model_config = ModelConfig(table="readings")

    sensor = StringAttribute(partition_key=True)
    value = NumberAttribute()


async def main() -> None:
    await Reading.create_table()
    await asyncio.gather(*(Reading(sensor=f"S{n}", value=n).save() for n in range(50)))
    readings = await asyncio.gather(*(Reading.get(sensor=f"S{n}") for n in range(50)))
    assert sum(r.value for r in readings) == sum(range(50))


if __name__ == "__main__":
    asyncio.run(main())
