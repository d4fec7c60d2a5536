"""Query and Scan on global and local secondary indexes, as real DynamoDB answers them.

Sources: dynalite's test/query.js (run against real DynamoDB: index key
order, LastEvaluatedKey of an index, index capacity under INDEXES),
paritysuite/dynamodb-conformance (tests/tier1/query/multiAttributeGsiKey,
tests/tier3/error-messages/indexReads), moto's aws_verified Select tests
(ALL_ATTRIBUTES on a partial global index), the Developer Guide (sparse
indexes; a local index fetches attributes it does not project).

Global indexes are eventually consistent on real DynamoDB: reads of them
retry briefly (`eventually`) until the writes show.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def eventually(read: Callable[[], Any], ready: Callable[[Any], bool], seconds: float = 20.0) -> Any:
    """`read()` until `ready(result)` (at once in-process, where indexes are never behind)."""
    deadline = time.monotonic() + seconds
    while True:
        result = read()
        if IN_PROCESS or ready(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def definitions(**types: str) -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]


def schema(*hash_names: str, ranges: tuple[str, ...] = ()) -> list[dict[str, str]]:
    return [{"AttributeName": n, "KeyType": "HASH"} for n in hash_names] + [
        {"AttributeName": n, "KeyType": "RANGE"} for n in ranges
    ]


@pytest.fixture
def indexed(client, make_table) -> str:
    """pk/sk table with: gsi_all (g, gs: ALL), gsi_keys (g: KEYS_ONLY), gsi_inc (g, gs: INCLUDE [a]),
    lsi_keys (pk, ls: KEYS_ONLY), lsi_all (pk, ls: ALL)."""
    table = make_table(
        KeySchema=schema("pk", ranges=("sk",)),
        AttributeDefinitions=definitions(pk="S", sk="S", g="S", gs="N", ls="S"),
        GlobalSecondaryIndexes=[
            {"IndexName": "gsi_all", "KeySchema": schema("g", ranges=("gs",)), "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "gsi_keys", "KeySchema": schema("g"), "Projection": {"ProjectionType": "KEYS_ONLY"}},
            {"IndexName": "gsi_inc", "KeySchema": schema("g", ranges=("gs",)),
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}},
        ],
        LocalSecondaryIndexes=[
            {"IndexName": "lsi_keys", "KeySchema": schema("pk", ranges=("ls",)), "Projection": {"ProjectionType": "KEYS_ONLY"}},
            {"IndexName": "lsi_all", "KeySchema": schema("pk", ranges=("ls",)), "Projection": {"ProjectionType": "ALL"}},
        ],
    )
    items = [
        {"pk": S("p1"), "sk": S("1"), "g": S("G"), "gs": N("3"), "ls": S("c"), "a": S("a1"), "b": S("b1")},
        {"pk": S("p1"), "sk": S("2"), "g": S("G"), "gs": N("1"), "ls": S("a"), "a": S("a2"), "b": S("b2")},
        {"pk": S("p2"), "sk": S("1"), "g": S("G"), "gs": N("2"), "a": S("a3")},
        {"pk": S("p2"), "sk": S("2"), "g": S("H"), "gs": N("1"), "ls": S("b")},
        {"pk": S("p3"), "sk": S("1"), "a": S("not indexed by g")},  # sparse: in no global index
    ]
    for item in items:
        client.put_item(TableName=table, Item=item)
    return table


def query_index(client: Any, table: str, index: str, kce: str, values: dict[str, Any], count: int, **params: Any) -> dict[str, Any]:
    return eventually(
        lambda: client.query(TableName=table, IndexName=index, KeyConditionExpression=kce, ExpressionAttributeValues=values, **params),
        lambda response: response["ScannedCount"] >= count,
    )


def pks(response: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["pk"]["S"], item["sk"]["S"]) for item in response["Items"]]


# -- global indexes ---------------------------------------------------------------


def test_gsi_query_in_index_sort_order(client, indexed):
    response = query_index(client, indexed, "gsi_all", "g = :g", {":g": S("G")}, 3)
    assert pks(response) == [("p1", "2"), ("p2", "1"), ("p1", "1")]
    assert response["Items"][0] == {"pk": S("p1"), "sk": S("2"), "g": S("G"), "gs": N("1"), "ls": S("a"), "a": S("a2"), "b": S("b2")}
    ranged = query_index(client, indexed, "gsi_all", "g = :g AND gs >= :n", {":g": S("G"), ":n": N("2")}, 2,
                         ScanIndexForward=False)
    assert pks(ranged) == [("p1", "1"), ("p2", "1")]


def test_gsi_returns_what_it_projects(client, indexed):
    keys_only = query_index(client, indexed, "gsi_keys", "g = :g", {":g": S("H")}, 1)
    assert keys_only["Items"] == [{"pk": S("p2"), "sk": S("2"), "g": S("H")}]
    include = query_index(client, indexed, "gsi_inc", "g = :g AND gs = :n", {":g": S("G"), ":n": N("3")}, 1)
    assert include["Items"] == [{"pk": S("p1"), "sk": S("1"), "g": S("G"), "gs": N("3"), "a": S("a1")}]
    projected = query_index(client, indexed, "gsi_inc", "g = :g AND gs = :n", {":g": S("G"), ":n": N("3")}, 1,
                            Select="ALL_PROJECTED_ATTRIBUTES")
    assert projected["Items"] == include["Items"]
    chosen = query_index(client, indexed, "gsi_inc", "g = :g AND gs = :n", {":g": S("G"), ":n": N("3")}, 1,
                         ProjectionExpression="a, b")
    assert chosen["Items"] == [{"a": S("a1")}]  # b is not in the index


def test_gsi_is_sparse(client, indexed):
    scanned = eventually(lambda: client.scan(TableName=indexed, IndexName="gsi_keys"), lambda r: r["Count"] >= 4)
    assert sorted(pks(scanned)) == [("p1", "1"), ("p1", "2"), ("p2", "1"), ("p2", "2")]
    assert all(set(item) == {"pk", "sk", "g"} for item in scanned["Items"])


def test_all_attributes_on_a_partial_gsi_is_refused(client, indexed):
    message = (
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary "
        "index gsi_keys because its projection type is not ALL"
    )
    assert error_of(lambda: client.query(TableName=indexed, IndexName="gsi_keys", KeyConditionExpression="g = :g",
                                         ExpressionAttributeValues={":g": S("G")}, Select="ALL_ATTRIBUTES")) == (
        "ValidationException", message)
    assert error_of(lambda: client.scan(TableName=indexed, IndexName="gsi_keys", Select="ALL_ATTRIBUTES")) == (
        "ValidationException", message)
    assert client.scan(TableName=indexed, IndexName="gsi_all", Select="ALL_ATTRIBUTES")["Count"] >= 0


def test_consistent_read_on_a_gsi_is_refused(client, indexed):
    message = ("ValidationException", "Consistent reads are not supported on global secondary indexes")
    assert error_of(lambda: client.query(TableName=indexed, IndexName="gsi_all", KeyConditionExpression="g = :g",
                                         ExpressionAttributeValues={":g": S("G")}, ConsistentRead=True)) == message
    assert error_of(lambda: client.scan(TableName=indexed, IndexName="gsi_all", ConsistentRead=True)) == message
    assert error_of(lambda: client.scan(TableName=indexed, IndexName="nope", ConsistentRead=True)) == (
        "ValidationException", "The table does not have the specified index: nope")


def test_gsi_pages_carry_table_and_index_keys(client, indexed):
    first = query_index(client, indexed, "gsi_all", "g = :g", {":g": S("G")}, 2, Limit=2)
    assert first["LastEvaluatedKey"] == {"pk": S("p2"), "sk": S("1"), "g": S("G"), "gs": N("2")}
    rest = query_index(client, indexed, "gsi_all", "g = :g", {":g": S("G")}, 1, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert pks(rest) == [("p1", "1")]
    hash_only = query_index(client, indexed, "gsi_keys", "g = :g", {":g": S("G")}, 1, Limit=1)
    assert set(hash_only["LastEvaluatedKey"]) == {"pk", "sk", "g"}


def test_equal_gsi_keys_page_through_every_item_once(client, make_table):
    table = make_table(AttributeDefinitions=definitions(pk="S", sk="S", g="S"),
                       KeySchema=schema("pk", ranges=("sk",)),
                       GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": schema("g"),
                                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    expected = {(f"p{i}", f"s{j}") for i in range(4) for j in range(3)}
    for pk, sk in expected:
        client.put_item(TableName=table, Item={"pk": S(pk), "sk": S(sk), "g": S("same")})
    whole = query_index(client, table, "by_g", "g = :g", {":g": S("same")}, 12)
    seen, start = [], None
    while True:
        params = {"Limit": 5}
        if start:
            params["ExclusiveStartKey"] = start
        page = client.query(TableName=table, IndexName="by_g", KeyConditionExpression="g = :g",
                            ExpressionAttributeValues={":g": S("same")}, **params)
        seen.extend(pks(page))
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == pks(whole) and set(seen) == expected


def test_index_start_key_errors(client, indexed):
    def refused(start: dict[str, Any]) -> tuple[str, str]:
        return error_of(lambda: client.query(TableName=indexed, IndexName="gsi_all", KeyConditionExpression="g = :g",
                                             ExpressionAttributeValues={":g": S("G")}, ExclusiveStartKey=start))

    assert refused({"pk": S("p1"), "sk": S("1")}) == ("ValidationException", "The provided starting key is invalid")
    assert refused({"pk": S("p1"), "sk": S("1"), "g": S("G")}) == ("ValidationException", "The provided starting key is invalid")
    assert refused({"g": S("G"), "gs": N("1")}) == ("ValidationException", "The provided starting key is invalid")


def test_filter_on_an_index_key_is_refused_but_table_keys_pass(client, indexed):
    assert error_of(lambda: client.query(TableName=indexed, IndexName="gsi_all", KeyConditionExpression="g = :g",
                                         FilterExpression="gs > :n", ExpressionAttributeValues={":g": S("G"), ":n": N("1")})) == (
        "ValidationException",
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: gs",
    )
    response = query_index(client, indexed, "gsi_all", "g = :g", {":g": S("G"), ":p": S("p1")}, 3, FilterExpression="pk = :p")
    assert pks(response) == [("p1", "2"), ("p1", "1")] and response["ScannedCount"] == 3


def test_writes_move_items_in_a_gsi(client, indexed):
    client.update_item(TableName=indexed, Key={"pk": S("p2"), "sk": S("2")}, UpdateExpression="SET g = :g, gs = :n",
                       ExpressionAttributeValues={":g": S("G"), ":n": N("9")})
    client.delete_item(TableName=indexed, Key={"pk": S("p1"), "sk": S("2")})
    client.update_item(TableName=indexed, Key={"pk": S("p2"), "sk": S("1")}, UpdateExpression="REMOVE gs")
    response = eventually(lambda: client.query(TableName=indexed, IndexName="gsi_all", KeyConditionExpression="g = :g",
                                                ExpressionAttributeValues={":g": S("G")}, ProjectionExpression="pk, sk"),
                          lambda r: pks(r) == [("p1", "1"), ("p2", "2")])
    assert pks(response) == [("p1", "1"), ("p2", "2")]


def test_index_key_type_is_checked_on_writes(client, indexed):
    message = "One or more parameter values were invalid: Type mismatch for Index Key gs Expected: N Actual: S IndexName: gsi_all"
    assert error_of(lambda: client.put_item(TableName=indexed, Item={"pk": S("x"), "sk": S("1"), "gs": S("1")})) == (
        "ValidationException", message)
    assert error_of(lambda: client.update_item(TableName=indexed, Key={"pk": S("p1"), "sk": S("1")},
                                               UpdateExpression="SET gs = :v", ExpressionAttributeValues={":v": S("1")})) == (
        "ValidationException", message)


HASH_TOO_LARGE = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_TOO_LARGE = "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"


def test_index_key_values_over_the_size_limits_are_refused_on_writes(client, indexed):
    """The Developer Guide's index key limits: 2048 bytes for a partition key, 1024 for a sort key.
    The messages are the table key's (inferred: no capture of this refusal found)."""
    client.put_item(TableName=indexed, Item={"pk": S("big"), "sk": S("1"), "g": S("x" * 2048), "ls": S("y" * 1024)})
    for item, message in (
        ({"g": S("x" * 2049)}, HASH_TOO_LARGE),
        ({"g": S("€" * 683)}, HASH_TOO_LARGE),  # bytes of UTF-8, not characters
        ({"ls": S("y" * 1025)}, RANGE_TOO_LARGE),
    ):
        call = lambda: client.put_item(TableName=indexed, Item={"pk": S("big"), "sk": S("2"), **item})  # noqa: B023
        assert error_of(call) == ("ValidationException", message)
    update = lambda: client.update_item(  # noqa: E731
        TableName=indexed, Key={"pk": S("p1"), "sk": S("1")}, UpdateExpression="SET g = :v",
        ExpressionAttributeValues={":v": S("x" * 2049)})
    assert error_of(update) == ("ValidationException", HASH_TOO_LARGE)
    assert client.get_item(TableName=indexed, Key={"pk": S("big"), "sk": S("2")}, ConsistentRead=True).get("Item") is None


def test_a_new_index_leaves_out_items_over_its_key_size_limits(client, make_table):
    """Backfilling an index skips an item whose key value is too large (an index key violation)."""
    table = make_table()
    client.put_item(TableName=table, Item={"pk": S("small"), "g": S("x")})
    client.put_item(TableName=table, Item={"pk": S("large"), "g": S("x" * 2049)})
    client.update_table(
        TableName=table,
        AttributeDefinitions=definitions(pk="S", g="S"),
        GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "by_g", "KeySchema": schema("g"), "Projection": {"ProjectionType": "KEYS_ONLY"}}}
        ],
    )
    deadline = time.monotonic() + 900
    while True:
        indexes = client.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", [])
        if indexes and indexes[0]["IndexStatus"] == "ACTIVE" or time.monotonic() > deadline:
            break
        time.sleep(5)
    items = eventually(lambda: client.scan(TableName=table, IndexName="by_g")["Items"], lambda found: len(found) >= 1)
    assert [item["pk"] for item in items] == [S("small")]
    assert client.get_item(TableName=table, Key={"pk": S("large")}, ConsistentRead=True)["Item"]["g"] == S("x" * 2049)


def test_gsi_capacity_is_charged_to_the_index(client, indexed):
    response = query_index(client, indexed, "gsi_all", "g = :g", {":g": S("G")}, 3, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {
        "TableName": indexed, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
        "GlobalSecondaryIndexes": {"gsi_all": {"CapacityUnits": 0.5}},
    }
    total = client.scan(TableName=indexed, IndexName="gsi_keys", ReturnConsumedCapacity="TOTAL")
    assert total["ConsumedCapacity"] == {"TableName": indexed, "CapacityUnits": 0.5}


# -- local indexes ----------------------------------------------------------------


def test_lsi_query_in_index_order_with_consistent_read(client, indexed):
    response = client.query(TableName=indexed, IndexName="lsi_all", KeyConditionExpression="pk = :p",
                            ExpressionAttributeValues={":p": S("p1")}, ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert pks(response) == [("p1", "2"), ("p1", "1")]  # ls "a" before "c"
    assert response["ConsumedCapacity"] == {
        "TableName": indexed, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 0.0},
        "LocalSecondaryIndexes": {"lsi_all": {"CapacityUnits": 1.0}},
    }
    sparse = client.query(TableName=indexed, IndexName="lsi_keys", KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": S("p2")}, ConsistentRead=True)
    assert sparse["Items"] == [{"pk": S("p2"), "sk": S("2"), "ls": S("b")}]


def test_lsi_fetches_what_it_does_not_project(client, indexed):
    whole = client.query(TableName=indexed, IndexName="lsi_keys", KeyConditionExpression="pk = :p AND ls = :l",
                         ExpressionAttributeValues={":p": S("p1"), ":l": S("c")}, Select="ALL_ATTRIBUTES", ConsistentRead=True)
    assert whole["Items"] == [{"pk": S("p1"), "sk": S("1"), "g": S("G"), "gs": N("3"), "ls": S("c"), "a": S("a1"), "b": S("b1")}]
    chosen = client.query(TableName=indexed, IndexName="lsi_keys", KeyConditionExpression="pk = :p AND ls = :l",
                          ExpressionAttributeValues={":p": S("p1"), ":l": S("c")}, ProjectionExpression="ls, b", ConsistentRead=True)
    assert chosen["Items"] == [{"ls": S("c"), "b": S("b1")}]


def test_lsi_pages_carry_table_and_index_keys(client, indexed):
    response = client.query(TableName=indexed, IndexName="lsi_keys", KeyConditionExpression="pk = :p",
                            ExpressionAttributeValues={":p": S("p1")}, Limit=1, ConsistentRead=True)
    assert response["LastEvaluatedKey"] == {"pk": S("p1"), "sk": S("2"), "ls": S("a")}


# -- multi-attribute keys -----------------------------------------------------------


@pytest.fixture
def multi(client, make_table) -> str:
    """paritysuite's table: a GSI keyed by HASH h and RANGE a, b, c, d."""
    table = make_table(
        KeySchema=schema("pk"),
        AttributeDefinitions=definitions(pk="S", h="S", a="S", b="S", c="S", d="S"),
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": schema("h", ranges=("a", "b", "c", "d")),
                                 "Projection": {"ProjectionType": "ALL"}}],
    )
    rows = [("p1", "T", "live", "b", "r1"), ("p2", "T", "live", "a", "r2"), ("p3", "T", "live", "a", "r1"),
            ("p4", "T", "draft", "c", "r1"), ("p5", "F", "live", "a", "r0"), ("p6", "T", "live", None, "r1")]
    for pk, a, b, c, d in rows:
        item = {"pk": S(pk), "h": S("o1"), "a": S(a), "b": S(b), "d": S(d)}
        if c is not None:
            item["c"] = S(c)
        client.put_item(TableName=table, Item=item)
    return table


VALUES = {":h": S("o1"), ":a": S("T"), ":b": S("live"), ":c": S("a"), ":d": S("r"), ":x": S("r1"), ":y": S("r1")}


def multi_query(client: Any, table: str, kce: str, count: int = 0, **params: Any) -> dict[str, Any]:
    values = {k: v for k, v in VALUES.items() if k in kce}
    return eventually(
        lambda: client.query(TableName=table, IndexName="gsi", KeyConditionExpression=kce, ExpressionAttributeValues=values, **params),
        lambda r: r["ScannedCount"] >= count,
    )


@pytest.mark.parametrize(
    ("kce", "expected"),
    [
        ("h = :h", ["p5", "p4", "p3", "p2", "p1"]),
        ("h = :h AND a = :a", ["p4", "p3", "p2", "p1"]),
        ("h = :h AND a = :a AND b = :b", ["p3", "p2", "p1"]),
        ("h = :h AND a = :a AND b = :b AND c = :c", ["p3", "p2"]),
        ("h = :h AND a = :a AND b = :b AND c > :c", ["p1"]),
        ("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)", ["p3", "p2"]),
        ("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :y", ["p3"]),
        ("h = :h AND a = :a AND b < :b", ["p4"]),
        ("b = :b AND h = :h AND a = :a", ["p3", "p2", "p1"]),
    ],
)
def test_multi_attribute_key_conditions(client, multi, kce, expected):
    response = multi_query(client, multi, kce, len(expected))
    assert [item["pk"]["S"] for item in response["Items"]] == expected


def test_multi_attribute_pages(client, multi):
    backwards = multi_query(client, multi, "h = :h AND a = :a", 4, ScanIndexForward=False)
    assert [item["pk"]["S"] for item in backwards["Items"]] == ["p1", "p2", "p3", "p4"]
    page = multi_query(client, multi, "h = :h AND a = :a", 2, Limit=2)
    assert [item["pk"]["S"] for item in page["Items"]] == ["p4", "p3"]
    assert sorted(page["LastEvaluatedKey"]) == ["a", "b", "c", "d", "h", "pk"]
    rest = multi_query(client, multi, "h = :h AND a = :a", 2, ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [item["pk"]["S"] for item in rest["Items"]] == ["p2", "p1"]


@pytest.mark.parametrize(
    ("kce", "prior", "later"),
    [
        ("h = :h AND a = :a AND c = :c", "b", "c"),
        ("h = :h AND a = :a AND b > :b AND c = :c", "b", "c"),
        ("h = :h AND b = :b", "a", "b"),
    ],
)
def test_multi_attribute_gaps_are_refused(client, multi, kce, prior, later):
    assert error_of(lambda: multi_query(client, multi, kce)) == (
        "ValidationException",
        f"RANGE key attributes {prior} must have equality conditions specified in the query because a condition is "
        f"present on key attribute {later}",
    )


def test_writes_report_lsi_item_collection_metrics(client, indexed):
    response = client.put_item(TableName=indexed, Item={"pk": S("p1"), "sk": S("9"), "ls": S("z")}, ReturnItemCollectionMetrics="SIZE")
    assert response["ItemCollectionMetrics"] == {"ItemCollectionKey": {"pk": S("p1")}, "SizeEstimateRangeGB": [0.0, 1.0]}
    response = client.delete_item(TableName=indexed, Key={"pk": S("p1"), "sk": S("9")}, ReturnItemCollectionMetrics="SIZE")
    assert response["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": S("p1")}
