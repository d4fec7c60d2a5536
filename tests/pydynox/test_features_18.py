"""1.8's features beyond the core, each through our pydynox against fakedynamo."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from decimal import Decimal
from typing import Any

import pytest

from pydynox import (
    Collection,
    DynamoDBClient,
    Model,
    ModelConfig,
    SyncTransaction,
    clear_default_client,
    dynamodb_model,
)
from pydynox import pydynox_core as core
from pydynox.attributes import (
    CompressedAttribute,
    CompressionAlgorithm,
    DecimalAttribute,
    NumberAttribute,
    StringAttribute,
)
from pydynox.diagnostics import HotPartitionDetector
from pydynox.exceptions import (
    LockLost,
    LockNotAcquired,
    TransactionCanceledException,
)
from pydynox.lock import SyncDistributedLock, distributed_lock
from pydynox.rate_limit import AdaptiveRate
from pydynox.size import calculate_item_size
from tests.pydynox.conftest import make_table


def test_decimal_attribute_keeps_exact_digits(client: DynamoDBClient) -> None:
    class Price(Model):
        model_config = ModelConfig(table="prices")
        pk = StringAttribute(partition_key=True)
        amount = DecimalAttribute()

    make_table(client, "prices")
    Price(pk="a", amount=Decimal("19.99")).sync_save()
    assert client.sync_get_item("prices", {"pk": "a"}) == {"pk": "a", "amount": 19.99}
    loaded = Price.sync_get(pk="a")
    assert loaded is not None and loaded.amount == Decimal("19.99") and isinstance(loaded.amount, Decimal)
    exact = Decimal("12345678901234567890.123456789012345678")
    Price(pk="b", amount=exact).sync_save()
    assert Price.sync_get(pk="b").amount == exact  # type: ignore[union-attr]


def test_compressed_attribute_stores_gzip_text_1_8_can_read(client: DynamoDBClient) -> None:
    class Doc(Model):
        model_config = ModelConfig(table="docs")
        pk = StringAttribute(partition_key=True)
        body = CompressedAttribute(algorithm=CompressionAlgorithm.Gzip)
        short = CompressedAttribute(algorithm=CompressionAlgorithm.Gzip)

    make_table(client, "docs")
    text = "hello world " * 50
    Doc(pk="a", body=text, short="tiny").sync_save()
    stored = client.sync_get_item("docs", {"pk": "a"})
    assert stored is not None and stored["body"].startswith("GZIP:") and stored["short"] == "tiny"
    assert len(stored["body"]) < len(text)
    loaded = Doc.sync_get(pk="a")
    assert loaded is not None and loaded.body == text and loaded.short == "tiny"
    assert core.decompress_string(core.compress_string(text, CompressionAlgorithm.Gzip)) == text


def test_template_keys_are_built_from_other_attributes(client: DynamoDBClient) -> None:
    class User(Model):
        model_config = ModelConfig(table="app")
        pk = StringAttribute(partition_key=True, template="USER#{email}")
        sk = StringAttribute(sort_key=True, template="PROFILE")
        email = StringAttribute()

    make_table(client, "app", sort_key=True)
    user = User(email="john@example.com")
    assert (user.pk, user.sk) == ("USER#john@example.com", "PROFILE")
    user.sync_save()
    assert client.sync_get_item("app", {"pk": "USER#john@example.com", "sk": "PROFILE"}) is not None
    assert User.pk.placeholders == ["email"] and User.pk.get_prefix() == "USER#" and User.pk.has_template
    with pytest.raises(ValueError, match="email"):
        User.pk.build_key({})


def test_discriminator_inheritance_and_collection(client: DynamoDBClient) -> None:
    class Entity(Model):
        model_config = ModelConfig(table="single")
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        entity_type = StringAttribute(discriminator=True)

    class Account(Entity):
        name = StringAttribute()

    class Order(Entity):
        total = NumberAttribute()

    make_table(client, "single", sort_key=True)
    Account(pk="A#1", sk="PROFILE", name="Ann").sync_save()
    Order(pk="A#1", sk="ORDER#1", total=30).sync_save()
    Order(pk="A#1", sk="ORDER#2", total=12).sync_save()
    assert client.sync_get_item("single", {"pk": "A#1", "sk": "PROFILE"})["entity_type"] == "Account"  # type: ignore[index]
    loaded = Entity.sync_get(pk="A#1", sk="ORDER#1")
    assert type(loaded) is Order and loaded.total == 30

    result = Collection([Account, Order]).sync_query(pk="A#1")
    assert [a.name for a in result.accounts] == ["Ann"]
    assert sorted(o.total for o in result.get(Order)) == [12, 30]
    orders = asyncio.run(Collection([Account, Order]).query(pk="A#1", sk_begins_with="ORDER#")).orders
    assert len(orders) == 2


def test_a_subclass_loads_items_as_the_classes_its_registry_names(client: DynamoDBClient) -> None:
    # 1.8's registry: a class knows its ancestors, the siblings made before it, and its descendants.
    class Animal(Model):
        model_config = ModelConfig(table="animals")
        pk = StringAttribute(partition_key=True)
        kind = StringAttribute(discriminator=True)

    class Cat(Animal):
        pass

    class Dog(Animal):
        pass

    class Kitten(Cat):  # made after Dog: Dog does not know it
        pass

    make_table(client, "animals")
    for animal in [Animal(pk="a"), Cat(pk="c"), Dog(pk="d"), Kitten(pk="k")]:
        animal.sync_save()

    def loaded_as(model: type[Animal]) -> dict[str, str]:
        return {item.pk: type(item).__name__ for item in model.sync_scan()}

    assert loaded_as(Dog) == {"a": "Animal", "c": "Cat", "d": "Dog", "k": "Dog"}
    assert loaded_as(Cat) == {"a": "Animal", "c": "Cat", "d": "Cat", "k": "Kitten"}
    assert loaded_as(Animal) == {"a": "Animal", "c": "Cat", "d": "Dog", "k": "Kitten"}
    assert type(Dog.sync_get(pk="c")) is Cat
    assert set(Animal._discriminator_registry) == {"Animal", "Cat", "Dog", "Kitten"}


def test_item_size_follows_dynamodb_rules(client: DynamoDBClient) -> None:
    size = calculate_item_size({"pk": "USER#123", "age": 30, "tags": ["a", "bc"], "ok": True}, detailed=True)
    # pk: 2 + 8; age: 3 + (1 + 1); tags: 4 + (3 + 1 + 2); ok: 2 + 1
    assert size.fields == {"pk": 10, "age": 5, "tags": 10, "ok": 3} and size.bytes == 28
    assert not size.is_over_limit and size.kb == 28 / 1024

    class Item(Model):
        model_config = ModelConfig(table="sizes")
        pk = StringAttribute(partition_key=True)
        n = NumberAttribute(alias="number")

    assert Item(pk="ab", n=12345).calculate_size().bytes == (2 + 2) + (6 + 4)


def test_execute_statement_on_client_and_model(client: DynamoDBClient) -> None:
    class Row(Model):
        model_config = ModelConfig(table="rows")
        pk = StringAttribute(partition_key=True)
        n = NumberAttribute()

    make_table(client, "rows")
    client.sync_execute_statement("INSERT INTO \"rows\" VALUE {'pk': ?, 'n': ?}", ["a", 1])
    Row(pk="b", n=2).sync_save()
    items = client.sync_execute_statement('SELECT * FROM "rows" WHERE pk = ?', ["a"])
    assert items == [{"pk": "a", "n": 1}] and items.next_token is None and items.metrics.items_count == 1
    rows = asyncio.run(Row.execute_statement('SELECT * FROM "rows" WHERE pk = ?', ["b"]))
    assert [(r.pk, r.n) for r in rows] == [("b", 2)]


def test_adaptive_rate_backs_off_on_throttles() -> None:
    rate = AdaptiveRate(max_rcu=100)
    assert rate.current_rcu == 50
    rate._on_throttle()
    assert rate.current_rcu == 40 and rate.throttle_count == 1


def test_hot_partition_detector_warns(caplog: pytest.LogCaptureFixture) -> None:
    detector = HotPartitionDetector(writes_threshold=3, reads_threshold=10, window_seconds=60)
    detector.set_table_thresholds("events", writes_threshold=2)
    with caplog.at_level(logging.WARNING, "pydynox.diagnostics"):
        detector.record_write("events", "E")
        detector.record_write("events", "E")
    assert detector.get_write_count("events", "E") == 2 and detector.get_read_count("events", "E") == 0
    assert 'table="events" pk="E" had 2 writes' in caplog.text
    detector.clear()
    assert detector.get_write_count("events", "E") == 0


def test_distributed_lock(client: DynamoDBClient) -> None:
    client.sync_create_table("locks", partition_key=("key", "S"))
    make_table(client, "data")
    with SyncDistributedLock(client, table="locks", key="job", wait_timeout=0.0) as guard:
        assert client.sync_get_item("locks", {"key": "job"}) is not None
        with pytest.raises(LockNotAcquired):
            SyncDistributedLock(client, table="locks", key="job", wait_timeout=0.0).__enter__()
        tx = SyncTransaction(client)
        guard.check_in(tx)
        tx.put("data", {"pk": "written-under-lock"})
        tx.commit()
        guard.raise_if_lost()
    assert client.sync_get_item("locks", {"key": "job"}) is None
    assert guard.metrics.write_requests == 2 and guard.metrics.wait_timeouts == 0

    calls: list[str] = []

    @distributed_lock(client, table="locks", key="order-{order_id}")
    def process(order_id: str) -> None:
        calls.append(order_id)
        assert client.sync_get_item("locks", {"key": f"order-{order_id}"}) is not None

    process("7")
    assert calls == ["7"] and client.sync_get_item("locks", {"key": "order-7"}) is None


def test_a_released_lease_no_longer_guards_a_transaction(client: DynamoDBClient) -> None:
    client.sync_create_table("locks", partition_key=("key", "S"))
    make_table(client, "data")
    guard = SyncDistributedLock(client, table="locks", key="job")
    with guard:
        tx = SyncTransaction(client)
        guard.check_in(tx)
        tx.put("data", {"pk": "late"})
    with pytest.raises(LockLost):
        guard.check_in(SyncTransaction(client))  # as 1.8: only a held lease checks in
    with pytest.raises(TransactionCanceledException):
        tx.commit()


def test_dynamodb_model_on_a_dataclass_and_a_pydantic_model(client: DynamoDBClient) -> None:
    from pydantic import BaseModel

    make_table(client, "plain")

    @dynamodb_model(table="plain", partition_key="pk")
    @dataclasses.dataclass
    class Plain:
        pk: str
        name: str

    Plain(pk="a", name="Ann").sync_save()  # type: ignore[attr-defined]
    got: Any = Plain.sync_get(pk="a")  # type: ignore[attr-defined]
    assert got == Plain(pk="a", name="Ann")
    got.sync_update(name="Bo")
    assert client.sync_get_item("plain", {"pk": "a"}) == {"pk": "a", "name": "Bo"}

    @dynamodb_model(table="plain", partition_key="pk")
    class Typed(BaseModel):
        pk: str
        age: int

    asyncio.run(Typed(pk="t", age=3).save())  # type: ignore[attr-defined]
    typed: Any = Typed.sync_get(pk="t")  # type: ignore[attr-defined]
    assert typed.age == 3
    with pytest.raises(Exception):
        typed.sync_update(age="not a number")
    typed.sync_delete()
    assert client.sync_get_item("plain", {"pk": "t"}) is None


def test_dynamodb_model_update_refuses_a_name_the_dataclass_lacks(client: DynamoDBClient) -> None:
    make_table(client, "plain")

    @dynamodb_model(table="plain", partition_key="pk")
    @dataclasses.dataclass
    class Plain:
        pk: str
        name: str

    plain: Any = Plain(pk="a", name="Ann")
    plain.sync_save()
    with pytest.raises(AttributeError, match="^'Plain' has no attribute 'nmae'$"):
        plain.sync_update(nmae="Bo")
    with pytest.raises(AttributeError, match="^'Plain' has no attribute 'age'$"):
        asyncio.run(plain.update(age=3))
    assert client.sync_get_item("plain", {"pk": "a"}) == {"pk": "a", "name": "Ann"}  # nothing was sent


def test_dynamodb_model_without_any_client_raises_1_8s_runtime_error() -> None:
    # No client= and no default client (the default client is this pydynox's addition).
    clear_default_client()

    @dynamodb_model(table="plain", partition_key="pk")
    @dataclasses.dataclass
    class Plain:
        pk: str

    with pytest.raises(RuntimeError, match=r"^No client set for Plain\. Pass client= to dynamodb_model\(\) or call"):
        Plain(pk="a").sync_save()  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="No client set for Plain"):
        Plain.sync_get(pk="a")  # type: ignore[attr-defined]


def test_core_helpers() -> None:
    assert core.py_to_dynamo({"a": [1, "x"]}) == {"M": {"a": {"L": [{"N": "1"}, {"S": "x"}]}}}
    assert core.dynamo_to_py({"N": "2"}) == 2
    assert core.item_from_dynamo(core.item_to_dynamo({"pk": "a", "n": 1.5})) == {"pk": "a", "n": 1.5}
    assert core.decimal_to_number(Decimal("3")) == 3 and core.decimal_to_number(Decimal("2.5")) == 2.5
    with pytest.raises(ValueError):
        core.validate_decimal(Decimal("1" * 39))
    assert len(core.generate_ulid()) == 26 and len(core.generate_uuid4()) == 36
    assert core.LockKeyTemplate("o-{id}", [("id", 0, False, None)], 30.0, 35.0).resolve(("9",), {}) == "o-9"


def test_version() -> None:
    import pydynox
    from pydynox.version import VERSION, version_info

    assert pydynox.__version__ == VERSION == "1.8.0"
    assert "pydynox version: 1.8.0" in version_info() and "python version:" in version_info()
