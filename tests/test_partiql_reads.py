"""PartiQL SELECTs planned as key reads return what the WHERE clause selects, page after page.

The conformance tests (conformance/test_partiql_reads.py) pin what DynamoDB
reads; these check that planning never changes the answer: for random WHERE
clauses over keys and other attributes, every page followed with a random
Limit (or hostile mode's short pages) adds up to what the same clause selects
when it is evaluated over the whole table, unless DynamoDB refuses the
statement (overlapping reads, too many of them, a key value of the wrong type).
"""

from __future__ import annotations

from typing import Any, Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakedynamo import mock_dynamodb

REFUSALS = (
    "Overlapping conditions with range keys are not supported in where clause",
    "Too many decomposed read operations for a given query.",
    "Key attribute's data type should match its data type in table's schema: Key pk",
    "Key attribute's data type should match its data type in table's schema: Key sk",
)
PARTITIONS = ["p", "q", "r", "s"]
SORT_KEYS = ["a", "b", "c", "d"]


@pytest.fixture(scope="module")
def mock() -> Iterator[Any]:
    with mock_dynamodb() as db:
        client = boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        client.create_table(
            TableName="rows",
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        )
        for i, pk in enumerate(PARTITIONS):
            for j, sk in enumerate(SORT_KEYS):
                client.put_item(TableName="rows", Item={"pk": {"S": pk}, "sk": {"S": sk}, "n": {"N": str((i + j) % 3)}})
        yield db, client


def text(value: str) -> str:
    return f"'{value}'"


keys = st.sampled_from(PARTITIONS + ["z"])
sorts = st.sampled_from(SORT_KEYS + ["bb", "e"])
leaves = st.one_of(
    keys.map(lambda v: f"pk = {text(v)}"),
    st.lists(keys, min_size=1, max_size=3).map(lambda vs: f"pk IN [{', '.join(map(text, vs))}]"),
    st.tuples(st.sampled_from(["=", "<", "<=", ">", ">=", "<>"]), sorts).map(lambda t: f"sk {t[0]} {text(t[1])}"),
    st.tuples(sorts, sorts).map(lambda t: f"sk BETWEEN {text(t[0])} AND {text(t[1])}"),
    st.sampled_from(["a", "b", "c"]).map(lambda v: f"begins_with(sk, {text(v)})"),
    st.lists(sorts, min_size=1, max_size=2).map(lambda vs: f"sk IN [{', '.join(map(text, vs))}]"),
    st.integers(0, 2).map(lambda n: f"n = {n}"),
    st.just("pk = 1"),
)
clauses = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["AND", "OR"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda c: f"NOT ({c})"),
    ),
    max_leaves=5,
)


def every_page(client: Any, statement: str, limit: int | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    extra: dict[str, Any] = {} if limit is None else {"Limit": limit}
    while True:
        page = client.execute_statement(Statement=statement, ConsistentRead=True, **extra)
        found += [(item["pk"]["S"], item["sk"]["S"]) for item in page["Items"]]
        if "NextToken" not in page:
            return sorted(found)
        extra["NextToken"] = page["NextToken"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=clauses, limit=st.one_of(st.none(), st.integers(1, 5)))
def test_planned_reads_select_what_the_where_clause_selects(mock: Any, where: str, limit: int | None) -> None:
    _, client = mock
    # The same clause where no key read can be planned (a key under NOT): a scan, filtered.
    try:
        expected: Any = every_page(client, f"SELECT * FROM \"rows\" WHERE ({where}) AND NOT pk = '~'", None)
    except ClientError as error:  # refused whatever is read (an expression error)
        expected = error.response["Error"]["Message"]
    try:
        found: Any = every_page(client, f'SELECT * FROM "rows" WHERE {where}', limit)
    except ClientError as error:
        found = error.response["Error"]["Message"]
        if found in REFUSALS:
            return
    assert found == expected, where


def test_short_hostile_pages_of_several_partitions(mock: Any) -> None:
    db, client = mock
    db.hostile(page_size=1, unprocessed=False, stale_seconds=False)
    try:
        statement = "SELECT * FROM \"rows\" WHERE pk IN ['q', 'r'] AND sk > 'a' OR pk = 's' AND sk = 'a'"
        pages = 0
        found: list[tuple[str, str]] = []
        extra: dict[str, Any] = {}
        while True:
            page = client.execute_statement(Statement=statement, **extra)
            pages += 1
            assert len(page["Items"]) <= 1
            found += [(item["pk"]["S"], item["sk"]["S"]) for item in page["Items"]]
            if "NextToken" not in page:
                break
            extra["NextToken"] = page["NextToken"]
    finally:
        db.calm()
    assert sorted(found) == [("q", "b"), ("q", "c"), ("q", "d"), ("r", "b"), ("r", "c"), ("r", "d"), ("s", "a")]
    assert pages >= 7
