"""Query on a table, as real DynamoDB answers it.

Sources for the expected answers: dynalite's test/query.js (run against real
DynamoDB: key order for strings, numbers and binaries, Limit, the start-key
messages), paritysuite/dynamodb-conformance tests/tier3 (the 2026 wording:
key-condition messages, Select, the short start-key message), moto's
aws_verified Select tests, and dynoxide's captures of read capacity (sized
on the items evaluated, before the filter and the projection).
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.helpers import error_of


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def put_all(client: Any, table: str, items: list[dict[str, Any]]) -> None:
    for item in items:
        client.put_item(TableName=table, Item=item)


def query(client: Any, table: str, pk: str = "p", **params: Any) -> dict[str, Any]:
    """A consistent Query of partition `pk` (more key conditions through KeyConditionExpression)."""
    values = {":p": S(pk), **params.pop("ExpressionAttributeValues", {})}
    params.setdefault("KeyConditionExpression", "pk = :p")
    return client.query(TableName=table, ExpressionAttributeValues=values, ConsistentRead=True, **params)


def sks(response: dict[str, Any]) -> list[str]:
    return [next(iter(item["sk"].values())) for item in response["Items"]]


@pytest.fixture
def ten(client, sorted_table) -> str:
    """A table whose partition "p" holds sk "00".."09", each with a number n and a tag."""
    put_all(client, sorted_table, [
        {"pk": S("p"), "sk": S(f"{i:02d}"), "n": N(str(i)), "tag": S("even" if i % 2 == 0 else "odd")}
        for i in range(10)
    ])
    put_all(client, sorted_table, [{"pk": S("other"), "sk": S("00")}])
    return sorted_table


# -- key conditions and order ---------------------------------------------------


def test_partition_in_sort_key_order(client, ten):
    response = query(client, ten)
    assert sks(response) == [f"{i:02d}" for i in range(10)]
    assert response["Count"] == 10 and response["ScannedCount"] == 10
    assert "LastEvaluatedKey" not in response


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("sk = :a", {":a": S("03")}, ["03"]),
        ("sk < :a", {":a": S("03")}, ["00", "01", "02"]),
        ("sk <= :a", {":a": S("03")}, ["00", "01", "02", "03"]),
        ("sk > :a", {":a": S("07")}, ["08", "09"]),
        ("sk >= :a", {":a": S("07")}, ["07", "08", "09"]),
        (":a < sk", {":a": S("07")}, ["08", "09"]),
        ("sk BETWEEN :a AND :b", {":a": S("02"), ":b": S("04")}, ["02", "03", "04"]),
        ("begins_with(sk, :a)", {":a": S("0")}, [f"{i:02d}" for i in range(10)]),
        ("begins_with(sk, :a)", {":a": S("05")}, ["05"]),
        ("sk > :a", {":a": S("zz")}, []),
    ],
)
def test_sort_key_conditions(client, ten, condition, values, expected):
    response = query(client, ten, KeyConditionExpression=f"pk = :p AND {condition}", ExpressionAttributeValues=values)
    assert sks(response) == expected


def test_scan_index_forward_false_reverses(client, ten):
    response = query(client, ten, KeyConditionExpression="pk = :p AND sk >= :a", ExpressionAttributeValues={":a": S("07")},
                     ScanIndexForward=False)
    assert sks(response) == ["09", "08", "07"]


def test_strings_sort_by_bytes(client, sorted_table):
    # dynalite's capture: '1' < '10' < '2' < 'A' < 'B' < 'a' < 'aa' < 'ab' < 'b'; then non-ASCII by UTF-8 bytes.
    values = ["b", "ab", "aa", "a", "B", "A", "2", "10", "1", "é", "z", "\U0001f600", "\u4e2d"]
    put_all(client, sorted_table, [{"pk": S("p"), "sk": S(v)} for v in values])
    assert sks(query(client, sorted_table)) == ["1", "10", "2", "A", "B", "a", "aa", "ab", "b", "z", "é", "\u4e2d", "\U0001f600"]


def test_numbers_sort_numerically(client, make_table):
    table = make_table(sort="N")
    numbers = ["0", "99.1", "10.9", "10.1", "9.1", "9", "1.9", "1.1", "1", "0.9", "0.1", "0.09", "0.01",
               "-0.01", "-0.09", "-0.1", "-0.9", "-1", "-1.01", "-9", "-9.9", "-10.1", "-99.1", "1E+10", "-1E+10"]
    put_all(client, table, [{"pk": S("p"), "sk": N(n)} for n in numbers])
    got = sks(query(client, table))
    assert got == ["-10000000000", "-99.1", "-10.1", "-9.9", "-9", "-1.01", "-1", "-0.9", "-0.1", "-0.09", "-0.01", "0",
                   "0.01", "0.09", "0.1", "0.9", "1", "1.1", "1.9", "9", "9.1", "10.1", "10.9", "99.1", "10000000000"]
    between = query(client, table, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                    ExpressionAttributeValues={":a": N("-1"), ":b": N("1.0")})
    assert sks(between) == ["-1", "-0.9", "-0.1", "-0.09", "-0.01", "0", "0.01", "0.09", "0.1", "0.9", "1"]


def test_binaries_sort_by_bytes(client, make_table):
    table = make_table(sort="B")
    values = [b"\xff", b"\x00", b"\x00\x00", b"a", b"\x80", b"ab", b"\x7f"]
    put_all(client, table, [{"pk": S("p"), "sk": {"B": v}} for v in values])
    assert sks(query(client, table)) == [b"\x00", b"\x00\x00", b"a", b"ab", b"\x7f", b"\x80", b"\xff"]
    prefixed = query(client, table, KeyConditionExpression="pk = :p AND begins_with(sk, :b)",
                     ExpressionAttributeValues={":b": {"B": b"a"}})
    assert sks(prefixed) == [b"a", b"ab"]


def test_hash_only_table_returns_the_one_item(client, table):
    put_all(client, table, [{"pk": S("p"), "v": N("1")}, {"pk": S("q")}])
    response = query(client, table)
    assert response["Items"] == [{"pk": S("p"), "v": N("1")}]
    assert response["Count"] == 1 and response["ScannedCount"] == 1
    assert query(client, table, pk="nothing")["Items"] == []


def test_legacy_key_conditions(client, ten):
    response = client.query(
        TableName=ten,
        KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [S("02"), S("03")]},
        },
        QueryFilter={"tag": {"ComparisonOperator": "EQ", "AttributeValueList": [S("odd")]}},
        AttributesToGet=["sk", "tag"],
        ConsistentRead=True,
    )
    assert response["Items"] == [{"sk": S("03"), "tag": S("odd")}]
    assert response["Count"] == 1 and response["ScannedCount"] == 2


# -- Limit, pages, filters, projections, Select ---------------------------------


def test_limit_counts_items_evaluated_before_the_filter(client, ten):
    response = query(client, ten, FilterExpression="tag = :t", ExpressionAttributeValues={":t": S("odd")}, Limit=4)
    assert sks(response) == ["01", "03"]
    assert response["Count"] == 2 and response["ScannedCount"] == 4
    assert response["LastEvaluatedKey"] == {"pk": S("p"), "sk": S("03")}


def test_last_evaluated_key_names_a_filtered_out_item(client, ten):
    response = query(client, ten, FilterExpression="tag = :t", ExpressionAttributeValues={":t": S("odd")}, Limit=3)
    assert sks(response) == ["01"]
    assert response["LastEvaluatedKey"] == {"pk": S("p"), "sk": S("02")}


def test_limit_reaching_the_end_still_returns_a_key(client, ten):
    # dynalite's capture: a Limit equal to the items left returns LastEvaluatedKey; the next page is empty.
    response = query(client, ten, KeyConditionExpression="pk = :p AND sk >= :a", ExpressionAttributeValues={":a": S("08")}, Limit=2)
    assert sks(response) == ["08", "09"]
    assert response["LastEvaluatedKey"] == {"pk": S("p"), "sk": S("09")}
    after = query(client, ten, KeyConditionExpression="pk = :p AND sk >= :a", ExpressionAttributeValues={":a": S("08")}, Limit=2,
                  ExclusiveStartKey=response["LastEvaluatedKey"])
    assert after["Items"] == [] and after["Count"] == 0 and "LastEvaluatedKey" not in after


@pytest.mark.parametrize("forward", [True, False])
def test_pages_cover_the_partition_once(client, ten, forward):
    seen: list[str] = []
    start = None
    while True:
        params: dict[str, Any] = {"Limit": 3, "ScanIndexForward": forward}
        if start is not None:
            params["ExclusiveStartKey"] = start
        page = query(client, ten, **params)
        seen.extend(sks(page))
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
    expected = [f"{i:02d}" for i in range(10)]
    assert seen == (expected if forward else expected[::-1])


def test_start_key_need_not_be_stored(client, ten):
    response = query(client, ten, ExclusiveStartKey={"pk": S("p"), "sk": S("04x")})
    assert sks(response) == ["05", "06", "07", "08", "09"]
    backwards = query(client, ten, ExclusiveStartKey={"pk": S("p"), "sk": S("04x")}, ScanIndexForward=False)
    assert sks(backwards) == ["04", "03", "02", "01", "00"]


def test_paginator_walks_every_page(client, ten):
    paginator = client.get_paginator("query")
    pages = list(paginator.paginate(TableName=ten, KeyConditionExpression="pk = :p",
                                    ExpressionAttributeValues={":p": S("p")}, ConsistentRead=True,
                                    PaginationConfig={"PageSize": 4}))
    assert [page["Count"] for page in pages] == [4, 4, 2]
    assert [sk for page in pages for sk in sks(page)] == [f"{i:02d}" for i in range(10)]


def test_projection_expression(client, ten):
    response = query(client, ten, KeyConditionExpression="pk = :p AND sk = :s", ExpressionAttributeValues={":s": S("02")},
                     ProjectionExpression="#n, tag, nothere", ExpressionAttributeNames={"#n": "n"})
    assert response["Items"] == [{"n": N("2"), "tag": S("even")}]


def test_select_count(client, ten):
    response = query(client, ten, Select="COUNT", FilterExpression="n > :n", ExpressionAttributeValues={":n": N("6")})
    assert "Items" not in response
    assert response["Count"] == 3 and response["ScannedCount"] == 10


def test_select_specific_attributes_with_projection(client, ten):
    response = query(client, ten, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="sk", Limit=1)
    assert response["Items"] == [{"sk": S("00")}]
    all_attributes = query(client, ten, Select="ALL_ATTRIBUTES", Limit=1)
    assert all_attributes["Items"] == [{"pk": S("p"), "sk": S("00"), "n": N("0"), "tag": S("even")}]


def test_filter_on_nested_attribute_and_function(client, sorted_table):
    put_all(client, sorted_table, [
        {"pk": S("p"), "sk": S("a"), "doc": {"M": {"kind": S("x"), "list": {"L": [N("1")]}}}},
        {"pk": S("p"), "sk": S("b"), "doc": {"M": {"kind": S("y")}}},
        {"pk": S("p"), "sk": S("c")},
    ])
    response = query(client, sorted_table, FilterExpression="doc.kind = :k OR attribute_not_exists(doc)",
                     ExpressionAttributeValues={":k": S("x")})
    assert sks(response) == ["a", "c"]
    assert response["ScannedCount"] == 3


# -- capacity -------------------------------------------------------------------


def test_capacity_is_summed_then_rounded_once(client, sorted_table):
    # Four items of a little over 3 KB: 12 KB and a bit evaluated, four 4 KB units (two eventually consistent).
    put_all(client, sorted_table, [{"pk": S("p"), "sk": S(f"{i}"), "filler": S("x" * 3000)} for i in range(4)])
    response = client.query(TableName=sorted_table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p")},
                            ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == {"TableName": sorted_table, "CapacityUnits": 1.5}
    strong = query(client, sorted_table, ReturnConsumedCapacity="TOTAL")
    assert strong["ConsumedCapacity"]["CapacityUnits"] == 3.0
    filtered = query(client, sorted_table, ReturnConsumedCapacity="TOTAL", FilterExpression="attribute_exists(nothing)",
                     ProjectionExpression="sk")
    assert filtered["Count"] == 0 and filtered["ConsumedCapacity"]["CapacityUnits"] == 3.0


def test_capacity_of_an_empty_query_and_indexes_shape(client, sorted_table):
    response = client.query(TableName=sorted_table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("none")},
                            ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {"TableName": sorted_table, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}


# -- refusals -------------------------------------------------------------------


def test_key_condition_errors(client, sorted_table):
    def refused(kce: str, values: dict[str, Any]) -> tuple[str, str]:
        return error_of(lambda: client.query(TableName=sorted_table, KeyConditionExpression=kce, ExpressionAttributeValues=values))

    assert refused("sk = :v", {":v": S("x")}) == ("ValidationException", "Query condition missed key schema element: pk")
    assert refused("attr1 = :v", {":v": S("x")}) == ("ValidationException", "Query condition missed key schema element: pk")
    assert refused("pk = :p AND sk > :a AND sk < :b", {":p": S("p"), ":a": S("a"), ":b": S("b")}) == (
        "ValidationException",
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
    )
    assert refused("pk = :p AND begins_with(sk, :n)", {":p": S("p"), ":n": N("1")}) == (
        "ValidationException",
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: begins_with, operand type: N",
    )
    assert refused("pk = :p AND sk = :n", {":p": S("p"), ":n": N("1")}) == (
        "ValidationException",
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
    )


def test_operand_type_is_checked_before_the_table(client):
    code, message = error_of(lambda: client.query(
        TableName="conf-no-such-table-query", KeyConditionExpression="pk = :p AND begins_with(sk, :n)",
        ExpressionAttributeValues={":p": S("q"), ":n": N("1")}))
    assert code == "ValidationException" and "operator or function: begins_with, operand type: N" in message
    code, message = error_of(lambda: client.query(
        TableName="conf-no-such-table-query", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("q")}))
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


def test_missing_key_condition(client, ten):
    assert error_of(lambda: client.query(TableName=ten)) == (
        "ValidationException",
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    )


def test_filter_on_a_key_attribute_is_refused(client, ten):
    assert error_of(lambda: query(client, ten, FilterExpression="sk > :s", ExpressionAttributeValues={":s": S("1")})) == (
        "ValidationException",
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    )
    assert error_of(lambda: client.query(
        TableName=ten, KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]}},
        QueryFilter={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]}})) == (
        "ValidationException",
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk",
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Select": "SPECIFIC_ATTRIBUTES"},
         "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get "
         "SPECIFIC_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"},
         "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
        ({"Select": "COUNT", "ProjectionExpression": "n"},
         "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count"),
        ({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "n"},
         "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES", "ProjectionExpression": "n"},
         "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"),
    ],
)
def test_select_combinations(client, ten, params, message):
    assert error_of(lambda: query(client, ten, **params)) == ("ValidationException", message)


def test_select_with_attributes_to_get(client, ten):
    keys = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]}}
    assert error_of(lambda: client.query(TableName=ten, KeyConditions=keys, AttributesToGet=["n"], Select="COUNT")) == (
        "ValidationException",
        "1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count",
    )
    assert client.query(TableName=ten, KeyConditions=keys, AttributesToGet=["n"], Select="SPECIFIC_ATTRIBUTES",
                        ConsistentRead=True)["Count"] == 10


def test_invalid_select_and_limit(unchecked_client, ten):
    assert error_of(lambda: query(unchecked_client, ten, Select="count")) == (
        "ValidationException",
        "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum "
        "value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
    )
    assert error_of(lambda: query(unchecked_client, ten, Limit=0)) == (
        "ValidationException",
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater "
        "than or equal to 1",
    )


@pytest.mark.parametrize(
    "start",
    [
        {"bad": S("p")},
        {"pk": S("p")},
        {"sk": S("01")},
        {"pk": S("p"), "sk": S("01"), "extra": S("x")},
        {"pk": N("1"), "sk": S("01")},
    ],
)
def test_malformed_start_key(client, ten, start):
    assert error_of(lambda: query(client, ten, ExclusiveStartKey=start)) == (
        "ValidationException", "The provided starting key is invalid")


def test_start_key_outside_the_key_condition(client, ten):
    assert error_of(lambda: query(client, ten, ExclusiveStartKey={"pk": S("other"), "sk": S("01")})) == (
        "ValidationException", "The provided starting key is outside query boundaries based on provided conditions")
    assert error_of(lambda: query(client, ten, KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues={":s": S("05")},
                                  ExclusiveStartKey={"pk": S("p"), "sk": S("01")})) == (
        "ValidationException", "The provided starting key does not match the range key predicate")


def test_unknown_index_and_missing_table(client, ten):
    assert error_of(lambda: query(client, ten, IndexName="nope")) == (
        "ValidationException", "The table does not have the specified index: nope")
    assert error_of(lambda: query(client, "conf-no-such-table-q")) == ("ResourceNotFoundException", "Requested resource not found")
