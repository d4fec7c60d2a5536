"""PartiQL (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) as real DynamoDB answers it.

Sources: paritysuite/dynamodb-conformance, verified against real DynamoDB
(eu-west-2, October 2026; us-east-1, eu-west-1 and us-west-2 agreeing):
tests/tier2/partiql/grammar, writeResponses, fromFirstUpdate, whereFunctions
and executeStatementIndex; tests/tier3/error-messages/partiqlGrammar,
partiqlFunctions and partiqlParameterNumbers. Messages are asserted only
where one of those pins them.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.helpers import error_of

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"
NESTING = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
)


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def deep(depth: int, leaf: dict[str, Any] | None = None) -> dict[str, Any]:
    value = leaf or S("leaf")
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def at(statement: str, token: str, length: int | None = None, start: int = 0) -> str:
    return f"1:{statement.index(token, start) + 1}:{len(token) if length is None else length}"


@pytest.fixture
def run(client) -> Callable[..., dict[str, Any]]:
    def execute(statement: str, parameters: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
        if parameters is not None:
            extra["Parameters"] = parameters
        return client.execute_statement(Statement=statement, **extra)

    return execute


def select_all(run: Callable[..., dict[str, Any]], statement: str, **extra: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token = None
    while True:
        page = run(statement, ConsistentRead=True, **({"NextToken": token} if token else {}), **extra)
        items.extend(page["Items"])
        token = page.get("NextToken")
        if not token:
            return items


def stored(client: Any, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    return client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def refused(call: Callable[[], Any], message: str, code: str = "ValidationException") -> None:
    assert error_of(call) == (code, message)


# -- writes and what they answer ------------------------------------------------------


def test_insert_select_update_delete(client, table, run):
    assert run(f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'n': 1, 'm': {{'x': [1, 'two']}}, 's': <<'p', 'q'>>}}")["Items"] == []
    item = stored(client, table, {"pk": S("a")})
    assert item["n"] == N("1") and item["m"] == {"M": {"x": {"L": [N("1"), S("two")]}}}
    assert sorted(item["s"]["SS"]) == ["p", "q"]
    assert run(f"SELECT * FROM \"{table}\" WHERE pk = 'a'", ConsistentRead=True)["Items"] == [item]
    assert run(f"UPDATE \"{table}\" SET n = n + 2, t = 'new' REMOVE m WHERE pk = 'a'")["Items"] == []
    item = stored(client, table, {"pk": S("a")})
    assert item["n"] == N("3") and item["t"] == S("new") and "m" not in item
    assert run(f"DELETE FROM \"{table}\" WHERE pk = 'a'")["Items"] == []
    assert stored(client, table, {"pk": S("a")}) is None
    assert run(f"DELETE FROM \"{table}\" WHERE pk = 'never-written'")["Items"] == []


def test_insert_over_an_existing_item(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("dup"), "v": S("old")})
    refused(
        lambda: run(f"INSERT INTO \"{table}\" VALUE {{'pk': 'dup', 'v': 'new'}}"),
        "Duplicate primary key exists in table",
        "DuplicateItemException",
    )
    assert stored(client, table, {"pk": S("dup")})["v"] == S("old")


def test_update_of_a_missing_item_fails_and_creates_nothing(client, table, run):
    code, _ = error_of(lambda: run(f"UPDATE \"{table}\" SET c = 1 WHERE pk = 'absent'"))
    assert code == "ConditionalCheckFailedException"
    assert stored(client, table, {"pk": S("absent")}) is None


def test_update_returning_and_the_from_first_form(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("r"), "a": N("1"), "b": S("bee")})
    got = run(f"FROM \"{table}\" WHERE pk = 'r' SET d = 3 RETURNING ALL NEW *")["Items"]
    assert got == [{"pk": S("r"), "a": N("1"), "b": S("bee"), "d": N("3")}]
    run(f"from \"{table}\" where pk = ? set e = ? remove b", [S("r"), N("4")])
    item = stored(client, table, {"pk": S("r")})
    assert item["e"] == N("4") and "b" not in item


def test_a_further_condition_in_the_where_clause_guards_the_write(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("g"), "a": N("5")})
    run(f"UPDATE \"{table}\" SET z = 1 WHERE pk = 'g' AND a = 5")
    assert stored(client, table, {"pk": S("g")})["z"] == N("1")
    code, _ = error_of(lambda: run(f"UPDATE \"{table}\" SET z = 2 WHERE pk = 'g' AND a = 6"))
    assert code == "ConditionalCheckFailedException"
    code, _ = error_of(lambda: run(f"DELETE FROM \"{table}\" WHERE pk = 'g' AND attribute_exists(nope)"))
    assert code == "ConditionalCheckFailedException"
    assert stored(client, table, {"pk": S("g")})["z"] == N("1")
    run(f"DELETE FROM \"{table}\" WHERE pk = 'g' AND attribute_not_exists(nope)")
    assert stored(client, table, {"pk": S("g")}) is None


def test_set_add_and_set_delete(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("sets"), "ss": {"SS": ["a", "b"]}})
    run(f"UPDATE \"{table}\" SET ss = set_add(ss, <<'c'>>) WHERE pk = 'sets'")
    run(f"UPDATE \"{table}\" SET ss = set_delete(ss, <<'a'>>) WHERE pk = 'sets'")
    assert sorted(stored(client, table, {"pk": S("sets")})["ss"]["SS"]) == ["b", "c"]


# -- SELECT ---------------------------------------------------------------------------


@pytest.fixture
def numbers(client, make_table) -> str:
    name = make_table(hash_type="N")
    for n in ("7310000", "7.3", "-7.3"):
        client.put_item(TableName=name, Item={"pk": N(n), "tag": S("grammar")})
    return name


@pytest.mark.parametrize("literal", ["7.31e6", "7.31E6", "7.31e+6", "731e4", "73100000e-1"])
def test_number_literals_match_the_number_they_denote(run, numbers, literal):
    items = run(f"SELECT * FROM \"{numbers}\" WHERE pk = {literal}", ConsistentRead=True)["Items"]
    assert [i["pk"] for i in items] == [N("7310000")]


def test_numbers_without_a_leading_digit(client, run, numbers):
    assert [i["pk"] for i in run(f"SELECT * FROM \"{numbers}\" WHERE pk = .73e1", ConsistentRead=True)["Items"]] == [N("7.3")]
    assert [i["pk"] for i in run(f"SELECT * FROM \"{numbers}\" WHERE pk = -.73e1", ConsistentRead=True)["Items"]] == [N("-7.3")]
    run(f"INSERT INTO \"{numbers}\" VALUE {{'pk': .7325e1, 'tag': 'grammar'}}")
    assert stored(client, numbers, {"pk": N("7.325")}) is not None


def test_comments(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("c1")})
    client.put_item(TableName=table, Item={"pk": S("c2")})
    for statement in (
        f"SELECT * FROM \"{table}\" WHERE pk = 'c1' -- a note",
        f"-- a note\nSELECT * FROM \"{table}\" WHERE pk = 'c1'",
        f"SELECT * FROM \"{table}\" -- a note\nWHERE pk = 'c1'",
        f"SELECT * FROM \"{table}\" /* a note */ WHERE pk = 'c1'",
    ):
        assert [i["pk"] for i in run(statement, ConsistentRead=True)["Items"]] == [S("c1")], statement


def test_order_by_the_sort_key(client, make_table, run):
    name = make_table(sort="N")
    for n in ("1", "2", "3"):
        client.put_item(TableName=name, Item={"pk": S("o"), "sk": N(n)})
    descending = run(f"SELECT * FROM \"{name}\" WHERE pk = 'o' ORDER BY sk DESC", ConsistentRead=True)["Items"]
    ascending = run(f"SELECT * FROM \"{name}\" WHERE pk = 'o' ORDER BY sk ASC", ConsistentRead=True)["Items"]
    assert [i["sk"]["N"] for i in descending] == ["3", "2", "1"]
    assert [i["sk"]["N"] for i in ascending] == ["1", "2", "3"]


def test_a_select_without_a_key_scans_and_filters(client, table, run):
    for i in range(7):
        client.put_item(TableName=table, Item={"pk": S(f"f{i}"), "n": N(str(i)), "kind": S("odd" if i % 2 else "even")})
    got = select_all(run, f"SELECT pk, n FROM \"{table}\" WHERE kind = ? AND n > ?", parameters=[S("odd"), N("1")])
    assert sorted(i["pk"]["S"] for i in got) == ["f3", "f5"]
    assert all(set(i) == {"pk", "n"} for i in got)
    paged = select_all(run, f"SELECT * FROM \"{table}\" WHERE kind = 'even'", Limit=2)
    assert sorted(i["pk"]["S"] for i in paged) == ["f0", "f2", "f4", "f6"]


def test_where_functions(client, table, run):
    client.put_item(
        TableName=table,
        Item={"pk": S("fn"), "ss": {"SS": ["a", "b"]}, "s": S("str"), "m": {"M": {"sub": S("x")}}, "nul": {"NULL": True}, "flag": {"BOOL": True}},
    )

    def keys(condition: str) -> list[str]:
        items = run(f"SELECT * FROM \"{table}\" WHERE pk = 'fn' AND {condition}", ConsistentRead=True)["Items"]
        return [i["pk"]["S"] for i in items]

    for condition, found in [
        ("attribute_exists(ss)", True),
        ("attribute_exists(nope)", False),
        ("attribute_not_exists(nope)", True),
        ("NOT attribute_exists(nope)", True),
        ("ATTRIBUTE_EXISTS(ss)", True),
        ("(attribute_exists(nope) OR attribute_exists(ss))", True),
        ("attribute_exists(ss) = true", True),
        ('attribute_exists("ss")', True),
        ("attribute_exists(m.sub)", True),
        ("attribute_exists(m.nope)", False),
        ("size(s) = 3", True),
        ("size(s) = 4", False),
        ("attribute_type(ss, 'SS')", True),
        ("attribute_type(ss, 'S')", False),
        ("nul IS NULL", True),
        ("s IS NULL", False),
        ("s IS NOT NULL", True),
        ("flag IS BOOL", True),
        ("s IS STRING", True),
        ("s IS BOOL", False),
        ("begins_with(s, 'st')", True),
        ("contains(ss, 'b')", True),
        ("s IN ['x', 'str']", True),
    ]:
        assert keys(condition) == (["fn"] if found else []), condition


# -- refusals -------------------------------------------------------------------------------


def test_grammar_refusals(client, table, run, numbers):
    for statement, message in [
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1 foo", LEFTOVER),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1 e5", LEFTOVER),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1)", LEFTOVER),
        (f"DELETE FROM \"{numbers}\" WHERE pk = 970004 ORDER BY pk", LEFTOVER),
        (f"SELECT * FROM \"{numbers}\" ORDER BY pk WHERE pk = 1", LEFTOVER),
        (f"INSERT INTO \"{numbers}\" VALUE {{'pk': 970001}} foo", LEFTOVER),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1e2147483648", NOT_WELL_FORMED),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1.5e-2147483647", NOT_WELL_FORMED),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1 # note", NOT_WELL_FORMED),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1 /* note", NOT_WELL_FORMED),
        (f"SELECT * FROM \"{table}\" t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"SELECT * FROM \"{table}\" AS t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"UPDATE \"{table}\" t SET a = 3 WHERE pk = 'x'", "Aliasing is not supported"),
        (f"DELETE FROM \"{table}\" t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"INSERT INTO \"{table}\" t VALUE {{'pk': 'x'}}", LEFTOVER),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1e126", f"{OVERFLOW} under root"),
        (f"SELECT * FROM \"{numbers}\" WHERE pk = 1e-131", f"{UNDERFLOW} under root"),
        (f"UPDATE \"{numbers}\" SET a = 1e-131 WHERE pk = 970005", f"{UNDERFLOW} under root"),
        (f"INSERT INTO \"{numbers}\" VALUE {{'pk': 970006, 'm': {{'x': 1e126}}}}", f"{OVERFLOW} under root.x"),
        (f"INSERT INTO \"{numbers}\" VALUE {{'pk': 970007, 'l': [1, 1e126]}}", f"{OVERFLOW} under root[1]"),
        (
            f"SELECT * FROM \"{numbers}\" WHERE pk = 123456789012345678901234567890123456789",
            "Attempting to store more than 38 significant digits in a Number under root",
        ),
    ]:
        refused(lambda: run(statement), message)
    assert stored(client, numbers, {"pk": N("970001")}) is None


def test_function_refusals(client, table, run):
    client.put_item(TableName=table, Item={"pk": S("fm"), "ss": {"SS": ["a"]}, "s": S("str")})
    where = f"SELECT * FROM \"{table}\" WHERE pk = 'fm' AND "
    refused(
        lambda: run(where + "attribute_exists('ss')"),
        "Operator or function requires a document path; operator or function: attribute_exists",
    )
    statement = where + "EXISTS(ss)"
    refused(lambda: run(statement), f"Unrecognized function: exists at {at(statement, 'EXISTS')}")
    statement = where + "set_add(ss, <<'x'>>) = ss"
    refused(lambda: run(statement), f"Unrecognized function: set_add at {at(statement, 'set_add')}")

    update = f"UPDATE \"{table}\" SET {{}} WHERE pk = 'fm'"
    statement = update.format("t = set_add(ss, <<'x'>>)")
    refused(lambda: run(statement), f"The first argument to SET_ADD must equal the assignment value at {at(statement, 'set_add')}")
    statement = update.format("ss = set_add(ss, 'x')")
    refused(
        lambda: run(statement),
        f"The second argument to SET_ADD must be a value with type SET at {at(statement, 'ss', 2, statement.index('set_add('))}",
    )
    statement = update.format("ss = set_add(ss)")
    refused(lambda: run(statement), f"SET_ADD must have exactly two arguments at {at(statement, 'set_add')}")
    statement = update.format("t = set_delete(ss, <<'a'>>)")
    refused(lambda: run(statement), f"The first argument to SET_DELETE must equal the assignment value at {at(statement, 'set_delete')}")
    refused(lambda: run(update.format("ss = set_add(ss, <<1>>)")), "An operand in the update expression has an incorrect data type")
    refused(lambda: run(update.format("s = set_add(s, <<'x'>>)")), "An operand in the update expression has an incorrect data type")
    refused(
        lambda: run(update.format("ss = set_add(ss, <<'x', 'x'>>)")),
        "One or more parameter values were invalid: Input collection [x, x] contains duplicates.",
    )
    refused(lambda: run(update.format("ss = set_add(ss, <<>>)")), "Empty bags are not supported")


@pytest.mark.parametrize("value", ["1e99999999999", "-1e99999999999", "1e2147483648", "1e-2147483648"])
def test_a_number_parameter_that_cannot_be_converted(run, sorted_table, value):
    for statement in (
        f"SELECT * FROM \"{sorted_table}\" WHERE pk = 'pn' AND n = ?",
        f"INSERT INTO \"{sorted_table}\" VALUE {{'pk': 'pn', 'sk': 's', 'n': ?}}",
        f"UPDATE \"{sorted_table}\" SET n = ? WHERE pk = 'pn' AND sk = 's'",
        f"SELECT * FROM \"{sorted_table}\" WHERE pk = ?",
    ):
        refused(lambda: run(statement, [N(value)]), f"{UNCONVERTIBLE}: {value}")


def test_number_parameters_are_read_as_bigdecimal(run, sorted_table):
    statement = f"SELECT * FROM \"{sorted_table}\" WHERE pk = 'pn' AND n = ?"
    refused(lambda: run(statement, [N("1e2147483647")]), UNDERFLOW)
    refused(lambda: run(statement, [N("")]), UNCONVERTIBLE)
    refused(lambda: run(statement, [{"NS": ["1", "1e99999999999"]}]), f"{UNCONVERTIBLE}: 1e99999999999")
    pair = f"SELECT * FROM \"{sorted_table}\" WHERE pk = 'pn' AND x = ? AND y = ?"
    refused(lambda: run(pair, [deep(40), N("abc")]), NESTING)
    refused(lambda: run(pair, [N("abc"), deep(40)]), f"{UNCONVERTIBLE}: abc")


# -- indexes ----------------------------------------------------------------------------------


def test_select_through_a_global_index(client, make_table, run):
    name = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
        ],
    )
    client.put_item(TableName=name, Item={"pk": S("i1"), "g": S("ga"), "data": S("one")})
    client.put_item(TableName=name, Item={"pk": S("i2"), "g": S("gb")})
    got = run(f"SELECT * FROM \"{name}\".\"byg\" WHERE g = 'ga'")["Items"]
    assert got == [{"pk": S("i1"), "g": S("ga")}]
    got = run(f"SELECT * FROM \"{name}\".\"byg\" WHERE pk = 'i2'")["Items"]  # no index key: the whole index, filtered
    assert got == [{"pk": S("i2"), "g": S("gb")}]
    refused(
        lambda: run(f"SELECT data, other FROM \"{name}\".\"byg\" WHERE g = 'ga'"),
        "One or more parameter values were invalid: Global secondary index byg does not project [data, other]",
    )


def test_select_through_a_local_index_reaches_attributes_it_does_not_project(client, make_table, run):
    # As Query does for a partial local index (SPECIFIC_ATTRIBUTES): the base item is fetched.
    name = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "S"},
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "byl",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
    )
    client.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1"), "l": S("x"), "data": S("one")})
    client.put_item(TableName=name, Item={"pk": S("a"), "sk": S("2"), "l": S("w")})
    got = run(f"SELECT sk, data FROM \"{name}\".\"byl\" WHERE pk = 'a'")["Items"]
    assert got == [{"sk": S("2")}, {"sk": S("1"), "data": S("one")}]  # in the index's order
    got = run(f"SELECT * FROM \"{name}\".\"byl\"")["Items"]
    assert got == [{"pk": S("a"), "sk": S("2"), "l": S("w")}, {"pk": S("a"), "sk": S("1"), "l": S("x")}]


# -- BatchExecuteStatement ------------------------------------------------------------------


def test_batch_execute_statement(client, make_table):
    name = make_table(sort="S")
    client.put_item(TableName=name, Item={"pk": S("b"), "sk": S("1"), "v": N("1")})
    response = client.batch_execute_statement(
        Statements=[
            {"Statement": f"SELECT * FROM \"{name}\" WHERE pk = 'b' AND sk = '1'"},
            {"Statement": f"SELECT * FROM \"{name}\" WHERE pk = 'b'"},
            {"Statement": f"SELECT * FROM \"{name}\" WHERE pk = 'b' AND sk = '1' AND attribute_exists(v)"},
            {"Statement": f"UPDATE \"{name}\" SET w = 2 WHERE pk = 'b' AND sk = '1'"},
            {"Statement": f"INSERT INTO \"{name}\" VALUE {{'pk': 'b', 'sk': '1'}}"},
            {"Statement": f"SELECT * FROM \"{name}\" WHERE pk = 'b' AND sk = '1' AND n = ?", "Parameters": [N("1e99999999999")]},
        ]
    )
    slots = response["Responses"]
    assert len(slots) == 6
    assert slots[0]["Item"] == {"pk": S("b"), "sk": S("1"), "v": N("1")} and "Error" not in slots[0]
    key_message = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
    assert slots[1]["Error"] == {"Code": "ValidationError", "Message": key_message}
    assert slots[2]["Error"] == {"Code": "ValidationError", "Message": key_message}
    assert "Error" not in slots[3]
    assert slots[4]["Error"]["Code"] == "DuplicateItem"
    assert slots[5]["Error"] == {"Code": "ValidationError", "Message": f"{UNCONVERTIBLE}: 1e99999999999"}
    assert stored(client, name, {"pk": S("b"), "sk": S("1")})["w"] == N("2")


# -- ExecuteTransaction -----------------------------------------------------------------------


def test_execute_transaction_of_writes(client, table):
    for pk in ("tx-a", "tx-c"):
        client.put_item(TableName=table, Item={"pk": S(pk), "a": N("1")})
    response = client.execute_transaction(
        TransactStatements=[
            {"Statement": f"UPDATE \"{table}\" SET a = 2 WHERE pk = 'tx-a'"},
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'tx-new'}}"},
            {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'tx-c'"},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["Responses"] == []
    assert len(response["ConsumedCapacity"]) == 1 and response["ConsumedCapacity"][0]["TableName"] == table
    assert stored(client, table, {"pk": S("tx-a")})["a"] == N("2")
    assert stored(client, table, {"pk": S("tx-new")}) is not None
    assert stored(client, table, {"pk": S("tx-c")}) is None


def test_execute_transaction_is_all_or_nothing(client, table):
    client.put_item(TableName=table, Item={"pk": S("tx-keep"), "a": N("1")})
    code, _ = error_of(
        lambda: client.execute_transaction(
            TransactStatements=[
                {"Statement": f"UPDATE \"{table}\" SET a = 2 WHERE pk = 'tx-keep'"},
                {"Statement": f"UPDATE \"{table}\" SET a = 2 WHERE pk = 'tx-absent'"},
            ]
        )
    )
    assert code == "TransactionCanceledException"
    assert stored(client, table, {"pk": S("tx-keep")})["a"] == N("1")
    assert stored(client, table, {"pk": S("tx-absent")}) is None


def test_execute_transaction_of_reads(client, table):
    client.put_item(TableName=table, Item={"pk": S("r1"), "v": S("x")})
    response = client.execute_transaction(
        TransactStatements=[
            {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 'r1'"},
            {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = ?", "Parameters": [S("missing")]},
        ]
    )
    assert response["Responses"] == [{"Item": {"pk": S("r1"), "v": S("x")}}, {}]
    refused(
        lambda: client.execute_transaction(
            TransactStatements=[{"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 'r1' AND attribute_exists(v)"}]
        ),
        "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the "
        "primary key in the where clause.",
    )
    refused(
        lambda: client.execute_transaction(
            TransactStatements=[{"Statement": f"UPDATE \"{table}\" SET n = ? WHERE pk = 'r1'", "Parameters": [N("1e99999999999")]}]
        ),
        f"{UNCONVERTIBLE}: 1e99999999999",
    )
