"""The admin API under /_fakedynamo/, the request log, seed data at start, and the server page's curl examples."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from fakedynamo import mock_dynamodb, state
from fakedynamo.engine import Engine
from fakedynamo.wire.http import DynamoDBServer, running_server

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "fakedynamo-server.md"
TABLE = {
    "TableName": "Music", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}],
}


def seed_text() -> str:
    """The page's snapshot example: the seed.jsonl its curl examples use."""
    blocks = re.findall(r"^```jsonl\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 1
    return blocks[0]


@pytest.fixture
def server() -> Iterator[DynamoDBServer]:
    with running_server() as running:
        yield running


def request(server: DynamoDBServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def dynamodb(server: DynamoDBServer, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    status, _, payload = request(server, "POST", "/", json.dumps(body).encode(), {
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"DynamoDB_20120810.{operation}",
    })
    return status, json.loads(payload)


# -- the page's curl examples, run as written --------------------------------------------------


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_pages_curl_examples_work_as_written(server: DynamoDBServer, tmp_path: Path) -> None:
    seed = seed_text()
    (tmp_path / "seed.jsonl").write_text(seed, encoding="utf-8")
    items = "".join(line + "\n" for line in seed.splitlines() if line.startswith('{"Item"'))
    (tmp_path / "export-data.json.gz").write_bytes(gzip.compress(items.encode()))  # as an AWS export writes one
    state.load(server.engine, tmp_path / "seed.jsonl")  # what --seed-file seed.jsonl did
    port = server.server_address[1]
    commands = [
        line for block in re.findall(r"^```sh\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
        for line in block.splitlines() if line.strip()
    ]
    assert len(commands) >= 8 and all(c.startswith("curl ") for c in commands)
    outputs = []
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")],
            cwd=tmp_path, capture_output=True, text=True, timeout=30,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stdout)
    assert json.loads(outputs[0])["tables"] == {"us-east-1": ["Music"]}  # health
    assert (tmp_path / "snapshot.jsonl").read_text(encoding="utf-8").count('{"Item"') == 2
    # After the resets, restore and the two loads: the table, its two items once each.
    assert sorted(server.engine.regions["us-east-1"].tables) == ["Music"]
    assert len(server.engine.regions["us-east-1"].tables["Music"]) == 2


# -- the API -------------------------------------------------------------------------------


def test_health_reset_snapshot_restore_and_load(server: DynamoDBServer) -> None:
    status, _, payload = request(server, "GET", "/_fakedynamo/health")
    health = json.loads(payload)
    assert status == 200 and health["status"] == "ok" and health["tables"] == {} and health["persistence"] is None
    for region in ("us-east-1", "eu-west-1"):
        server.engine.execute("CreateTable", TABLE, region)
        server.engine.execute("CreateTable", {**TABLE, "TableName": "Other"}, region)
    server.engine.execute("PutItem", {"TableName": "Music", "Item": {"Artist": {"S": "a"}, "SongTitle": {"S": "s"}}})

    status, headers, snapshot = request(server, "GET", "/_fakedynamo/snapshot?region=us-east-1&table=Music")
    assert status == 200 and headers["Content-Type"].startswith("application/x-ndjson")
    assert [next(iter(json.loads(line))) for line in snapshot.splitlines()] == ["Table", "Item"]

    status, _, payload = request(server, "POST", "/_fakedynamo/reset?region=eu-west-1&table=Other")
    assert json.loads(payload) == {"deleted": ["eu-west-1/Other"]}
    status, _, payload = request(server, "POST", "/_fakedynamo/reset?table=Nope")
    assert status == 404 and "Nope" in json.loads(payload)["error"]
    status, _, payload = request(server, "POST", "/_fakedynamo/reset?region=eu-west-1")
    assert json.loads(payload) == {"deleted": ["eu-west-1/Music"]}

    status, _, payload = request(server, "POST", "/_fakedynamo/restore", snapshot)
    assert status == 200 and json.loads(payload) == {"tables_created": 1, "items": 1}
    assert sorted(server.engine.regions["us-east-1"].tables) == ["Music"]  # Other is gone

    item = b'{"Item": {"Artist": {"S": "b"}, "SongTitle": {"S": "t"}}}\n'
    status, _, payload = request(server, "POST", "/_fakedynamo/load?table=Music", gzip.compress(item))
    assert status == 200 and json.loads(payload)["items"] == 1
    assert len(server.engine.regions["us-east-1"].tables["Music"]) == 2


def test_a_bad_file_is_refused_with_its_line_and_changes_nothing(server: DynamoDBServer) -> None:
    server.engine.execute("CreateTable", TABLE)
    body = b'{"Item": {"Artist": {"S": "a"}, "SongTitle": {"S": "s"}}}\nnot json\n'
    status, _, payload = request(server, "POST", "/_fakedynamo/restore?", body)
    assert status == 400 and "line 1" in json.loads(payload)["error"]  # an Item before any Table
    status, _, payload = request(server, "POST", "/_fakedynamo/load?table=Music", body)
    assert status == 400 and "line 2: not JSON" in json.loads(payload)["error"]
    bad_item = b'{"Item": {"Artist": {"N": "1"}, "SongTitle": {"S": "s"}}}\n'
    status, _, payload = request(server, "POST", "/_fakedynamo/load?table=Music", bad_item)
    assert status == 400 and "ValidationException" in json.loads(payload)["error"]
    assert "Music" in server.engine.regions["us-east-1"].tables  # the failed restore reset nothing


def test_unknown_paths_methods_and_the_clock(server: DynamoDBServer) -> None:
    assert request(server, "GET", "/_fakedynamo/nothing")[0] == 404
    assert request(server, "GET", "/_fakedynamo/reset")[0] == 405
    status, _, payload = request(server, "GET", "/_fakedynamo/clock")
    assert status == 200 and isinstance(json.loads(payload)["now"], float)
    status, _, payload = request(server, "POST", "/_fakedynamo/clock/advance?seconds=60")
    if hasattr(Engine, "advance"):  # the streams branch's clock control
        assert status == 200 and json.loads(payload)["now"] >= json.loads(request(server, "GET", "/_fakedynamo/clock")[2])["now"] - 1
    else:
        assert status == 501 and "Engine.advance" in json.loads(payload)["error"]
    # A browser at the root is sent to the console; an SDK's health check still gets DynamoDB's line.
    status, headers, _ = request(server, "GET", "/", headers={"Accept": "text/html,application/xhtml+xml"})
    assert status == 302 and headers["Location"] == "/_fakedynamo/"
    assert request(server, "GET", "/")[2].startswith(b"healthy: dynamodb.us-east-1")


def test_the_request_log_names_operation_table_outcome_and_capacity(server: DynamoDBServer) -> None:
    server.engine.execute("CreateTable", TABLE)
    item = {"Artist": {"S": "a"}, "SongTitle": {"S": "s"}}
    assert dynamodb(server, "PutItem", {"TableName": "Music", "Item": item})[0] == 200
    status, refused = dynamodb(server, "PutItem", {
        "TableName": "Music", "Item": item, "ConditionExpression": "attribute_not_exists(Artist)",
    })
    assert status == 400
    request(server, "POST", "/", b"{}", {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.Nope"})
    _, _, payload = request(server, "GET", "/_fakedynamo/requests?limit=3")
    unknown, failed, put = json.loads(payload)["requests"]
    assert (put["operation"], put["table"], put["status"], put["error"]) == ("PutItem", "Music", 200, None)
    assert (failed["status"], failed["error"]) == (400, "ConditionalCheckFailedException")
    assert failed["message"] == "The conditional request failed"
    assert (unknown["operation"], unknown["error"]) == ("Nope", "UnknownOperationException")
    assert put["latency_ms"] >= 0 and put["time"].endswith("Z")
    text = server.request_log.format(failed)
    assert re.fullmatch(
        r"\S+Z us-east-1 PutItem Music -> 400 ConditionalCheckFailedException: The conditional request failed [\d.]+ ms", text
    )


def test_capacity_is_logged_without_changing_the_answer() -> None:
    engine = Engine()
    engine.execute("CreateTable", TABLE)
    with running_server(engine) as plain:
        plain.request_log = type(plain.request_log)(verbose=True)  # what --verbose sets up
        item = {"Artist": {"S": "a"}, "SongTitle": {"S": "s"}}
        status, answer = dynamodb(plain, "PutItem", {"TableName": "Music", "Item": item})
        assert status == 200 and answer == {}  # the client did not ask for ConsumedCapacity
        entry = plain.request_log.recent(1)[0]
        assert entry["capacity"] == 1.0
        status, answer = dynamodb(plain, "PutItem", {"TableName": "Music", "Item": item, "ReturnConsumedCapacity": "TOTAL"})
        assert answer["ConsumedCapacity"]["CapacityUnits"] == 1.0  # one that did, gets it


def test_the_mock_handle_has_the_same_operations(tmp_path: Path) -> None:
    with mock_dynamodb() as db:
        db.load(seed_text().encode())
        path = tmp_path / "saved.jsonl"
        assert db.snapshot(path) is None
        db.reset()
        assert db.table_names() == []
        assert db.restore(str(path)) == {"tables_created": 1, "items": 2}
        with open(path, "rb") as handle:
            db.load(handle)  # a file object; same items again: overwritten, not doubled
        assert db.item_count("Music") == 2
        assert db.snapshot(table="Music", region="us-east-1") == path.read_text(encoding="utf-8")


# -- the command line: seed data and JSON logs -------------------------------------------------


def serve(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-m", "fakedynamo", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_serve_seeds_once_and_logs_json(tmp_path: Path) -> None:
    (tmp_path / "init").mkdir()
    (tmp_path / "init" / "10-music.jsonl").write_text(seed_text(), encoding="utf-8")
    process = serve("--init-dir", str(tmp_path / "init"), "--data-dir", str(tmp_path / "data"), "--verbose", "--log-format", "json")
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert "listening on" in line, process.stderr.read()  # type: ignore[union-attr]
        host, port = line.split("//")[1].strip().split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("POST", "/", json.dumps({"TableName": "Music"}), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.DeleteItem",
        })
        assert connection.getresponse().status == 400
        connection.close()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "loaded 1 tables and 2 items" in stderr
    entries = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    refused = [e for e in entries if e.get("operation") == "DeleteItem"]
    assert refused and refused[0]["status"] == 400 and refused[0]["error"] == "ValidationException"
    assert refused[0]["table"] == "Music" and "'key'" in refused[0]["message"]
    # Started again on the same directory, the seed is not loaded twice.
    again = serve("--init-dir", str(tmp_path / "init"), "--data-dir", str(tmp_path / "data"))
    try:
        assert "listening on" in again.stdout.readline()  # type: ignore[union-attr]
    finally:
        again.terminate()
        _, stderr = again.communicate(timeout=15)
    assert "already holds tables: seed data not loaded" in stderr


def test_a_bad_seed_file_stops_the_server(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"Table": {"TableName": "x"}}\n', encoding="utf-8")
    process = serve("--seed-file", str(tmp_path / "bad.jsonl"))
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 1 and "listening" not in stdout
    assert "cannot load seed data" in stderr and "line 1" in stderr


def test_a_cross_site_page_cannot_post_to_the_admin_api(server: DynamoDBServer) -> None:
    server.engine.execute("CreateTable", TABLE)
    host, port = server.server_address[:2]
    evil = {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}
    status, _, payload = request(server, "POST", "/_fakedynamo/reset", b"", evil)
    assert status == 403 and "cross-site" in json.loads(payload)["error"]
    assert request(server, "POST", "/_fakedynamo/reset", b"", {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert "Music" in server.engine.regions["us-east-1"].tables
    same = {"Origin": f"http://{host}:{port}"}  # the console itself
    assert request(server, "POST", "/_fakedynamo/reset", b"", same)[0] == 200
