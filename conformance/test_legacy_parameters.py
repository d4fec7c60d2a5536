"""The legacy parameters: Expected and ConditionalOperator, AttributeUpdates, AttributesToGet.

Messages are DynamoDB's 2026 wording as paritysuite/dynamodb-conformance
captured them (tests/tier3/error-messages/putItem, deleteItem, updateItem;
captures/cross-region-latest.json): request errors of the writes come inside
the ``1 validation error detected: `` envelope, GetItem's bare. The meaning of
each comparison follows the DynamoDB-verified Alternator suite (scylladb
test/alternator/test_expected.py, test_item.py) and dynalite's tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from conformance.helpers import error_of

ONE = "1 validation error detected: "
INVALID = "One or more parameter values were invalid: "
FAILED = ("ConditionalCheckFailedException", "The conditional request failed")


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


ITEM: dict[str, Any] = {
    "pk": S("k"),
    "n": N("1"),
    "s": S("cat"),
    "b": {"B": b"cat"},
    "ns": {"NS": ["2", "4", "7"]},
    "l": {"L": [N("2"), N("4")]},
    "m": {"M": {"a": N("1")}},
    "flag": {"BOOL": True},
    "nothing": {"NULL": True},
}
KEY = {"pk": S("k")}


# -- Expected --------------------------------------------------------------------


@pytest.fixture
def expect(client, table) -> Any:
    """Whether an UpdateItem with this Expected (and ConditionalOperator) goes through."""
    client.put_item(TableName=table, Item=ITEM)

    def holds(expected: dict[str, Any], operator: str | None = None) -> bool:
        params: dict[str, Any] = {"Expected": expected}
        if operator:
            params["ConditionalOperator"] = operator
        try:
            client.update_item(TableName=table, Key=KEY, AttributeUpdates={"z": {"Value": N("1")}}, **params)
        except ClientError as error:
            assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == FAILED
            return False
        return True

    return holds


def op(operator: str, *values: Any) -> dict[str, Any]:
    condition: dict[str, Any] = {"ComparisonOperator": operator}
    if values:
        condition["AttributeValueList"] = list(values)
    return condition


def test_value_and_exists(expect):
    assert expect({"n": {"Value": N("1")}})
    assert expect({"n": {"Value": N("1.0"), "Exists": True}})
    assert not expect({"n": {"Value": N("2")}})
    assert not expect({"absent": {"Value": N("1")}})
    assert expect({"absent": {"Exists": False}})
    assert not expect({"n": {"Exists": False}})
    assert expect({})  # an empty Expected holds


@pytest.mark.parametrize(
    "expected, result",
    [
        ({"n": op("EQ", N("1"))}, True),
        ({"n": op("EQ", S("1"))}, False),  # another type is simply not equal
        ({"ns": op("EQ", {"NS": ["7", "4", "2"]})}, True),  # sets in any order
        ({"n": op("NE", N("2"))}, True),
        ({"n": op("NE", S("1"))}, True),
        ({"absent": op("NE", N("1"))}, True),
        ({"n": op("NE", N("1"))}, False),
        ({"n": op("LE", N("1"))}, True),
        ({"n": op("LT", N("1"))}, False),
        ({"s": op("LT", S("dog"))}, True),
        ({"b": op("GT", {"B": b"aardvark"})}, True),
        ({"n": op("GE", S("1"))}, False),
        ({"n": op("GT", N("0"))}, True),
        ({"n": op("BETWEEN", N("1"), N("2"))}, True),
        ({"s": op("BETWEEN", S("aardvark"), S("dog"))}, True),
        ({"absent": op("BETWEEN", N("0"), N("100"))}, False),
        ({"n": op("IN", N("3"), N("1"), N("8"))}, True),
        ({"ns": op("IN", N("2"))}, False),  # IN tests the attribute's value, not a set's members
        ({"s": op("BEGINS_WITH", S("ca"))}, True),
        ({"b": op("BEGINS_WITH", {"B": b"c"})}, True),
        ({"n": op("BEGINS_WITH", S("1"))}, False),
        ({"s": op("CONTAINS", S("at"))}, True),
        ({"ns": op("CONTAINS", N("4"))}, True),
        ({"l": op("CONTAINS", N("4"))}, True),
        ({"ns": op("CONTAINS", N("5"))}, False),
        ({"s": op("NOT_CONTAINS", S("dog"))}, True),
        ({"ns": op("NOT_CONTAINS", N("4"))}, False),
        ({"absent": op("NOT_CONTAINS", N("4"))}, False),  # a missing attribute fails both
        ({"absent": op("NULL")}, True),
        ({"n": op("NULL")}, False),
        ({"n": op("NOT_NULL")}, True),
        ({"absent": op("NOT_NULL")}, False),
        ({"n": {"ComparisonOperator": "EQ", "Value": N("1")}}, True),
        # EQ and NE take every type, lists, maps and booleans included (the API reference's Condition page).
        ({"l": op("EQ", {"L": [N("2"), N("4")]})}, True),
        ({"l": op("NE", {"L": [N("4")]})}, True),
        ({"m": op("EQ", {"M": {"a": N("1")}})}, True),
        ({"m": op("NE", {"M": {"a": N("2")}})}, True),
        ({"flag": op("EQ", {"BOOL": True})}, True),
        ({"flag": op("NE", {"BOOL": True})}, False),
        ({"nothing": op("EQ", {"NULL": True})}, True),
    ],
)
def test_comparison_operators(expect, expected, result):
    assert expect(expected) is result


def test_conditional_operator(expect):
    both = {"n": {"Value": N("1")}, "s": op("EQ", S("dog")), "absent": {"Exists": False}}
    assert not expect(both)  # AND by default
    assert not expect(both, "AND")
    assert expect(both, "OR")
    assert not expect({"n": {"Value": N("9")}, "s": op("EQ", S("dog"))}, "OR")


def test_expected_on_put_and_delete(client, table):
    client.put_item(TableName=table, Item=ITEM)
    assert error_of(lambda: client.put_item(TableName=table, Item={**KEY, "n": N("3")}, Expected={"n": {"Value": N("2")}})) == FAILED
    client.put_item(TableName=table, Item={**KEY, "n": N("3")}, Expected={"n": {"Value": N("1")}})
    assert error_of(lambda: client.delete_item(TableName=table, Key=KEY, Expected={"n": {"Value": N("1")}})) == FAILED
    assert client.get_item(TableName=table, Key=KEY)["Item"] == {**KEY, "n": N("3")}
    client.delete_item(TableName=table, Key=KEY, Expected={"n": op("EQ", N("3"))})
    assert "Item" not in client.get_item(TableName=table, Key=KEY, ConsistentRead=True)


def test_malformed_expected_conditions(client, table):
    def refused(expected: dict[str, Any]) -> str:
        code, message = error_of(lambda: client.delete_item(TableName=table, Key=KEY, Expected=expected))
        assert code == "ValidationException"
        return message

    assert refused({"a": {"Exists": True}}) == ONE + INVALID + "Value must be provided when Exists is true for Attribute: a"
    assert refused({"a": {"Exists": False, "Value": S("x")}}) == ONE + INVALID + "Value cannot be used when Exists is false for Attribute: a"
    assert refused({"a": {"Value": S("x"), "ComparisonOperator": "EQ", "AttributeValueList": [S("x")]}}) == (
        ONE + INVALID + "Value and AttributeValueList cannot be used together for Attribute: a"
    )
    assert refused({"a": {"ComparisonOperator": "EQ"}}) == (
        ONE + INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"
    )
    assert refused({"a": op("BETWEEN", S("x"))}) == ONE + INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"
    assert refused({"a": op("EQ", S("x"), S("y"))}) == ONE + INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator"
    put = error_of(lambda: client.put_item(TableName=table, Item=KEY, Expected={"a": {"ComparisonOperator": "EQ"}}))
    assert put == ("ValidationException", ONE + INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a")


def test_expected_values_of_the_wrong_kind(client, table):
    client.put_item(TableName=table, Item=ITEM)
    for expected in [
        {"l": op("CONTAINS", {"L": [N("1")]})},
        {"n": op("IN", {"L": [N("1")]})},
        {"n": op("IN", N("3"), S("dog"))},  # values of one type only
        {"n": op("BETWEEN", N("4"), N("3"))},  # bounds in order
        {"s": op("BEGINS_WITH", N("3"))},
        {"ns": op("BETWEEN", {"NS": ["1"]}, {"NS": ["2"]})},
    ]:
        code, _ = error_of(lambda: client.update_item(TableName=table, Key=KEY, AttributeUpdates={"z": {"Value": N("1")}}, Expected=expected))
        assert code == "ValidationException", expected
    code, message = error_of(
        lambda: client.update_item(TableName=table, Key=KEY, AttributeUpdates={"z": {"Value": N("1")}}, Expected={}, ConditionalOperator="OR")
    )
    assert code == "ValidationException" and "ConditionalOperator" in message
    assert client.get_item(TableName=table, Key=KEY, ConsistentRead=True)["Item"] == ITEM


# -- AttributeUpdates ------------------------------------------------------------


@pytest.fixture
def updates(client, table) -> Any:
    def update(attribute_updates: dict[str, Any], key: str = "k", **params: Any) -> dict[str, Any]:
        response = client.update_item(TableName=table, Key={"pk": S(key)}, AttributeUpdates=attribute_updates, **params)
        response.pop("ResponseMetadata", None)
        return response

    update.get = lambda key="k": client.get_item(TableName=table, Key={"pk": S(key)}, ConsistentRead=True).get("Item")  # type: ignore[attr-defined]
    update.refused = lambda attribute_updates, key="k": error_of(lambda: update(attribute_updates, key))  # type: ignore[attr-defined]
    return update


def test_put_add_and_delete(updates):
    updates({"a": {"Value": S("x")}, "n": {"Action": "PUT", "Value": N("1")}, "drop": {"Value": S("y")}})
    updates({
        "n": {"Action": "ADD", "Value": N("2.5")},
        "ns": {"Action": "ADD", "Value": {"NS": ["1", "2"]}},
        "l": {"Action": "ADD", "Value": {"L": [S("a")]}},
        "drop": {"Action": "DELETE"},
        "absent": {"Action": "DELETE"},
    })
    updates({"ns": {"Action": "ADD", "Value": {"NS": ["2", "3"]}}, "l": {"Action": "ADD", "Value": {"L": [N("1")]}}})
    got = updates.get()
    assert got["a"] == S("x") and got["n"] == N("3.5") and "drop" not in got
    assert sorted(got["ns"]["NS"]) == ["1", "2", "3"]
    assert got["l"] == {"L": [S("a"), N("1")]}  # ADD appends to a list here
    updates({"ns": {"Action": "DELETE", "Value": {"NS": ["1", "9"]}}})
    assert sorted(updates.get()["ns"]["NS"]) == ["2", "3"]
    updates({"ns": {"Action": "DELETE", "Value": {"NS": ["2", "3"]}}})
    assert "ns" not in updates.get()  # emptying a set removes it


def test_attribute_updates_and_missing_items(updates):
    assert updates({}, key="empty", ReturnValues="ALL_NEW") == {"Attributes": {"pk": S("empty")}}
    assert updates.get("empty") == {"pk": S("empty")}
    updates({"a": {"Action": "DELETE"}, "s": {"Action": "DELETE", "Value": {"SS": ["x"]}}}, key="nothing")
    assert updates.get("nothing") is None  # only deletions: nothing is created
    assert updates({"n": {"Action": "ADD", "Value": N("5")}, "gone": {"Action": "DELETE"}}, key="added", ReturnValues="UPDATED_NEW") == {
        "Attributes": {"n": N("5")}
    }
    assert updates.get("added") == {"pk": S("added"), "n": N("5")}


def test_attribute_updates_return_values(updates):
    updates({"b": {"Value": S("a")}, "c": {"Value": S("a")}})
    assert updates({"b": {"Value": S("b")}}, ReturnValues="ALL_OLD") == {"Attributes": {"pk": S("k"), "b": S("a"), "c": S("a")}}
    assert updates({"b": {"Value": S("c")}, "c": {"Action": "DELETE"}}, ReturnValues="UPDATED_OLD") == {
        "Attributes": {"b": S("b"), "c": S("a")}
    }
    assert updates({"b": {"Value": S("d")}, "x": {"Action": "DELETE"}}, ReturnValues="UPDATED_NEW") == {"Attributes": {"b": S("d")}}


def test_attribute_updates_errors(client, table, updates):
    updates({"s": {"Value": {"SS": ["1"]}}, "n": {"Value": N("1")}})
    mismatch = ("ValidationException", "Type mismatch for attribute to update")
    assert updates.refused({"s": {"Action": "DELETE", "Value": {"NS": ["1"]}}}) == mismatch
    assert updates.refused({"n": {"Action": "DELETE", "Value": {"NS": ["1"]}}}) == mismatch
    assert updates.refused({"s": {"Action": "ADD", "Value": {"NS": ["1"]}}}) == mismatch
    assert updates.refused({"n": {"Action": "ADD", "Value": {"SS": ["1"]}}}) == mismatch
    assert updates.refused({"a": {"Action": "PUT"}}) == (
        "ValidationException", ONE + INVALID + "Only DELETE action is allowed when no attribute value is specified"
    )
    assert updates.refused({"a": {"Action": "DELETE", "Value": S("x")}}) == (
        "ValidationException", ONE + INVALID + "DELETE action with value is not supported for the type S"
    )
    assert updates.refused({"a": {"Action": "ADD", "Value": S("x")}}) == (
        "ValidationException", ONE + INVALID + "ADD action is not supported for the type S"
    )
    assert updates.refused({"pk": {"Value": S("other")}}) == (
        "ValidationException", INVALID + "Cannot update attribute pk. This attribute is part of the key"
    )
    assert updates.get() == {"pk": S("k"), "s": {"SS": ["1"]}, "n": N("1")}


# -- AttributesToGet -------------------------------------------------------------


def test_attributes_to_get(client, table):
    client.put_item(TableName=table, Item=ITEM)
    get = lambda names: client.get_item(TableName=table, Key=KEY, AttributesToGet=names, ConsistentRead=True).get("Item")
    assert get(["n", "s"]) == {"n": N("1"), "s": S("cat")}
    assert get(["pk", "absent"]) == {"pk": S("k")}
    assert error_of(lambda: get(["n", "n"])) == ("ValidationException", INVALID + "Duplicate value in attribute name: n")


# -- legacy beside expressions ---------------------------------------------------


def mixed(non_expression: str, expression: str) -> str:
    return (
        "Can not use both expression and non-expression parameters in the same request: "
        f"Non-expression parameters: {{{non_expression}}} Expression parameters: {{{expression}}}"
    )


def test_mixing_legacy_and_expression_parameters(client, table):
    put = lambda: client.put_item(
        TableName=table, Item=KEY, Expected={"pk": {"Exists": False}}, ConditionExpression="attribute_not_exists(pk)"
    )
    assert error_of(put) == ("ValidationException", ONE + mixed("Expected", "ConditionExpression"))
    delete = lambda: client.delete_item(
        TableName=table, Key=KEY, Expected={"pk": {"Exists": False}}, ConditionExpression="attribute_not_exists(pk)"
    )
    assert error_of(delete) == ("ValidationException", ONE + mixed("Expected", "ConditionExpression"))
    update = lambda: client.update_item(
        TableName=table, Key=KEY, UpdateExpression="SET attr1 = :v", ExpressionAttributeValues={":v": S("val")},
        AttributeUpdates={"attr1": {"Value": S("val"), "Action": "PUT"}},
    )
    assert error_of(update) == ("ValidationException", ONE + mixed("AttributeUpdates", "UpdateExpression"))
    update = lambda: client.update_item(
        TableName=table, Key=KEY, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": S("val")},
        Expected={"a": op("EQ", S("x"))},
    )
    assert error_of(update) == ("ValidationException", ONE + mixed("Expected", "UpdateExpression"))
    get = lambda: client.get_item(TableName=table, Key=KEY, AttributesToGet=["a"], ProjectionExpression="a")
    assert error_of(get) == ("ValidationException", mixed("AttributesToGet", "ProjectionExpression"))
    names = lambda: client.delete_item(TableName=table, Key=KEY, Expected={"a": {"Exists": False}}, ExpressionAttributeNames={"#a": "a"})
    assert error_of(names) == ("ValidationException", ONE + "ExpressionAttributeNames can only be specified when using expressions")
    values = lambda: client.update_item(
        TableName=table, Key=KEY, AttributeUpdates={"a": {"Value": S("x")}}, ExpressionAttributeValues={":v": S("x")}
    )
    assert error_of(values) == ("ValidationException", ONE + "ExpressionAttributeValues can only be specified when using expressions")
    assert "Item" not in client.get_item(TableName=table, Key=KEY, ConsistentRead=True)


def test_legacy_values_are_checked_like_any_other(client, table):
    put = lambda: client.put_item(TableName=table, Item=KEY, Expected={"n": {"Value": N("abc")}})
    assert error_of(put) == ("ValidationException", ONE + "The parameter cannot be converted to a numeric value: abc")
    update = lambda: client.update_item(TableName=table, Key=KEY, AttributeUpdates={"s": {"Action": "PUT", "Value": {"SS": ["b", "a", "b"]}}})
    assert error_of(update) == ("ValidationException", ONE + INVALID + 'Input collection ["a", "b", "b"] contains duplicates.')
    assert "Item" not in client.get_item(TableName=table, Key=KEY, ConsistentRead=True)
