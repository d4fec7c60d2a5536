"""Every pydynox operation through the fixtures, sync and async: what the seed listed and more.

The seed document listed transactions, GSI queries (and, implicitly, LSI
queries, pagination and counts) as unsupported by an in-memory backend; here
they all run, because the backend is a DynamoDB implementation, not a dict.
"""

from __future__ import annotations

import asyncio

import boto3
import pytest

from pydynox import BatchWriter, Model, ModelConfig, SyncBatchWriter, SyncTransaction, Transaction
from pydynox.attributes import ListAttribute, NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import ConditionalCheckFailedException, TransactionCanceledException, ValidationException
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex


class Item(Model):
    model_config = ModelConfig(table="ops-items")

    pk = StringAttribute(partition_key=True)
    sk = NumberAttribute(sort_key=True)
    kind = StringAttribute()
    owner = StringAttribute()
    score = NumberAttribute(default=0)
    tags = ListAttribute(default=[])
    version = VersionAttribute()

    by_kind = GlobalSecondaryIndex("kind-index", partition_key="kind", sort_key="score")
    by_owner = GlobalSecondaryIndex("owner-index", partition_key="owner", projection="KEYS_ONLY")
    by_score = LocalSecondaryIndex("score-index", sort_key="score")


def fill(count: int = 12) -> None:
    for n in range(count):
        Item(pk="P", sk=n, kind="odd" if n % 2 else "even", owner=f"o{n % 3}", score=100 - n).sync_save()


# -- item operations ---------------------------------------------------------------------------


def test_crud_sync(pydynox_memory_backend) -> None:
    item = Item(pk="P", sk=1, kind="a")
    item.sync_save()
    assert item.version == 1
    item.kind = "b"
    item.sync_save()  # smart save: an UpdateItem of the changed field
    assert Item.sync_get(pk="P", sk=1).kind == "b"
    item.sync_update(score=5)
    Item.sync_update_by_key(pk="P", sk=1, owner="me")
    stored = Item.sync_get(pk="P", sk=1)
    assert (stored.score, stored.owner, stored.version) == (5, "me", 2)
    assert Item.sync_get(pk="P", sk=1, as_dict=True)["owner"] == "me"
    Item.sync_delete_by_key(pk="P", sk=1)
    assert Item.sync_get(pk="P", sk=1) is None


@pytest.mark.asyncio
async def test_crud_async(pydynox_memory_backend) -> None:
    item = Item(pk="P", sk=1, kind="a")
    await item.save()
    await item.update(atomic=[Item.score.add(3), Item.tags.append(["x"])])
    await Item.update_by_key(pk="P", sk=1, owner="me")
    stored = await Item.get(pk="P", sk=1)
    assert (stored.score, stored.tags, stored.owner) == (3, ["x"], "me")
    await stored.delete()
    await Item.delete_by_key(pk="P", sk=2)  # deleting a missing item is fine
    assert await Item.get(pk="P", sk=1) is None


def test_conditions_and_atomic_updates(pydynox_memory_backend) -> None:
    Item(pk="P", sk=1, score=10).sync_save(condition=Item.pk.not_exists())
    with pytest.raises(ConditionalCheckFailedException):
        Item(pk="P", sk=1).sync_save(condition=Item.pk.not_exists())
    item = Item.sync_get(pk="P", sk=1)
    item.sync_update(atomic=[Item.score.add(-4), Item.owner.if_not_exists("me")], condition=Item.score >= 4)
    with pytest.raises(ConditionalCheckFailedException):
        item.sync_update(atomic=[Item.score.add(-100)], condition=Item.score >= 100)
    with pytest.raises(ConditionalCheckFailedException):
        item.sync_delete(condition=Item.owner == "someone else")
    stored = Item.sync_get(pk="P", sk=1)
    assert (stored.score, stored.owner) == (6, "me")
    stale = Item.sync_get(pk="P", sk=1)
    stored.kind = "x"
    stored.sync_save()
    stale.kind = "y"
    with pytest.raises(ConditionalCheckFailedException):
        stale.sync_save()  # optimistic locking


# -- reads of many ---------------------------------------------------------------------------------


def test_query_sorted_filtered_limited(pydynox_memory_backend) -> None:
    fill()
    assert [i.sk for i in Item.sync_query(partition_key="P")] == list(range(12))
    assert [i.sk for i in Item.sync_query(partition_key="P", scan_index_forward=False, limit=3)] == [11, 10, 9]
    assert [i.sk for i in Item.sync_query(partition_key="P", sort_key_condition=Item.sk.between(3, 5))] == [3, 4, 5]
    assert [i.sk for i in Item.sync_query(partition_key="P", filter_condition=Item.kind == "odd", limit=2)] == [1, 3]
    assert [i["sk"] for i in Item.sync_query(partition_key="P", fields=["sk"], as_dict=True, limit=2)] == [0, 1]


def test_scan_count_parallel_scan(pydynox_memory_backend) -> None:
    fill()
    assert len(list(Item.sync_scan(filter_condition=Item.score > 95))) == 5
    count, metrics = Item.sync_count(filter_condition=Item.kind == "even")
    assert count == 6 and metrics.duration_ms >= 0
    items, _ = Item.sync_parallel_scan(total_segments=3)
    assert sorted(i.sk for i in items) == list(range(12))


@pytest.mark.asyncio
async def test_async_iteration_and_first(pydynox_memory_backend) -> None:
    fill(4)
    assert [i.sk async for i in Item.query(partition_key="P")] == [0, 1, 2, 3]
    assert (await Item.scan(filter_condition=Item.sk == 2).first()).sk == 2
    count, _ = await Item.count()
    items, _ = await Item.parallel_scan(total_segments=2)
    assert count == len(items) == 4


def test_pagination(pydynox_memory_backend) -> None:
    fill()
    page = Item.sync_query(partition_key="P", limit=5, page_size=5)
    assert [i.sk for i in page] == [0, 1, 2, 3, 4]
    assert page.last_evaluated_key == {"pk": "P", "sk": 4}
    rest = Item.sync_query(partition_key="P", last_evaluated_key=page.last_evaluated_key)
    assert [i.sk for i in rest] == list(range(5, 12))
    assert len(list(Item.sync_scan(page_size=2))) == 12  # six pages behind one loop
    client = pydynox_memory_backend.client
    pages = client.sync_scan("ops-items", page_size=5)
    assert len(list(pages)) == 12


def test_gsi_and_lsi_queries(pydynox_memory_backend) -> None:
    fill()
    assert [i.sk for i in Item.by_kind.sync_query(kind="odd", sort_key_condition=Item.score < 93)] == [11, 9]
    keys_only = list(Item.by_owner.sync_query(owner="o1"))
    assert sorted(i.sk for i in keys_only) == [1, 4, 7, 10]
    assert all(i.kind is None for i in keys_only)  # KEYS_ONLY projection
    assert [i.score for i in Item.by_score.sync_query(pk="P", limit=3)] == [89, 90, 91]
    with pytest.raises(ValidationException):  # DynamoDB refuses a filter on a key attribute
        list(Item.by_score.sync_query(pk="P", filter_condition=Item.pk == "P"))


@pytest.mark.asyncio
async def test_gsi_and_lsi_queries_async(pydynox_memory_backend) -> None:
    fill()
    top = await Item.by_kind.query(kind="even", scan_index_forward=False).first()
    assert top.sk == 0
    assert [i.sk async for i in Item.by_score.query(partition_key="P", consistent_read=True, limit=2)] == [11, 10]


# -- batches and transactions ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_batches(pydynox_memory_backend) -> None:
    client = pydynox_memory_backend.client
    async with BatchWriter(client, "ops-items") as batch:
        for n in range(40):
            batch.put(Item(pk="B", sk=n).to_dict())
    with SyncBatchWriter(client, "ops-items") as batch:
        batch.delete({"pk": "B", "sk": 0})
    found = await Item.batch_get([{"pk": "B", "sk": n} for n in range(3)])
    assert sorted(i.sk for i in found) == [1, 2]
    assert len(client.sync_batch_get("ops-items", [{"pk": "B", "sk": n} for n in range(40)])) == 39
    await client.batch_write("ops-items", delete_keys=[{"pk": "B", "sk": n} for n in range(1, 40)])
    assert len(pydynox_memory_backend.tables["ops-items"]) == 0


def test_transactions(pydynox_memory_backend) -> None:
    client = pydynox_memory_backend.client
    with SyncTransaction(client) as tx:
        tx.save_model(Item(pk="T", sk=1, score=5))
        tx.put("ops-items", {"pk": "T", "sk": 2, "score": 1})
    with pytest.raises(TransactionCanceledException) as caught:
        with SyncTransaction(client) as tx:
            tx.update("ops-items", {"pk": "T", "sk": 2}, "SET score = score + :one", expression_attribute_values={":one": 1})
            tx.condition_check("ops-items", {"pk": "T", "sk": 1}, "score > :n", expression_attribute_values={":n": 10})
    assert [r and r["code"] for r in caught.value.cancellation_reasons] == [None, "ConditionalCheckFailed"]
    assert Item.sync_get(pk="T", sk=2).score == 1
    got = client.sync_transact_get([{"table": "ops-items", "key": {"pk": "T", "sk": n}} for n in (1, 2, 3)])
    assert [g and g["score"] for g in got] == [5, 1, None]


@pytest.mark.asyncio
async def test_transactions_async(pydynox_memory_backend) -> None:
    async with Transaction(pydynox_memory_backend.client) as tx:
        tx.save_model(Item(pk="T", sk=1))
        tx.delete("ops-items", {"pk": "T", "sk": 9})
    assert await Item.get(pk="T", sk=1) is not None


# -- one table, many models ------------------------------------------------------------------------


class Customer(Model):
    model_config = ModelConfig(table="ops-single")

    pk = StringAttribute(partition_key=True, alias="PK")
    sk = StringAttribute(sort_key=True, alias="SK")
    email = StringAttribute()
    by_email = GlobalSecondaryIndex("email-index", partition_key="email")


class Order(Model):
    model_config = ModelConfig(table="ops-single")

    pk = StringAttribute(partition_key=True, alias="PK")
    sk = StringAttribute(sort_key=True, alias="SK")
    status = StringAttribute()
    by_status = GlobalSecondaryIndex("status-index", partition_key="status")


def test_single_table_design_gets_every_model_index(pydynox_memory_backend) -> None:
    Order(pk="C#1", sk="O#1", status="new").sync_save()  # creates the table: both GSIs
    Customer(pk="C#1", sk="PROFILE", email="a@b.c").sync_save()
    assert [c.pk for c in Customer.by_email.sync_query(email="a@b.c")] == ["C#1"]
    assert [o.sk for o in Order.by_status.sync_query(status="new")] == ["O#1"]


# Two modules that each define a model of "ops-clash", keyed differently: the request tells them apart.
class ClashByName(Model):
    model_config = ModelConfig(table="ops-clash")

    name = StringAttribute(partition_key=True)


class ClashByNumber(Model):
    model_config = ModelConfig(table="ops-clash")

    pk = NumberAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    by_sk = GlobalSecondaryIndex("sk-index", partition_key="sk")


@pytest.mark.parametrize(
    "first_use, schema",
    [
        (lambda: ClashByName(name="a").sync_save(), ["name"]),
        (lambda: ClashByName.sync_get(name="a"), ["name"]),
        (lambda: list(ClashByName.sync_query(partition_key="a")), ["name"]),
        (lambda: ClashByNumber(pk=1, sk="x").sync_save(), ["pk", "sk"]),
        (lambda: ClashByNumber.sync_get(pk=1, sk="x"), ["pk", "sk"]),
        (lambda: list(ClashByNumber.sync_query(partition_key=1)), ["pk", "sk"]),
        (lambda: list(ClashByNumber.by_sk.sync_query(sk="x")), ["pk", "sk"]),
        (lambda: ClashByNumber.sync_batch_get([{"pk": 1, "sk": "x"}]), ["pk", "sk"]),
    ],
)
def test_models_of_one_table_with_different_keys(pydynox_memory_backend, first_use, schema) -> None:
    first_use()
    described = boto3.client("dynamodb").describe_table(TableName="ops-clash")["Table"]
    assert [key["AttributeName"] for key in described["KeySchema"]] == schema


# -- boto3 beside pydynox ------------------------------------------------------------------------------


def test_boto3_and_pydynox_share_the_data(pydynox_memory_backend) -> None:
    Item(pk="P", sk=1, kind="from-pydynox").sync_save()
    client = boto3.client("dynamodb")
    assert client.get_item(TableName="ops-items", Key={"pk": {"S": "P"}, "sk": {"N": "1"}})["Item"]["kind"] == {"S": "from-pydynox"}
    boto3.resource("dynamodb").Table("ops-items").put_item(Item={"pk": "P", "sk": 2, "kind": "from-boto3"})
    assert Item.sync_get(pk="P", sk=2).kind == "from-boto3"
    # A table boto3 touches first is still created from the model.
    boto3.client("dynamodb").put_item(TableName="ops-single", Item={"PK": {"S": "C#9"}, "SK": {"S": "PROFILE"}, "email": {"S": "z@z"}})
    assert [c.pk for c in Customer.by_email.sync_query(email="z@z")] == ["C#9"]


def test_lambda_style_asyncio_run_inside_a_sync_test(pydynox_memory_backend) -> None:
    async def handler_body(n: int) -> int:
        await Item(pk="L", sk=n).save()
        return len([i async for i in Item.query(partition_key="L")])

    assert asyncio.run(handler_body(1)) == 1
    assert asyncio.run(handler_body(2)) == 2
