"""What a PartiQL SELECT reads: the key reads its WHERE clause decomposes into.

What each test asserts, and where it comes from:

- Equality or IN on the partition key (``pk = 'a' OR pk = 'b'``, ``pk IN
  [...]``) reads those partitions only; anything else scans (Developer Guide,
  "PartiQL select statements for DynamoDB").
- Conditions on the sort key with =, <, <=, >, >=, BETWEEN and begins_with are
  key conditions of the read, not filters (the planner DynamoDB Local shares
  with the service; the overlap refusals, captured against real DynamoDB by
  floci-io/floci's DynamoDbPartiQLEdgeCaseIntegrationTest, eu-west-2,
  2026-09-17, and paritysuite/dynamodb-conformance).
- ``Limit`` is "the maximum number of items to evaluate" (API reference), so
  it counts the items those reads reach; they are charged before the WHERE
  clause filters them (paritysuite CHANGELOG 3.3.0).
- More than 50 reads, key values of the wrong type and overlapping reads are
  refused (the floci captures above).

Not asserted, because no source pins it: whether a NextToken comes back when
``Limit`` ends exactly at the last item, the order of several partitions
without ORDER BY, and whether capacity is rounded per read (the multi-read
capacity tests use items of exactly 4 KB, where both roundings agree).
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of

SORT_KEYS = ["a1", "a2", "b1", "b2", "c1"]
UNIT = 4096  # one read unit


def S(value: str) -> dict[str, str]:
    return {"S": value}


def sized(pk: str, sk: str | None = None, size: int = 0, **extra: Any) -> dict[str, Any]:
    """An item of `size` bytes exactly (attribute names plus their ASCII string values)."""
    item: dict[str, Any] = {"pk": S(pk), **extra}
    if sk is not None:
        item["sk"] = S(sk)
    if size:
        used = sum(len(name) + len(value["S"]) for name, value in item.items())
        item["filler"] = S("x" * (size - used - len("filler")))
    return item


@pytest.fixture
def run(client) -> Callable[..., dict[str, Any]]:
    def execute(statement: str, **extra: Any) -> dict[str, Any]:
        extra.setdefault("ConsistentRead", True)
        return client.execute_statement(Statement=statement, **extra)

    return execute


def pages(run: Callable[..., dict[str, Any]], statement: str, **extra: Any) -> list[dict[str, Any]]:
    """Every page of a SELECT, following NextToken."""
    found = [run(statement, **extra)]
    while "NextToken" in found[-1]:
        found.append(run(statement, NextToken=found[-1]["NextToken"], **extra))
    return found


def keys_of(items: list[dict[str, Any]]) -> list[str]:
    return [item["pk"]["S"] + ("/" + item["sk"]["S"] if "sk" in item else "") for item in items]


def units(response: dict[str, Any]) -> float:
    return response["ConsumedCapacity"]["CapacityUnits"]


@pytest.fixture
def partitions(client, sorted_table) -> str:
    """Partition "p" holds SORT_KEYS, "q" and "r" one item each, ten more partitions around them;
    every item is 4 KB."""
    for sk in SORT_KEYS:
        client.put_item(TableName=sorted_table, Item=sized("p", sk, UNIT, flag=S("one" if sk < "b" else "two")))
    for pk in ["q", "r", *(f"o{i}" for i in range(10))]:
        client.put_item(TableName=sorted_table, Item=sized(pk, "x1", UNIT))
    return sorted_table


# -- the whole primary key ----------------------------------------------------------------


def test_the_whole_key_reads_one_item(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND sk = 'b1'"
    assert keys_of(run(statement, Limit=1)["Items"]) == ["p/b1"]
    response = run(statement, Limit=2, ReturnConsumedCapacity="TOTAL")
    assert keys_of(response["Items"]) == ["p/b1"] and "NextToken" not in response
    assert units(response) == 1.0
    assert units(run(statement, ConsistentRead=False, ReturnConsumedCapacity="TOTAL")) == 0.5
    assert units(run(f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND sk = 'none'", ReturnConsumedCapacity="TOTAL")) == 1.0


def test_the_whole_key_with_a_further_condition(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE sk = 'a2' AND flag = 'two' AND pk = 'p'"
    response = run(statement, Limit=1, ReturnConsumedCapacity="TOTAL")
    assert response["Items"] == []
    assert units(response) == 1.0  # the one item is read, then filtered out


def test_the_whole_key_of_a_table_without_a_sort_key(client, run, table):
    for pk in ("a", "b", "c"):
        client.put_item(TableName=table, Item=sized(pk, size=3000))
    response = run(f"SELECT * FROM \"{table}\" WHERE pk = 'b'", Limit=2, ReturnConsumedCapacity="TOTAL")
    assert keys_of(response["Items"]) == ["b"] and "NextToken" not in response
    assert units(response) == 1.0


# -- the partition key and conditions on the sort key -------------------------------------


@pytest.mark.parametrize(
    "condition, expected",
    [
        ("sk = 'b2'", ["b2"]),
        ("sk < 'b1'", ["a1", "a2"]),
        ("sk <= 'b1'", ["a1", "a2", "b1"]),
        ("sk > 'b1'", ["b2", "c1"]),
        ("sk >= 'b1'", ["b1", "b2", "c1"]),
        ("'b1' < sk", ["b2", "c1"]),
        ("sk BETWEEN 'a2' AND 'b2'", ["a2", "b1", "b2"]),
        ("begins_with(sk, 'b')", ["b1", "b2"]),
        ("sk > 'z'", []),
    ],
)
def test_sort_key_conditions_are_key_conditions(run, partitions, condition, expected):
    statement = f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND {condition}"
    # Limit counts only the items in the sort-key range: exactly those come back.
    exact = run(statement, Limit=max(1, len(expected)))
    assert keys_of(exact["Items"]) == [f"p/{sk}" for sk in expected]
    response = run(statement, Limit=len(expected) + 1, ReturnConsumedCapacity="TOTAL")
    assert keys_of(response["Items"]) == [f"p/{sk}" for sk in expected] and "NextToken" not in response
    assert units(response) == max(1.0, float(len(expected)))  # 4 KB items: one unit each, consistent


def test_a_sort_key_range_pages_by_limit(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND sk >= 'a2'"
    found = pages(run, statement, Limit=2)
    assert keys_of(found[0]["Items"]) == ["p/a2", "p/b1"] and "NextToken" in found[0]
    assert keys_of([item for page in found for item in page["Items"]]) == ["p/a2", "p/b1", "p/b2", "p/c1"]


def test_a_sort_key_range_backwards(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND sk < 'b2' ORDER BY sk DESC"
    assert keys_of(run(statement, Limit=2)["Items"]) == ["p/b1", "p/a2"]


def test_a_filter_beside_a_sort_key_range(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND sk > 'a1' AND flag = 'two'"
    response = run(statement, Limit=5, ReturnConsumedCapacity="TOTAL")
    assert keys_of(response["Items"]) == ["p/b1", "p/b2", "p/c1"] and "NextToken" not in response
    assert units(response) == 4.0  # a2 is read too, then filtered out


def test_sort_key_conditions_that_are_no_key_condition_still_filter(run, partitions):
    for condition, expected in [
        ("sk <> 'a1'", ["a2", "b1", "b2", "c1"]),
        ("NOT sk < 'b2'", ["b2", "c1"]),
        ("attribute_exists(sk) AND sk IN ['a1', 'c1']", ["a1", "c1"]),
    ]:
        items = [i for page in pages(run, f"SELECT * FROM \"{partitions}\" WHERE pk = 'p' AND {condition}") for i in page["Items"]]
        assert sorted(keys_of(items)) == [f"p/{sk}" for sk in expected], condition


# -- several partitions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["pk IN ['q', 'r']", "pk = 'q' OR pk = 'r'", "pk = 'r' OR pk = 'q'", "(pk = 'q' OR pk = 'r') AND sk = 'x1'", "pk IN ['q', 'r'] AND sk IN ['x1']"],
)
def test_equalities_and_in_on_the_partition_key_read_those_partitions(run, partitions, where):
    statement = f"SELECT * FROM \"{partitions}\" WHERE {where}"
    response = run(statement, Limit=3, ReturnConsumedCapacity="TOTAL")
    assert sorted(keys_of(response["Items"])) == ["q/x1", "r/x1"] and "NextToken" not in response
    assert units(response) == 2.0
    paged = [item for page in pages(run, statement, Limit=1) for item in page["Items"]]
    assert sorted(keys_of(paged)) == ["q/x1", "r/x1"]


def test_several_partitions_with_sort_key_ranges(run, partitions):
    statement = f"SELECT * FROM \"{partitions}\" WHERE (pk = 'p' AND sk < 'b') OR pk = 'q' OR (pk = 'p' AND sk = 'c1')"
    response = run(statement, Limit=5, ReturnConsumedCapacity="TOTAL")
    assert sorted(keys_of(response["Items"])) == ["p/a1", "p/a2", "p/c1", "q/x1"] and "NextToken" not in response
    assert units(response) == 4.0


def test_in_on_a_table_without_a_sort_key(client, run, table):
    for pk in ("a", "b", *(f"o{i}" for i in range(10))):
        client.put_item(TableName=table, Item=sized(pk, size=UNIT))
    response = run(f"SELECT * FROM \"{table}\" WHERE pk IN ['b', 'a']", Limit=3, ReturnConsumedCapacity="TOTAL")
    assert sorted(keys_of(response["Items"])) == ["a", "b"] and "NextToken" not in response
    assert units(response) == 2.0
    response = run(f"SELECT * FROM \"{table}\" WHERE pk IN ['b', 'none', 'a']", Limit=3)
    assert sorted(keys_of(response["Items"])) == ["a", "b"] and "NextToken" not in response


def test_order_by_the_partition_key_orders_the_partitions(run, partitions):
    ascending = f"SELECT * FROM \"{partitions}\" WHERE pk IN ['r', 'p', 'q'] ORDER BY pk, sk"
    found = [item for page in pages(run, ascending, Limit=2) for item in page["Items"]]
    assert keys_of(found) == [f"p/{sk}" for sk in SORT_KEYS] + ["q/x1", "r/x1"]
    descending = f"SELECT * FROM \"{partitions}\" WHERE pk IN ['r', 'p', 'q'] ORDER BY pk DESC, sk ASC"
    found = [item for page in pages(run, descending, Limit=3) for item in page["Items"]]
    assert keys_of(found) == ["r/x1", "q/x1"] + [f"p/{sk}" for sk in SORT_KEYS]


def test_an_or_beside_a_non_key_condition_scans(run, partitions):
    found = [item for page in pages(run, f"SELECT * FROM \"{partitions}\" WHERE pk = 'q' OR flag = 'one'", Limit=4) for item in page["Items"]]
    assert sorted(keys_of(found)) == ["p/a1", "p/a2", "q/x1"]


# -- what is refused ----------------------------------------------------------------------

OVERLAPPING = "Overlapping conditions with range keys are not supported in where clause"
TOO_MANY_READS = "Too many decomposed read operations for a given query."


def values(count: int) -> str:
    return ", ".join(f"'v{i}'" for i in range(count))


@pytest.mark.parametrize(
    "where, message",
    [
        (f"pk IN [{values(51)}]", TOO_MANY_READS),
        (f"pk = 'p' AND sk IN [{values(51)}]", TOO_MANY_READS),
        (f"pk IN [{values(26)}] AND sk IN ['1', '2']", TOO_MANY_READS),
        ("pk = 1 OR pk = 'p'", "Key attribute's data type should match its data type in table's schema: Key pk"),
        ("pk = 'p' AND sk IN ['1', 2]", "Key attribute's data type should match its data type in table's schema: Key sk"),
        ("pk IN ['p', 'p']", OVERLAPPING),
        ("pk = 'p' OR pk = 'p'", OVERLAPPING),
        ("pk = 'p' AND (sk > '0' OR sk < '5')", OVERLAPPING),
        ("pk = 'p' AND (sk = '1' OR flag = 'two')", OVERLAPPING),
        ("(pk = 'p' AND flag = 'one') OR (pk = 'p' AND flag = 'two')", OVERLAPPING),
    ],
    ids=lambda value: value[:40],
)
def test_refused_key_reads(run, partitions, where, message):
    assert error_of(lambda: run(f"SELECT sk FROM \"{partitions}\" WHERE {where}")) == ("ValidationException", message)


@pytest.mark.parametrize(
    "where",
    [f"pk IN [{values(50)}] AND flag IN [{values(100)}]", f"pk IN [{values(51)}] OR flag = 'one'", "pk = 'p' OR sk = '1'", "pk > 'a'"],
    ids=lambda value: value[:40],
)
def test_statements_that_are_not_refused(run, partitions, where):
    assert "Items" in run(f"SELECT sk FROM \"{partitions}\" WHERE {where}")


# -- through an index ---------------------------------------------------------------------


@pytest.fixture
def indexed(client, make_table) -> str:
    name = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "g", "r", "l")
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "r", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "byl",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for i, sk in enumerate(SORT_KEYS):
        client.put_item(TableName=name, Item={"pk": S("p"), "sk": S(f"s{i}"), "g": S("ga"), "r": S(sk), "l": S(sk)})
    for i in range(6):
        client.put_item(TableName=name, Item={"pk": S(f"o{i}"), "sk": S("s"), "g": S(f"g{i}"), "r": S("x"), "l": S("x")})
    return name


def settled(run: Callable[..., dict[str, Any]], statement: str, count: int) -> None:
    """Wait until a GSI serves `count` items for `statement` (at once in-process)."""
    import time

    for _ in range(60):
        if IN_PROCESS or len(run(statement, ConsistentRead=False)["Items"]) == count:
            return
        time.sleep(1)


def test_index_key_conditions(run, indexed):
    gsi = f"SELECT * FROM \"{indexed}\".\"byg\" WHERE "
    settled(run, gsi + "g = 'ga'", len(SORT_KEYS))
    response = run(gsi + "g = 'ga' AND r > 'b1'", ConsistentRead=False, Limit=2)
    assert [item["r"]["S"] for item in response["Items"]] == ["b2", "c1"]
    response = run(gsi + "g IN ['g1', 'g4']", ConsistentRead=False, Limit=3)
    assert sorted(item["g"]["S"] for item in response["Items"]) == ["g1", "g4"] and "NextToken" not in response
    lsi = f"SELECT * FROM \"{indexed}\".\"byl\" WHERE pk = 'p' AND l BETWEEN 'a2' AND 'b1'"
    assert [item["l"]["S"] for item in run(lsi, Limit=2)["Items"]] == ["a2", "b1"]
    assert error_of(lambda: run(gsi + "(g = 'ga' AND pk = 'p') OR (g = 'ga' AND sk = 's1')", ConsistentRead=False)) == (
        "ValidationException",
        OVERLAPPING,
    )
