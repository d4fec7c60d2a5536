"""UpdateItem as real DynamoDB answers it: SET, REMOVE, ADD, DELETE, ReturnValues and their errors.

Messages are DynamoDB's 2026 wording, as paritysuite/dynamodb-conformance
captured them (tests/tier1/updateItem, tests/tier3/error-messages/updateItem,
captures/cross-region-latest.json): errors found in the request itself come
inside the ``1 validation error detected: `` envelope; errors found against
the stored item (a missing operand, a path that does not fit the item, a wrong
data type, the key or item size) come bare. Semantics the captures leave open
follow the DynamoDB-verified Alternator suite (scylladb
test/alternator/test_update_expression.py, test_returnvalues.py,
test_number.py) and dynalite's tests.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.helpers import error_of

ONE = "1 validation error detected: "
INVALID_PATH = ("ValidationException", "The document path provided in the update expression is invalid for update")
MISSING_OPERAND = ("ValidationException", "The provided expression refers to an attribute that does not exist in the item")
WRONG_TYPE = ("ValidationException", "An operand in the update expression has an incorrect data type")
OVERFLOW = ("ValidationException", "Number overflow. Attempting to store a number with magnitude larger than supported range")


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def L(*values: Any) -> dict[str, Any]:
    return {"L": list(values)}


def invalid(message: str) -> tuple[str, str]:
    return ("ValidationException", ONE + "Invalid UpdateExpression: " + message)


class Items:
    """UpdateItem and GetItem on one key of one table."""

    def __init__(self, client: Any, table: str, key: str = "k") -> None:
        self.client = client
        self.table = table
        self.key = {"pk": S(key)}

    def put(self, **attributes: Any) -> None:
        self.client.put_item(TableName=self.table, Item={**self.key, **attributes})

    def update(self, expression: str | None = None, values: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        if expression is not None:
            params["UpdateExpression"] = expression
        if values:
            params["ExpressionAttributeValues"] = values
        response = self.client.update_item(TableName=self.table, Key=self.key, **params)
        response.pop("ResponseMetadata", None)
        return response

    def refused(self, expression: str, values: dict[str, Any] | None = None, **params: Any) -> tuple[str, str]:
        return error_of(lambda: self.update(expression, values, **params))

    def get(self) -> dict[str, Any] | None:
        return self.client.get_item(TableName=self.table, Key=self.key, ConsistentRead=True).get("Item")


@pytest.fixture
def items(client, table) -> Items:
    return Items(client, table)


# -- upsert ----------------------------------------------------------------------


def test_update_creates_the_item(items):
    assert items.update("SET a = :v", {":v": S("created")}) == {}
    assert items.get() == {"pk": S("k"), "a": S("created")}


def test_update_with_only_a_key_creates_the_item(items):
    assert items.update() == {}
    assert items.get() == {"pk": S("k")}


def test_update_merges_with_the_stored_item(items):
    items.put(keep=S("yes"), a=S("old"))
    items.update("SET a = :v, b = :w", {":v": S("new"), ":w": N("1")})
    assert items.get() == {"pk": S("k"), "keep": S("yes"), "a": S("new"), "b": N("1")}


# -- SET -------------------------------------------------------------------------


def test_set_arithmetic(items):
    items.put(c=N("10"), m={"M": {"n": N("1.5")}})
    items.update("SET c = c + :v, d = :v - c, m.n = m.n - :half", {":v": N("5"), ":half": N("0.5")})
    got = items.get()
    assert (got["c"], got["d"], got["m"]) == (N("15"), N("-5"), {"M": {"n": N("1")}})
    items.update("SET c = (c - :v)", {":v": N("3")})  # one pair of parentheses around the right side
    assert items.get()["c"] == N("12")
    # exact to 38 significant digits, not floating point
    items.update("SET e = :a + :b", {":a": N("1"), ":b": N("10000000000000000000000")})
    assert items.get()["e"] == N("10000000000000000000001")


def test_set_reads_every_operand_before_writing(items):
    items.put(a=S("OLD"), b=S("other"))
    items.update("SET a = b, b = a")
    assert (items.get()["a"], items.get()["b"]) == (S("other"), S("OLD"))
    assert items.refused("SET x = :v, y = x", {":v": N("1")}) == MISSING_OPERAND


def test_if_not_exists(items):
    items.put(existing=S("keep-me"), n=N("10"))
    items.update(
        "SET existing = if_not_exists(existing, :d), fresh = if_not_exists(fresh, :d), n = if_not_exists(n, :z) - :amt",
        {":d": S("default"), ":z": N("0"), ":amt": N("3")},
    )
    got = items.get()
    assert (got["existing"], got["fresh"], got["n"]) == (S("keep-me"), S("default"), N("7"))
    items.update("SET cp = if_not_exists(nothing, existing)")
    assert items.get()["cp"] == S("keep-me")


def test_list_append(items):
    items.put(vals=L(S("b"), S("c")))
    items.update("SET vals = list_append(vals, :tail)", {":tail": L(S("d"))})
    items.update("SET vals = list_append(:head, vals)", {":head": L(S("a"))})
    items.update("SET fresh = list_append(if_not_exists(fresh, :empty), :more)", {":empty": L(), ":more": L(S("x"))})
    got = items.get()
    assert got["vals"] == L(S("a"), S("b"), S("c"), S("d"))
    assert got["fresh"] == L(S("x"))


def test_set_nested_paths_and_list_elements(items):
    items.put(a={"M": {"b": {"M": {"c": S("old")}}, "l": L(S("x"), S("y"), S("z"))}}, mylist=L(S("a"), S("b"), S("c")))
    items.update(
        "SET a.b.c = :v, a.b.#new = :v, a.l[1] = :w, #odd = :v",
        {":v": S("new"), ":w": N("2")},
        ExpressionAttributeNames={"#new": "added", "#odd": "a.b"},
    )
    got = items.get()
    assert got["a"] == {"M": {"b": {"M": {"c": S("new"), "added": S("new")}}, "l": L(S("x"), N("2"), S("z"))}}
    assert got["a.b"] == S("new")  # a name from ExpressionAttributeNames is one attribute, dots and all
    # an index past the end appends, several in index order
    items.update("SET mylist[84] = :d, mylist[37] = :b, mylist[50] = :c", {":b": S("37"), ":c": S("50"), ":d": S("84")})
    assert items.get()["mylist"] == L(S("a"), S("b"), S("c"), S("37"), S("50"), S("84"))


def test_set_into_a_parent_that_does_not_fit(items):
    items.put(s=S("hello"), l=L(S("x")), m={"M": {}})
    for expression in ["SET nope.x = :v", "SET s.x = :v", "SET l.x = :v", "SET s[0] = :v", "SET m[0] = :v", "SET nope[0] = :v", "SET m.x.y = :v"]:
        assert items.refused(expression, {":v": S("v")}) == INVALID_PATH, expression
    assert items.get() == {"pk": S("k"), "s": S("hello"), "l": L(S("x")), "m": {"M": {}}}


def test_set_on_a_missing_item_into_a_nested_path(client, table):
    items = Items(client, table, "fresh")
    assert items.refused("SET a.b = :v", {":v": S("v")}) == INVALID_PATH
    assert items.get() is None


def test_set_operand_errors(items):
    items.put(s=S("text"), n=N("1"), l=L())
    assert items.refused("SET n = s + :one", {":one": N("1")}) == WRONG_TYPE
    assert items.refused("SET n = absent + :one", {":one": N("1")}) == MISSING_OPERAND
    assert items.refused("SET x = absent") == MISSING_OPERAND
    assert items.refused("SET l = list_append(s, :l)", {":l": L()}) == WRONG_TYPE
    assert items.refused("SET l = list_append(absent, :l)", {":l": L()}) == MISSING_OPERAND
    assert items.refused("SET n = :a + :b", {":a": S("x"), ":b": N("1")}) == invalid(
        "Incorrect operand type for operator or function; operator or function: +, operand type: S"
    )
    assert items.refused("SET n = n - :l", {":l": L()}) == invalid(
        "Incorrect operand type for operator or function; operator or function: -, operand type: L"
    )
    assert items.refused("SET l = list_append(l, :s)", {":s": S("x")}) == invalid(
        "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"
    )
    assert items.refused("SET l = list_append(l)") == invalid(
        "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"
    )
    assert items.refused("SET x = if_not_exists(:v, :v)", {":v": N("1")}) == invalid(
        "Operator or function requires a document path; operator or function: if_not_exists"
    )
    assert items.refused("SET x = f(n)") == invalid("Invalid function name; function: f")
    assert items.get() == {"pk": S("k"), "s": S("text"), "n": N("1"), "l": L()}


# -- REMOVE ----------------------------------------------------------------------


def test_remove_attributes_nested_keys_and_list_elements(items):
    items.put(
        gone=S("x"),
        keep=S("y"),
        m={"M": {"gone": S("g"), "stay": S("s"), "mm": {"M": {"x": N("1")}}}},
        l=L(N("2"), N("3"), N("4"), N("5"), N("6"), N("7")),
        single=L(N("1")),
    )
    items.update("REMOVE gone, m.gone, m.mm.x, l[1], single[0], absent, m.absent, l[17]")
    # list indexes name elements of the list as it was: l[3] is 5 even after l[1] went
    items.update("REMOVE l[0] SET l[3] = :v", {":v": N("17")})
    got = items.get()
    assert got == {
        "pk": S("k"),
        "keep": S("y"),
        "m": {"M": {"stay": S("s"), "mm": {"M": {}}}},
        "l": L(N("4"), N("5"), N("17"), N("7")),
        "single": L(),
    }


def test_remove_through_a_missing_parent_of_a_stored_item(items):
    items.put(s=S("x"))
    assert items.refused("REMOVE nope.x") == INVALID_PATH
    assert items.refused("REMOVE s.x") == INVALID_PATH
    assert items.refused("REMOVE nope[0]") == INVALID_PATH


def test_removing_from_a_missing_item_creates_nothing(client, table):
    items = Items(client, table, "never")
    assert items.update("REMOVE a, b.c, d[0]", ReturnValues="ALL_NEW") == {}
    assert items.update("DELETE s :v", {":v": {"SS": ["x"]}}, ReturnValues="ALL_NEW") == {}
    assert items.get() is None


# -- ADD and DELETE --------------------------------------------------------------


def test_add_numbers_and_sets(items):
    items.put(count=N("10"), tags={"SS": ["a", "b"]})
    items.update("ADD #c :three, tags :more, fresh :one, nums :ns", {
        ":three": N("3"), ":more": {"SS": ["b", "c", ""]}, ":one": N("-1.5"), ":ns": {"NS": ["2", "1"]},
    }, ExpressionAttributeNames={"#c": "count"})
    got = items.get()
    assert got["count"] == N("13")
    assert got["fresh"] == N("-1.5")  # a missing number counts as 0
    assert sorted(got["tags"]["SS"]) == ["", "a", "b", "c"]  # a set is a set: "b" once
    assert sorted(got["nums"]["NS"]) == ["1", "2"]


def test_add_creates_the_item(client, table):
    items = Items(client, table, "made-by-add")
    items.update("ADD n :one, s :s", {":one": N("1"), ":s": {"BS": [b"\x00"]}})
    assert items.get() == {"pk": S("made-by-add"), "n": N("1"), "s": {"BS": [b"\x00"]}}


def test_delete_set_members(items):
    items.put(tags={"SS": ["a", "b", "c"]}, nums={"NS": ["1", "2"]}, other=S("x"))
    items.update("DELETE tags :gone, nums :all, absent :gone", {":gone": {"SS": ["b", "zzz"]}, ":all": {"NS": ["2.0", "1"]}})
    got = items.get()
    assert sorted(got["tags"]["SS"]) == ["a", "c"]
    assert "nums" not in got  # emptying a set removes the attribute
    assert "absent" not in got


def test_add_and_delete_type_errors(items):
    items.put(s=S("x"), tags={"SS": ["a"]}, n=N("1"))
    assert items.refused("ADD s :one", {":one": N("1")}) == WRONG_TYPE
    assert items.refused("ADD tags :ns", {":ns": {"NS": ["1"]}}) == WRONG_TYPE
    assert items.refused("ADD n :ss", {":ss": {"SS": ["1"]}}) == WRONG_TYPE
    assert items.refused("DELETE tags :ns", {":ns": {"NS": ["1"]}}) == WRONG_TYPE
    assert items.refused("DELETE n :ns", {":ns": {"NS": ["1"]}}) == WRONG_TYPE
    for operator, value, name in [
        ("ADD", S("x"), "STRING"),
        ("ADD", L(N("1")), "LIST"),
        ("ADD", {"M": {}}, "MAP"),
        ("ADD", {"BOOL": True}, "BOOLEAN"),
        ("DELETE", N("1"), "NUMBER"),
        ("DELETE", {"B": b"x"}, "BINARY"),
        ("DELETE", {"NULL": True}, "NULL"),
    ]:
        assert items.refused(f"{operator} x :v", {":v": value}) == invalid(
            f"Incorrect operand type for operator or function; operator: {operator}, operand type: {name}"
        ), (operator, name)
    assert items.get() == {"pk": S("k"), "s": S("x"), "tags": {"SS": ["a"]}, "n": N("1")}


# -- clauses and paths -----------------------------------------------------------


def test_clauses_in_any_order_and_any_letter_case(items):
    items.put(r=S("x"), s={"SS": ["a", "b"]})
    items.update("delete s :a add n :one remove r SeT v = :one", {":a": {"SS": ["a"]}, ":one": N("1")})
    assert items.get() == {"pk": S("k"), "s": {"SS": ["b"]}, "n": N("1"), "v": N("1")}


def test_each_clause_once(items):
    assert items.refused("SET a = :v SET b = :v", {":v": N("1")}) == invalid(
        'The "SET" section can only be used once in an update expression;'
    )
    assert items.refused("REMOVE a SET b = :v REMOVE c", {":v": N("1")}) == invalid(
        'The "REMOVE" section can only be used once in an update expression;'
    )


def test_overlapping_and_conflicting_paths(items):
    assert items.refused("SET a = :v, a = :w", {":v": N("1"), ":w": N("2")}) == invalid(
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    )
    assert items.refused("SET #x = :v REMOVE a", {":v": N("1")}, ExpressionAttributeNames={"#x": "a"}) == invalid(
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    )
    assert items.refused("SET m = :v, m.n = :v", {":v": N("1")}) == invalid(
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, n]"
    )
    assert items.refused("SET l[0] = :v, l[0].ok = :v", {":v": N("1")}) == invalid(
        "Two document paths overlap with each other; must remove or rewrite one of these paths; "
        "path one: [l, [0]], path two: [l, [0], ok]"
    )
    assert items.refused("SET a.b = :v, a[1] = :v", {":v": N("1")}) == invalid(
        "Two document paths conflict with each other; must remove or rewrite one of these paths; "
        "path one: [a, b], path two: [a, [1]]"
    )
    # different children of one map are fine, and a path may be read while another is written
    items.put(a={"M": {"x": N("1")}}, b=N("2"))
    items.update("SET a.y = b, a.z = a.x REMOVE b")
    assert items.get() == {"pk": S("k"), "a": {"M": {"x": N("1"), "y": N("2"), "z": N("1")}}}


def test_syntax_errors(items):
    assert items.refused("INVALID SYNTAX HERE") == invalid('Syntax error; token: "INVALID", near: "INVALID SYNTAX"')
    assert items.refused("SET a = b + c + d") == invalid('Syntax error; token: "+", near: "c + d"')
    assert items.refused("ADD hits : incr") == invalid('Syntax error; token: ":", near: "hits : incr"')
    assert items.refused("SET a[:i] = :v", {":i": N("1"), ":v": N("1")}) == invalid('Syntax error; token: ":i", near: "[:i]"')
    assert items.refused("DELETE s") == invalid('Syntax error; token: "<EOF>", near: "s"')
    assert items.refused("") == invalid("The expression can not be empty;")


def test_placeholders_reserved_words_and_unused_keys(items):
    assert items.refused("SET attr1 = :v") == invalid(
        "An expression attribute value used in expression is not defined; attribute value: :v"
    )
    assert items.refused("SET #a = :v", {":v": N("1")}) == invalid(
        "An expression attribute name used in the document path is not defined; attribute name: #a"
    )
    assert items.refused("SET attr1 = :v", {":v": S("val")}, ExpressionAttributeNames={"#unused": "x"}) == (
        "ValidationException", ONE + "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
    )
    assert items.refused("SET attr1 = :v", {":v": S("val"), ":unused": S("extra")}) == (
        "ValidationException", ONE + "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
    )
    assert items.refused("SET b = :w", {":w": S("x")}, ConditionExpression="a = :v") == (
        "ValidationException",
        ONE + "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v",
    )
    assert items.refused("REMOVE Absolute") == invalid("Attribute name is a reserved keyword; reserved keyword: Absolute")
    assert items.get() is None


def test_length_limit(items):
    # 4096 bytes of UpdateExpression are accepted, 4097 are not; the values do not count
    values = {f":v{i}": S("x") for i in range(60)}
    head = "SET " + ", ".join(f"{'n' * 48}{i:02d} = :v{i}" for i in range(60))

    def expression(length: int) -> str:
        return head + ", " + "z" * (length - len(head) - len(", ") - len(" = :v0")) + " = :v0"

    assert len(expression(4097)) == 4097
    assert items.refused(expression(4097), values) == invalid("Expression size has exceeded the maximum allowed size;")
    items.update(expression(4096), values)
    assert items.get()["n" * 48 + "00"] == S("x")


# -- keys ------------------------------------------------------------------------


def test_key_attributes_cannot_be_updated(client, sorted_table):
    items = Items(client, sorted_table)
    items.key = {"pk": S("p"), "sk": S("s")}
    for expression, name in [
        ("SET pk = :v", "pk"),
        ("SET sk = :v", "sk"),
        ("REMOVE pk", "pk"),
        ("ADD x :n, sk :n", "sk"),
        ("DELETE pk :ss", "pk"),
        ("SET pk.x = :v", "pk"),
    ]:
        values = {key: value for key, value in {":v": S("x"), ":n": N("1"), ":ss": {"SS": ["a"]}}.items() if key in expression}
        assert items.refused(expression, values) == (
            "ValidationException",
            f"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key",
        ), expression
    assert items.get() is None
    # reading a key attribute is fine
    items.update("SET cp = pk")
    assert items.get() == {"pk": S("p"), "sk": S("s"), "cp": S("p")}


# -- ReturnValues ----------------------------------------------------------------


def test_return_values_of_an_update(items):
    items.put(a=S("hi"), b=S("dog"))
    update = lambda mode: items.update("SET b = :v, c = :w", {":v": S("cat"), ":w": S("new")}, ReturnValues=mode)
    assert update("NONE") == {}
    assert update("ALL_OLD") == {"Attributes": {"pk": S("k"), "a": S("hi"), "b": S("cat"), "c": S("new")}}
    items.put(a=S("hi"), b=S("dog"))
    assert update("UPDATED_OLD") == {"Attributes": {"b": S("dog")}}  # c did not exist
    items.put(a=S("hi"), b=S("dog"))
    assert update("UPDATED_NEW") == {"Attributes": {"b": S("cat"), "c": S("new")}}
    items.put(a=S("hi"), b=S("dog"))
    assert update("ALL_NEW") == {"Attributes": {"pk": S("k"), "a": S("hi"), "b": S("cat"), "c": S("new")}}
    # REMOVE is an update: its old value counts, and it has no new one
    assert items.update("REMOVE a", ReturnValues="UPDATED_OLD") == {"Attributes": {"a": S("hi")}}
    assert items.update("REMOVE b", ReturnValues="UPDATED_NEW") == {}
    assert items.update("SET n = :one", {":one": N("1")}, ReturnValues="UPDATED_OLD") == {}


def test_return_values_when_the_item_did_not_exist(client, table):
    def create(key: str, mode: str) -> dict[str, Any]:
        return Items(client, table, key).update("SET a = :v", {":v": S("x")}, ReturnValues=mode)

    assert create("r1", "ALL_OLD") == {}
    assert create("r2", "UPDATED_OLD") == {}
    assert create("r3", "UPDATED_NEW") == {"Attributes": {"a": S("x")}}  # never the key
    assert create("r4", "ALL_NEW") == {"Attributes": {"pk": S("r4"), "a": S("x")}}


def test_return_values_of_nested_updates(items):
    items.put(a={"M": {"b": S("dog"), "c": L(N("1"), N("2"), N("3")), "keep": S("k")}}, d=S("cat"))
    assert items.update("SET a.c[1] = :v, a.b = :w", {":v": N("7"), ":w": S("yo")}, ReturnValues="UPDATED_OLD") == {
        "Attributes": {"a": {"M": {"b": S("dog"), "c": L(N("2"))}}}
    }
    assert items.update("SET a.c[1] = :v, a.b = :w", {":v": N("4"), ":w": S("hi")}, ReturnValues="UPDATED_NEW") == {
        "Attributes": {"a": {"M": {"b": S("hi"), "c": L(N("4"))}}}
    }
    assert items.update("REMOVE a.c[1], a.c[3]", ReturnValues="UPDATED_OLD") == {"Attributes": {"a": {"M": {"c": L(N("4"))}}}}
    assert items.update("SET a.x = :v", {":v": N("8")}, ReturnValues="UPDATED_OLD") == {}
    assert items.update("SET a.y = :v", {":v": N("8")}, ReturnValues="UPDATED_NEW") == {"Attributes": {"a": {"M": {"y": N("8")}}}}
    # an element appended past the end is not at the index written, so UPDATED_NEW has nothing
    assert items.update("SET a.c[100] = :v", {":v": N("70")}, ReturnValues="UPDATED_NEW") == {}
    # after REMOVE of a list element, its index holds the next element: that is what UPDATED_NEW returns
    assert items.update("REMOVE a.c[0]", ReturnValues="UPDATED_NEW") == {"Attributes": {"a": {"M": {"c": L(N("3"))}}}}
    assert items.get()["a"]["M"]["c"] == L(N("3"), N("70"))


def test_return_consumed_capacity(items):
    assert items.update("SET a = :v", {":v": S("x")}, ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"] == {
        "TableName": items.table, "CapacityUnits": 1.0
    }
    response = items.update("SET a = :v", {":v": S("x" * 1500)}, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {"TableName": items.table, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}
    assert "ConsumedCapacity" not in items.update("SET a = :v", {":v": S("x")}, ReturnConsumedCapacity="NONE")


# -- limits ----------------------------------------------------------------------


def test_numbers_out_of_range(items):
    items.put(n=N("9.9999999999999999999999999999999999999E+125"))
    assert items.refused("SET n = n + :v", {":v": N("1E+125")}) == OVERFLOW
    assert items.refused("ADD n :v", {":v": N("1E+125")}) == OVERFLOW
    # more than 38 significant digits in a result: DynamoDB words it as an overflow too
    assert items.refused("SET m = :a + :b", {":a": N("1E+50"), ":b": N("1")}) == OVERFLOW
    assert items.refused("SET m = :a - :b", {":a": N("1E+50"), ":b": N("1")}) == OVERFLOW
    assert items.get() == {"pk": S("k"), "n": N("9" * 38 + "0" * 88)}
    # a number written in the request is checked like any other
    assert items.refused("SET m = :v", {":v": N("1E+126")}) == (
        "ValidationException", ONE + "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )


def test_item_size_after_the_update(items):
    items.put(big=S("x" * 300_000))
    assert items.refused("SET more = :v", {":v": S("y" * 200_000)}) == (
        "ValidationException", "Item size to update has exceeded the maximum allowed size"
    )
    assert items.refused("SET big = list_append(:a, :a)", {":a": L(S("y" * 210_000))}) == (
        "ValidationException", "Item size to update has exceeded the maximum allowed size"
    )
    items.update("SET more = :v", {":v": S("y" * 50_000)})
    assert len(items.get()["more"]["S"]) == 50_000


@pytest.fixture
def indexed(client, make_table) -> Items:
    name = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "gk", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    return Items(client, name)


def test_index_key_types_are_checked_after_the_update(indexed):
    indexed.put(gk=S("g"), n=N("1"))
    mismatch = lambda actual: (
        "ValidationException",
        f"One or more parameter values were invalid: Type mismatch for Index Key gk Expected: S Actual: {actual} IndexName: gsi",
    )
    assert indexed.refused("SET gk = :n", {":n": N("1")}) == mismatch("N")
    assert indexed.refused("SET gk = n + :n", {":n": N("1")}) == mismatch("N")
    assert indexed.refused("ADD gk :n", {":n": N("1")}) == mismatch("N")
    assert indexed.refused("SET gk = :l", {":l": L()}) == mismatch("L")
    assert indexed.get() == {"pk": S("k"), "gk": S("g"), "n": N("1")}
    # a value read from the item, known only once the update runs, has a message of its own,
    # and reaching into an index key as a document is refused too (dynalite's tests, recorded
    # against DynamoDB)
    assert indexed.refused("SET gk = n") == (
        "ValidationException", "The update expression attempted to update the secondary index key to unsupported type"
    )
    assert indexed.refused("SET gk[1] = :n", {":n": N("1")}) == (
        "ValidationException",
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: gk",
    )
    assert indexed.refused("SET x = gk.y") == (
        "ValidationException",
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: gk",
    )
    assert indexed.get() == {"pk": S("k"), "gk": S("g"), "n": N("1")}
    indexed.update("REMOVE gk")  # leaving the index is fine
    indexed.update("SET gk = :s", {":s": S("h")})
    assert indexed.get()["gk"] == S("h")


def test_a_refused_update_changes_nothing(items):
    items.put(n=N("1"), l=L(S("x")), s={"SS": ["a"]})
    before = items.get()
    refusals: list[Callable[[], Any]] = [
        lambda: items.update("SET n = n + :one, nope.x = :one", {":one": N("1")}),
        lambda: items.update("REMOVE l[0] ADD s :ns", {":ns": {"NS": ["1"]}}),
        lambda: items.update("SET big = :v", {":v": S("x" * 409_600)}),
        lambda: items.update("SET n = :one", {":one": N("2")}, ConditionExpression="n = :one"),
        lambda: items.update("SET n = :one", {":one": N("2")}, ReturnValues="ALL_OLD", ConditionExpression="attribute_not_exists(n)"),
        lambda: items.update("SET pk = :one", {":one": N("2")}),
    ]
    for refusal in refusals:
        error_of(refusal)
    assert items.get() == before
