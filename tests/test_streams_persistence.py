"""The change history, the clock and TTL deletions survive a server restart (fakedynamo.persistence)."""

from __future__ import annotations

from typing import Any

import pytest

from fakedynamo.engine import Engine
from fakedynamo.persistence import attach


def records(engine: Engine) -> list[dict[str, Any]]:
    arn = engine.execute("DescribeTable", {"TableName": "events"})["Table"]["LatestStreamArn"]
    shard = engine.execute("DescribeStream", {"StreamArn": arn})["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = engine.execute(
        "GetShardIterator", {"StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}
    )["ShardIterator"]
    found = engine.execute("GetRecords", {"ShardIterator": iterator})["Records"]
    return found


@pytest.mark.parametrize("checkpoint", [False, True], ids=["journal only", "snapshot"])
def test_streams_and_ttl_are_the_same_after_a_restart(tmp_path: Any, checkpoint: bool) -> None:
    data = str(tmp_path / "data")
    engine = Engine()
    persistence = attach(engine, data)
    try:
        engine.execute("CreateTable", {
            "TableName": "events", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        })
        engine.execute("UpdateTimeToLive", {"TableName": "events", "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "ttl"}})
        now = engine.now()
        engine.execute("PutItem", {"TableName": "events", "Item": {"pk": {"S": "a"}, "ttl": {"N": str(int(now) + 30)}}})
        engine.execute("PutItem", {"TableName": "events", "Item": {"pk": {"S": "b"}}})
        engine.advance(3600)
        before = records(engine)
        assert [r["eventName"] for r in before] == ["INSERT", "INSERT", "REMOVE"]
        offset = engine.clock.offset
    finally:
        persistence.close(checkpoint=checkpoint)
    again = Engine()
    reopened = attach(again, data)
    try:
        assert again.clock.offset == offset
        assert records(again) == before
    finally:
        reopened.close()
