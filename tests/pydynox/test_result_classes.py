"""The query and scan result classes built directly, with 1.8's constructor arguments.

User code gets them from ``query()``/``scan()``; these check that the classes
themselves take 1.8's arguments and page through any client that has the
page methods (a `DynamoDBClient`, the memory client of `pydynox.testing`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.hooks import after_load
from pydynox.model import AsyncModelQueryResult, AsyncModelScanResult, ModelQueryResult, ModelScanResult
from pydynox.query import AsyncQueryResult, AsyncScanResult, QueryResult, ScanResult
from pydynox.testing import MemoryBackend
from tests.pydynox.conftest import make_table


class Event(Model):
    model_config = ModelConfig(table="rc-events")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    size = NumberAttribute(alias="sz")

    @after_load
    def mark(self) -> None:
        self.__dict__["_loaded_by_hook"] = True


@pytest.fixture
def events(client: DynamoDBClient) -> DynamoDBClient:
    make_table(client, "rc-events", sort_key=True)
    for n in range(7):
        client.sync_put_item("rc-events", {"pk": "a", "sk": f"{n:02d}", "sz": n})
    client.sync_put_item("rc-events", {"pk": "b", "sk": "00", "sz": 100})
    return client


def test_client_results_take_18s_arguments(events: DynamoDBClient) -> None:
    rcu: list[float] = []
    result = QueryResult(
        events,
        "rc-events",
        "pk = :p",
        filter_expression="sz >= :min",
        expression_attribute_values={":p": "a", ":min": 2},
        page_size=2,
        scan_index_forward=False,
        acquire_rcu=rcu.append,
    )
    assert result.last_evaluated_key is None  # nothing fetched yet
    assert [item["sk"] for item in result] == ["06", "05", "04", "03", "02"]
    assert rcu and set(rcu) == {2.0}  # one estimate per page: the page size
    resumed = QueryResult(events, "rc-events", "pk = :p", expression_attribute_values={":p": "a"}, limit=3)
    assert [item["sk"] for item in resumed] == ["00", "01", "02"] and resumed.last_evaluated_key == {"pk": "a", "sk": "02"}
    rest = QueryResult(
        events, "rc-events", "pk = :p", expression_attribute_values={":p": "a"}, last_evaluated_key=resumed.last_evaluated_key
    )
    assert [item["sk"] for item in rest] == ["03", "04", "05", "06"] and rest.last_evaluated_key is None

    scan = ScanResult(events, "rc-events", projection_expression="sk", limit=4, page_size=3, consistent_read=True)
    projected = list(scan)
    assert len(projected) == 4 and all(set(item) == {"sk"} for item in projected)
    assert list(scan) == []  # single pass
    segments = [list(ScanResult(events, "rc-events", segment=segment, total_segments=2)) for segment in range(2)]
    assert sum(len(s) for s in segments) == 8

    async def asynchronous() -> None:
        query = AsyncQueryResult(events, "rc-events", "pk = :p", expression_attribute_values={":p": "b"})
        assert await query.to_list() == [{"pk": "b", "sk": "00", "sz": 100}]
        scanned = AsyncScanResult(events, "rc-events", filter_expression="sz > :n", expression_attribute_values={":n": 4})
        assert sorted(item["sz"] for item in await scanned.to_list()) == [5, 6, 100]

    asyncio.run(asynchronous())


def test_scan_limit_counts_items_across_pages(events: DynamoDBClient) -> None:
    scan = ScanResult(events, "rc-events", limit=5, page_size=2)
    assert len(list(scan)) == 5 and scan.last_evaluated_key is not None


def test_model_results_take_18s_arguments_and_build_their_request_when_read(events: DynamoDBClient) -> None:
    result = ModelQueryResult(Event, "a", Event.sk.begins_with("0"), Event.size > 3, limit=2, page_size=1)
    assert (result._partition_key_value, result._limit, result._scan_index_forward) == ("a", 2, True)
    loaded = list(result)
    assert [e.sk for e in loaded] == ["04", "05"] and all(e.__dict__.get("_loaded_by_hook") for e in loaded)
    assert result.last_evaluated_key == {"pk": "a", "sk": "05"}
    raw = ModelQueryResult(Event, "a", scan_index_forward=False, as_dict=True, fields=["sk"]).first()
    assert raw == {"sk": "06"}
    scan = ModelScanResult(Event, Event.size >= 100, consistent_read=True)
    assert [e.pk for e in scan] == ["b"]

    async def asynchronous() -> None:
        query = AsyncModelQueryResult(Event, "b")
        assert (await query.first()).size == 100  # type: ignore[union-attr]
        scanned = [e.sk async for e in AsyncModelScanResult(Event, segment=0, total_segments=1, limit=3)]
        assert len(scanned) == 3

    asyncio.run(asynchronous())


def test_model_results_look_up_their_client_only_when_read() -> None:
    class Unconfigured(Model):
        model_config = ModelConfig(table="rc-unconfigured")
        pk = StringAttribute(partition_key=True)

    result = Unconfigured.sync_query("x")  # as in 1.8: no client is needed to make the result
    with pytest.raises(ValueError, match="No client configured"):
        next(result)


def test_client_results_read_pages_through_the_memory_client() -> None:
    with MemoryBackend(seed={"rc-memory": [{"pk": "p", "sk": str(n)} for n in range(5)]}) as backend:
        memory = backend.client
        result = QueryResult(memory, "rc-memory", "pk = :p", expression_attribute_values={":p": "p"}, page_size=2)
        assert [item["sk"] for item in result] == ["0", "1", "2", "3", "4"]
        assert len(list(ScanResult(memory, "rc-memory", limit=4, page_size=3))) == 4
        assert len(asyncio.run(AsyncScanResult(memory, "rc-memory").to_list())) == 5


def test_collection_queries_run_on_the_memory_client() -> None:
    from pydynox import Collection

    class Kind(Model):
        model_config = ModelConfig(table="rc-single")
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        kind = StringAttribute(discriminator=True)

    class Thing(Kind):
        pass

    with MemoryBackend():
        Thing(pk="p", sk="1").sync_save()
        found: Any = Collection([Thing]).sync_query(pk="p")
        assert len(found.get(Thing)) == 1
        assert len(asyncio.run(Collection([Thing]).query(pk="p")).get(Thing)) == 1
