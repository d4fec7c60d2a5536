"""Query, Scan and secondary indexes through every way in, and fakedynamo's own promises about them.

The conformance tests (conformance/test_query.py, test_scan.py,
test_indexes.py) pin what DynamoDB answers through a plain client. These
check that the same flows hold through boto3's paginators and resource,
PynamoDB's models and indexes, and the HTTP server; and they pin what
fakedynamo chooses where DynamoDB promises nothing testable from outside:
the hash that orders a Scan and cuts its segments, the order of items with
equal index keys, index statistics kept in step on every write, the 1 MB page.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, Iterator

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    KeysOnlyProjection,
    LocalSecondaryIndex,
)
from pynamodb.models import Model

import fakedynamo
from fakedynamo import Engine
from fakedynamo.indexes import number_bytes
from fakedynamo.keys import key_of_item
from fakedynamo.values import check_item, item_size
from fakedynamo.wire.http import running_server

REGION = "us-east-1"


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def orders_table(client: Any, name: str = "orders") -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "owner", "AttributeType": "S"},
            {"AttributeName": "created", "AttributeType": "N"},
            {"AttributeName": "status", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[{
            "IndexName": "by_owner",
            "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}, {"AttributeName": "created", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        LocalSecondaryIndexes=[{
            "IndexName": "by_status",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "status", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
        BillingMode="PAY_PER_REQUEST",
    )


def fill_orders(put: Any) -> None:
    for i in range(12):
        put({"pk": "cust#1" if i < 8 else "cust#2", "sk": i, "owner": "alice" if i % 3 else "bob",
             "created": 100 - i, "status": "open" if i % 2 else "closed", "total": i * 10})


# -- boto3: paginators and the resource ---------------------------------------------


@pytest.fixture
def resource() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb():
        resource = boto3.resource("dynamodb", region_name=REGION)
        orders_table(resource.meta.client)
        table = resource.Table("orders")
        fill_orders(lambda item: table.put_item(Item=item))
        yield resource


def test_resource_query_with_key_and_attr_conditions(resource):
    table = resource.Table("orders")
    response = table.query(KeyConditionExpression=Key("pk").eq("cust#1") & Key("sk").between(2, 6),
                           FilterExpression=Attr("status").eq("open"), ConsistentRead=True)
    assert [item["sk"] for item in response["Items"]] == [3, 5]
    assert response["Count"] == 2 and response["ScannedCount"] == 5
    backwards = table.query(KeyConditionExpression=Key("pk").eq("cust#1") & Key("sk").lt(3), ScanIndexForward=False)
    assert [item["sk"] for item in backwards["Items"]] == [2, 1, 0]
    counted = table.query(KeyConditionExpression=Key("pk").eq("cust#1"), Select="COUNT")
    assert counted["Count"] == 8 and "Items" not in counted


def test_resource_query_on_indexes(resource):
    table = resource.Table("orders")
    alice = table.query(IndexName="by_owner", KeyConditionExpression=Key("owner").eq("alice") & Key("created").gte(95))
    assert [item["sk"] for item in alice["Items"]] == [5, 4, 2, 1]  # by created, ascending
    assert alice["Items"][0]["total"] == 50
    statuses = table.query(IndexName="by_status", KeyConditionExpression=Key("pk").eq("cust#2") & Key("status").begins_with("o"))
    assert sorted(statuses["Items"], key=lambda item: item["sk"]) == [
        {"pk": "cust#2", "sk": 9, "status": "open"}, {"pk": "cust#2", "sk": 11, "status": "open"}]
    fetched = table.query(IndexName="by_status", KeyConditionExpression=Key("pk").eq("cust#2"), Select="ALL_ATTRIBUTES")
    assert {item["total"] for item in fetched["Items"]} == {80, 90, 100, 110}


def test_resource_scan(resource):
    table = resource.Table("orders")
    response = table.scan(FilterExpression=Attr("total").gt(60) & Attr("owner").ne("bob"))
    assert sorted(item["sk"] for item in response["Items"]) == [7, 8, 10, 11]
    assert response["ScannedCount"] == 12
    index_scan = table.scan(IndexName="by_owner", FilterExpression=Attr("status").eq("closed"), ProjectionExpression="sk")
    assert sorted(item["sk"] for item in index_scan["Items"]) == [0, 2, 4, 6, 8, 10]


def test_client_paginators(resource):
    client = resource.meta.client
    pages = list(client.get_paginator("query").paginate(
        TableName="orders", IndexName="by_owner", KeyConditionExpression="#o = :o", ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": "alice"}, PaginationConfig={"PageSize": 3}))
    assert [page["Count"] for page in pages] == [3, 3, 2]
    assert set(pages[0]["LastEvaluatedKey"]) == {"pk", "sk", "owner", "created"}
    scanned = client.get_paginator("scan").paginate(TableName="orders", PaginationConfig={"PageSize": 5, "MaxItems": 12})
    assert sum(len(page["Items"]) for page in scanned) == 12
    parallel = [item for segment in range(3) for page in client.get_paginator("scan").paginate(
        TableName="orders", Segment=segment, TotalSegments=3, PaginationConfig={"PageSize": 2}) for item in page["Items"]]
    assert sorted((item["pk"], item["sk"]) for item in parallel) == sorted(
        ("cust#1" if i < 8 else "cust#2", i) for i in range(12))


# -- PynamoDB ---------------------------------------------------------------------


class ByOwner(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created = NumberAttribute(range_key=True)


class ByStatus(LocalSecondaryIndex):
    class Meta:
        index_name = "by_status"
        projection = KeysOnlyProjection()

    pk = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute(range_key=True)


class Order(Model):
    class Meta:
        table_name = "pynamo-orders"
        region = REGION
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = NumberAttribute(range_key=True)
    owner = UnicodeAttribute(null=True)
    created = NumberAttribute(null=True)
    status = UnicodeAttribute(null=True)
    total = NumberAttribute(null=True)
    by_owner = ByOwner()
    by_status = ByStatus()


@pytest.fixture
def pynamo() -> Iterator[fakedynamo.MockDynamoDB]:
    with fakedynamo.mock_dynamodb() as db:
        Order._connection = None
        Order.create_table(wait=True)
        fill_orders(lambda item: Order(**item).save())
        yield db
    Order._connection = None


def test_pynamodb_query_count_and_pages(pynamo):
    found = [order.sk for order in Order.query("cust#1", Order.sk >= 5)]
    assert found == [5, 6, 7]
    assert Order.count("cust#1", Order.sk >= 5) == 3
    assert Order.count("cust#1", filter_condition=Order.status == "open") == 4
    pages = Order.query("cust#1", limit=3)
    assert [order.sk for order in pages] == [0, 1, 2]
    assert pages.last_evaluated_key == {"pk": {"S": "cust#1"}, "sk": {"N": "2"}}
    rest = Order.query("cust#1", last_evaluated_key=pages.last_evaluated_key, page_size=2)
    assert [order.sk for order in rest] == [3, 4, 5, 6, 7]
    assert rest.last_evaluated_key is None
    backwards = [order.sk for order in Order.query("cust#2", scan_index_forward=False, attributes_to_get=["sk"])]
    assert backwards == [11, 10, 9, 8]


def test_pynamodb_indexes(pynamo):
    mine = list(Order.by_owner.query("alice", Order.created > 94))
    assert [(order.sk, order.total) for order in mine] == [(5, 50), (4, 40), (2, 20), (1, 10)]
    assert Order.by_owner.count("bob") == 4
    open_ones = list(Order.by_status.query("cust#1", Order.status == "open"))
    assert sorted(order.sk for order in open_ones) == [1, 3, 5, 7]  # equal index keys: table-key hash order
    assert all(order.total is None for order in open_ones)  # KEYS_ONLY
    pages = Order.by_owner.query("alice", limit=2)
    assert len(list(pages)) == 2 and set(pages.last_evaluated_key) == {"pk", "sk", "owner", "created"}


def test_pynamodb_scan(pynamo):
    big = sorted(order.sk for order in Order.scan(Order.total >= 90))
    assert big == [9, 10, 11]
    assert Order.count() == 12 and Order.count(None) == 12
    segments = [order.sk for segment in range(4) for order in Order.scan(segment=segment, total_segments=4)]
    assert sorted(segments) == list(range(12))
    index_items = sorted(order.sk for order in Order.by_owner.scan(Order.status == "open"))
    assert index_items == [1, 3, 5, 7, 9, 11]


# -- HTTP -------------------------------------------------------------------------


def test_over_http():
    with running_server(Engine()) as server:
        client = boto3.client("dynamodb", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id="AKIDFAKE",
                              aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
        orders_table(client, "web-orders")
        serializer = boto3.dynamodb.types.TypeSerializer()
        fill_orders(lambda item: client.put_item(TableName="web-orders", Item={k: serializer.serialize(v) for k, v in item.items()}))
        pages = list(client.get_paginator("query").paginate(
            TableName="web-orders", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("cust#1")},
            PaginationConfig={"PageSize": 3}, ReturnConsumedCapacity="TOTAL"))
        assert [page["Count"] for page in pages] == [3, 3, 2]
        assert [int(item["sk"]["N"]) for page in pages for item in page["Items"]] == list(range(8))
        scanned = client.scan(TableName="web-orders", IndexName="by_owner", Select="COUNT")
        assert scanned == {**scanned, "Count": 12, "ScannedCount": 12}
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.query(TableName="web-orders", IndexName="by_owner", KeyConditionExpression="#o = :o",
                         ExpressionAttributeNames={"#o": "owner"}, ExpressionAttributeValues={":o": S("a")}, ConsistentRead=True)
        assert caught.value.response["Error"]["Message"] == "Consistent reads are not supported on global secondary indexes"


# -- fakedynamo's own choices -------------------------------------------------------


@pytest.fixture
def db() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb() as db:
        yield db


@pytest.fixture
def client(db) -> Any:
    return boto3.client("dynamodb", region_name=REGION)


def digest(*parts: bytes) -> bytes:
    return hashlib.md5(b"Outliers" + b"".join(parts)).digest()


def test_scan_order_follows_the_salted_md5_of_the_partition_key(client):
    client.create_table(TableName="hashed", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    names = [f"item-{i}" for i in range(50)]
    for name in names:
        client.put_item(TableName="hashed", Item={"pk": S(name)})
    scanned = [item["pk"]["S"] for item in client.scan(TableName="hashed")["Items"]]
    assert scanned == sorted(names, key=lambda name: digest(name.encode()))
    assert scanned != names
    for total in (2, 5):
        for segment in range(total):
            got = [item["pk"]["S"] for item in client.scan(TableName="hashed", Segment=segment, TotalSegments=total)["Items"]]
            assert got == [n for n in scanned if (int.from_bytes(digest(n.encode())[:8], "big") * total) >> 64 == segment]


def test_numbers_hash_in_dynamodbs_byte_form():
    assert number_bytes(Decimal("0")) == b"\x80"
    assert number_bytes(Decimal("1")) == bytes([0xC1, 0x02])
    assert number_bytes(Decimal("-1")) == bytes([0x3E, 0x64, 0x66])
    assert number_bytes(Decimal("123456789")) == bytes.fromhex("c502182e445a")
    ordered = [Decimal(n) for n in ("-1E+10", "-99.1", "-1", "-0.5", "0", "1E-130", "0.5", "1", "99.1", "1E+125")]
    assert sorted(ordered, key=number_bytes) == ordered


def test_equal_index_keys_order_by_the_salted_md5_of_the_table_key(client):
    # dynalite's capture of real DynamoDB: equal GSI keys came back in this order.
    client.create_table(
        TableName="ties", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in "abcd"],
        GlobalSecondaryIndexes=[{"IndexName": "index4",
                                 "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}, {"AttributeName": "d", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    for a, b in [("a", "a"), ("b", "a"), ("c", "a"), ("c", "b"), ("d", "a"), ("d", "b")]:
        client.put_item(TableName="ties", Item={"a": S(a), "b": S(b), "c": S("c"), "d": S("a")})
    response = client.query(TableName="ties", IndexName="index4", KeyConditionExpression="c = :c",
                            ExpressionAttributeValues={":c": S("c")}, ExclusiveStartKey={"a": S("a"), "b": S("a"), "c": S("c"), "d": S("a")})
    assert [(item["a"]["S"], item["b"]["S"]) for item in response["Items"]] == [("d", "a"), ("b", "a"), ("c", "a"), ("d", "b"), ("c", "b")]


def test_index_statistics_follow_every_write(client):
    orders_table(client)

    def counts() -> dict[str, tuple[int, int]]:
        table = client.describe_table(TableName="orders")["Table"]
        return {i["IndexName"]: (i["ItemCount"], i["IndexSizeBytes"])
                for i in table.get("GlobalSecondaryIndexes", []) + table.get("LocalSecondaryIndexes", [])}

    assert counts() == {"by_owner": (0, 0), "by_status": (0, 0)}
    first = {"pk": S("p"), "sk": N("1"), "owner": S("o"), "created": N("1"), "x": S("xx")}
    second = {"pk": S("p"), "sk": N("2"), "status": S("s"), "y": S("yy")}
    client.put_item(TableName="orders", Item=first)
    client.put_item(TableName="orders", Item=second)
    whole = item_size(first)  # the global index projects ALL
    keys_only = item_size({"pk": S("p"), "sk": N("2"), "status": S("s")})
    assert counts() == {"by_owner": (1, whole), "by_status": (1, keys_only)}
    client.update_item(TableName="orders", Key={"pk": S("p"), "sk": N("1")}, UpdateExpression="REMOVE #o",
                       ExpressionAttributeNames={"#o": "owner"})
    client.delete_item(TableName="orders", Key={"pk": S("p"), "sk": N("2")})
    assert counts() == {"by_owner": (0, 0), "by_status": (0, 0)}


def test_a_new_global_index_is_backfilled_and_a_deleted_one_forgotten(client):
    orders_table(client)
    for i in range(5):
        client.put_item(TableName="orders", Item={"pk": S("p"), "sk": N(str(i)), "kind": S("odd" if i % 2 else "even")})
    client.update_table(TableName="orders", AttributeDefinitions=[{"AttributeName": "kind", "AttributeType": "S"}],
                        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "by_kind", "Projection": {"ProjectionType": "KEYS_ONLY"},
                                                                 "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}]}}])
    odd = client.query(TableName="orders", IndexName="by_kind", KeyConditionExpression="kind = :k", ExpressionAttributeValues={":k": S("odd")})
    assert sorted(item["sk"]["N"] for item in odd["Items"]) == ["1", "3"]
    client.put_item(TableName="orders", Item={"pk": S("p"), "sk": N("9"), "kind": S("odd")})
    assert client.query(TableName="orders", IndexName="by_kind", KeyConditionExpression="kind = :k",
                        ExpressionAttributeValues={":k": S("odd")}, Select="COUNT")["Count"] == 3
    client.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_kind"}}])
    with pytest.raises(client.exceptions.ClientError) as caught:
        client.scan(TableName="orders", IndexName="by_kind")
    assert caught.value.response["Error"]["Message"] == "The table does not have the specified index: by_kind"


def test_a_page_ends_at_one_megabyte(db, client):
    client.create_table(TableName="big", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])
    table = db.table("big")
    filler = "x" * 40_000
    for i in range(40):
        item = {"pk": S("p"), "sk": N(str(i)), "f": S(filler)}
        table.put(key_of_item(table, item), item, check_item(item))
    size = 2 + 1 + 2 + 2 + 1 + 40_000  # pk p, sk NN (one byte per two digits, plus one), f filler
    per_page = -(-(1024 * 1024) // size)  # the item that reaches 1 MB ends the page
    first = client.query(TableName="big", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p")},
                         Select="COUNT", ReturnConsumedCapacity="TOTAL", FilterExpression="attribute_not_exists(f)")
    assert first["ScannedCount"] == per_page and first["Count"] == 0
    assert first["LastEvaluatedKey"] == {"pk": S("p"), "sk": N(str(per_page - 1))}
    assert first["ConsumedCapacity"]["CapacityUnits"] == -(-(per_page * size) // 4096) / 2
    second = client.query(TableName="big", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p")},
                          ExclusiveStartKey=first["LastEvaluatedKey"])
    assert second["Count"] == 40 - per_page and "LastEvaluatedKey" not in second
    assert client.scan(TableName="big", Select="COUNT")["ScannedCount"] == per_page


def test_local_index_fetch_charges_the_table(client):
    orders_table(client)
    client.put_item(TableName="orders", Item={"pk": S("p"), "sk": N("1"), "status": S("s"), "blob": S("x" * 5000)})
    response = client.query(TableName="orders", IndexName="by_status", KeyConditionExpression="pk = :p",
                            ExpressionAttributeValues={":p": S("p")}, Select="ALL_ATTRIBUTES", ReturnConsumedCapacity="INDEXES")
    assert response["Items"][0]["blob"] == S("x" * 5000)
    assert response["ConsumedCapacity"] == {"TableName": "orders", "CapacityUnits": 1.5, "Table": {"CapacityUnits": 1.0},
                                            "LocalSecondaryIndexes": {"by_status": {"CapacityUnits": 0.5}}}


def test_reads_change_nothing(db, client):
    orders_table(client)
    fill_orders(lambda item: client.put_item(TableName="orders", Item=boto3.dynamodb.types.TypeSerializer().serialize(item)["M"]))
    before = db.items("orders")
    client.query(TableName="orders", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("cust#1")},
                 ProjectionExpression="sk")
    client.scan(TableName="orders", IndexName="by_owner", Limit=3)
    with pytest.raises(client.exceptions.ClientError):
        client.query(TableName="orders", KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues={":p": S("x"), ":s": S("y")})
    assert db.items("orders") == before
