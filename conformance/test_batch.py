"""BatchGetItem and BatchWriteItem as real DynamoDB answers them.

Messages are DynamoDB's current wording (2026): paritysuite/dynamodb-conformance
(tests/tier3/error-messages/batchGetItem.test.ts, batchWriteItem.test.ts,
valueLayers.test.ts, validation-ordering/batchOperations.test.ts and
limits/nestingDepth.test.ts, captured in eu-west-2 and us-east-1, 2026-06 to
2026-10-09), cross-checked against dynalite's captures. The request-shape
checks (enums, map sizes) are in test_request_validation.py.

BatchGetItem reports attribute-value errors in the current wording, bare;
BatchWriteItem in the older wording, bare (see fakedynamo/values.py).
"""

from __future__ import annotations

import re
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of, unique_name

DUPLICATES = "Provided list of item keys contains duplicates"
SCHEMA = "The provided key element does not match the schema"
NOT_FOUND = "Requested resource not found"
NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
NESTING = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
)
TOO_BIG = "Item size has exceeded the maximum allowed size"
ENUM_RCC = (
    "1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
    "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
)


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def key(pk: str) -> dict[str, Any]:
    return {"pk": S(pk)}


def empty_key(name: str, kind: str = "string") -> str:
    return (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
        f"contain an empty {kind} value. Key: {name}"
    )


def deep_map(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = S("leaf")
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def stored(client: Any, table: str, pk: str) -> dict[str, Any] | None:
    return client.get_item(TableName=table, Key=key(pk), ConsistentRead=True).get("Item")


def refused(call: Callable[[], Any], message: str, code: str = "ValidationException") -> None:
    assert error_of(call) == (code, message)


# -- BatchWriteItem: the round trip ---------------------------------------------


def test_batch_write_puts_and_deletes_across_tables(client, make_table):
    first, second = make_table(), make_table(sort="N")
    client.put_item(TableName=first, Item={"pk": S("gone"), "v": N("1")})
    response = client.batch_write_item(
        RequestItems={
            first: [
                {"PutRequest": {"Item": {"pk": S("a"), "v": N("1")}}},
                {"DeleteRequest": {"Key": key("gone")}},
            ],
            second: [{"PutRequest": {"Item": {"pk": S("a"), "sk": N("2"), "doc": {"M": {"x": {"L": [S("y")]}}}}}}],
        }
    )
    assert response["UnprocessedItems"] == {}
    assert "ConsumedCapacity" not in response
    assert stored(client, first, "a") == {"pk": S("a"), "v": N("1")}
    assert stored(client, first, "gone") is None
    got = client.get_item(TableName=second, Key={"pk": S("a"), "sk": N("2")}, ConsistentRead=True)["Item"]
    assert got["doc"] == {"M": {"x": {"L": [S("y")]}}}


def test_batch_write_replaces_whole_items_and_deletes_missing_items_quietly(client, table):
    client.put_item(TableName=table, Item={"pk": S("a"), "old": S("x")})
    client.batch_write_item(
        RequestItems={table: [{"PutRequest": {"Item": {"pk": S("a"), "new": S("y")}}}, {"DeleteRequest": {"Key": key("nothing")}}]}
    )
    assert stored(client, table, "a") == {"pk": S("a"), "new": S("y")}


def test_batch_write_normalises_numbers(client, table):
    client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("n"), "v": N("0012.50"), "s": {"NS": ["1E2", "3"]}}}}]})
    item = stored(client, table, "n")
    assert item["v"] == N("12.5") and sorted(item["s"]["NS"]) == ["100", "3"]


def test_batch_write_reports_consumed_capacity_per_table(client, make_table):
    first, second = make_table(), make_table()
    response = client.batch_write_item(
        RequestItems={
            first: [{"PutRequest": {"Item": key("a")}}, {"PutRequest": {"Item": key("b")}}],
            second: [{"DeleteRequest": {"Key": key("c")}}],
        },
        ReturnConsumedCapacity="TOTAL",
    )
    assert sorted(response["ConsumedCapacity"], key=lambda c: c["CapacityUnits"]) == [
        {"TableName": second, "CapacityUnits": 1.0},
        {"TableName": first, "CapacityUnits": 2.0},
    ]


def test_batch_write_indexes_capacity_names_the_table_part(client, table):
    response = client.batch_write_item(
        RequestItems={table: [{"PutRequest": {"Item": key("a")}}]}, ReturnConsumedCapacity="INDEXES"
    )
    assert response["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}]


# -- BatchWriteItem: refusals -----------------------------------------------------


def test_batch_write_refuses_two_requests_for_one_item(client, table):
    refused(
        lambda: client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": key("dup")}}, {"DeleteRequest": {"Key": key("dup")}}]}
        ),
        DUPLICATES,
    )
    refused(
        lambda: client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": key("other")}}, {"PutRequest": {"Item": key("dup")}}, {"PutRequest": {"Item": key("dup")}}]}
        ),
        DUPLICATES,
    )
    assert stored(client, table, "other") is None and stored(client, table, "dup") is None


def test_batch_write_to_a_missing_table(client, table):
    absent = unique_name("absent")
    refused(
        lambda: client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": key("a")}}], absent: [{"PutRequest": {"Item": key("a")}}]}
        ),
        NOT_FOUND,
        "ResourceNotFoundException",
    )
    assert stored(client, table, "a") is None


@pytest.mark.parametrize(
    "item",
    [{"pk": N("5")}, {"pk": {"L": [S("x")]}}, {"other": S("x")}],
    ids=["wrong type", "not a scalar", "no partition key"],
)
def test_batch_write_put_with_a_bad_key_is_a_schema_mismatch(client, table, item):
    refused(lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}}]}), SCHEMA)


def test_batch_write_delete_with_a_bad_key_is_a_schema_mismatch(client, sorted_table):
    for bad in ({"other": S("x")}, {"pk": S("a")}, {"pk": S("a"), "sk": N("1")}, {"pk": S("a"), "sk": S("b"), "x": S("c")}):
        refused(lambda: client.batch_write_item(RequestItems={sorted_table: [{"DeleteRequest": {"Key": bad}}]}), SCHEMA)


def test_batch_write_empty_key_values(client, table, make_table):
    refused(lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("")}}}]}), empty_key("pk"))
    binary = make_table(hash_type="B")
    refused(
        lambda: client.batch_write_item(RequestItems={binary: [{"DeleteRequest": {"Key": {"pk": {"B": b""}}}}]}),
        empty_key("pk", "binary"),
    )


def test_batch_write_a_bad_request_writes_nothing(client, make_table):
    good, other = make_table(), make_table()
    refused(
        lambda: client.batch_write_item(
            RequestItems={
                good: [{"PutRequest": {"Item": key("a")}}, {"PutRequest": {"Item": key("b")}}],
                other: [{"PutRequest": {"Item": {"pk": N("1")}}}],
            }
        ),
        SCHEMA,
    )
    assert stored(client, good, "a") is None and stored(client, good, "b") is None


@pytest.mark.parametrize(
    "value",
    [{"M": {"a": S("x")}}, {"L": [S("x"), {"M": {}}]}, {"SS": ["a", "b"]}, {"NULL": True}],
    ids=["map", "list", "set", "null"],
)
def test_batch_get_with_a_key_value_that_is_not_a_scalar_is_a_schema_mismatch(client, table, value):
    # As BatchWriteItem answers it (the fuzzer found a map here crashing the duplicate check).
    refused(lambda: client.batch_get_item(RequestItems={table: {"Keys": [{"pk": value}]}}), SCHEMA)
    refused(lambda: client.batch_get_item(RequestItems={table: {"Keys": [{"pk": value}, key("a")]}}), SCHEMA)


@pytest.mark.parametrize(
    ("number", "message"),
    [("abc", f"{NOT_NUMERIC}: abc"), ("", NOT_NUMERIC), ("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range")],
)
def test_batch_write_reports_numbers_in_the_older_wording(client, table, number, message):
    refused(
        lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("n"), "v": N(number)}}}]}),
        message,
    )


def test_batch_write_reports_set_duplicates_in_the_older_wording(client, table):
    refused(
        lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("d"), "s": {"SS": ["b", "a", "b"]}}}}]}),
        "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates.",
    )
    refused(
        lambda: client.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": {"pk": {"NS": ["2", "1", "2"]}}}}]}),
        "Input collection contains duplicates",
    )


def test_batch_write_item_nesting_and_size_limits(client, table):
    client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("deep"), "d": deep_map(31)}}}]})
    assert stored(client, table, "deep") is not None
    refused(
        lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": S("deeper"), "d": deep_map(32)}}}]}),
        NESTING,
    )
    # 409,600 bytes exactly is allowed; one more byte is not ("pk" + "at" + "p" + value).
    at_limit = {"pk": S("at"), "p": S("x" * (409_600 - 5))}
    client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": at_limit}}]})
    over = {"pk": S("ov"), "p": S("x" * (409_600 - 4))}
    refused(lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": over}}]}), TOO_BIG)


def test_batch_write_more_than_25_requests(client, table):
    requests = [{"PutRequest": {"Item": key(f"k{i}")}} for i in range(26)]
    code, message = error_of(lambda: client.batch_write_item(RequestItems={table: requests}))
    assert code == "ValidationException"
    named = re.escape(f"Value at 'RequestItems.{table}.member' failed to satisfy constraint: ") + (
        "Member must have length less than or equal to 25"
    )
    echoed = (
        re.escape(f"Value '{{{table}=[") + ".+" + re.escape("]}' at 'requestItems' failed to satisfy constraint: ")
        + re.escape("Map value must satisfy constraint: [Member must have length less than or equal to 25, ")
        + re.escape("Member must have length greater than or equal to 1]")
    )
    assert re.fullmatch(f"1 validation error detected: (?:{named}|{echoed})", message, re.DOTALL), message


def test_batch_write_unknown_capacity_mode_writes_nothing(unchecked_client, client, table):
    refused(
        lambda: unchecked_client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": key("rcc")}}]}, ReturnConsumedCapacity="BOGUS"
        ),
        ENUM_RCC,
    )
    assert stored(client, table, "rcc") is None


# -- BatchGetItem ---------------------------------------------------------------------


def test_batch_get_reads_across_tables(client, make_table):
    first, second = make_table(), make_table(sort="S")
    client.put_item(TableName=first, Item={"pk": S("a"), "v": N("1")})
    client.put_item(TableName=first, Item={"pk": S("b"), "v": N("2")})
    client.put_item(TableName=second, Item={"pk": S("a"), "sk": S("x"), "w": S("y")})
    response = client.batch_get_item(
        RequestItems={
            first: {"Keys": [key("a"), key("b"), key("missing")], "ConsistentRead": True},
            second: {"Keys": [{"pk": S("a"), "sk": S("x")}]},
        }
    )
    assert response["UnprocessedKeys"] == {}
    assert sorted(response["Responses"][first], key=lambda i: i["pk"]["S"]) == [
        {"pk": S("a"), "v": N("1")},
        {"pk": S("b"), "v": N("2")},
    ]
    assert response["Responses"][second] == [{"pk": S("a"), "sk": S("x"), "w": S("y")}]


def test_batch_get_lists_a_table_with_no_items_found(client, table):
    response = client.batch_get_item(RequestItems={table: {"Keys": [key("none")]}})
    assert response["Responses"] == {table: []}
    assert response["UnprocessedKeys"] == {}


def test_batch_get_projections(client, table):
    client.put_item(TableName=table, Item={"pk": S("p"), "a": S("1"), "b": {"M": {"c": N("2"), "d": N("3")}}, "e": S("4")})
    got = client.batch_get_item(
        RequestItems={table: {"Keys": [key("p")], "ProjectionExpression": "a, #b.c", "ExpressionAttributeNames": {"#b": "b"}}}
    )["Responses"][table]
    assert got == [{"a": S("1"), "b": {"M": {"c": N("2")}}}]
    got = client.batch_get_item(RequestItems={table: {"Keys": [key("p")], "AttributesToGet": ["e", "zz"]}})["Responses"][table]
    assert got == [{"e": S("4")}]


def test_batch_get_consumed_capacity(client, make_table):
    first, second = make_table(), make_table()
    client.put_item(TableName=first, Item=key("a"))
    response = client.batch_get_item(
        RequestItems={first: {"Keys": [key("a"), key("b")], "ConsistentRead": True}, second: {"Keys": [key("a")]}},
        ReturnConsumedCapacity="TOTAL",
    )
    assert sorted(response["ConsumedCapacity"], key=lambda c: c["CapacityUnits"]) == [
        {"TableName": second, "CapacityUnits": 0.5},
        {"TableName": first, "CapacityUnits": 2.0},
    ]


def test_batch_get_refuses_a_repeated_key(client, table):
    refused(lambda: client.batch_get_item(RequestItems={table: {"Keys": [key("dup"), key("dup")]}}), DUPLICATES)


def test_batch_get_more_than_100_keys(client, table):
    keys = [key(f"k{i}") for i in range(101)]
    refused(
        lambda: client.batch_get_item(RequestItems={table: {"Keys": keys}}),
        f"1 validation error detected: Value at 'RequestItems.{table}.member.Keys' failed to satisfy constraint: "
        "Member must have length less than or equal to 100",
    )


def test_batch_get_from_a_missing_table(client):
    refused(
        lambda: client.batch_get_item(RequestItems={unique_name("absent"): {"Keys": [key("a")]}}),
        NOT_FOUND,
        "ResourceNotFoundException",
    )


def test_batch_get_key_errors(client, sorted_table, make_table):
    refused(lambda: client.batch_get_item(RequestItems={sorted_table: {"Keys": [key("a")]}}), SCHEMA)
    binary = make_table(hash_type="B")
    refused(lambda: client.batch_get_item(RequestItems={binary: {"Keys": [{"pk": {"B": b""}}]}}), empty_key("pk", "binary"))


@pytest.mark.parametrize(
    ("number", "message"),
    [("abc", f"{NOT_NUMERIC}: abc"), ("", f"{NOT_NUMERIC}: "), ("1e2147483647", "Number overflow. Attempting to store a number with magnitude larger than supported range")],
)
def test_batch_get_reports_numbers_in_the_current_wording_bare(client, table, number, message):
    refused(lambda: client.batch_get_item(RequestItems={table: {"Keys": [{"pk": N(number)}]}}), message)


def test_batch_get_mixing_projection_forms(client, make_table):
    first, second = make_table(), make_table()
    refused(
        lambda: client.batch_get_item(
            RequestItems={first: {"Keys": [key("a")], "AttributesToGet": ["pk"], "ProjectionExpression": "pk"}}
        ),
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    )
    code, _ = error_of(
        lambda: client.batch_get_item(
            RequestItems={first: {"Keys": [key("a")], "ProjectionExpression": "pk"}, second: {"Keys": [key("b")], "AttributesToGet": ["pk"]}}
        )
    )
    assert code == "ValidationException"


def test_batch_get_projection_errors_fail_the_whole_batch(client, make_table):
    first, second = make_table(), make_table()
    overlap = (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
        "these paths; path one: [a], path two: [a]"
    )
    refused(
        lambda: client.batch_get_item(
            RequestItems={first: {"Keys": [key("a")], "ProjectionExpression": "a, a"}, second: {"Keys": [key("b")], "ProjectionExpression": "a"}}
        ),
        overlap,
    )
    refused(
        lambda: client.batch_get_item(
            RequestItems={first: {"Keys": [key("a")], "ProjectionExpression": "#a, #b", "ExpressionAttributeNames": {"#a": "a", "#b": "a"}}}
        ),
        overlap,
    )


def test_batch_get_unknown_capacity_mode_comes_before_a_missing_table(unchecked_client):
    refused(
        lambda: unchecked_client.batch_get_item(
            RequestItems={unique_name("absent"): {"Keys": [key("a")]}}, ReturnConsumedCapacity="BOGUS"
        ),
        ENUM_RCC,
    )


@pytest.mark.skipif(not IN_PROCESS, reason="writes 16 MB: kept off real endpoints")
def test_batch_get_stops_at_16_megabytes(client, table):
    # 45 items of ~400 KB: the first 40 fit in 16 MB, the rest come back unprocessed.
    big = "x" * 400_000
    for start in range(0, 45, 5):
        client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": {"pk": S(f"b{i:02}"), "p": S(big)}}} for i in range(start, start + 5)]}
        )
    keys = [key(f"b{i:02}") for i in range(45)]
    response = client.batch_get_item(RequestItems={table: {"Keys": keys, "ConsistentRead": True}})
    got = response["Responses"][table]
    left = response["UnprocessedKeys"][table]
    assert len(got) + len(left["Keys"]) == 45 and 0 < len(got) < 45
    assert sum(len(i["p"]["S"]) for i in got) <= 16 * 1024 * 1024
    assert left["ConsistentRead"] is True
    assert {i["pk"]["S"] for i in got} | {k["pk"]["S"] for k in left["Keys"]} == {f"b{i:02}" for i in range(45)}


def test_batch_errors_are_client_errors(client, table):
    with pytest.raises(ClientError):
        client.batch_get_item(RequestItems={table: {"Keys": [key("a"), key("a")]}})
