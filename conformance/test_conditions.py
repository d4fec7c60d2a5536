"""ConditionExpression on PutItem, DeleteItem and UpdateItem, as real DynamoDB answers.

Each check writes the item it reads back unchanged, with a condition: the write
succeeds when DynamoDB finds the condition true and fails with
ConditionalCheckFailedException when it finds it false. Messages are
DynamoDB's 2026 wording: PutItem, UpdateItem and DeleteItem report an invalid
expression inside the ``1 validation error detected: `` envelope (captured by
paritysuite/dynamodb-conformance, captures/cross-region-latest.json and
tests/tier3/error-messages); semantics follow the Developer Guide's
"Comparison operator and function reference" and the DynamoDB-verified
Alternator suite (scylladb test/alternator/test_condition_expression.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from conformance.helpers import error_of, unique_name

ONE = "1 validation error detected: "
FAILED = ("ConditionalCheckFailedException", "The conditional request failed")


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


ITEM: dict[str, Any] = {
    "pk": S("c"),
    "n": N("5"),
    "s": S("b"),
    "b": {"B": b"\x01\x02"},
    "t": {"BOOL": True},
    "z": {"NULL": True},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01"]},
    "l": {"L": [S("x"), N("1"), {"M": {"k": S("v")}}]},
    "m": {"M": {"k": S("v"), "n": N("10"), "l": {"L": [S("q")]}, "deep": {"M": {"x": S("y")}}}},
    "u": S("h\u00e9llo"),  # 6 bytes of UTF-8
    "e": S(""),
}


class Conditions:
    """Conditional writes of ITEM onto itself, answering whether DynamoDB found the condition true."""

    def __init__(self, client: Any, table: str) -> None:
        self.client = client
        self.table = table
        client.put_item(TableName=table, Item=ITEM)

    def holds(self, condition: str, values: dict[str, Any] | None = None, names: dict[str, str] | None = None) -> bool:
        params: dict[str, Any] = {"ConditionExpression": condition}
        if values:
            params["ExpressionAttributeValues"] = values
        if names:
            params["ExpressionAttributeNames"] = names
        try:
            self.client.put_item(TableName=self.table, Item=ITEM, **params)
        except ClientError as error:
            assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == FAILED
            return False
        return True


@pytest.fixture
def conditions(client, table) -> Conditions:
    return Conditions(client, table)


# -- comparators -----------------------------------------------------------------


def test_comparators_on_numbers_compare_by_value(conditions):
    holds = conditions.holds
    assert holds("n = :v", {":v": N("5")})
    assert holds("n = :v", {":v": N("5.00")})
    assert holds("n = :v", {":v": N("0.5E1")})
    assert not holds("n = :v", {":v": N("6")})
    assert holds("n <> :v", {":v": N("6")})
    assert not holds("n <> :v", {":v": N("5")})
    assert holds("n < :v", {":v": N("10")})  # by value, not as text
    assert not holds("n < :v", {":v": N("5")})
    assert holds("n <= :v", {":v": N("5")})
    assert holds("n > :v", {":v": N("-7")})
    assert holds("n >= :v", {":v": N("5")})
    assert not holds("n > :v", {":v": N("10")})


def test_comparators_on_strings_and_binaries(conditions):
    holds = conditions.holds
    assert holds("s < :v", {":v": S("c")})
    assert holds("s > :v", {":v": S("B")})  # by code point: "b" > "B"
    assert holds("s >= :v", {":v": S("b")})
    assert not holds("s > :v", {":v": S("ba")})
    assert holds("b < :v", {":v": {"B": b"\x02"}})
    assert holds("b > :v", {":v": {"B": b"\x01"}})  # a longer value after its prefix
    assert holds("b = :v", {":v": {"B": b"\x01\x02"}})


def test_comparing_two_attributes(conditions):
    assert conditions.holds("n < m.n")
    assert not conditions.holds("m.n < n")
    assert conditions.holds("l[0] = m.l[0] OR l[0] <> m.l[0]")


def test_equality_of_documents_and_sets(conditions):
    holds = conditions.holds
    assert holds("ss = :v", {":v": {"SS": ["b", "a"]}})  # sets regardless of order
    assert holds("ns = :v", {":v": {"NS": ["2.0", "1"]}})
    assert not holds("ss = :v", {":v": {"SS": ["a"]}})
    assert holds("l = :v", {":v": {"L": [S("x"), N("1"), {"M": {"k": S("v")}}]}})
    assert not holds("l = :v", {":v": {"L": [N("1"), S("x"), {"M": {"k": S("v")}}]}})  # lists in order
    assert holds("m.deep = :v", {":v": {"M": {"x": S("y")}}})
    assert holds("t = :v", {":v": {"BOOL": True}})
    assert holds("z = :v", {":v": {"NULL": True}})
    assert holds("e = :v", {":v": S("")})


def test_mismatched_types_are_never_equal_nor_ordered(conditions):
    holds = conditions.holds
    assert not holds("n = :v", {":v": S("5")})
    assert holds("n <> :v", {":v": S("5")})
    assert not holds("n < :v", {":v": S("9")})
    assert not holds("n >= :v", {":v": S("0")})
    assert not holds("s > :v", {":v": N("1")})
    assert not holds("ss = :v", {":v": {"L": [S("a"), S("b")]}})
    assert not holds("t = :v", {":v": S("true")})


def test_a_missing_attribute_compares_false_except_for_not_equal(conditions):
    holds = conditions.holds
    assert not holds("absent = :v", {":v": S("x")})
    assert holds("absent <> :v", {":v": S("x")})
    assert not holds("absent < :v", {":v": N("1")})
    assert not holds("absent BETWEEN :a AND :b", {":a": N("1"), ":b": N("2")})
    assert not holds("absent IN (:a)", {":a": N("1")})


def test_between_is_inclusive_and_typed(conditions):
    holds = conditions.holds
    assert holds("n BETWEEN :a AND :b", {":a": N("5"), ":b": N("5")})
    assert holds("n BETWEEN :a AND :b", {":a": N("-1"), ":b": N("10")})
    assert not holds("n BETWEEN :a AND :b", {":a": N("6"), ":b": N("10")})
    assert holds("s BETWEEN :a AND :b", {":a": S("a"), ":b": S("c")})
    assert not holds("s BETWEEN :a AND :b", {":a": N("1"), ":b": N("9")})
    assert holds("size(u) BETWEEN :a AND :b", {":a": N("6"), ":b": N("6")})


def test_in(conditions):
    holds = conditions.holds
    assert holds("n IN (:a, :b)", {":a": N("1"), ":b": N("5")})
    assert not holds("n IN (:a, :b)", {":a": N("1"), ":b": N("2")})
    assert not holds("n IN (:a)", {":a": S("5")})
    assert holds("s IN (:a, m.k, l[0])", {":a": S("b")})
    assert holds("ss IN (:a)", {":a": {"SS": ["b", "a"]}})
    values = {f":v{i}": N(str(i)) for i in range(100)}  # 100 operands is the limit
    assert holds("n IN (" + ", ".join(values) + ")", values)


# -- AND, OR, NOT and parentheses ------------------------------------------------

TRUE, FALSE = "n = :five", "n = :six"
BOTH = {":five": N("5"), ":six": N("6")}


@pytest.mark.parametrize(
    "condition, expected",
    [
        (f"{TRUE} OR {FALSE} AND {FALSE}", True),  # AND binds tighter than OR
        (f"({TRUE} OR {FALSE}) AND {FALSE}", False),
        (f"{FALSE} AND {FALSE} OR {TRUE}", True),
        (f"NOT {TRUE} AND {FALSE}", False),  # NOT binds tighter than AND
        (f"NOT ({TRUE} AND {FALSE})", True),
        (f"NOT {TRUE} OR {TRUE}", True),
        (f"NOT NOT {TRUE}", True),
        (f"nOt {TRUE} oR {TRUE} aNd {FALSE}", False),  # keywords in any case
        (f"({TRUE} OR {FALSE}) AND ({TRUE} AND ({FALSE} OR {TRUE}))", True),
    ],
)
def test_precedence_and_parentheses(conditions, condition, expected):
    values = {key: value for key, value in BOTH.items() if key in condition}
    assert conditions.holds(condition, values) is expected


# -- functions -------------------------------------------------------------------


def test_attribute_exists_and_not_exists_on_paths(conditions):
    holds = conditions.holds
    assert holds("attribute_exists(n)")
    assert not holds("attribute_exists(absent)")
    assert holds("attribute_not_exists(absent)")
    assert holds("attribute_exists(m.k) AND attribute_exists(m.deep.x) AND attribute_exists(m.l[0])")
    assert holds("attribute_exists(l[2].k) AND attribute_not_exists(l[3])")
    assert not holds("attribute_exists(m.nope)")
    assert holds("attribute_not_exists(s.x) AND attribute_not_exists(m[0]) AND attribute_not_exists(l.x)")
    assert holds("attribute_exists(#a.#b)", names={"#a": "m", "#b": "k"})


def test_attribute_type(conditions):
    holds = conditions.holds
    for name, kind in [
        ("n", "N"), ("s", "S"), ("b", "B"), ("t", "BOOL"), ("z", "NULL"), ("ss", "SS"),
        ("ns", "NS"), ("bs", "BS"), ("l", "L"), ("m", "M"),
    ]:
        assert holds(f"attribute_type({name}, :t)", {":t": S(kind)}), name
    assert not holds("attribute_type(n, :t)", {":t": S("S")})
    assert not holds("attribute_type(absent, :t)", {":t": S("S")})
    assert holds("attribute_type(m.l[0], :t)", {":t": S("S")})


def test_begins_with(conditions):
    holds = conditions.holds
    assert holds("begins_with(s, :v)", {":v": S("b")})
    assert holds("begins_with(s, :v)", {":v": S("")})
    assert not holds("begins_with(s, :v)", {":v": S("bc")})
    assert holds("begins_with(b, :v)", {":v": {"B": b"\x01"}})
    assert not holds("begins_with(b, :v)", {":v": {"B": b"\x02"}})
    assert not holds("begins_with(ss, :v)", {":v": S("a")})
    assert not holds("begins_with(absent, :v)", {":v": S("a")})
    assert holds("begins_with(m.k, :v)", {":v": S("v")})


def test_contains(conditions):
    holds = conditions.holds
    assert holds("contains(u, :v)", {":v": S("\u00e9ll")})  # a substring
    assert not holds("contains(u, :v)", {":v": S("x")})
    assert holds("contains(ss, :v)", {":v": S("a")})  # a member
    assert holds("contains(ns, :v)", {":v": N("2")})
    assert not holds("contains(ns, :v)", {":v": S("2")})
    assert holds("contains(bs, :v)", {":v": {"B": b"\x01"}})
    assert holds("contains(b, :v)", {":v": {"B": b"\x02"}})  # bytes of a binary
    assert holds("contains(l, :v)", {":v": S("x")})  # an element of a list
    assert holds("contains(l, :v)", {":v": {"M": {"k": S("v")}}})
    assert not holds("contains(l, :v)", {":v": S("q")})
    assert not holds("contains(n, :v)", {":v": N("5")})
    assert holds("contains(l, s) OR contains(s, l[0]) OR contains(ss, s)")  # an attribute as the operand


def test_size(conditions):
    holds = conditions.holds
    for expression, size in [
        ("size(u)", "6"),  # UTF-8 bytes of a string
        ("size(e)", "0"),
        ("size(b)", "2"),  # bytes of a binary
        ("size(ss)", "2"),  # members of a set
        ("size(l)", "3"),  # elements of a list
        ("size(m)", "4"),  # entries of a map
        ("size(m.l)", "1"),
    ]:
        assert holds(f"{expression} = :v", {":v": N(size)}), expression
    assert holds("size(u) > :v AND size(u) <= :w", {":v": N("5"), ":w": N("6")})
    assert holds("size(ss) < size(l)")
    # size of a number, a boolean, a null or a missing attribute: the condition is false, not an error
    assert not holds("size(n) = :v", {":v": N("1")})
    assert not holds("size(t) = :v", {":v": N("1")})
    assert not holds("size(z) = :v", {":v": N("1")})
    assert not holds("size(absent) >= :v", {":v": N("0")})
    assert not holds("size(u) = :v", {":v": S("6")})


# -- writes against the condition ------------------------------------------------


def test_conditions_on_a_missing_item_see_no_attributes(client, table):
    key = {"pk": S("new")}
    call = lambda: client.update_item(
        TableName=table, Key=key, UpdateExpression="SET a = :v", ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":v": N("1")},
    )
    assert error_of(call) == FAILED
    assert "Item" not in client.get_item(TableName=table, Key=key, ConsistentRead=True)
    client.put_item(TableName=table, Item=key, ConditionExpression="attribute_not_exists(pk)")
    assert error_of(lambda: client.put_item(TableName=table, Item=key, ConditionExpression="attribute_not_exists(pk)")) == FAILED
    assert error_of(lambda: client.delete_item(TableName=table, Key={"pk": S("gone")}, ConditionExpression="attribute_exists(pk)")) == FAILED
    client.delete_item(TableName=table, Key=key, ConditionExpression="attribute_exists(pk)")
    assert "Item" not in client.get_item(TableName=table, Key=key, ConsistentRead=True)


def test_a_failed_condition_changes_nothing(client, table):
    item = {"pk": S("k"), "v": N("1"), "doc": {"M": {"a": {"L": [S("x")]}}}}
    client.put_item(TableName=table, Item=item)
    refused = dict(ConditionExpression="v = :two", ExpressionAttributeValues={":two": N("2")})
    assert error_of(lambda: client.put_item(TableName=table, Item={"pk": S("k")}, **refused)) == FAILED
    assert error_of(lambda: client.delete_item(TableName=table, Key={"pk": S("k")}, **refused)) == FAILED
    update = lambda: client.update_item(
        TableName=table, Key={"pk": S("k")}, UpdateExpression="SET v = v + :two REMOVE doc", **refused
    )
    assert error_of(update) == FAILED
    assert client.get_item(TableName=table, Key={"pk": S("k")}, ConsistentRead=True)["Item"] == item


@pytest.mark.parametrize("operation", ["put_item", "update_item", "delete_item"])
def test_return_values_on_condition_check_failure(client, table, operation):
    stored = {"pk": S("k"), "v": N("1")}
    client.put_item(TableName=table, Item=stored)

    def attempt(key: str, mode: str | None) -> ClientError:
        params: dict[str, Any] = {
            "TableName": table,
            "ConditionExpression": "v = :two",
            "ExpressionAttributeValues": {":two": N("2")},
        }
        if operation == "put_item":
            params["Item"] = {"pk": S(key), "v": N("3")}
        else:
            params["Key"] = {"pk": S(key)}
        if operation == "update_item":
            params["UpdateExpression"] = "SET w = :two"
        if mode is not None:
            params["ReturnValuesOnConditionCheckFailure"] = mode
        with pytest.raises(ClientError) as caught:
            getattr(client, operation)(**params)
        return caught.value

    error = attempt("k", "ALL_OLD")
    assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == FAILED
    assert error.response["Item"] == stored
    assert "Item" not in attempt("k", "NONE").response
    assert "Item" not in attempt("k", None).response
    assert "Item" not in attempt("absent", "ALL_OLD").response  # no item, nothing to return


# -- refused expressions ---------------------------------------------------------


def put_error(client: Any, table: str, **params: Any) -> tuple[str, str]:
    return error_of(lambda: client.put_item(TableName=table, Item={"pk": S("x")}, **params))


def invalid(message: str) -> tuple[str, str]:
    return ("ValidationException", ONE + "Invalid ConditionExpression: " + message)


@pytest.mark.parametrize(
    "condition, message",
    [
        ("a = = b", 'Syntax error; token: "=", near: "= = b"'),
        ("attribute_exists(a) AND", 'Syntax error; token: "<EOF>", near: "AND"'),
        ("a BETWEEN b", 'Syntax error; token: "<EOF>", near: "b"'),
        ("a IN ()", 'Syntax error; token: ")", near: "()"'),
        ("a < b < c", 'Syntax error; token: "<", near: "b < c"'),
        ("((attribute_not_exists(pk)))", "The expression has redundant parentheses;"),
        ("foo(a)", "Invalid function name; function: foo"),
        ("size(a)", "The function is not allowed to be used this way in an expression; function: size"),
        ("contains(a, a)", "The first operand must be distinct from the remaining operands for this operator or "
         "function; operator: contains, first operand: [a]"),
        ("begins_with(a)", "Incorrect number of operands for operator or function; operator or function: "
         "begins_with, number of operands: 1"),
        ("attribute_exists(a) AND name = a", "Attribute name is a reserved keyword; reserved keyword: name"),
        ("", "The expression can not be empty;"),
    ],
)
def test_invalid_conditions_are_refused_in_the_envelope(client, table, condition, message):
    assert put_error(client, table, ConditionExpression=condition) == invalid(message)


def test_value_dependent_errors(client, table):
    assert put_error(
        client, table, ConditionExpression="a BETWEEN :hi AND :lo", ExpressionAttributeValues={":lo": N("4"), ":hi": N("5")}
    ) == invalid(
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
        "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:4}"
    )
    assert put_error(
        client, table, ConditionExpression="attribute_type(a, :t)", ExpressionAttributeValues={":t": S("STRING")}
    ) == invalid("Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")


def test_placeholders(client, table):
    assert put_error(client, table, ConditionExpression="#a = :v", ExpressionAttributeValues={":v": S("x")}) == invalid(
        "An expression attribute name used in the document path is not defined; attribute name: #a"
    )
    assert put_error(client, table, ConditionExpression="a = :v") == invalid(
        "An expression attribute value used in expression is not defined; attribute value: :v"
    )
    assert put_error(
        client, table, ConditionExpression="a = :v", ExpressionAttributeValues={":v": S("x"), ":w": S("y")}
    ) == ("ValidationException", ONE + "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
    assert put_error(
        client, table, ConditionExpression="attribute_exists(a)", ExpressionAttributeNames={"#b": "b"}
    ) == ("ValidationException", ONE + "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}")
    assert put_error(client, table, ExpressionAttributeValues={":v": S("x")}) == (
        "ValidationException", ONE + "ExpressionAttributeValues can only be specified when using expressions"
    )
    assert put_error(client, table, ConditionExpression="attribute_exists(a)", ExpressionAttributeNames={}) == (
        "ValidationException", ONE + "ExpressionAttributeNames must not be empty"
    )
    # a placeholder stands in for a reserved word
    client.put_item(
        TableName=table, Item={"pk": S("x")}, ConditionExpression="attribute_not_exists(#n)", ExpressionAttributeNames={"#n": "name"}
    )


def test_invalid_conditions_are_refused_by_every_write_and_before_the_table(client, table):
    condition = {"ConditionExpression": "a = = b"}
    expected = invalid('Syntax error; token: "=", near: "= = b"')
    absent = unique_name("absent")
    assert error_of(lambda: client.put_item(TableName=absent, Item={"pk": S("x")}, **condition)) == expected
    assert error_of(lambda: client.delete_item(TableName=absent, Key={"pk": S("x")}, **condition)) == expected
    assert error_of(lambda: client.update_item(TableName=table, Key={"pk": S("x")}, **condition)) == expected
    assert "Item" not in client.get_item(TableName=table, Key={"pk": S("x")}, ConsistentRead=True)


def test_length_limits(client, table):
    # 4096 bytes of expression are accepted; one more is not
    at_limit = "attribute_not_exists(" + "a" * (4096 - 22) + ")"
    client.put_item(TableName=table, Item={"pk": S("x")}, ConditionExpression=at_limit)
    over = "a = :v" + " AND a = :v" * 373  # 4109 bytes
    assert put_error(client, table, ConditionExpression=over, ExpressionAttributeValues={":v": S("x")}) == invalid(
        "Expression size has exceeded the maximum allowed size; expression size: 4109"
    )
    values = {f":v{i}": N(str(i)) for i in range(101)}
    assert put_error(
        client, table, ConditionExpression="a IN (" + ", ".join(values) + ")", ExpressionAttributeValues=values
    ) == invalid("The IN operator is provided with too many operands; number of operands: 101")
    too_many = " OR ".join(f"a{i} = :v" for i in range(151))  # 151 comparisons and 150 ORs
    assert put_error(client, table, ConditionExpression=too_many, ExpressionAttributeValues={":v": S("x")}) == invalid(
        "The expression contains too many operators; operator count: 301"
    )
