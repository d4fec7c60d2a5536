"""Coroutines never run botocore on the event loop's thread, and gathered calls really run concurrently."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from tests.pydynox.conftest import make_table


class Counter(Model):
    model_config = ModelConfig(table="counters")
    pk = StringAttribute(partition_key=True)
    value = NumberAttribute()


@pytest.fixture
def counters(client: DynamoDBClient) -> DynamoDBClient:
    make_table(client, "counters")
    return client


@pytest.fixture
def calls(counters: DynamoDBClient) -> Iterator[list[tuple[str, threading.Thread]]]:
    """(operation, thread) of every botocore call the shared client makes during the test."""
    seen: list[tuple[str, threading.Thread]] = []

    def record(model: Any, **_: Any) -> None:
        seen.append((model.name, threading.current_thread()))

    events = (counters._boto or counters._connect()).meta.events
    events.register("before-call.dynamodb", record, unique_id="test-record-thread")
    yield seen
    events.unregister("before-call.dynamodb", unique_id="test-record-thread")


@pytest.mark.engine_ops("Query", "Scan")
@pytest.mark.asyncio
async def test_calls_run_off_the_loop_thread(
    counters: DynamoDBClient, calls: list[tuple[str, threading.Thread]]
) -> None:
    loop_thread = threading.current_thread()
    item = Counter(pk="a", value=1)
    await item.save()
    await Counter.get(pk="a")
    await item.update(atomic=[Counter.value.add(1)])
    assert [c async for c in Counter.query("a")][0].value == 2
    await Counter.count()
    await counters.put_item("counters", {"pk": "b"})
    await item.delete()
    assert [name for name, _ in calls] == ["PutItem", "GetItem", "UpdateItem", "Query", "Scan", "PutItem", "DeleteItem"]
    assert all(thread is not loop_thread for _, thread in calls)


@pytest.mark.asyncio
async def test_gathered_saves_run_concurrently(counters: DynamoDBClient, db: Any) -> None:
    parties = 8
    barrier = threading.Barrier(parties, timeout=5)

    def hold(**_: Any) -> None:
        barrier.wait()  # only returns once `parties` calls are in flight at the same time

    events = (counters._boto or counters._connect()).meta.events
    events.register("before-call.dynamodb.PutItem", hold, unique_id="test-barrier")
    try:
        await asyncio.gather(*(Counter(pk=f"c{n}", value=n).save() for n in range(parties)))
    finally:
        events.unregister("before-call.dynamodb.PutItem", unique_id="test-barrier")
    assert len(db.items("counters")) == parties


@pytest.mark.asyncio
async def test_the_loop_keeps_running_during_a_slow_call(counters: DynamoDBClient) -> None:
    def slow(**_: Any) -> None:
        time.sleep(0.2)

    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    events = (counters._boto or counters._connect()).meta.events
    events.register("before-call.dynamodb.GetItem", slow, unique_id="test-slow")
    beat = asyncio.create_task(heartbeat())
    try:
        assert await Counter.get(pk="missing") is None
    finally:
        beat.cancel()
        events.unregister("before-call.dynamodb.GetItem", unique_id="test-slow")
    assert ticks >= 5


@pytest.mark.asyncio
async def test_many_gathered_operations_are_all_correct(counters: DynamoDBClient) -> None:
    await asyncio.gather(*(Counter(pk=f"k{n}", value=n).save() for n in range(200)))
    loaded = await asyncio.gather(*(Counter.get(pk=f"k{n}") for n in range(200)))
    assert [item.value for item in loaded] == list(range(200))
    counter = Counter(pk="hits", value=0)
    await counter.save()
    await asyncio.gather(*(counter.update(atomic=[Counter.value.add(1)]) for _ in range(50)))
    assert (await Counter.get(pk="hits")).value == 50
    assert Counter.get_total_metrics().operation_count == 200 + 200 + 1 + 50 + 1  # the metrics store is thread-safe
