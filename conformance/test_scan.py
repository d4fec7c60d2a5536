"""Scan, plain and parallel, as real DynamoDB answers it.

Sources: paritysuite/dynamodb-conformance tests/tier3/error-messages/scan
(2026: the Segment messages, the short start-key message, the enveloped
Select message), dynalite's test/scan.js (run against real DynamoDB: a start
key from another segment), moto's aws_verified Select tests, dynoxide's
captures of read capacity (sized before the filter and the projection).

Where DynamoDB's 2026 rewording has reached only some regions, the tests
accept the older wording too (``either``), so they hold in every region.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.helpers import error_of


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def scan_all(client: Any, table: str, **params: Any) -> list[dict[str, Any]]:
    """Every item a (consistent) Scan returns, following LastEvaluatedKey."""
    items: list[dict[str, Any]] = []
    start = None
    while True:
        if start is not None:
            params["ExclusiveStartKey"] = start
        page = client.scan(TableName=table, ConsistentRead=True, **params)
        items.extend(page.get("Items", []))
        start = page.get("LastEvaluatedKey")
        if start is None:
            return items


def keys(items: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [tuple(next(iter(item[name].values())) for name in ("pk", "sk") if name in item) for item in items]


@pytest.fixture
def filled(client, sorted_table) -> str:
    """20 partitions of 3 items each: pk "p00".."p19", sk "a", "b", "c", a number n."""
    for p in range(20):
        for s, sk in enumerate("abc"):
            client.put_item(TableName=sorted_table, Item={"pk": S(f"p{p:02d}"), "sk": S(sk), "n": N(str(p * 3 + s))})
    return sorted_table


ALL_KEYS = {(f"p{p:02d}", sk) for p in range(20) for sk in "abc"}


def test_scan_returns_every_item_once(client, filled):
    response = client.scan(TableName=filled, ConsistentRead=True)
    assert response["Count"] == 60 and response["ScannedCount"] == 60
    assert "LastEvaluatedKey" not in response
    assert sorted(keys(response["Items"])) == sorted(ALL_KEYS)


def test_items_of_a_partition_come_together_in_sort_key_order(client, filled):
    order = keys(client.scan(TableName=filled, ConsistentRead=True)["Items"])
    partitions = [pk for pk, _ in order]
    for p in set(partitions):
        at = [i for i, pk in enumerate(partitions) if pk == p]
        assert at == list(range(at[0], at[0] + 3))
        assert [order[i][1] for i in at] == ["a", "b", "c"]
    again = keys(client.scan(TableName=filled, ConsistentRead=True)["Items"])
    assert again == order  # the same order every time


@pytest.mark.parametrize("limit", [1, 7, 59, 60])
def test_pages_cover_the_table_once(client, filled, limit):
    whole = keys(client.scan(TableName=filled, ConsistentRead=True)["Items"])
    assert keys(scan_all(client, filled, Limit=limit)) == whole


def test_limit_and_filter(client, filled):
    page = client.scan(TableName=filled, Limit=10, FilterExpression="n < :n", ExpressionAttributeValues={":n": N("0")},
                       ConsistentRead=True)
    assert page["Items"] == [] and page["Count"] == 0 and page["ScannedCount"] == 10
    assert "LastEvaluatedKey" in page  # an empty page can still go on
    everything = scan_all(client, filled, FilterExpression="n >= :n", ExpressionAttributeValues={":n": N("57")})
    assert sorted(keys(everything)) == [("p19", "a"), ("p19", "b"), ("p19", "c")]


def test_filter_may_name_key_attributes(client, filled):
    items = scan_all(client, filled, FilterExpression="pk = :p AND sk <> :s",
                     ExpressionAttributeValues={":p": S("p03"), ":s": S("b")})
    assert sorted(keys(items)) == [("p03", "a"), ("p03", "c")]


def test_select_count_and_projection(client, filled):
    counted = client.scan(TableName=filled, Select="COUNT", ConsistentRead=True)
    assert "Items" not in counted and counted["Count"] == 60
    projected = client.scan(TableName=filled, ProjectionExpression="n", ConsistentRead=True, Limit=1)
    assert list(projected["Items"][0]) == ["n"]


def test_legacy_scan_filter_and_attributes_to_get(client, filled):
    items = scan_all(client, filled, ScanFilter={
        "n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N("3"), N("5")]},
        "sk": {"ComparisonOperator": "NE", "AttributeValueList": [S("b")]},
    }, AttributesToGet=["pk", "sk"])
    assert sorted(keys(items)) == [("p01", "a"), ("p01", "c")]
    assert all(set(item) == {"pk", "sk"} for item in items)


def test_paginator(client, filled):
    pages = list(client.get_paginator("scan").paginate(TableName=filled, ConsistentRead=True, PaginationConfig={"PageSize": 25}))
    assert [page["Count"] for page in pages] == [25, 25, 10]


# -- parallel scan ----------------------------------------------------------------


@pytest.mark.parametrize("total", [1, 2, 3, 7])
def test_segments_partition_the_table(client, filled, total):
    seen: list[tuple[str, ...]] = []
    for segment in range(total):
        items = scan_all(client, filled, Segment=segment, TotalSegments=total, Limit=4)
        partitions = {pk for pk, _ in keys(items)}
        for pk in partitions:  # a partition lies in one segment, whole
            assert sum(1 for key in keys(items) if key[0] == pk) == 3
        seen.extend(keys(items))
    assert sorted(seen) == sorted(ALL_KEYS)


def test_start_key_from_another_segment(client, filled):
    first = client.scan(TableName=filled, Segment=1, TotalSegments=2, ConsistentRead=True)
    assert first["Count"] > 0
    start = {"pk": first["Items"][0]["pk"], "sk": first["Items"][0]["sk"]}
    assert error_of(lambda: client.scan(TableName=filled, Segment=0, TotalSegments=2, ExclusiveStartKey=start)) == (
        "ValidationException",
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct "
        "Segment. TotalSegments: 2 Segment: 0",
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Segment": 0},
         "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"),
        ({"TotalSegments": 4},
         "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"),
    ],
)
def test_segment_pairing(client, filled, params, message):
    assert error_of(lambda: client.scan(TableName=filled, **params)) == ("ValidationException", message)


def test_segment_out_of_range(unchecked_client, filled):
    code, message = error_of(lambda: unchecked_client.scan(TableName=filled, Segment=5, TotalSegments=5))
    assert code == "ValidationException"
    assert message in (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 5 is not less than TotalSegments: 5",
    )
    code, message = error_of(lambda: unchecked_client.scan(TableName=filled, Segment=-1, TotalSegments=4))
    assert message in (
        "1 validation error detected: Value at 'Segment' failed to satisfy constraint: Member must have value greater "
        "than or equal to 0",
        "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value "
        "greater than or equal to 0",
    )


# -- refusals -------------------------------------------------------------------


@pytest.mark.parametrize("start", [{"bad": S("p")}, {"pk": S("p00")}, {"pk": S("p00"), "sk": S("a"), "n": N("1")}])
def test_malformed_start_key(client, filled, start):
    code, message = error_of(lambda: client.scan(TableName=filled, ExclusiveStartKey=start))
    assert code == "ValidationException"
    assert message in (
        "The provided starting key is invalid",
        "The provided starting key is invalid: The provided key element does not match the schema",
    )


def test_start_key_value_errors(client, filled):
    assert error_of(lambda: client.scan(TableName=filled, ExclusiveStartKey={"pk": {"S": "a", "N": "1"}, "sk": S("a")})) == (
        "ValidationException",
        "The provided starting key is invalid: Supplied AttributeValue has more than one datatypes set, must contain "
        "exactly one of the supported datatypes",
    )


def either(message: str) -> tuple[str, str]:
    """The 2026 wording in its envelope, and the older bare one."""
    return ("1 validation error detected: " + message, message)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Select": "SPECIFIC_ATTRIBUTES"},
         "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
        ({"Select": "COUNT", "ProjectionExpression": "n"},
         "Cannot specify the ProjectionExpression when choosing to get only the Count"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES", "ProjectionExpression": "n"},
         "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"),
    ],
)
def test_select_combinations(client, filled, params, message):
    code, got = error_of(lambda: client.scan(TableName=filled, **params))
    assert code == "ValidationException" and got in either(message)


def test_nested_path_into_a_key_attribute(client, filled):
    assert error_of(lambda: client.scan(TableName=filled, FilterExpression="attribute_exists(pk.x)")) == (
        "ValidationException",
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    )


def test_missing_table_and_index(client, filled):
    assert error_of(lambda: client.scan(TableName="conf-no-such-table-s")) == (
        "ResourceNotFoundException", "Requested resource not found")
    assert error_of(lambda: client.scan(TableName=filled, IndexName="nope")) == (
        "ValidationException", "The table does not have the specified index: nope")


# -- capacity -------------------------------------------------------------------


def test_capacity_is_sized_before_the_filter_and_rounded_once(client, sorted_table):
    for i in range(4):
        client.put_item(TableName=sorted_table, Item={"pk": S("p"), "sk": S(str(i)), "tag": S("one" if i == 0 else "many"),
                                                      "filler": S("x" * 3000)})
    whole = client.scan(TableName=sorted_table, ReturnConsumedCapacity="TOTAL")
    assert whole["ConsumedCapacity"] == {"TableName": sorted_table, "CapacityUnits": 1.5}
    filtered = client.scan(TableName=sorted_table, ReturnConsumedCapacity="INDEXES", FilterExpression="tag = :t",
                           ExpressionAttributeValues={":t": S("absent")}, ProjectionExpression="sk")
    assert filtered["ConsumedCapacity"] == {"TableName": sorted_table, "CapacityUnits": 1.5, "Table": {"CapacityUnits": 1.5}}
    strong = client.scan(TableName=sorted_table, ReturnConsumedCapacity="TOTAL", ConsistentRead=True, Limit=1)
    assert strong["ConsumedCapacity"]["CapacityUnits"] == 1.0
