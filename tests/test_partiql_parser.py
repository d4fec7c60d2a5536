"""The PartiQL parser's error classes, including the ones no capture pins yet.

What DynamoDB answers is in conformance/test_partiql_errors.py; this checks the
parser's own rules (the reference parser's classes) on statements no capture
covers, so new cases keep coming out of the same classes.
"""

from __future__ import annotations

import pytest

from fakedynamo.errors import DynamoDBError
from fakedynamo.partiql import Exists, IsType, Select, parse

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "


def message(statement: str) -> str:
    with pytest.raises(DynamoDBError) as caught:
        parse(statement)
    return caught.value.message or ""


@pytest.mark.parametrize(
    "statement, detail",
    [
        ('SELECT * FROM "t" WHERE a = )', "Unexpected term"),  # a closing bracket where a term starts
        ('SELECT * FROM "t" WHERE a = ,', "Unexpected term"),
        ('SELECT * FROM "t" WHERE a = *', "Unexpected term"),  # * is no operator to the lexer
        ('SELECT * FROM "t" WHERE a = AND b = 1', "Unexpected operator"),
        ('SELECT * FROM "t" WHERE a = +', "Unexpected term"),  # a unary + with nothing after it
        ('SELECT * FROM "t" WHERE a = 1 +', "Missing right-hand side expression of infix operator"),
        ('SELECT * FROM "t" WHERE a =', "Missing right-hand side expression of infix operator"),
        ('SELECT * FROM "t" WHERE a BETWEEN 1 AND', "Expected expression after AND"),
        ('SELECT * FROM "t" WHERE a IS', "Expected type name"),
        ('SELECT * FROM "t" WHERE value = 1', "Unexpected keyword"),  # a reserved word unquoted
        ('SELECT * FROM "t" WHERE a.size = 1', "Invalid path dot component"),
        ("SELECT * FROM WHERE a = 1", "Unexpected keyword"),
        ('UPDATE "t" WHERE a = 1', "Expected data manipulation"),
        ('SELECT * FROM "t" WHERE a = 1; SELECT', "Unexpected token after semicolon. (Only one query is allowed.)"),
        ("INSERT INTO", "Expected identifier for simple path"),
        ('INSERT INTO "t" VALUE', "Unexpected term"),
    ],
)
def test_error_classes(statement, detail):
    assert message(statement) == NOT_WELL_FORMED + detail


def test_a_trailing_semicolon_ends_a_statement():
    assert isinstance(parse("SELECT * FROM \"t\" WHERE pk = 'a';"), Select)


def test_quoted_reserved_words_are_names():
    statement = parse('SELECT "value" FROM "t" WHERE "size" = 1 AND m."inner" = 2')
    assert statement.projection == [("value",)]


def test_type_tests_dynamodb_has_and_lacks():
    where = parse('SELECT * FROM "t" WHERE a IS STRING AND b IS NOT INT4 AND c IS VARCHAR(10)').where
    assert isinstance(where.left.left, IsType) and where.left.left.type == "S"
    assert where.left.right.type is None and where.left.right.negated
    assert where.right.type is None


def test_bare_expressions_are_refused_as_unsupported_operations():
    assert message("x IS INT4") == "Unsupported operation: IsType"
    assert message("1 = 1") == "Unsupported operation: Eq"


def test_exists_wraps_a_select():
    statement = parse("EXISTS(SELECT * FROM \"t\" WHERE pk = 'a' AND v = ?)")
    assert isinstance(statement, Exists) and statement.params == 1 and statement.target.table == "t"


def test_exists_outside_a_transaction_is_refused_not_crashed():
    import boto3

    import fakedynamo

    with fakedynamo.mock_dynamodb():
        client = boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        client.create_table(
            TableName="things",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        statement = "EXISTS(SELECT * FROM \"things\" WHERE pk = 'a' AND v = 1)"
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.execute_statement(Statement=statement)
        assert caught.value.response["Error"]["Code"] == "ValidationException"
        slots = client.batch_execute_statement(Statements=[{"Statement": statement}])["Responses"]
        assert slots[0]["Error"]["Code"] == "ValidationError"
