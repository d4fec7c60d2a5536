"""Vector indexes and SearchVectors: what a search returns, what searches and writes cost, search schemas.

Sources (no capture of ours yet):
- the API Reference (botocore's model): SearchVectors.ProjectionExpression "If
  not specified, the operation returns all attributes projected into the vector
  index. Only attributes projected into the vector index can be retrieved";
  SearchVectorsOutput.ConsumedCapacity is a VectorCapacity
  ({VectorSearchRequestBytes}); ConsumedCapacity.VectorIndexes holds
  VectorWriteRequestBytes per vector index for writes; SearchSchemaElement:
  "This attribute must also be declared in the table's AttributeDefinitions";
- the Developer Guide, "Monitoring vector index capacity": INDEXES or TOTAL on
  SearchVectors, INDEXES on writes (PutItem, UpdateItem, DeleteItem,
  BatchWriteItem, TransactWriteItems); a write that changes no indexed
  attribute costs no vector write capacity; vector units are apart from the
  table's read and write units;
- AWS's DynamoDB skill (aws/agent-toolkit-for-aws, references/vector-search.md),
  which quotes the service's messages verbatim: the vector attribute is left
  out of results by default, even under ProjectionType ALL; asking for an
  attribute the index does not hold is silently ignored; a 1 KB minimum per
  request; the error messages asserted below.

On real DynamoDB an index backfills before it can be searched, the search
endpoint may not know an index for a while after it is ACTIVE, and writes reach
the index asynchronously: `ready_index` and `eventually` wait for those.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of

MINIMUM_BYTES = 1024.0  # per request, searches and writes alike (AWS's DynamoDB skill)
NOT_READY = "The table does not have the specified index"


def S(value: str) -> dict[str, str]:
    return {"S": value}


def vector(*numbers: int) -> dict[str, Any]:
    """A stored vector; whole numbers, which float32 holds exactly, so it reads back as written."""
    return {"L": search_vector(*numbers)}


def search_vector(*numbers: int) -> list[dict[str, str]]:
    return [{"N": str(x)} for x in numbers]


def vector_index(name: str = "vec", projection: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {
        "IndexName": name,
        "VectorAttribute": {"AttributeName": "emb"},
        "Projection": projection or {"ProjectionType": "ALL"},
        "Dimensions": 3,
        "DistanceFunction": "EUCLIDEAN",
        **more,
    }


def eventually(read: Callable[[], Any], ready: Callable[[Any], bool], seconds: float = 60.0) -> Any:
    """`read()` until `ready(result)`: at once in-process, where indexes are never behind."""
    deadline = time.monotonic() + seconds
    while True:
        result = read()
        if IN_PROCESS or ready(result) or time.monotonic() > deadline:
            return result
        time.sleep(1.0)


def ready_index(client: Any, table: str, name: str = "vec", seconds: float = 1200.0) -> None:
    """Wait until the index is ACTIVE and backfilled, and the search endpoint knows it."""
    deadline = time.monotonic() + seconds
    while not IN_PROCESS:
        indexes = client.describe_table(TableName=table)["Table"].get("VectorIndexes", [])
        index = next((i for i in indexes if i["IndexName"] == name), {})
        if index.get("IndexStatus") == "ACTIVE" and not index.get("Backfilling"):
            break
        assert time.monotonic() < deadline, f"vector index {name} not ready"
        time.sleep(5.0)
    while not IN_PROCESS:
        try:
            client.search_vectors(TableName=table, IndexName=name, SearchVector=search_vector(0, 0, 1), TopK=1)
            return
        except client.exceptions.ClientError as error:
            if NOT_READY not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(5.0)


@pytest.fixture
def vectors(client: Any, make_table: Callable[..., str]) -> str:
    """A table with index "vec" (3 dimensions, EUCLIDEAN, ALL) and two items with vectors."""
    table = make_table(VectorIndexes=[vector_index()])
    ready_index(client, table)
    client.put_item(TableName=table, Item={"pk": S("a"), "emb": vector(1, 0, 0), "title": S("A")})
    client.put_item(TableName=table, Item={"pk": S("b"), "emb": vector(0, 1, 0), "title": S("B")})
    return table


def found(client: Any, table: str, count: int = 2, **params: Any) -> dict[str, Any]:
    """A search of `table`'s index "vec" near (1, 0, 0), once the index holds `count` items."""
    request = {"TableName": table, "IndexName": "vec", "SearchVector": search_vector(1, 0, 0), "TopK": 10, **params}
    return eventually(lambda: client.search_vectors(**request), lambda r: len(r["SearchResults"]) >= count)


# -- what a search returns ---------------------------------------------------------------------------


def test_the_vector_is_not_returned_unless_asked_for(client: Any, vectors: str) -> None:
    results = found(client, vectors)["SearchResults"]
    assert [r["Item"] for r in results] == [{"pk": S("a"), "title": S("A")}, {"pk": S("b"), "title": S("B")}]
    asked = found(client, vectors, ProjectionExpression="pk, emb")["SearchResults"]
    assert asked[0]["Item"] == {"pk": S("a"), "emb": vector(1, 0, 0)}


def test_only_what_the_index_holds_can_be_returned(client: Any, make_table: Callable[..., str]) -> None:
    table = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "kind", "AttributeType": "S"}],
        VectorIndexes=[
            vector_index(
                projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]},
                SearchSchema=[{"AttributeName": "kind", "SearchSchemaElementType": "INLINE_FILTER"}],
            )
        ],
    )
    ready_index(client, table)
    item = {"pk": S("a"), "emb": vector(1, 0, 0), "kind": S("k"), "title": S("A"), "body": S("long")}
    client.put_item(TableName=table, Item=item)
    # By default: the table's keys, the search schema and the projected attributes; not the vector.
    assert found(client, table, 1)["SearchResults"][0]["Item"] == {"pk": S("a"), "kind": S("k"), "title": S("A")}
    # An attribute the index does not hold is left out, without an error.
    asked = found(client, table, 1, ProjectionExpression="title, body")["SearchResults"][0]["Item"]
    assert asked == {"title": S("A")}


# -- what searches cost -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["TOTAL", "INDEXES"])
def test_a_search_reports_vector_search_bytes(client: Any, vectors: str, mode: str) -> None:
    consumed = found(client, vectors, ReturnConsumedCapacity=mode)["ConsumedCapacity"]
    assert list(consumed) == ["VectorSearchRequestBytes"]  # a VectorCapacity: no table name, no units
    assert consumed["VectorSearchRequestBytes"] >= MINIMUM_BYTES
    assert "ConsumedCapacity" not in found(client, vectors, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in found(client, vectors)


def test_returning_the_vector_costs_more(client: Any, vectors: str) -> None:
    for number in range(98):  # enough vector data for the difference to show above the 1 KB minimum
        client.put_item(TableName=vectors, Item={"pk": S(f"n{number}"), "emb": vector(number, 1, 1)})
    plain = found(client, vectors, 100, TopK=100, ReturnConsumedCapacity="TOTAL")
    with_vectors = found(client, vectors, 100, TopK=100, ReturnConsumedCapacity="TOTAL", ProjectionExpression="pk, emb")
    spent = [r["ConsumedCapacity"]["VectorSearchRequestBytes"] for r in (plain, with_vectors)]
    assert spent[1] > spent[0]


# -- what writes cost ----------------------------------------------------------------------------------


def vector_bytes(response: dict[str, Any]) -> dict[str, float]:
    """VectorWriteRequestBytes by index name, from a write's ConsumedCapacity ({} if none)."""
    consumed = response["ConsumedCapacity"]
    entries = consumed if isinstance(consumed, list) else [consumed]
    return {
        name: value["VectorWriteRequestBytes"]
        for entry in entries
        for name, value in (entry.get("VectorIndexes") or {}).items()
    }


def test_a_write_to_an_indexed_item_reports_vector_write_bytes(client: Any, vectors: str) -> None:
    put = client.put_item(TableName=vectors, Item={"pk": S("c"), "emb": vector(0, 0, 1)}, ReturnConsumedCapacity="INDEXES")
    assert vector_bytes(put)["vec"] >= MINIMUM_BYTES
    # Apart from the table's write units, which stay those of a small item.
    assert put["ConsumedCapacity"]["CapacityUnits"] == 1.0 and put["ConsumedCapacity"]["Table"] == {"CapacityUnits": 1.0}
    total = client.put_item(TableName=vectors, Item={"pk": S("d"), "emb": vector(0, 0, 2)}, ReturnConsumedCapacity="TOTAL")
    assert "VectorIndexes" not in total["ConsumedCapacity"]
    updated = client.update_item(
        TableName=vectors,
        Key={"pk": S("c")},
        UpdateExpression="SET emb = :v",
        ExpressionAttributeValues={":v": vector(0, 1, 1)},
        ReturnConsumedCapacity="INDEXES",
    )
    assert vector_bytes(updated)["vec"] >= MINIMUM_BYTES
    deleted = client.delete_item(TableName=vectors, Key={"pk": S("c")}, ReturnConsumedCapacity="INDEXES")
    assert vector_bytes(deleted)["vec"] >= MINIMUM_BYTES


def test_a_write_that_changes_nothing_indexed_costs_no_vector_bytes(client: Any, make_table: Callable[..., str]) -> None:
    table = make_table(VectorIndexes=[vector_index(projection={"ProjectionType": "KEYS_ONLY"})])
    ready_index(client, table)
    client.put_item(TableName=table, Item={"pk": S("a"), "emb": vector(1, 0, 0)})
    unindexed = client.update_item(
        TableName=table,
        Key={"pk": S("a")},
        UpdateExpression="SET note = :n",
        ExpressionAttributeValues={":n": S("not projected")},
        ReturnConsumedCapacity="INDEXES",
    )
    assert vector_bytes(unindexed) == {}
    no_vector = client.put_item(TableName=table, Item={"pk": S("b"), "title": S("t")}, ReturnConsumedCapacity="INDEXES")
    assert vector_bytes(no_vector) == {}


def test_batches_and_transactions_report_vector_write_bytes(client: Any, vectors: str) -> None:
    batch = client.batch_write_item(
        RequestItems={vectors: [{"PutRequest": {"Item": {"pk": S("c"), "emb": vector(0, 0, 1)}}}]},
        ReturnConsumedCapacity="INDEXES",
    )
    assert vector_bytes(batch)["vec"] >= MINIMUM_BYTES
    transaction = client.transact_write_items(
        TransactItems=[{"Put": {"TableName": vectors, "Item": {"pk": S("d"), "emb": vector(0, 0, 2)}}}],
        ReturnConsumedCapacity="INDEXES",
    )
    assert vector_bytes(transaction)["vec"] >= MINIMUM_BYTES


# -- search schemas and AttributeDefinitions -------------------------------------------------------------


SCHEMA_NOT_DEFINED = "One or more parameter values were invalid: One element in SearchSchema is not defined in attribute definitions"


def tenant_index() -> dict[str, Any]:
    return vector_index(SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])


def test_create_table_needs_the_search_schema_defined(client: Any) -> None:
    code, message = error_of(lambda: client.create_table(
        TableName="conf-vectors-undefined",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        VectorIndexes=[tenant_index()],
    ))  # fmt: skip
    assert (code, message) == ("ValidationException", SCHEMA_NOT_DEFINED)


def test_update_table_takes_the_search_schema_definitions(client: Any, table: str) -> None:
    code, message = error_of(lambda: client.update_table(TableName=table, VectorIndexUpdates=[{"Create": tenant_index()}]))
    assert (code, message) == ("ValidationException", SCHEMA_NOT_DEFINED)
    client.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "tenant", "AttributeType": "S"}],
        VectorIndexUpdates=[{"Create": tenant_index()}],
    )
    described = client.describe_table(TableName=table)["Table"]
    assert {"AttributeName": "tenant", "AttributeType": "S"} in described["AttributeDefinitions"]
    assert described["VectorIndexes"][0]["SearchSchema"] == tenant_index()["SearchSchema"]
    ready_index_with_tenant(client, table)
    client.put_item(TableName=table, Item={"pk": S("a"), "tenant": S("t1"), "emb": vector(1, 0, 0)})
    client.put_item(TableName=table, Item={"pk": S("b"), "tenant": S("t2"), "emb": vector(1, 0, 0)})
    code, message = error_of(
        lambda: client.search_vectors(TableName=table, IndexName="vec", SearchVector=search_vector(1, 0, 0), TopK=5)
    )
    assert (code, message) == ("ValidationException", "SearchConditionExpression must be provided when SearchSchema has a HASH key")
    results = found(
        client, table, 1, SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": S("t1")}
    )["SearchResults"]
    assert [r["Item"]["pk"] for r in results] == [S("a")]


def ready_index_with_tenant(client: Any, table: str) -> None:
    """`ready_index` for an index with a HASH search schema (the readiness probe needs its value)."""
    if IN_PROCESS:
        return
    deadline = time.monotonic() + 1200.0
    while True:
        indexes = client.describe_table(TableName=table)["Table"].get("VectorIndexes", [])
        if indexes and indexes[0].get("IndexStatus") == "ACTIVE" and not indexes[0].get("Backfilling"):
            return
        assert time.monotonic() < deadline, "vector index not ready"
        time.sleep(5.0)


# -- errors -----------------------------------------------------------------------------------------------


def test_search_errors(client: Any, vectors: str) -> None:
    def search(**params: Any) -> tuple[str, str]:
        request = {"TableName": vectors, "IndexName": "vec", "SearchVector": search_vector(1, 0, 0), "TopK": 1, **params}
        return error_of(lambda: client.search_vectors(**request))

    assert search(IndexName="nope") == ("ValidationException", "The table does not have the specified index: nope")
    assert search(SearchVector=search_vector(1, 0)) == (
        "ValidationException",
        "Input search vector dimension 2 does not match vector index dimension 3",
    )
    assert search(TopK=101) == (
        "ValidationException",
        "Provided TopK value '101' is out of valid range. The value must be between 1 and 100 inclusive",
    )


def test_one_index_change_per_update(client: Any, table: str) -> None:
    code, message = error_of(lambda: client.update_table(
        TableName=table,
        VectorIndexUpdates=[{"Create": vector_index("one")}, {"Create": vector_index("two")}],
    ))  # fmt: skip
    assert code == "LimitExceededException"
    assert message == "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
