"""The same pydynox flows against fakedynamo's HTTP server, through endpoint_url: nothing needs the in-process hook."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from fakedynamo import Engine
from fakedynamo.wire import botocore as hook
from fakedynamo.wire.http import running_server
from pydynox import DynamoDBClient, Model, ModelConfig, SyncBatchWriter, SyncTransaction, Transaction
from pydynox.attributes import NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import ConditionalCheckFailedException, ResourceNotFoundException, TransactionCanceledException
from pydynox.indexes import GlobalSecondaryIndex

pytestmark = pytest.mark.engine_ops("Query", "Scan", "BatchWriteItem", "BatchGetItem", "TransactWriteItems")


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    with running_server() as running:
        yield running


@pytest.fixture
def remote(server: Any) -> DynamoDBClient:
    assert hook.active_engines == [], "no in-process mock may be active: requests must go over HTTP"
    server.engine = Engine()
    return DynamoDBClient(region="us-east-1", endpoint_url=server.endpoint, access_key="AKIDHTTP", secret_key="secret")


def make_model(client: DynamoDBClient) -> type[Model]:
    class Task(Model):
        model_config = ModelConfig(table="tasks", client=client)
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        status = StringAttribute()
        points = NumberAttribute()
        version = VersionAttribute()
        by_status = GlobalSecondaryIndex("status-index", partition_key="status", sort_key="points")

    return Task


def test_model_flows_over_http(remote: DynamoDBClient, server: Any) -> None:
    Task = make_model(remote)
    with pytest.raises(ResourceNotFoundException):
        Task.sync_get(pk="p", sk="1")
    Task.sync_create_table(wait=True)
    for number in range(5):
        Task(pk="p", sk=str(number), status="open" if number % 2 else "done", points=number).sync_save()
    task = Task.sync_get(pk="p", sk="1")
    task.points = 10
    task.sync_save()
    stale = Task.sync_get(pk="p", sk="2")
    Task.sync_get(pk="p", sk="2").sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        stale.sync_save()
    task.sync_update(atomic=[Task.points.add(5)])
    assert Task.sync_get(pk="p", sk="1").points == 15
    assert [t.sk for t in Task.sync_query("p", sort_key_condition=Task.sk >= "3")] == ["3", "4"]
    assert [t.sk for t in Task.by_status.sync_query(status="open")] == ["3", "1"]
    assert Task.sync_count(filter_condition=Task.status == "done")[0] == 3
    assert len(Task.sync_parallel_scan(2)[0]) == 5
    assert len(Task.sync_batch_get([{"pk": "p", "sk": "0"}, {"pk": "p", "sk": "4"}])) == 2
    with SyncBatchWriter(remote, "tasks") as batch:
        batch.delete({"pk": "p", "sk": "0"})
    with SyncTransaction(remote) as tx:
        tx.delete_model(Task.sync_get(pk="p", sk="4"))
    with pytest.raises(TransactionCanceledException), SyncTransaction(remote) as tx:
        tx.condition_check("tasks", {"pk": "p", "sk": "1"}, "points > :n", expression_attribute_values={":n": 100})
    assert sorted(t.sk for t in Task.sync_scan()) == ["1", "2", "3"]
    stored = server.engine.execute("Scan", {"TableName": "tasks"})["Items"]  # the server's engine holds the data
    assert sorted(item["sk"]["S"] for item in stored) == ["1", "2", "3"]
    Task.sync_delete_table()
    assert not Task.sync_table_exists()


def test_async_flows_over_http(remote: DynamoDBClient) -> None:
    Task = make_model(remote)

    async def flow() -> list[str]:
        await Task.create_table()
        await asyncio.gather(*(Task(pk="q", sk=f"{n:02d}", status="open", points=n).save() for n in range(20)))
        found = [t.sk async for t in Task.query("q", limit=5, page_size=2)]
        async with Transaction(remote) as tx:
            tx.put("tasks", {"pk": "q", "sk": "tx", "status": "open", "points": 99})
        first = await Task.by_status.query(status="open", scan_index_forward=False).first()
        assert first.sk == "tx"
        items, _ = await remote.parallel_scan("tasks", 3)
        assert len(items) == 21
        return found

    assert asyncio.run(flow()) == ["00", "01", "02", "03", "04"]
