"""Evaluation of condition and filter expressions, projections, and the legacy conditions."""

from __future__ import annotations

import base64

import pytest

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


ITEM = {
    "pk": {"S": "user#1"},
    "s": {"S": "héllo"},
    "n": {"N": "10"},
    "neg": {"N": "-2.5"},
    "b": {"B": b64(b"\x00\x01\x02")},
    "t": {"BOOL": True},
    "z": {"NULL": True},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.50"]},
    "bs": {"BS": [b64(b"\x01"), b64(b"\xff")]},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"k": {"S": "v"}}}]},
    "m": {"M": {"inside": {"M": {"deep": {"N": "7"}}}, "lst": {"L": [{"N": "0"}, {"N": "5"}]}, "none_here": {"L": []}}},
}


def matches(text: str, values: dict | None = None, names: dict | None = None, item: dict = ITEM) -> bool:
    prepared = ex.prepare({"ConditionExpression": text}, names, values)
    return prepared.condition.matches(item)


S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731


@pytest.mark.parametrize(
    "text, values, expected",
    [
        # equality by type and value
        ("s = :v", {":v": S("héllo")}, True),
        ("s = :v", {":v": S("hello")}, False),
        ("n = :v", {":v": N("10.00")}, True),
        ("n = :v", {":v": N("1E1")}, True),
        ("n = :v", {":v": S("10")}, False),
        ("b = :v", {":v": {"B": b64(b"\x00\x01\x02")}}, True),
        ("t = :v", {":v": {"BOOL": True}}, True),
        ("t = :v", {":v": {"BOOL": False}}, False),
        ("z = :v", {":v": {"NULL": True}}, True),
        ("ss = :v", {":v": {"SS": ["c", "a", "b"]}}, True),
        ("ss = :v", {":v": {"SS": ["a", "b"]}}, False),
        ("ns = :v", {":v": {"NS": ["2.5", "1.0"]}}, True),
        ("bs = :v", {":v": {"BS": [b64(b"\xff"), b64(b"\x01")]}}, True),
        ("l = :v", {":v": {"L": [S("x"), N("1.0"), {"M": {"k": S("v")}}]}}, True),
        ("l = :v", {":v": {"L": [N("1"), S("x"), {"M": {"k": S("v")}}]}}, False),
        ("m.inside = :v", {":v": {"M": {"deep": N("7")}}}, True),
        ("absent = :v", {":v": S("x")}, False),
        # <> is the negation of =, so true when a side is absent
        ("s <> :v", {":v": S("other")}, True),
        ("s <> :v", {":v": S("héllo")}, False),
        ("absent <> :v", {":v": S("x")}, True),
        ("n <> :v", {":v": S("10")}, True),
        # ordering on S, N and B only
        ("n > :v", {":v": N("9.99")}, True),
        ("n < :v", {":v": N("1e2")}, True),
        ("neg < :v", {":v": N("-2")}, True),
        ("n >= :v", {":v": N("10")}, True),
        ("n <= :v", {":v": N("9")}, False),
        ("s > :v", {":v": S("h")}, True),
        ("s < :v", {":v": S("hz")}, False),  # é (U+00E9) sorts after z
        ("b > :v", {":v": {"B": b64(b"\x00\x01")}}, True),
        ("b < :v", {":v": {"B": b64(b"\x80")}}, True),
        ("n > :v", {":v": S("1")}, False),
        ("absent < :v", {":v": N("1")}, False),
        ("m > :v", {":v": N("1")}, False),
        ("ss > :v", {":v": S("a")}, False),
        # BETWEEN inclusive
        ("n BETWEEN :a AND :b", {":a": N("10"), ":b": N("10")}, True),
        ("n BETWEEN :a AND :b", {":a": N("1"), ":b": N("9")}, False),
        ("s BETWEEN :a AND :b", {":a": S("a"), ":b": S("z")}, True),
        ("s BETWEEN :a AND :b", {":a": S("h"), ":b": S("i")}, True),
        ("absent BETWEEN :a AND :b", {":a": N("1"), ":b": N("9")}, False),
        ("n BETWEEN :a AND :b", {":a": S("a"), ":b": S("z")}, False),
        # IN
        ("n IN (:a, :b)", {":a": S("10"), ":b": N("10.0")}, True),
        ("n IN (:a, :b)", {":a": S("10"), ":b": N("11")}, False),
        ("absent IN (:a)", {":a": S("x")}, False),
        ("ss IN (:a)", {":a": {"SS": ["b", "a", "c"]}}, True),
        # functions
        ("attribute_exists(m.inside.deep)", None, True),
        ("attribute_exists(m.lst[1])", None, True),
        ("attribute_exists(m.lst[2])", None, False),
        ("attribute_exists(m.inside[0])", None, False),
        ("attribute_exists(l[2].k)", None, True),
        ("attribute_not_exists(nope)", None, True),
        ("attribute_not_exists(s.x)", None, True),
        ("attribute_type(n, :t)", {":t": S("N")}, True),
        ("attribute_type(ns, :t)", {":t": S("NS")}, True),
        ("attribute_type(z, :t)", {":t": S("NULL")}, True),
        ("attribute_type(s, :t)", {":t": S("SS")}, False),
        ("attribute_type(absent, :t)", {":t": S("S")}, False),
        ("begins_with(s, :p)", {":p": S("hé")}, True),
        ("begins_with(s, :p)", {":p": S("he")}, False),
        ("begins_with(pk, :p)", {":p": S("")}, True),
        ("begins_with(b, :p)", {":p": {"B": b64(b"\x00\x01")}}, True),
        ("begins_with(b, :p)", {":p": {"B": b64(b"\x01")}}, False),
        ("begins_with(ss, :p)", {":p": S("a")}, False),
        ("begins_with(absent, :p)", {":p": S("a")}, False),
        ("contains(s, :v)", {":v": S("ll")}, True),
        ("contains(s, :v)", {":v": S("xx")}, False),
        ("contains(ss, :v)", {":v": S("b")}, True),
        ("contains(ss, :v)", {":v": S("bb")}, False),
        ("contains(ns, :v)", {":v": N("2.5")}, True),
        ("contains(ns, :v)", {":v": S("1")}, False),
        ("contains(bs, :v)", {":v": {"B": b64(b"\xff")}}, True),
        ("contains(b, :v)", {":v": {"B": b64(b"\x01\x02")}}, True),
        ("contains(l, :v)", {":v": N("1.0")}, True),
        ("contains(l, :v)", {":v": {"M": {"k": S("v")}}}, True),
        ("contains(l, :v)", {":v": S("y")}, False),
        ("contains(n, :v)", {":v": N("1")}, False),
        ("contains(absent, :v)", {":v": S("a")}, False),
        ("contains(s, pk)", None, False),
        # size: bytes of S (UTF-8) and B, element counts otherwise
        ("size(s) = :v", {":v": N("6")}, True),
        ("size(b) = :v", {":v": N("3")}, True),
        ("size(ss) = :v", {":v": N("3")}, True),
        ("size(l) = :v", {":v": N("3")}, True),
        ("size(m) = :v", {":v": N("3")}, True),
        ("size(m.none_here) = :v", {":v": N("0")}, True),
        ("size(n) = :v", {":v": N("2")}, False),
        ("size(n) <> :v", {":v": N("2")}, True),
        ("size(absent) >= :v", {":v": N("0")}, False),
        ("size(s) > size(ss)", None, True),
        # paths against paths
        ("n > neg", None, True),
        ("m.lst[1] = m.inside.deep", None, False),
        ("m.lst[0] < m.lst[1]", None, True),
        # logic
        ("NOT absent = :v", {":v": S("x")}, True),
        ("NOT attribute_exists(pk)", None, False),
        ("attribute_exists(pk) AND n = :v", {":v": N("10")}, True),
        ("attribute_exists(nope) OR n = :v", {":v": N("10")}, True),
        ("NOT (attribute_exists(nope) OR n = :v)", {":v": N("10")}, False),
        ("attribute_exists(nope) AND n = :v OR s = :s", {":v": N("10"), ":s": S("héllo")}, True),
    ],
)
def test_condition_semantics(text, values, expected):
    assert matches(text, values) is expected


def test_empty_item_for_a_put_that_creates():
    assert matches("attribute_not_exists(pk)", item={})
    assert not matches("attribute_exists(pk)", item={})
    assert matches("NOT pk = :v", {":v": S("x")}, item={})


def test_names_substitute_into_paths():
    assert matches("#m.#i.#d = :v", {":v": N("7")}, {"#m": "m", "#i": "inside", "#d": "deep"})
    item = {"a.b": S("dotted"), "status": S("on")}
    assert matches("#ab = :v", {":v": S("dotted")}, {"#ab": "a.b"}, item=item)
    assert matches("#s = :v", {":v": S("on")}, {"#s": "status"}, item=item)


def test_filter_and_projection_on_query_results():
    prepared = ex.prepare(
        {"FilterExpression": "n > :min", "ProjectionExpression": "pk, m.lst[1], m.inside.deep, l[2], l[0], nope, s.x"},
        None,
        {":min": N("5")},
    )
    assert prepared.filter.matches(ITEM)
    assert ex.project(ITEM, prepared.projection) == {
        "pk": ITEM["pk"],
        "m": {"M": {"lst": {"L": [N("5")]}, "inside": {"M": {"deep": N("7")}}}},
        "l": {"L": [S("x"), {"M": {"k": S("v")}}]},
    }


def test_projection_details():
    assert ex.project(ITEM, [("pk",), ("n",), ("nope",)]) == {"pk": ITEM["pk"], "n": ITEM["n"]}
    assert ex.project(ITEM, []) == {}
    assert ex.project(None, [("pk",)]) == {}
    assert ex.project(ITEM, [("m", "inside", 0)]) == {}  # an index into a map is missing
    assert ex.project(ITEM, [("m", "inside")]) == {"m": {"M": {"inside": ITEM["m"]["M"]["inside"]}}}


# -- legacy conditions ------------------------------------------------------------------------


def expected(conditions, operator=None):
    return ex.expected_condition(conditions, operator)


def legacy_error(function, *args):
    with pytest.raises(DynamoDBError) as raised:
        function(*args)
    return raised.value.message


@pytest.mark.parametrize(
    "conditions, operator, result",
    [
        ({"pk": {"Exists": False}}, None, False),
        ({"nope": {"Exists": False}}, None, True),
        ({"n": {"Value": N("10")}}, None, True),
        ({"n": {"Value": N("10"), "Exists": True}}, None, True),
        ({"n": {"ComparisonOperator": "EQ", "AttributeValueList": [N("10")]}}, None, True),
        ({"n": {"ComparisonOperator": "NE", "AttributeValueList": [N("10")]}}, None, False),
        ({"nope": {"ComparisonOperator": "NE", "AttributeValueList": [N("10")]}}, None, True),
        ({"n": {"ComparisonOperator": "GT", "Value": N("9")}}, None, True),
        ({"n": {"ComparisonOperator": "LT", "AttributeValueList": [N("9")]}}, None, False),
        ({"s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S("hé")]}}, None, True),
        ({"ss": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [S("a")]}}, None, True),
        ({"ss": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [S("a")]}}, None, False),
        # a missing attribute fails NOT_CONTAINS as well as CONTAINS (Alternator's tests, against DynamoDB)
        ({"nope": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [S("a")]}}, None, False),
        ({"n": {"ComparisonOperator": "IN", "AttributeValueList": [N("1"), N("10")]}}, None, True),
        ({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N("1"), N("10")]}}, None, True),
        ({"n": {"ComparisonOperator": "NULL"}}, None, False),
        ({"n": {"ComparisonOperator": "NOT_NULL"}}, None, True),
        ({"n": {"ComparisonOperator": "NULL"}, "nope": {"ComparisonOperator": "NULL"}}, "OR", True),
        ({"n": {"ComparisonOperator": "NULL"}, "nope": {"ComparisonOperator": "NULL"}}, "AND", False),
        ({"n": {"Exists": False}, "nope": {"Exists": False}}, None, False),
    ],
)
def test_expected(conditions, operator, result):
    assert expected(conditions, operator).matches(ITEM) is result


def test_expected_messages():
    invalid = "One or more parameter values were invalid: "
    # captured (PutItem and DeleteItem envelopes, message inside)
    assert legacy_error(expected, {"a": {"Exists": True}}) == f"{invalid}Value must be provided when Exists is true for Attribute: a"
    assert legacy_error(expected, {"a": {"Exists": False, "Value": S("x")}}) == (
        f"{invalid}Value cannot be used when Exists is false for Attribute: a"
    )
    assert legacy_error(expected, {"a": {"Value": S("x"), "ComparisonOperator": "EQ", "AttributeValueList": [S("x")]}}) == (
        f"{invalid}Value and AttributeValueList cannot be used together for Attribute: a"
    )
    assert legacy_error(expected, {"a": {"ComparisonOperator": "EQ"}}) == (
        f"{invalid}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"
    )
    assert legacy_error(expected, {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [S("x")]}}) == (
        f"{invalid}Invalid number of argument(s) for the BETWEEN ComparisonOperator"
    )
    # the rest
    assert legacy_error(expected, {"a": {}}) == f"{invalid}Value must be provided when Exists is null for Attribute: a"
    assert legacy_error(expected, {"a": {"ComparisonOperator": "EQ", "Exists": True, "Value": S("x")}}) == (
        f"{invalid}Exists and ComparisonOperator cannot be used together for Attribute: a"
    )
    assert legacy_error(expected, {"a": {"AttributeValueList": [S("x")]}}) == (
        f"{invalid}AttributeValueList can only be used with a ComparisonOperator for Attribute: a"
    )
    assert legacy_error(expected, {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [S("x"), S("y")]}}) == (
        f"{invalid}Invalid number of argument(s) for the EQ ComparisonOperator"
    )
    assert legacy_error(expected, {"a": {"ComparisonOperator": "IN", "AttributeValueList": [S("x"), N("1")]}}) == (
        f"{invalid}AttributeValues inside AttributeValueList must be of same type"
    )
    assert legacy_error(expected, {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N("5"), N("1")]}}) == (
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
    )
    assert legacy_error(expected, {"a": {"Exists": False}}, "AND") == (
        "ConditionalOperator can only be used when Filter or Expected has two or more elements"
    )
    assert expected({}) is None


def test_query_and_scan_filters():
    condition = ex.filter_condition(
        {"n": {"ComparisonOperator": "GE", "AttributeValueList": [N("10")]}, "s": {"ComparisonOperator": "NOT_NULL"}}
    )
    assert condition.matches(ITEM)
    assert legacy_error(ex.filter_condition, {"ss": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"SS": ["a"]}]}}) == (
        "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type"
    )
    assert legacy_error(ex.filter_condition, {"n": {"ComparisonOperator": "NULL", "AttributeValueList": [N("1")]}}) == (
        "One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator"
    )


def test_key_conditions():
    key = ex.key_conditions(
        {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("a")]},
         "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S("x")]}},
        "pk", "sk",
    )
    assert (key.partition, key.sort_op, key.sort_values) == (S("a"), "BEGINS_WITH", (S("x"),))
    assert legacy_error(ex.key_conditions, {"pk": {"ComparisonOperator": "NOT_NULL"}}, "pk") == (
        "Attempted conditional constraint is not an indexable operation"
    )
    assert legacy_error(ex.key_conditions, {"pk": {"ComparisonOperator": "GT", "AttributeValueList": [S("a")]}}, "pk") == (
        "Query key condition not supported"
    )
    assert legacy_error(ex.key_conditions, {"sk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("a")]}}, "pk", "sk") == (
        "Query condition missed key schema element: pk"
    )


def test_attributes_to_get():
    assert ex.attributes_to_get(["a", "b"]) == [("a",), ("b",)]
    assert legacy_error(ex.attributes_to_get, ["a", "a"]) == (
        "One or more parameter values were invalid: Duplicate value in attribute name: a"
    )
