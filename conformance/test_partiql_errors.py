"""PartiQL statements DynamoDB refuses, and its exact words for each.

Sources: paritysuite/dynamodb-conformance, pinned against real DynamoDB
(eu-west-2, October 2026; us-east-1, eu-west-1 and us-west-2 agreeing):
tests/tier3/error-messages/partiqlGrammar, partiqlFunctions,
partiqlMultiAttributeIndex and indexReads; tests/tier2/partiql/whereOverlap.
Grouped by what is refused: the parser's errors, the functions, and the
statements that parse but that DynamoDB will not run.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from conformance.helpers import error_of

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
UNEXPECTED_TERM = NOT_WELL_FORMED + "Unexpected term"
NO_RIGHT_SIDE = NOT_WELL_FORMED + "Missing right-hand side expression of infix operator"
SIMPLE_PATH = NOT_WELL_FORMED + "Expected identifier for simple path"
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
MISSING_KEY_EQUALITY = "Where clause does not contain a mandatory equality on all key attributes"
MULTI_ATTRIBUTE = (
    "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys."
)
BATCH_NEEDS_KEY = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."


def S(value: str) -> dict[str, str]:
    return {"S": value}


def at(statement: str, token: str, length: int | None = None, start: int = 0) -> str:
    return f"1:{statement.index(token, start) + 1}:{len(token) if length is None else length}"


def refused(client: Any, statement: str, message: str, **extra: Any) -> None:
    assert error_of(lambda: client.execute_statement(Statement=statement, **extra)) == ("ValidationException", message)


# -- the parser: a statement that stops where a term should start ------------------------------


@pytest.mark.parametrize(
    "tail",
    ["WHERE", "WHERE;", "WHERE   ", "WHERE NOT", "WHERE ("],
)
def test_nothing_where_a_condition_should_start(client, table, tail):
    refused(client, f'SELECT * FROM "{table}" {tail}', UNEXPECTED_TERM)


def test_an_empty_where_in_every_statement_and_on_a_missing_table(client, table):
    for statement in (
        f'SELECT pk FROM "{table}" WHERE',
        f'UPDATE "{table}" SET a = 1 WHERE',
        f'DELETE FROM "{table}" WHERE',
        f'SELECT * FROM "{table}-never-created" WHERE',
        "SELECT * FROM",
    ):
        refused(client, statement, UNEXPECTED_TERM)


def test_an_infix_operator_without_its_right_side(client, table):
    refused(client, f"SELECT * FROM \"{table}\" WHERE pk = 'p1' AND", NO_RIGHT_SIDE)
    refused(client, f"SELECT * FROM \"{table}\" WHERE pk = 'p1' OR", NO_RIGHT_SIDE)


def test_a_keyword_or_an_operator_where_an_operand_should_be(client, table):
    refused(client, f'SELECT * FROM "{table}" WHERE ORDER BY pk', NOT_WELL_FORMED + "Unexpected keyword")
    refused(client, f'SELECT * FROM "{table}" WHERE IS NULL', NOT_WELL_FORMED + "Unexpected operator")
    refused(client, f'SELECT * FROM "{table}" WHERE pk = LIKE', NOT_WELL_FORMED + "Unexpected operator")


@pytest.mark.parametrize("type_name", ["INT4", "INT8", "DOUBLE PRECISION", "CHARACTER VARYING"])
def test_is_with_a_type_dynamodb_does_not_run(client, type_name):
    refused(client, f"x IS {type_name}", "Unsupported operation: IsType")


def test_is_with_a_name_that_is_not_a_type(client, table):
    refused(client, f"SELECT * FROM \"{table}\" WHERE pk = 'a' AND x IS FOO", NOT_WELL_FORMED + "Expected type name")


@pytest.mark.parametrize("statement", ["DELETE FROM", "DELETE FROM   ", "DELETE FROM;", "DELETE FROM WHERE pk = 'a'"])
def test_delete_from_without_a_table(client, statement):
    refused(client, statement, SIMPLE_PATH)


def test_the_from_first_update_forms(client, table):
    for statement in (f'FROM "{table}" SET c = 1', f'FROM "{table}" REMOVE a', f'FROM "{table}" WHERE a = 1 SET c = 1'):
        refused(client, statement, MISSING_KEY_EQUALITY)
    refused(client, f"FROM \"{table}\" SET c = 1 WHERE pk = 'pq-ff-msg'", LEFTOVER)
    refused(client, f"FROM \"{table}\" SET c = 1 WHERE pk = 'pq-ff-msg' SET d = 2", LEFTOVER)
    code, message = error_of(
        lambda: client.execute_statement(Statement=f"FROM \"{table}-never-created\" WHERE pk = 'x' SET c = 1")
    )
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")
    assert client.get_item(TableName=table, Key={"pk": S("pq-ff-msg")}).get("Item") is None


def test_parse_errors_in_a_transaction_and_in_a_batch(client, table):
    statement = f'SELECT * FROM "{table}" WHERE'
    code, message = error_of(lambda: client.execute_transaction(TransactStatements=[{"Statement": statement}]))
    assert (code, message) == ("ValidationException", f"Validation failed in TransactStatements[0]: {UNEXPECTED_TERM}")
    slots = client.batch_execute_statement(Statements=[{"Statement": statement}])["Responses"]
    assert [slot["Error"] for slot in slots] == [{"Code": "ValidationError", "Message": UNEXPECTED_TERM}]


# -- functions and paths ----------------------------------------------------------------------


def test_function_and_path_refusals(client, table):
    client.put_item(
        TableName=table,
        Item={"pk": S("pq-fn-msg"), "ss": {"SS": ["a", "b"]}, "m": {"M": {"inner": {"SS": ["x"]}}}},
    )
    where = f"SELECT * FROM \"{table}\" WHERE pk = 'pq-fn-msg' AND "
    update = f"UPDATE \"{table}\" SET {{}} WHERE pk = 'pq-fn-msg'"
    refused(
        client,
        where + "attribute_exists()",
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 0",
    )
    refused(
        client,
        where + "attribute_exists(ss, ns)",
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2",
    )
    refused(
        client,
        where + "attribute_exists(?)",
        "Operator or function requires a document path; operator or function: attribute_exists",
        Parameters=[S("ss")],
    )
    statement = f"SELECT attribute_exists(ss) FROM \"{table}\" WHERE pk = 'pq-fn-msg'"
    refused(client, statement, f"Unexpected path component at {at(statement, 'attribute_exists')}")
    refused(client, where + "attribute_exists(m.inner)", NOT_WELL_FORMED + "Invalid path dot component")
    refused(client, update.format("m.inner = set_add(m.inner, <<'y'>>)"), NOT_WELL_FORMED + "Invalid path dot component")
    statement = update.format("ss = set_add(<<'a'>>, <<'b'>>)")
    refused(client, statement, f"The first argument to SET_ADD must equal the assignment value at {at(statement, 'set_add')}")
    statement = update.format("ss = set_add(ss, ['x'])")
    refused(
        client,
        statement,
        f"The second argument to SET_ADD must be a value with type SET at {at(statement, 'ss', 2, statement.index('set_add('))}",
    )
    statement = update.format("ss = set_add(ss, <<'x'>>, <<'y'>>)")
    refused(client, statement, f"SET_ADD must have exactly two arguments at {at(statement, 'set_add')}")
    statement = update.format("ss = set_delete(ss, 'a')")
    refused(
        client,
        statement,
        f"The second argument to SET_DELETE must be a value with type SET at {at(statement, 'ss', 2, statement.index('set_delete('))}",
    )
    refused(client, update.format("ss = set_delete(ss, <<1>>)"), "An operand in the update expression has an incorrect data type")
    statement = f"INSERT INTO \"{table}\" VALUE {{'pk': 'pq-fn-msg-insert', 'ss': set_add(<<'a'>>, <<'b'>>)}}"
    refused(client, statement, f"Unsupported data type: set_add under key root at {at(statement, 'set_add')}")
    assert client.get_item(TableName=table, Key={"pk": S("pq-fn-msg-insert")}).get("Item") is None
    assert sorted(client.get_item(TableName=table, Key={"pk": S("pq-fn-msg")})["Item"]["ss"]["SS"]) == ["a", "b"]


def test_exists_in_a_transaction_needs_a_further_condition(client, table):
    client.put_item(TableName=table, Item={"pk": S("pq-fn-msg")})
    code, message = error_of(
        lambda: client.execute_transaction(
            TransactStatements=[
                {"Statement": f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'pq-fn-msg')"},
                {"Statement": f"UPDATE \"{table}\" SET z = 1 WHERE pk = 'pq-fn-msg-never-written'"},
            ]
        )
    )
    assert (code, message) == (
        "ValidationException",
        "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition",
    )


# -- statements that parse but that DynamoDB will not run -----------------------------------------


@pytest.mark.parametrize("condition", ["x = '1'", "x <> '1'"])
def test_or_branches_that_overlap_on_the_sort_key(client, sorted_table, condition):
    refused(
        client,
        f"SELECT * FROM \"{sorted_table}\" WHERE pk = 'a' AND {condition} OR pk = 'a' AND sk = '2'",
        "Overlapping conditions with range keys are not supported in where clause",
    )


@pytest.mark.parametrize(
    "left, expected",
    [
        ("pk = 'pq-overlap' AND NOT sk = '1'", ["2", "3"]),
        ("pk = 'pq-overlap' AND sk <> '1'", ["2", "3"]),
        ("pk = 'pq-overlap' AND NOT begins_with(sk, 'x')", ["1", "2", "3"]),
        ("pk = 'pq-overlap' AND NOT sk IN ['1', '3']", ["2"]),
        ("pk = 'pq-overlap' AND NOT sk > '5'", ["1", "2", "3"]),
        ("pk = 'pq-overlap' AND NOT (sk = '1')", ["2", "3"]),
        ("pk = 'pq-overlap' OR pk = 'pq-overlap' AND NOT sk = '1'", None),
    ],
)
def test_or_branches_with_a_negated_sort_key_condition_run(client, sorted_table, left, expected):
    for sk in ("1", "2", "3"):
        client.put_item(TableName=sorted_table, Item={"pk": S("pq-overlap"), "sk": S(sk)})
    where = left if expected is None else f"{left} OR pk = 'pq-overlap' AND sk = '2'"
    items = client.execute_statement(Statement=f'SELECT * FROM "{sorted_table}" WHERE {where}', ConsistentRead=True)["Items"]
    assert sorted(item["sk"]["S"] for item in items) == (expected or ["1", "2", "3"])


@pytest.fixture
def indexed(make_table) -> str:
    return make_table(
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "gsi1", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )


def test_index_refusals(client, indexed):
    refused(client, f'SELECT * FROM "{indexed}"."gsi1"', "Strongly consistent read is not supported on Global Secondary Indexes", ConsistentRead=True)
    refused(client, f'SELECT * FROM "{indexed}"."no-such-index"', "The table does not have the specified index")
    refused(client, f'SELECT * FROM "{indexed}"."no-such-index"', "The table does not have the specified index", ConsistentRead=True)


def multi_attribute_table(make_table, hash_names: list[str], range_names: list[str]) -> str:
    return make_table(
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ["id", *hash_names, *range_names]],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi",
                "KeySchema": [{"AttributeName": n, "KeyType": "HASH"} for n in hash_names]
                + [{"AttributeName": n, "KeyType": "RANGE"} for n in range_names],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )


def test_an_index_with_a_multi_attribute_key(client, make_table):
    both = multi_attribute_table(make_table, ["h1", "h2"], ["r1", "r2"])
    hashes = multi_attribute_table(make_table, ["h1", "h2"], ["r1"])
    control = multi_attribute_table(make_table, ["h1"], ["r1"])
    client.put_item(TableName=both, Item={"id": S("i1"), "h1": S("a"), "h2": S("x"), "r1": S("m"), "r2": S("n")})
    for name in (hashes, control):
        client.put_item(TableName=name, Item={"id": S("i1"), "h1": S("a"), "h2": S("x"), "r1": S("m")})
    refused(client, f"SELECT * FROM \"{both}\".\"gsi\" WHERE h1 = 'a'", MULTI_ATTRIBUTE)
    refused(client, f"SELECT * FROM \"{hashes}\".\"gsi\" WHERE h1 = 'a'", MULTI_ATTRIBUTE)
    refused(client, f"SELECT id FROM \"{both}\".\"gsi\" WHERE h1 = 'a' AND h2 = 'x' ORDER BY r1 DESC", MULTI_ATTRIBUTE)
    index = f'"{hashes}"."gsi"'
    # What is reported ahead of the refusal, and what after it.
    refused(client, f"SELECT * FROM {index} WHERE", UNEXPECTED_TERM)
    refused(client, f"SELECT * FROM {index} WHERE h1 = 1e99999999999", NOT_WELL_FORMED)
    refused(
        client,
        f"SELECT * FROM {index} WHERE h1 = ?",
        "The parameter cannot be converted to a numeric value: 1e99999999999",
        Parameters=[{"N": "1e99999999999"}],
    )
    for statement in (
        f"SELECT * FROM {index} WHERE h1 = 5",
        f"SELECT * FROM {index} WHERE id = 'i1'",
        f"SELECT * FROM {index}",
        f"SELECT COUNT(*) FROM {index}",
    ):
        refused(client, statement, MULTI_ATTRIBUTE)
    slots = client.batch_execute_statement(
        Statements=[
            {"Statement": f"SELECT * FROM \"{control}\".\"gsi\" WHERE h1 = 'a' AND r1 = 'm'"},
            {"Statement": f"SELECT * FROM {index} WHERE h1 = 'a' AND h2 = 'x' AND r1 = 'm'"},
            {"Statement": f"SELECT * FROM \"{hashes}\" WHERE id = 'i1'"},
        ]
    )["Responses"]
    assert slots[0]["Error"] == {"Code": "ValidationError", "Message": BATCH_NEEDS_KEY}
    assert slots[1]["Error"] == {"Code": "ValidationError", "Message": MULTI_ATTRIBUTE}
    assert "Error" not in slots[2] and slots[2]["Item"]["id"] == S("i1")


def test_exists_with_a_further_condition_guards_a_transaction(client, table):
    # EXISTS(SELECT ...) with a condition beyond the key is a condition check (DynamoDB's PartiQL guide).
    client.put_item(TableName=table, Item={"pk": S("ex"), "a": {"N": "1"}})
    guarded = [
        {"Statement": f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'ex' AND a = 2)"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'ex-new'}}"},
    ]
    code, _ = error_of(lambda: client.execute_transaction(TransactStatements=guarded))
    assert code == "TransactionCanceledException"
    assert client.get_item(TableName=table, Key={"pk": S("ex-new")}).get("Item") is None
    guarded[0]["Statement"] = guarded[0]["Statement"].replace("a = 2", "a = 1")
    client.execute_transaction(TransactStatements=guarded)
    assert client.get_item(TableName=table, Key={"pk": S("ex-new")})["Item"] == {"pk": S("ex-new")}


def test_the_rest_of_a_table_with_a_multi_attribute_index_runs(client, make_table):
    # paritysuite tests/tier2/partiql/multiAttributeIndex: the refusal follows the index, not the table.
    strings = [{"AttributeName": n, "AttributeType": "S"} for n in ("id", "sk", "g", "h1", "h2", "r1", "l")]
    name = make_table(
        AttributeDefinitions=strings,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "single", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
            {
                "IndexName": "multi",
                "KeySchema": [
                    {"AttributeName": "h1", "KeyType": "HASH"},
                    {"AttributeName": "h2", "KeyType": "HASH"},
                    {"AttributeName": "r1", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            },
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "local",
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    item = {"id": S("i1"), "sk": S("s"), "g": S("g1"), "h1": S("a"), "h2": S("x"), "r1": S("m"), "l": S("l1")}
    client.put_item(TableName=name, Item=item)
    refused(client, f"SELECT * FROM \"{name}\".\"multi\" WHERE h1 = 'a' AND h2 = 'x'", MULTI_ATTRIBUTE)
    run = client.execute_statement
    assert len(run(Statement=f"SELECT * FROM \"{name}\" WHERE id = 'i1'")["Items"]) == 1
    assert len(run(Statement=f"SELECT * FROM \"{name}\".\"local\" WHERE id = 'i1'")["Items"]) == 1
    single = f"SELECT * FROM \"{name}\".\"single\" WHERE g = 'g1'"
    deadline = time.monotonic() + 30
    while not run(Statement=single)["Items"] and time.monotonic() < deadline:
        time.sleep(1)  # a global index catches up
    assert len(run(Statement=single)["Items"]) == 1
    run(Statement=f"INSERT INTO \"{name}\" VALUE {{'id': 'n1', 'sk': 's'}}")
    run(Statement=f"UPDATE \"{name}\" SET a = 1 WHERE id = 'i1' AND sk = 's'")
    run(Statement=f"DELETE FROM \"{name}\" WHERE id = 'zz' AND sk = 's'")
    got = client.get_item(TableName=name, Key={"id": S("i1"), "sk": S("s")}, ConsistentRead=True)["Item"]
    assert got["a"] == {"N": "1"}
