"""The admin API's testing powers: fault rules, hostile modes, throttling, capacity and checkpoints over HTTP."""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from fakedynamo.wire.http import DynamoDBServer, running_server
from tests.test_admin import dynamodb, request

TABLE = {
    "TableName": "users", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
}


@pytest.fixture
def server() -> Iterator[DynamoDBServer]:
    with running_server() as running:
        assert dynamodb(running, "CreateTable", TABLE)[0] == 200
        yield running


def admin(server: DynamoDBServer, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    status, _, payload = request(server, method, "/_fakedynamo" + path, json.dumps(body).encode() if body is not None else None,
                                 {"Content-Type": "application/json"})
    return status, json.loads(payload)


def put(server: DynamoDBServer, pk: str) -> tuple[int, dict[str, Any]]:
    return dynamodb(server, "PutItem", {"TableName": "users", "Item": {"pk": {"S": pk}}})


def test_a_fault_rule_over_http(server: DynamoDBServer) -> None:
    status, answer = admin(server, "POST", "/faults", {"error": "ProvisionedThroughputExceededException",
                                                       "operation": "PutItem", "table": "users", "times": 2})
    assert status == 200 and answer["rule"]["times"] == 2
    outcomes = [put(server, "a") for _ in range(3)]
    assert [s for s, _ in outcomes] == [400, 400, 200]
    assert outcomes[0][1]["__type"] == "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
    rules = admin(server, "GET", "/faults")[1]
    assert rules["rules"][0]["fired"] == 2 and len(rules["history"]) == 2
    assert admin(server, "POST", "/faults/clear")[1] == {"cleared": 1}


def test_a_bad_rule_is_refused(server: DynamoDBServer) -> None:
    assert admin(server, "POST", "/faults", {"error": "InternalServerError", "tabel": "x"})[0] == 400
    assert admin(server, "POST", "/faults", {})[0] == 400


def test_hostile_modes_over_http(server: DynamoDBServer) -> None:
    for pk in "abc":
        put(server, pk)
    assert admin(server, "POST", "/hostile", {"page_size": 1})[1]["page_size"] == 1
    status, page = dynamodb(server, "Scan", {"TableName": "users"})
    assert status == 200 and page["Count"] == 1 and "LastEvaluatedKey" in page
    assert admin(server, "POST", "/hostile", {"page_size": 0})[0] == 400
    admin(server, "POST", "/hostile", {})
    assert dynamodb(server, "Scan", {"TableName": "users"})[1]["Count"] == 3


def test_consumed_capacity_over_http(server: DynamoDBServer) -> None:
    admin(server, "POST", "/consumed/reset")
    put(server, "a")
    dynamodb(server, "GetItem", {"TableName": "users", "Key": {"pk": {"S": "a"}}, "ConsistentRead": True})
    assert admin(server, "GET", "/consumed?table=users")[1]["rcu"] == 1.0
    assert admin(server, "GET", "/consumed?table=users")[1]["wcu"] == 1.0


def test_checkpoints_fork_and_restore(server: DynamoDBServer) -> None:
    put(server, "a")
    assert admin(server, "POST", "/checkpoints?name=seeded")[0] == 200
    put(server, "b")
    assert admin(server, "POST", "/checkpoints/restore?name=seeded") == (200, {"restored": "seeded"})
    assert dynamodb(server, "Scan", {"TableName": "users"})[1]["Count"] == 1
    put(server, "c")  # writes after a restore do not reach the checkpoint
    admin(server, "POST", "/checkpoints/restore?name=seeded")
    assert dynamodb(server, "Scan", {"TableName": "users"})[1]["Count"] == 1
    assert admin(server, "GET", "/checkpoints")[1] == {"checkpoints": ["seeded"]}
    assert admin(server, "POST", "/checkpoints/restore?name=nope")[0] == 404


def test_throttling_switch(server: DynamoDBServer) -> None:
    assert admin(server, "POST", "/throttling?on=true")[1]["throttling"] is True
    assert admin(server, "POST", "/throttling?on=false")[1]["throttling"] is False


def test_a_persisted_server_refuses_partial_batches_and_checkpoint_restores(tmp_path: Any) -> None:
    from fakedynamo.engine import Engine
    from fakedynamo.persistence import Persistence

    engine = Engine()
    persistence = Persistence(engine, str(tmp_path / "data"))
    persistence.open()
    try:
        with running_server(engine) as running:
            assert admin(running, "POST", "/faults", {"operation": "BatchWriteItem", "unprocessed": 1})[0] == 409
            assert admin(running, "POST", "/hostile", {"unprocessed": True})[0] == 409
            assert admin(running, "POST", "/checkpoints?name=x")[0] == 409
            assert admin(running, "POST", "/faults", {"error": "InternalServerError"})[0] == 200
    finally:
        persistence.close()
