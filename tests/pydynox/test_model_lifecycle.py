"""Hooks, optimistic locking, generated values: what runs when, and what is sent."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from pydynox import AutoGenerate, DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute, VersionAttribute
from pydynox.exceptions import ConditionalCheckFailedException
from pydynox.generators import generate_value, is_auto_generate
from pydynox.hooks import (
    HookType,
    after_delete,
    after_load,
    after_save,
    after_update,
    before_delete,
    before_save,
    before_update,
)
from tests.pydynox.conftest import make_table

events: list[str] = []


class Audited(Model):
    model_config = ModelConfig(table="audited")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()

    @before_save
    def check(self) -> None:
        events.append("before_save")
        if self.name == "invalid":
            raise ValueError("name is invalid")

    @after_save
    def saved(self) -> None:
        events.append("after_save")

    @before_delete
    def deleting(self) -> None:
        events.append("before_delete")

    @after_delete
    def deleted(self) -> None:
        events.append("after_delete")

    @before_update
    def updating(self) -> None:
        events.append("before_update")

    @after_update
    def updated(self) -> None:
        events.append("after_update")

    @after_load
    def loaded(self) -> None:
        events.append("after_load")


class Quiet(Audited):
    model_config = ModelConfig(table="audited", skip_hooks=True)


class Versioned(Model):
    model_config = ModelConfig(table="versioned")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    version = VersionAttribute()


class Generated(Model):
    model_config = ModelConfig(table="generated")
    pk = StringAttribute(partition_key=True, default=AutoGenerate.UUID4)
    ulid = StringAttribute(default=AutoGenerate.ULID)
    ksuid = StringAttribute(default=AutoGenerate.KSUID)
    epoch = NumberAttribute(default=AutoGenerate.EPOCH)
    epoch_ms = NumberAttribute(default=AutoGenerate.EPOCH_MS)
    iso = StringAttribute(default=AutoGenerate.ISO8601)


@pytest.fixture
def tables(client: DynamoDBClient) -> DynamoDBClient:
    for name in ("audited", "versioned", "generated"):
        make_table(client, name)
    events.clear()
    return client


def test_hooks_run_around_each_operation(tables: DynamoDBClient, twin: Any) -> None:
    item = Audited(pk="a", name="x")
    twin(item, "save")
    twin(Audited, "get", pk="a")
    twin(item, "update", name="y")
    twin(item, "delete")
    assert events == [
        "before_save",
        "after_save",
        "after_load",
        "before_update",
        "after_update",
        "before_delete",
        "after_delete",
    ]


def test_before_hook_failure_aborts(tables: DynamoDBClient, db: Any, twin: Any) -> None:
    with pytest.raises(ValueError, match="name is invalid"):
        twin(Audited(pk="a", name="invalid"), "save")
    assert db.items("audited") == [] and events == ["before_save"]


def test_skipping_hooks(tables: DynamoDBClient, twin: Any) -> None:
    item = Audited(pk="a", name="invalid")
    twin(item, "save", skip_hooks=True)
    twin(item, "delete", skip_hooks=True)
    twin(item, "update", skip_hooks=True, name="z")
    assert events == []
    twin(Audited, "get", pk="a")  # after_load only listens to the model config
    assert events == ["after_load"]
    events.clear()
    Quiet(pk="q", name="invalid").sync_save()
    Quiet.sync_get(pk="q")
    Quiet(pk="q").sync_save(skip_hooks=False)
    assert events == ["before_save", "after_save"]
    # By-key operations never run hooks.
    Audited.sync_update_by_key(pk="q", name="n")
    Audited.sync_delete_by_key(pk="q")
    assert events == ["before_save", "after_save"]


@pytest.mark.engine_ops("Query", "Scan", "BatchGetItem")
def test_after_load_runs_for_query_scan_and_batch_get(tables: DynamoDBClient) -> None:
    Audited(pk="a").sync_save(skip_hooks=True)
    list(Audited.sync_query("a"))
    list(Audited.sync_scan())
    Audited.sync_batch_get([{"pk": "a"}])
    list(Audited.sync_scan(as_dict=True))
    assert events == ["after_load"] * 3


def test_hook_decorators_tag_functions() -> None:
    assert before_save(lambda self: None)._hook_type is HookType.BEFORE_SAVE  # type: ignore[attr-defined]
    assert HookType("after_load") is HookType.AFTER_LOAD


def test_version_starts_at_one_and_guards_concurrent_writes(tables: DynamoDBClient, db: Any, twin: Any) -> None:
    doc = Versioned(pk="d", name="a")
    twin(doc, "save")
    assert doc.version == 1
    first = Versioned.sync_get(pk="d")
    second = Versioned.sync_get(pk="d")
    first.name = "first"
    twin(first, "save")
    assert first.version == 2
    second.name = "second"
    with pytest.raises(ConditionalCheckFailedException):
        twin(second, "save")
    assert second.version == 2  # bumped (1 -> 2) before the write, and not rolled back
    assert Versioned.sync_get(pk="d").name == "first"
    with pytest.raises(ConditionalCheckFailedException):  # a new object conflicts with a versioned item
        twin(Versioned(pk="d", name="new"), "save")


def test_version_on_delete_and_user_condition(tables: DynamoDBClient, db: Any, twin: Any) -> None:
    doc = Versioned(pk="d", name="a")
    doc.sync_save()
    stale = Versioned.sync_get(pk="d")
    doc.name = "b"
    doc.sync_save()
    with pytest.raises(ConditionalCheckFailedException):
        twin(stale, "delete")
    with pytest.raises(ConditionalCheckFailedException):
        doc.name = "c"
        twin(doc, "save", condition=Versioned.name == "wrong")
    fresh = Versioned.sync_get(pk="d")
    twin(fresh, "delete", condition=Versioned.name == "b")
    assert db.items("versioned") == []


def test_update_and_by_key_ignore_versions(tables: DynamoDBClient) -> None:
    doc = Versioned(pk="d")
    doc.sync_save()
    doc.sync_update(name="x")
    Versioned.sync_update_by_key(pk="d", name="y")
    assert Versioned.sync_get(pk="d").version == 1


def test_generated_values(tables: DynamoDBClient, twin: Any) -> None:
    item = Generated()
    assert item.pk is None
    twin(item, "save")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", item.pk)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", item.ulid)
    assert re.fullmatch(r"[0-9A-Za-z]{27}", item.ksuid)
    assert isinstance(item.epoch, int) and abs(item.epoch - datetime.now().timestamp()) < 5
    assert isinstance(item.epoch_ms, int) and item.epoch_ms > 10**12
    assert datetime.strptime(item.iso, "%Y-%m-%dT%H:%M:%SZ")
    loaded = Generated.sync_get(pk=item.pk)
    assert loaded.ulid == item.ulid
    explicit = Generated(pk="mine", ulid="given")
    explicit.sync_save()
    assert (explicit.pk, explicit.ulid) == ("mine", "given")


def test_generators_module() -> None:
    assert is_auto_generate(AutoGenerate.KSUID) and not is_auto_generate("uuid4")
    assert [member.value for member in AutoGenerate] == ["uuid4", "ulid", "ksuid", "epoch", "epoch_ms", "iso8601"]
    ulids = [generate_value(AutoGenerate.ULID) for _ in range(3)]
    assert len(set(ulids)) == 3
