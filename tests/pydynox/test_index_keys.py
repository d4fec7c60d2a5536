"""GSI keys beyond one attribute: multi-attribute keys, and inverted indexes over template keys.

The expected results and error messages are those of the real pydynox 1.8.0
(checked against it over HTTP, on the same scenarios).
"""

from __future__ import annotations

import asyncio
from typing import Any

import boto3
import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ValidationException
from pydynox.indexes import GlobalSecondaryIndex


class Product(Model):
    model_config = ModelConfig(table="products")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    tenant_id = StringAttribute()
    region = StringAttribute(alias="rgn")
    created_at = StringAttribute()
    item_id = StringAttribute()
    price = NumberAttribute()

    by_place = GlobalSecondaryIndex("place", partition_key=["tenant_id", "region"], sort_key=["created_at", "item_id"])
    by_price = GlobalSecondaryIndex("price", partition_key="tenant_id", sort_key=["price", "item_id"])


class UserOrder(Model):
    model_config = ModelConfig(table="orders")
    pk = StringAttribute(partition_key=True, template="USER#{user_id}")
    sk = StringAttribute(sort_key=True, template="ORDER#{order_id}")
    user_id = StringAttribute()
    order_id = StringAttribute()
    status = StringAttribute()

    by_order = GlobalSecondaryIndex("inverted", partition_key="sk", sort_key="pk")


class Profile(Model):
    model_config = ModelConfig(table="profiles")
    pk = StringAttribute(partition_key=True, template="USER#{email}")
    sk = StringAttribute(sort_key=True, template="PROFILE")
    email = StringAttribute()

    by_kind = GlobalSecondaryIndex("inverted", partition_key="sk", sort_key="pk")


@pytest.fixture
def products(client: DynamoDBClient) -> DynamoDBClient:
    Product.sync_create_table(wait=True)
    rows = [("A", "us", "2025-01-01", 5), ("A", "us", "2025-01-02", 7), ("A", "eu", "2025-01-01", 9)]
    rows.append(("A", "us", "2025-01-02", 11))
    for number, (tenant, region, created, price) in enumerate(rows):
        item_id = f"{number:03}"
        Product(
            pk=f"P{number}", sk="D", tenant_id=tenant, region=region, created_at=created, item_id=item_id, price=price
        ).sync_save()
    return client


@pytest.fixture
def orders(client: DynamoDBClient) -> DynamoDBClient:
    UserOrder.sync_create_table(wait=True)
    for user, order, status in [("alice", "1", "shipped"), ("bob", "1", "pending"), ("bob", "2", "pending")]:
        UserOrder(user_id=user, order_id=order, status=status).sync_save()
    return client


def pks(results: Any) -> list[str]:
    return [item.pk for item in results]


# -- multi-attribute keys -----------------------------------------------------------


def test_multi_attribute_declaration_and_definitions() -> None:
    index = Product.by_place
    assert (index.partition_keys, index.sort_keys) == (["tenant_id", "region"], ["created_at", "item_id"])
    assert (index.partition_key, index.sort_key) == ("tenant_id", "created_at")
    assert index.to_create_table_definition(Product) == {
        "index_name": "place",
        "hash_keys": [("tenant_id", "S"), ("rgn", "S")],
        "range_keys": [("created_at", "S"), ("item_id", "S")],
        "projection": "ALL",
    }
    assert Product.by_price.to_create_table_definition(Product) == {
        "index_name": "price",
        "hash_key": ("tenant_id", "S"),
        "range_keys": [("price", "N"), ("item_id", "S")],
        "projection": "ALL",
    }
    assert [(k["AttributeName"], k["KeyType"]) for k in index.to_dynamodb_definition()["KeySchema"]] == [
        ("tenant_id", "HASH"),
        ("rgn", "HASH"),
        ("created_at", "RANGE"),
        ("item_id", "RANGE"),
    ]
    assert "partition_key=['tenant_id', 'region']" in repr(index)
    with pytest.raises(ValueError, match="GSI 'x': partition_key can have at most 4 attributes, got 5"):
        GlobalSecondaryIndex("x", partition_key=list("abcde"))
    with pytest.raises(ValueError, match="GSI 'x': sort_key can have at most 4 attributes, got 5"):
        GlobalSecondaryIndex("x", partition_key="a", sort_key=list("abcde"))
    with pytest.raises(ValueError, match="GSI 'x': partition_key is required"):
        GlobalSecondaryIndex("x", partition_key=[])


def test_model_creates_a_multi_attribute_gsi(products: DynamoDBClient) -> None:
    table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="products")["Table"]
    place = next(index for index in table["GlobalSecondaryIndexes"] if index["IndexName"] == "place")
    assert [(k["AttributeName"], k["KeyType"]) for k in place["KeySchema"]] == [
        ("tenant_id", "HASH"),
        ("rgn", "HASH"),
        ("created_at", "RANGE"),
        ("item_id", "RANGE"),
    ]


def test_multi_attribute_queries(products: DynamoDBClient) -> None:
    assert pks(Product.by_place.sync_query(tenant_id="A", region="us")) == ["P0", "P1", "P3"]
    assert pks(Product.by_place.sync_query(tenant_id="A", region="us", scan_index_forward=False)) == ["P3", "P1", "P0"]
    # Sort-key conditions go left to right: equality on the first, then a condition on the next.
    first = Product.created_at == "2025-01-02"
    assert pks(Product.by_place.sync_query(tenant_id="A", region="us", sort_key_condition=first)) == ["P1", "P3"]
    both = first & (Product.item_id > "001")
    assert pks(Product.by_place.sync_query(tenant_id="A", region="us", sort_key_condition=both)) == ["P3"]
    expensive = Product.by_place.sync_query(tenant_id="A", region="us", filter_condition=Product.price >= 7)
    assert pks(expensive) == ["P1", "P3"]
    assert pks(Product.by_price.sync_query(tenant_id="A", sort_key_condition=Product.price >= 7)) == ["P1", "P2", "P3"]
    assert pks(Product.by_price.sync_query(partition_key="A")) == ["P0", "P1", "P2", "P3"]
    page = Product.by_place.sync_query(tenant_id="A", region="us", limit=2)
    assert pks(page) == ["P0", "P1"]
    assert page.last_evaluated_key == {
        "pk": "P1", "sk": "D", "tenant_id": "A", "rgn": "us", "created_at": "2025-01-02", "item_id": "001"
    }  # fmt: skip
    rest = Product.by_place.sync_query(tenant_id="A", region="us", last_evaluated_key=page.last_evaluated_key)
    assert pks(rest) == ["P3"]

    async def run() -> list[str]:
        return [item.pk async for item in Product.by_place.query(tenant_id="A", region="eu")]

    assert asyncio.run(run()) == ["P2"]


def test_multi_attribute_query_needs_every_partition_attribute(products: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match=r"GSI 'place' query requires 'region'\. .*Got: \['tenant_id'\]"):
        Product.by_place.sync_query(tenant_id="A")
    with pytest.raises(ValueError, match="requires 'tenant_id'"):
        Product.by_place.query()
    with pytest.raises(ValueError, match=r"composite partition key \(tenant_id, region\).*\.query\(tenant_id=\.\.\., "):
        Product.by_place.sync_query(partition_key="A")
    with pytest.raises(ValueError, match="GSI 'price' query requires a partition key value"):
        Product.by_price.sync_query(region="us")


def test_multi_attribute_key_condition_shape(products: DynamoDBClient) -> None:
    sent: list[dict[str, Any]] = []
    events = (products._boto or products._connect()).meta.events

    def record(params: dict[str, Any], **_: Any) -> None:
        sent.append(params)

    events.register("before-parameter-build.dynamodb.Query", record, unique_id="test-index-keys")
    try:
        list(Product.by_place.sync_query(tenant_id="A", region="us", sort_key_condition=Product.created_at < "z"))
    finally:
        events.unregister("before-parameter-build.dynamodb.Query", unique_id="test-index-keys")
    query = sent[-1]
    assert query["KeyConditionExpression"] == "#gsi_hk0 = :gsi_hkv0 AND #gsi_hk1 = :gsi_hkv1 AND #n0 < :v0"
    assert query["ExpressionAttributeNames"] == {"#gsi_hk0": "tenant_id", "#gsi_hk1": "rgn", "#n0": "created_at"}
    assert query["IndexName"] == "place"


# -- inverted indexes over template keys ------------------------------------------


def test_inverted_index_by_template_placeholders(orders: DynamoDBClient) -> None:
    assert [o.user_id for o in UserOrder.by_order.sync_query(order_id="1")] == ["alice", "bob"]
    assert [o.user_id for o in UserOrder.by_order.sync_query(order_id=1)] == ["alice", "bob"]  # str() of the value
    assert [o.user_id for o in UserOrder.by_order.sync_query(sk="ORDER#2")] == ["bob"]
    assert [o.user_id for o in UserOrder.by_order.sync_query(partition_key="ORDER#1")] == ["alice", "bob"]
    # The attribute itself wins over its placeholders.
    assert [o.user_id for o in UserOrder.by_order.sync_query(sk="ORDER#2", order_id="1")] == ["bob"]

    async def run() -> list[str]:
        return [o.user_id async for o in UserOrder.by_order.query(order_id="2")]

    assert asyncio.run(run()) == ["bob"]


def test_inverted_index_with_conditions(orders: DynamoDBClient) -> None:
    by_b = UserOrder.by_order.sync_query(order_id="1", sort_key_condition=UserOrder.pk.begins_with("USER#b"))
    assert [o.user_id for o in by_b] == ["bob"]
    shipped = UserOrder.by_order.sync_query(order_id="1", filter_condition=UserOrder.status == "shipped")
    assert [o.user_id for o in shipped] == ["alice"]
    newest_first = UserOrder.by_order.sync_query(order_id="1", scan_index_forward=False)
    assert [o.user_id for o in newest_first] == ["bob", "alice"]


def test_inverted_index_without_its_key(orders: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match=r"Use partition_key='value' or sk='value'\. Got: \['user_id'\]"):
        UserOrder.by_order.sync_query(user_id="bob")


def test_static_template_key_needs_no_arguments(client: DynamoDBClient) -> None:
    Profile.sync_create_table(wait=True)
    Profile(email="a@x.io").sync_save()
    Profile(email="b@x.io").sync_save()
    assert pks(Profile.by_kind.sync_query()) == ["USER#a@x.io", "USER#b@x.io"]


def test_build_key_follows_pydynox_1_8() -> None:
    assert UserOrder.sk.build_key({"order_id": None}) == "ORDER#None"
    assert UserOrder.sk.build_key({"order_id": 7, "other": 1}) == "ORDER#7"
    with pytest.raises(ValueError, match="^Missing value for template placeholder: order_id$"):
        UserOrder.sk.build_key({})


# -- client create_table GSI dictionaries ---------------------------------------------


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ({"hash_key": ("a", "S")}, "GSI missing 'index_name'"),
        ({"index_name": "i", "partition_keys": [("a", "S")]}, "GSI missing 'hash_key' or 'hash_keys'"),
        ({"index_name": "i", "hash_keys": []}, "GSI 'i': hash_keys must have 1-4 attributes, got 0"),
        ({"index_name": "i", "hash_keys": [(x, "S") for x in "abcde"]}, "hash_keys must have 1-4 attributes, got 5"),
        (
            {"index_name": "i", "hash_key": ("a", "S"), "range_keys": [(x, "S") for x in "bcdef"]},
            "GSI 'i': range_keys must have 0-4 attributes, got 5",
        ),
    ],
)
def test_create_table_gsi_dictionaries(client: DynamoDBClient, index: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationException, match=message):
        client.sync_create_table("t", partition_key=("pk", "S"), global_secondary_indexes=[index])


def test_create_table_with_multi_attribute_gsi(client: DynamoDBClient) -> None:
    index = {"index_name": "multi", "hash_keys": [("a", "S"), ("b", "N")], "range_keys": [("c", "S"), ("d", "S")]}
    client.sync_create_table("multi", partition_key=("pk", "S"), global_secondary_indexes=[index], wait=True)
    table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="multi")["Table"]
    schema = table["GlobalSecondaryIndexes"][0]["KeySchema"]
    assert [(k["AttributeName"], k["KeyType"]) for k in schema] == [
        ("a", "HASH"),
        ("b", "HASH"),
        ("c", "RANGE"),
        ("d", "RANGE"),
    ]
    types = {entry["AttributeName"]: entry["AttributeType"] for entry in table["AttributeDefinitions"]}
    assert types == {"pk": "S", "a": "S", "b": "N", "c": "S", "d": "S"}
