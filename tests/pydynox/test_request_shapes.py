"""What pydynox sends: the exact expressions and options of each request (captured from botocore)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import ExpiresIn, NumberAttribute, StringAttribute, TTLAttribute, VersionAttribute
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex


class Note(Model):
    model_config = ModelConfig(table="notes", consistent_read=True)
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    title = StringAttribute(alias="t")
    views = NumberAttribute()
    topic = StringAttribute()
    expires = TTLAttribute(alias="exp")
    version = VersionAttribute()
    by_topic = GlobalSecondaryIndex("topic-index", partition_key="topic")
    by_views = LocalSecondaryIndex("views-index", sort_key="views")


@pytest.fixture
def sent(client: DynamoDBClient) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    Note.sync_create_table()
    requests: list[tuple[str, dict[str, Any]]] = []

    def record(model: Any, params: dict[str, Any], **_: Any) -> None:
        requests.append((model.name, params))

    events = (client._boto or client._connect()).meta.events
    events.register("before-parameter-build.dynamodb", record, unique_id="test-shapes")
    yield requests
    events.unregister("before-parameter-build.dynamodb", unique_id="test-shapes")


def last(sent: list[tuple[str, dict[str, Any]]], operation: str) -> dict[str, Any]:
    return next(params for name, params in reversed(sent) if name == operation)


def test_put_and_smart_update(sent: list[tuple[str, dict[str, Any]]]) -> None:
    note = Note(pk="n", sk="1", title="T", views=1)
    note.sync_save(condition=Note.title.not_exists())
    put = last(sent, "PutItem")
    assert put["ConditionExpression"] == "(attribute_not_exists(#n0) AND attribute_not_exists(#n1))"
    assert put["ExpressionAttributeNames"] == {"#n0": "t", "#n1": "version"}
    assert put["ReturnConsumedCapacity"] == "INDEXES" and put["Item"]["version"] == {"N": "1"}  # as 1.8: vector write bytes
    note.views = 2
    note.title = None
    note.sync_save(condition=Note.views == 1)
    update = last(sent, "UpdateItem")
    assert update["UpdateExpression"] == "SET #f0 = :v0, #f1 = :v1, #f2 = :v2"
    assert update["ExpressionAttributeNames"] == {
        "#f0": "views",
        "#f1": "t",
        "#f2": "version",
        "#n0": "views",
        "#n1": "version",
    }
    assert update["ConditionExpression"] == "(#n0 = :cond3 AND #n1 = :cond4)"
    assert update["ExpressionAttributeValues"] == {
        ":v0": {"N": "2"},
        ":v1": {"NULL": True},
        ":v2": {"N": "2"},
        ":cond3": {"N": "1"},
        ":cond4": {"N": "1"},
    }
    assert update["Key"] == {"pk": {"S": "n"}, "sk": {"S": "1"}}


def test_atomic_update_shares_one_namespace(sent: list[tuple[str, dict[str, Any]]]) -> None:
    note = Note(pk="n", sk="1", views=1)
    note.sync_save()
    note.sync_update(atomic=[Note.views.add(1), Note.title.remove()], condition=Note.views < 10)
    update = last(sent, "UpdateItem")
    assert update["UpdateExpression"] == "SET #n0 = if_not_exists(#n0, :v1) + :v0 REMOVE #n1"
    assert update["ConditionExpression"] == "#n0 < :v2"
    assert update["ExpressionAttributeNames"] == {"#n0": "views", "#n1": "t"}


@pytest.mark.engine_ops("Query", "Scan", "BatchGetItem")
def test_reads_and_consistency_defaults(sent: list[tuple[str, dict[str, Any]]]) -> None:
    Note.sync_get(pk="n", sk="1")
    assert last(sent, "GetItem")["ConsistentRead"] is True  # from the model config
    Note.sync_get(pk="n", sk="1", consistent_read=False)
    assert "ConsistentRead" not in last(sent, "GetItem")
    list(
        Note.sync_query(
            "n",
            sort_key_condition=Note.sk.begins_with("1"),
            filter_condition=Note.views > 0,
            fields=["title", "sk"],
            limit=5,
        )
    )
    query = last(sent, "Query")
    assert query["KeyConditionExpression"] == "#pk = :pkv AND begins_with(#n0, :v0)"
    assert query["FilterExpression"] == "#n1 > :v1"
    assert query["ProjectionExpression"] == "#proj0_0, #proj1_0"
    assert query["ExpressionAttributeNames"] == {
        "#pk": "pk",
        "#proj0_0": "t",
        "#proj1_0": "sk",
        "#n0": "sk",
        "#n1": "views",
    }
    assert query["ScanIndexForward"] is True and query["Limit"] == 5 and query["ConsistentRead"] is True
    list(Note.by_topic.sync_query(topic="x", page_size=7))
    gsi = last(sent, "Query")
    assert gsi["KeyConditionExpression"] == "#gsi_hk0 = :gsi_hkv0" and gsi["IndexName"] == "topic-index"
    assert "ConsistentRead" not in gsi and gsi["Limit"] == 7
    list(Note.by_views.sync_query("n", sort_key_condition=Note.views > 1))
    assert last(sent, "Query")["KeyConditionExpression"] == "#lsi_hk = :lsi_hkv AND #n0 > :v0"
    list(Note.sync_scan(fields=["title"]))
    scan = last(sent, "Scan")
    assert scan["ConsistentRead"] is True and scan["ProjectionExpression"] == "#proj0_0"
    Note.sync_count()
    assert last(sent, "Scan")["Select"] == "COUNT"
    Note.sync_batch_get([{"pk": "n", "sk": "1"}])
    assert "ConsistentRead" not in last(sent, "BatchGetItem")["RequestItems"]["notes"]  # the config is not used


def test_by_key_and_ttl_requests(sent: list[tuple[str, dict[str, Any]]]) -> None:
    Note.sync_update_by_key(pk="n", sk="1", title="x", condition=Note.views.not_exists())
    update = last(sent, "UpdateItem")
    assert update["UpdateExpression"] == "SET #f0 = :v0"
    assert update["ConditionExpression"] == "attribute_not_exists(#n0)"
    note = Note(pk="n", sk="1")
    when = ExpiresIn.days(1)
    note.extend_ttl(when)
    ttl = last(sent, "UpdateItem")
    assert ttl["UpdateExpression"] == "SET #ttl = :ttl" and ttl["ExpressionAttributeNames"] == {"#ttl": "exp"}
    assert ttl["ExpressionAttributeValues"] == {":ttl": {"N": str(int(when.timestamp()))}}
    Note.sync_delete_by_key(pk="n", sk="1")
    assert last(sent, "DeleteItem")["Key"] == {"pk": {"S": "n"}, "sk": {"S": "1"}}
