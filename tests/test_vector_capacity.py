"""fakedynamo's own arithmetic for vector capacity, and the search schema's AttributeDefinitions over a table's life.

AWS documents the shapes, the 1 KB minimum a request and what makes the bytes
grow (conformance/test_vectors.py); the exact numbers here are fakedynamo's
inference (fakedynamo/operations/vector_capacity.py): float32 vectors, 4
bytes a dimension.
"""

from __future__ import annotations

from typing import Any, Iterator

import boto3
import pytest

import fakedynamo
from fakedynamo.values import item_size


@pytest.fixture
def client() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb():
        yield boto3.client("dynamodb", region_name="us-east-1")


def vector(*numbers: int) -> dict[str, Any]:
    return {"L": [{"N": str(x)} for x in numbers]}


def index(name: str, dims: int, attribute: str = "emb", **more: Any) -> dict[str, Any]:
    return {
        "IndexName": name,
        "VectorAttribute": {"AttributeName": attribute},
        "Projection": {"ProjectionType": "ALL"},
        "Dimensions": dims,
        "DistanceFunction": "DOT_PRODUCT",
        **more,
    }


def table(client: Any, *indexes: dict[str, Any], defined: tuple[str, ...] = ()) -> None:
    client.create_table(
        TableName="vt1",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", *defined)],
        BillingMode="PAY_PER_REQUEST",
        VectorIndexes=list(indexes),
    )


def search_bytes(client: Any, dims: int, **params: Any) -> float:
    answer = client.search_vectors(
        TableName="vt1", IndexName="big", SearchVector=[{"N": "1"}] * dims, TopK=100, ReturnConsumedCapacity="TOTAL", **params
    )
    return answer["ConsumedCapacity"]["VectorSearchRequestBytes"]  # type: ignore[no-any-return]


def test_search_bytes_count_the_vectors_compared_and_returned(client: Any) -> None:
    table(client, index("big", 100, SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}]), defined=("tenant",))
    for number in range(10):
        tenant = "a" if number < 4 else "b"
        client.put_item(TableName="vt1", Item={"pk": {"S": f"i{number}"}, "tenant": {"S": tenant}, "emb": vector(*[number] * 100)})
    only_a = {"SearchConditionExpression": "tenant = :t", "ExpressionAttributeValues": {":t": {"S": "a"}}}
    assert search_bytes(client, 100, **only_a) == 4 * 100 * 4  # the partition's 4 vectors, none returned
    with_vectors = search_bytes(client, 100, ProjectionExpression="pk, emb", **only_a)
    assert with_vectors == 4 * 100 * (4 + 4)
    filtered = {**only_a, "SearchConditionExpression": "tenant = :t AND pk = :p"}
    filtered["ExpressionAttributeValues"] = {**only_a["ExpressionAttributeValues"], ":p": {"S": "i1"}}
    assert search_bytes(client, 100, **filtered) == 4 * 100 * 4  # a filter still compares the whole partition
    assert search_bytes(client, 100, SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"S": "none"}}) == 1024


def test_write_bytes_count_the_entry_and_the_minimum_once(client: Any) -> None:
    table(client, index("big", 300), index("small", 2, attribute="tiny"))
    put = client.put_item(
        TableName="vt1",
        Item={"pk": {"S": "k"}, "emb": vector(*[1] * 300), "tiny": vector(1, 2)},
        ReturnConsumedCapacity="INDEXES",
    )
    # Each index's entry: its vector as float32, the vector's name, and the item size of the rest (ALL: the whole item).
    rest_of_big = item_size({"pk": {"S": "k"}, "tiny": vector(1, 2)})
    rest_of_small = item_size({"pk": {"S": "k"}, "emb": vector(*[1] * 300)})
    assert put["ConsumedCapacity"]["VectorIndexes"] == {
        "big": {"VectorWriteRequestBytes": float(4 * 300 + len("emb") + rest_of_big)},
        "small": {"VectorWriteRequestBytes": float(4 * 2 + len("tiny") + rest_of_small)},
    }
    # Under the minimum, the request still counts 1 KB, once: the first index charged carries it.
    client.delete_table(TableName="vt1")
    table(client, index("big", 2), index("small", 2, attribute="tiny"))
    put = client.put_item(
        TableName="vt1", Item={"pk": {"S": "k"}, "emb": vector(1, 1), "tiny": vector(1, 2)}, ReturnConsumedCapacity="INDEXES"
    )
    charged = put["ConsumedCapacity"]["VectorIndexes"]
    assert sum(v["VectorWriteRequestBytes"] for v in charged.values()) == 1024
    assert charged["small"]["VectorWriteRequestBytes"] < 1024 / 2


def test_updates_charge_only_the_indexes_whose_entry_changed(client: Any) -> None:
    table(client, index("big", 2), index("small", 2, attribute="tiny", Projection={"ProjectionType": "KEYS_ONLY"}))
    client.put_item(TableName="vt1", Item={"pk": {"S": "k"}, "emb": vector(1, 1), "tiny": vector(1, 2)})
    answer = client.update_item(
        TableName="vt1",
        Key={"pk": {"S": "k"}},
        UpdateExpression="SET note = :n",
        ExpressionAttributeValues={":n": {"S": "x"}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert list(answer["ConsumedCapacity"]["VectorIndexes"]) == ["big"]  # ALL holds the note; KEYS_ONLY does not
    unchanged = client.put_item(
        TableName="vt1",
        Item={"pk": {"S": "k"}, "emb": vector(1, 1), "tiny": vector(1, 2), "note": {"S": "x"}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert "VectorIndexes" not in unchanged["ConsumedCapacity"]


def definitions(client: Any) -> list[str]:
    return [d["AttributeName"] for d in client.describe_table(TableName="vt1")["Table"]["AttributeDefinitions"]]


def test_search_schema_definitions_live_as_long_as_their_index(client: Any) -> None:
    table(client)
    tenant = index("vec", 2, SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])
    client.update_table(
        TableName="vt1",
        AttributeDefinitions=[{"AttributeName": "tenant", "AttributeType": "S"}],
        VectorIndexUpdates=[{"Create": tenant}],
    )
    assert definitions(client) == ["pk", "tenant"]
    # A global index coming and going leaves the search schema's definition alone.
    client.update_table(
        TableName="vt1",
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
        ],
    )
    client.update_table(TableName="vt1", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "gsi"}}])
    assert definitions(client) == ["pk", "tenant"]
    # A second index may reuse it without declaring it again.
    client.update_table(TableName="vt1", VectorIndexUpdates=[{"Create": {**tenant, "IndexName": "vec2"}}])
    client.update_table(TableName="vt1", VectorIndexUpdates=[{"Delete": {"IndexName": "vec"}}])
    assert definitions(client) == ["pk", "tenant"]
    client.update_table(TableName="vt1", VectorIndexUpdates=[{"Delete": {"IndexName": "vec2"}}])
    assert definitions(client) == ["pk"]
