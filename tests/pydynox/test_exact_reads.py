"""Every model read path decodes DecimalAttribute numbers exactly (1.8), while raw client reads stay int/float."""

from __future__ import annotations

import asyncio
from decimal import Decimal, localcontext
from typing import Any

import pytest

from pydynox import Collection, DynamoDBClient, Model, ModelConfig
from pydynox.attributes import DecimalAttribute, NumberAttribute, StringAttribute
from tests.pydynox.conftest import make_table

EXACT = Decimal("12345678901234567890.123456789012345678")  # 38 digits: a float keeps 17
# Two keys a float (or a 28-digit Decimal context) cannot tell apart.
NEAR = [Decimal("1.1234567890123456789012345678901234567"), Decimal("1.1234567890123456789012345678901234568")]


@pytest.fixture
def account(client: DynamoDBClient) -> type[Model]:
    class Account(Model):
        model_config = ModelConfig(table="accounts")
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        balance = DecimalAttribute(alias="b")
        ratio = NumberAttribute()

    make_table(client, "accounts", sort_key=True)
    Account(pk="a", sk="1", balance=EXACT, ratio=0.25).sync_save()
    return Account


def test_every_model_read_path_keeps_38_digits(account: Any, client: DynamoDBClient) -> None:
    key = {"pk": "a", "sk": "1"}
    with localcontext() as context:
        context.prec = 6  # decoding must not go through the arithmetic context
        reads = {
            "get": [account.sync_get(**key)],
            "batch_get": account.sync_batch_get([key]),
            "query": list(account.sync_query("a")),
            "scan": list(account.sync_scan()),
            "partiql": account.sync_execute_statement('SELECT * FROM "accounts" WHERE pk=?', ["a"]),
            "parallel_scan": account.sync_parallel_scan(2)[0],
            "batch_get_async": asyncio.run(account.batch_get([key])),
            "partiql_async": asyncio.run(account.execute_statement('SELECT * FROM "accounts"')),
        }
    for path, items in reads.items():
        assert [item.balance for item in items] == [EXACT], path
        assert type(items[0].ratio) is float, path


def test_as_dict_reads_are_exact_for_decimal_attributes_only(account: Any, client: DynamoDBClient) -> None:
    key = {"pk": "a", "sk": "1"}
    for item in (
        account.sync_get(**key, as_dict=True),
        account.sync_batch_get([key], as_dict=True)[0],
        list(account.sync_query("a", as_dict=True))[0],
    ):
        assert item["b"] == EXACT and type(item["b"]) is Decimal
        assert type(item["ratio"]) is float
    assert type(client.sync_get_item("accounts", key)["b"]) is float  # the raw client keeps 1.8's float
    assert type(client.sync_batch_get("accounts", [key])[0]["b"]) is float


def test_decimal_keys_keep_38_digits_through_pagination(client: DynamoDBClient) -> None:
    class Entry(Model):
        model_config = ModelConfig(table="entries")
        pk = StringAttribute(partition_key=True)
        sk = DecimalAttribute(sort_key=True)

    client.sync_create_table("entries", partition_key=("pk", "S"), sort_key=("sk", "N"))
    for value in NEAR:
        Entry(pk="e", sk=value).sync_save()
    page = Entry.sync_query("e", limit=1)
    first = list(page)
    assert type(page.last_evaluated_key["sk"]) is Decimal  # type: ignore[index]
    rest = list(Entry.sync_query("e", last_evaluated_key=page.last_evaluated_key))
    assert [item.sk for item in first + rest] == NEAR


def test_collection_decodes_each_member_as_its_model_declares(client: DynamoDBClient) -> None:
    class Event(Model):
        model_config = ModelConfig(table="events")
        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)
        kind = StringAttribute(discriminator=True)

    class Payment(Event):
        amount = DecimalAttribute(alias="a")

    class Measurement(Event):
        amount = NumberAttribute(alias="a")

    make_table(client, "events", sort_key=True)
    Payment(pk="p", sk="1", amount=EXACT).sync_save()
    Measurement(pk="p", sk="2", amount=0.25).sync_save()
    for result in (
        Collection([Payment, Measurement]).sync_query(pk="p"),
        asyncio.run(Collection([Payment, Measurement]).query(pk="p")),
    ):
        assert result.payments[0].amount == EXACT
        assert type(result.measurements[0].amount) is float
    # The parent reads each subclass's numbers its way; an unknown subclass as the parent declares.
    client.sync_put_item("events", {"pk": "p", "sk": "3", "kind": "Refund", "a": Decimal("1.25")})
    loaded = {item.sk: item for item in Event.sync_query("p")}
    assert loaded["1"].amount == EXACT and type(loaded["2"].amount) is float
    assert type(Event.sync_get(pk="p", sk="3", as_dict=True)["a"]) is float


def test_an_item_without_its_discriminator_is_exact_for_every_class_the_model_loads(client: DynamoDBClient) -> None:
    # A projection leaves the discriminator out: the numbers of any class in the model's registry are exact.
    class Ledger(Model):
        model_config = ModelConfig(table="ledger")
        pk = StringAttribute(partition_key=True)
        kind = StringAttribute(discriminator=True)

    class Credit(Ledger):
        amount = DecimalAttribute()

    client.sync_create_table("ledger", partition_key=("pk", "S"))
    Credit(pk="c", amount=EXACT).sync_save()
    (projected,) = Ledger.sync_scan(as_dict=True, fields=["pk", "amount"])
    assert projected == {"pk": "c", "amount": EXACT}


def test_collection_refuses_models_on_different_clients(client: DynamoDBClient) -> None:
    def model(name: str, model_client: DynamoDBClient) -> type[Model]:
        fields = {
            "model_config": ModelConfig(table="shared", client=model_client),
            "pk": StringAttribute(partition_key=True),
            "sk": StringAttribute(sort_key=True),
            "kind": StringAttribute(discriminator=True),
        }
        return type(name, (Model,), fields)

    first, second = DynamoDBClient(region="us-east-1"), DynamoDBClient(region="us-east-1")
    with pytest.raises(ValueError, match="must use the same client"):
        Collection([model("User", first), model("Order", second)])
    Collection([model("Team", first), model("Member", first)])  # one client object: fine


@pytest.mark.parametrize("value", [1.23, "1.23", True])
def test_decimal_attribute_takes_only_decimal_or_int(value: Any) -> None:
    # As 1.8: a float has already lost digits, so it is refused wherever it would enter.
    class Price(Model):
        model_config = ModelConfig(table="prices")
        pk = StringAttribute(partition_key=True)
        amount = DecimalAttribute()

    attribute = DecimalAttribute()
    for convert in (attribute.serialize, attribute.deserialize, attribute.set, attribute.add, attribute.if_not_exists):
        with pytest.raises(TypeError, match="Decimal or int"):
            convert(value)
    with pytest.raises(TypeError):
        Price(pk="a", amount=value)
    price = Price(pk="a")
    with pytest.raises(TypeError):
        price.amount = value
    with pytest.raises(TypeError):
        Price.from_dict({"pk": "a", "amount": value})
    with pytest.raises(ValueError, match="finite"):
        Price(pk="a", amount=Decimal("NaN"))


def test_integers_become_decimals_and_leave_a_loaded_item_clean(account: Any) -> None:
    class Balance(Model):
        model_config = ModelConfig(table="balances")
        pk = StringAttribute(partition_key=True)
        amount = DecimalAttribute(default=42)

    assert type(Balance(pk="a").amount) is Decimal
    loaded = account.from_dict({"pk": "a", "b": 42})
    assert type(loaded.balance) is Decimal and not loaded.is_dirty
    loaded.balance = 42  # the same number: not a change
    assert not loaded.is_dirty
    loaded.balance = EXACT
    assert loaded.is_dirty and loaded.to_dict()["b"] == EXACT
