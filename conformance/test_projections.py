"""ProjectionExpression on GetItem, as real DynamoDB answers it.

GetItem reports an invalid projection bare, without the ``1 validation error
detected: `` envelope the writes use (paritysuite/dynamodb-conformance,
captures/cross-region-latest.json, the proj_get_* probes). What a projection
returns follows the DynamoDB-verified Alternator suite (scylladb
test/alternator/test_projection_expression.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.helpers import error_of


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


ITEM: dict[str, Any] = {
    "pk": S("p"),
    "a": {"M": {
        "b": {"L": [N("2"), N("4"), {"M": {"x": S("hi"), "y": S("yo")}}]},
        "c": N("5"),
    }},
    "b": S("hello"),
    "a.b": S("dotted"),
    "l": {"L": [{"M": {"x": S("x0"), "y": S("y0")}}, {"M": {"x": S("x1"), "y": S("y1")}}]},
}
KEY = {"pk": S("p")}


@pytest.fixture
def stored(client, table) -> Any:
    client.put_item(TableName=table, Item=ITEM)

    def get(projection: str, **params: Any) -> dict[str, Any] | None:
        response = client.get_item(TableName=table, Key=KEY, ProjectionExpression=projection, ConsistentRead=True, **params)
        return response.get("Item")

    return get


def test_top_level_attributes(stored):
    assert stored("b") == {"b": S("hello")}
    assert stored("pk, b") == {"pk": S("p"), "b": S("hello")}  # key attributes only when asked for
    assert stored(" b ,  pk ") == {"pk": S("p"), "b": S("hello")}
    assert stored("nothing") == {}  # an existing item with none of them: an empty Item


def test_nested_paths_keep_their_nesting(stored):
    assert stored("a.b") == {"a": {"M": {"b": ITEM["a"]["M"]["b"]}}}
    assert stored("a.b[0]") == {"a": {"M": {"b": {"L": [N("2")]}}}}
    assert stored("a.b[2].y") == {"a": {"M": {"b": {"L": [{"M": {"y": S("yo")}}]}}}}
    assert stored("a.b[0], a.b[1]") == {"a": {"M": {"b": {"L": [N("2"), N("4")]}}}}
    assert stored("a.b[0], a.c") == {"a": {"M": {"b": {"L": [N("2")]}, "c": N("5")}}}
    assert stored("a.c, b") == {"a": {"M": {"c": N("5")}}, "b": S("hello")}
    assert stored("l[0].x, l[0].y") == {"l": {"L": [{"M": {"x": S("x0"), "y": S("y0")}}]}}
    assert stored("l[0].y, l[1].x") == {"l": {"L": [{"M": {"y": S("y0")}}, {"M": {"x": S("x1")}}]}}


def test_paths_that_do_not_resolve_are_left_out(stored):
    for projection in ["x", "a.b[3]", "a.x", "a.x.y", "a.b[3].x", "a.b.x", "a[0]", "a.b[0].x", "a.b[0][0]", "b.c", "b[0]"]:
        assert stored(projection) == {}, projection
    assert stored("a.x, a.b[0], x, a.b[3].x") == {"a": {"M": {"b": {"L": [N("2")]}}}}


def test_names_from_expression_attribute_names(stored):
    assert stored("#n1.#n2", ExpressionAttributeNames={"#n1": "a", "#n2": "c"}) == {"a": {"M": {"c": N("5")}}}
    assert stored("#d", ExpressionAttributeNames={"#d": "a.b"}) == {"a.b": S("dotted")}  # one attribute, dot and all
    assert stored("a.b[0]") != stored("#d", ExpressionAttributeNames={"#d": "a.b"})
    assert stored("#size", ExpressionAttributeNames={"#size": "b"}) == {"b": S("hello")}  # a reserved word, placeholdered


def test_projection_of_a_missing_item(client, table):
    response = client.get_item(TableName=table, Key={"pk": S("nobody")}, ProjectionExpression="a, b")
    assert "Item" not in response


def overlap(one: str, two: str) -> tuple[str, str]:
    return (
        "ValidationException",
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
        f"these paths; path one: {one}, path two: {two}",
    )


@pytest.mark.parametrize(
    "projection, names, expected",
    [
        ("a, a", None, overlap("[a]", "[a]")),
        ("#a, #a", {"#a": "a"}, overlap("[a]", "[a]")),
        ("#a, #b", {"#a": "a", "#b": "a"}, overlap("[a]", "[a]")),
        ("a, #a", {"#a": "a"}, overlap("[a]", "[a]")),
        ("#a.#b, #x.#y", {"#a": "a", "#b": "b", "#x": "a", "#y": "b"}, overlap("[a, b]", "[a, b]")),
        ("a, a.b", None, overlap("[a]", "[a, b]")),
        ("a.b, a", None, overlap("[a, b]", "[a]")),
        ("l, l[0]", None, overlap("[l]", "[l, [0]]")),
        ("a, a.b.c", None, overlap("[a]", "[a, b, c]")),
        ("#x, #y.#b", {"#x": "a", "#y": "a", "#b": "b"}, overlap("[a]", "[a, b]")),
    ],
)
def test_overlapping_paths_are_refused(client, table, projection, names, expected):
    params: dict[str, Any] = {"ProjectionExpression": projection}
    if names:
        params["ExpressionAttributeNames"] = names
    assert error_of(lambda: client.get_item(TableName=table, Key=KEY, **params)) == expected


def test_conflicting_paths_are_refused(client, table):
    assert error_of(lambda: client.get_item(TableName=table, Key=KEY, ProjectionExpression="a.b, a[1]")) == (
        "ValidationException",
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of "
        "these paths; path one: [a, b], path two: [a, [1]]",
    )


def test_paths_that_only_share_a_prefix_are_fine(stored):
    for projection in ["a, b", "a.b, a.c", "a.b[0], a.b[1]", "a.b, a.c[2]", "l[0].x, l[0].y"]:
        stored(projection)


def test_refused_projections_are_reported_bare(client, table):
    get = lambda **params: error_of(lambda: client.get_item(TableName=table, Key=KEY, **params))
    assert get(ProjectionExpression="") == (
        "ValidationException", "Invalid ProjectionExpression: The expression can not be empty;"
    )
    assert get(ProjectionExpression="a, #b") == (
        "ValidationException",
        "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
    )
    assert get(ProjectionExpression="a", ExpressionAttributeNames={"#b": "b"}) == (
        "ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"
    )
    assert get(ProjectionExpression="a, Name") == (
        "ValidationException", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Name"
    )
    assert get(ProjectionExpression="a b") == (
        "ValidationException", 'Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"'
    )
    assert get(ProjectionExpression="a,") == (
        "ValidationException", 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'
    )
    code, message = get(ProjectionExpression=", ".join(f"{'a' * 48}{i:02d}" for i in range(80)))
    assert code == "ValidationException"
    assert message.startswith("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size")


def test_the_size_limit_counts_the_expression_as_written(stored):
    # 30 placeholders are short; the names they stand for would be far over 4 KB
    names = {f"#a{i}": "n" * 246 + f"q{i}" for i in range(30)}
    assert stored(", ".join(names), ExpressionAttributeNames=names) == {}


def test_query_reports_a_refused_projection_bare_too(client, table):
    query = lambda: client.query(
        TableName=table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": S("p")},
        ProjectionExpression="a, a",
    )
    assert error_of(query) == overlap("[a]", "[a]")
