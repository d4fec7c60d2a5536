"""Batch reads and writes, and transactions: client-level, BatchWriter, Transaction, model helpers."""

from __future__ import annotations

from typing import Any

import pytest

from pydynox import (
    BatchWriter,
    DynamoDBClient,
    Model,
    ModelConfig,
    SyncBatchWriter,
    SyncTransaction,
    Transaction,
    _client_batch,
)
from pydynox.attributes import NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import (
    ConditionalCheckFailedException,
    PydynoxException,
    TransactionCanceledException,
    ValidationException,
)
from pydynox.generators import AutoGenerate
from pydynox.hooks import after_save, before_delete, before_save
from tests.pydynox.conftest import make_table

calls: list[str] = []


class Account(Model):
    model_config = ModelConfig(table="accounts")
    pk = StringAttribute(partition_key=True)
    owner = StringAttribute(alias="o")
    balance = NumberAttribute()
    version = VersionAttribute()
    ref = StringAttribute(default=AutoGenerate.UUID4)

    @before_save
    def before(self) -> None:
        calls.append("before_save")

    @after_save
    def after(self) -> None:
        calls.append("after_save")

    @before_delete
    def deleting(self) -> None:
        calls.append("before_delete")


@pytest.fixture
def accounts(client: DynamoDBClient, db: Any) -> Any:
    make_table(client, "accounts")
    calls.clear()
    return db


def pks(db: Any) -> list[str]:
    return sorted(item["pk"]["S"] for item in db.items("accounts"))


@pytest.mark.engine_ops("BatchWriteItem", "BatchGetItem")
def test_client_batch_write_and_get_in_chunks(
    client: DynamoDBClient, accounts: Any, twin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    send = client._send

    def counted(method: str, request: dict[str, Any], **options: Any) -> tuple[dict[str, Any], float]:
        sent.append(method)
        return send(method, request, **options)

    monkeypatch.setattr(client, "_send", counted)
    twin(client, "batch_write", "accounts", put_items=[{"pk": f"a{n:03d}", "balance": n} for n in range(60)])
    assert sent.count("batch_write_item") == 3  # 25 + 25 + 10
    twin(client, "batch_write", "accounts", delete_keys=[{"pk": f"a{n:03d}"} for n in range(50)])
    assert pks(accounts) == [f"a{n:03d}" for n in range(50, 60)]
    keys = [{"pk": f"a{n:03d}"} for n in range(40, 160)]
    found = twin(client, "batch_get", "accounts", keys, consistent_read=True)
    assert sent.count("batch_get_item") == 2  # 100 + 20
    assert sorted(item["pk"] for item in found) == [f"a{n:03d}" for n in range(50, 60)]
    projected = twin(client, "batch_get", "accounts", [{"pk": "a055"}], projection=["balance"])
    assert projected == [{"balance": 55}]
    assert twin(client, "batch_get", "accounts", []) == []


@pytest.mark.engine_ops("BatchWriteItem", "BatchGetItem")
def test_unprocessed_entries_are_retried_then_reported(
    client: DynamoDBClient, accounts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_client_batch, "BACKOFF_SECONDS", 0.0)
    send = client._send
    attempts: list[int] = []

    def flaky(method: str, request: dict[str, Any], **options: Any) -> tuple[dict[str, Any], float]:
        if method == "batch_write_item" and len(attempts) < 2:
            attempts.append(1)
            return {"UnprocessedItems": request["RequestItems"]}, 0.0
        if method == "batch_get_item" and len(attempts) < 3:
            attempts.append(1)
            return {"Responses": {"accounts": []}, "UnprocessedKeys": request["RequestItems"]}, 0.0
        return send(method, request, **options)

    monkeypatch.setattr(client, "_send", flaky)
    client.sync_batch_write("accounts", put_items=[{"pk": "a"}, {"pk": "b"}])
    assert pks(accounts) == ["a", "b"]
    assert [item["pk"] for item in client.sync_batch_get("accounts", [{"pk": "a"}])] == ["a"]

    def never(method: str, request: dict[str, Any], **_: Any) -> tuple[dict[str, Any], float]:
        return {"UnprocessedItems": request["RequestItems"]}, 0.0

    monkeypatch.setattr(client, "_send", never)
    with pytest.raises(PydynoxException, match="Failed to process 2 items after 5 retries"):
        client.sync_batch_write("accounts", put_items=[{"pk": "c"}, {"pk": "d"}])


@pytest.mark.engine_ops("BatchWriteItem")
def test_sync_batch_writer_buffers_until_flush_or_exit(client: DynamoDBClient, accounts: Any) -> None:
    with SyncBatchWriter(client, "accounts") as batch:
        for n in range(30):
            batch.put({"pk": f"w{n}"})
        assert pks(accounts) == []  # nothing sent yet
        batch.flush()
        assert len(pks(accounts)) == 30
        batch.delete({"pk": "w0"})
        batch.put(Account(pk="model", balance=1).to_dict())
    assert len(pks(accounts)) == 30 and "model" in pks(accounts) and "w0" not in pks(accounts)
    with pytest.raises(RuntimeError), SyncBatchWriter(client, "accounts") as batch:
        batch.put({"pk": "dropped"})
        raise RuntimeError("boom")
    assert "dropped" not in pks(accounts)


@pytest.mark.engine_ops("BatchWriteItem")
@pytest.mark.asyncio
async def test_async_batch_writer(client: DynamoDBClient, accounts: Any) -> None:
    async with BatchWriter(client, "accounts") as batch:
        batch.put({"pk": "x1"})
        batch.put({"pk": "x2"})
        await batch.flush()
        batch.delete({"pk": "x1"})
    assert pks(accounts) == ["x2"]
    with pytest.raises(KeyError):
        async with BatchWriter(client, "accounts") as batch:
            batch.put({"pk": "dropped"})
            raise KeyError("boom")
    assert pks(accounts) == ["x2"]


@pytest.mark.engine_ops("BatchGetItem")
def test_model_batch_get(client: DynamoDBClient, accounts: Any, twin: Any) -> None:
    for n in range(3):
        Account(pk=f"m{n}", owner=f"o{n}", balance=n).sync_save()
    calls.clear()
    found = twin(Account, "batch_get", [{"pk": "m0"}, {"pk": "m2"}, {"pk": "missing"}])
    assert sorted((a.pk, a.owner) for a in found) == [("m0", "o0"), ("m2", "o2")]
    assert all(not a.is_dirty for a in found)
    raw = twin(Account, "batch_get", [{"pk": "m1"}], as_dict=True)
    assert raw[0]["o"] == "o1"
    assert twin(Account, "batch_get", []) == []


@pytest.mark.engine_ops("TransactWriteItems", "TransactGetItems")
def test_client_transactions(client: DynamoDBClient, accounts: Any, twin: Any) -> None:
    client.sync_put_item("accounts", {"pk": "a", "balance": 100})
    client.sync_put_item("accounts", {"pk": "b", "balance": 0})
    client.sync_put_item("accounts", {"pk": "c"})
    twin(
        client,
        "transact_write",
        [
            {
                "type": "update",
                "table": "accounts",
                "key": {"pk": "a"},
                "update_expression": "SET balance = balance - :n",
                "condition_expression": "balance >= :n",
                "expression_attribute_values": {":n": 30},
            },
            {
                "type": "update",
                "table": "accounts",
                "key": {"pk": "b"},
                "update_expression": "SET balance = balance + :n",
                "expression_attribute_values": {":n": 30},
            },
            {"type": "put", "table": "accounts", "item": {"pk": "log", "what": "transfer"}},
            {
                "type": "condition_check",
                "table": "accounts",
                "key": {"pk": "c"},
                "condition_expression": "attribute_exists(pk)",
            },
        ],
    )
    got = twin(
        client,
        "transact_get",
        [
            {"table": "accounts", "key": {"pk": "a"}},
            {"table": "accounts", "key": {"pk": "nope"}},
            {
                "table": "accounts",
                "key": {"pk": "b"},
                "projection_expression": "#b",
                "expression_attribute_names": {"#b": "balance"},
            },
        ],
    )
    assert got == [{"pk": "a", "balance": 70}, None, {"balance": 30}]
    with pytest.raises(TransactionCanceledException) as caught:
        twin(
            client,
            "transact_write",
            [
                {"type": "delete", "table": "accounts", "key": {"pk": "log"}},
                {
                    "type": "update",
                    "table": "accounts",
                    "key": {"pk": "a"},
                    "update_expression": "SET balance = :z",
                    "condition_expression": "balance > :n",
                    "expression_attribute_values": {":n": 1000, ":z": 0},
                    "return_values_on_condition_check_failure": True,
                },
            ],
        )
    assert "ConditionalCheckFailed" in str(caught.value)
    reasons = caught.value.cancellation_reasons
    assert reasons[0] is None and reasons[1]["code"] == "ConditionalCheckFailed"
    assert reasons[1]["item"] == {"pk": "a", "balance": 70}
    assert "log" in pks(accounts)  # nothing applied
    twin(client, "transact_write", [])  # no-op


def test_invalid_transaction_operations(client: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match="Unknown transaction operation type"):
        client.sync_transact_write([{"type": "merge", "table": "t"}])
    with pytest.raises(ValueError, match="missing: key"):
        client.sync_transact_write([{"type": "delete", "table": "t"}])
    with pytest.raises(ValueError, match="missing: update_expression"):
        client.sync_transact_write([{"type": "update", "table": "t", "key": {"pk": "a"}}])
    with pytest.raises(ValueError, match="at most 100"):
        client.sync_transact_write([{"type": "put", "table": "t", "item": {"pk": str(n)}} for n in range(101)])
    with pytest.raises(ValueError):
        client.sync_transact_get([{"table": "t"}])


@pytest.mark.engine_ops("TransactWriteItems")
def test_sync_transaction_with_models(client: DynamoDBClient, accounts: Any) -> None:
    existing = Account(pk="old", balance=5)
    existing.sync_save()
    calls.clear()
    new = Account(pk="new", owner="Ada", balance=10)
    with SyncTransaction(client) as tx:
        tx.save_model(new)
        tx.delete_model(existing)
        tx.put("accounts", {"pk": "raw"})
        assert new.version == 1 and new.ref is not None  # applied when queued
        assert pks(accounts) == ["old"]
    assert pks(accounts) == ["new", "raw"]
    assert calls == ["before_save", "before_delete"]  # before_* hooks always, after_* never
    assert not new.is_dirty and new._loaded
    stale = Account.sync_get(pk="new")
    new.balance = 11
    new.sync_save()
    tx = SyncTransaction(client)
    tx.save_model(stale)  # version 1 no longer matches
    with pytest.raises(TransactionCanceledException):
        tx.commit()
    with pytest.raises(ZeroDivisionError), SyncTransaction(client) as tx:
        tx.delete("accounts", {"pk": "raw"})
        raise ZeroDivisionError("abort before commit")
    assert "raw" in pks(accounts)


@pytest.mark.engine_ops("TransactWriteItems")
@pytest.mark.asyncio
async def test_async_transaction(client: DynamoDBClient, accounts: Any) -> None:
    async with Transaction(client) as tx:
        tx.put("accounts", {"pk": "a", "balance": 1}, condition_expression="attribute_not_exists(pk)")
        tx.save_model(Account(pk="b"), condition=Account.balance.not_exists())
    assert pks(accounts) == ["a", "b"]
    tx = Transaction(client)
    tx.update("accounts", {"pk": "a"}, "SET balance = balance + :n", expression_attribute_values={":n": 1})
    tx.condition_check("accounts", {"pk": "b"}, "attribute_exists(pk)")
    await tx.commit()
    assert (await client.get_item("accounts", {"pk": "a"}))["balance"] == 2  # type: ignore[index]
    with pytest.raises(TransactionCanceledException):
        async with Transaction(client) as tx:
            tx.delete(
                "accounts", {"pk": "a"}, condition_expression="balance > :n", expression_attribute_values={":n": 9}
            )


def test_transaction_needs_a_client() -> None:
    with pytest.raises(TypeError):
        Transaction()  # type: ignore[call-arg]


@pytest.mark.engine_ops("TransactWriteItems")
def test_condition_failure_outside_transactions_is_not_a_cancellation(client: DynamoDBClient, accounts: Any) -> None:
    Account(pk="x").sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        Account(pk="x").sync_save()
    with pytest.raises(ValidationException):
        client.sync_transact_write(
            [
                {"type": "put", "table": "accounts", "item": {"pk": "y"}},
                {"type": "put", "table": "accounts", "item": {"pk": "y"}},
            ]
        )
