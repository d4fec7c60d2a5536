"""`fakedynamo serve --data-dir`: data survives a restart, a `kill -9` (under write load too), and one server owns a directory.

The kill test runs for a bounded couple of seconds by default; set
FAKEDYNAMO_LONG_TESTS=1 for a ten-second run with more kills.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from typing import Any

import boto3
import pytest
from botocore.config import Config

from fakedynamo.engine import Engine
from fakedynamo.persistence import DataDirInUse, attach

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LONG = os.environ.get("FAKEDYNAMO_LONG_TESTS") == "1"
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "not-a-secret"}


class Server:
    """`python -m fakedynamo serve --port 0 --data-dir DIR` in a child process."""

    def __init__(self, data_dir: str, *extra: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fakedynamo", "serve", "--port", "0", "--region", "eu-west-1", "--data-dir", data_dir, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if "listening on" not in line:
            self.process.kill()
            raise AssertionError(f"no server: {line!r} {self.process.stderr.read()!r}")  # type: ignore[union-attr]
        self.endpoint = line.split()[-1]
        self.port = int(self.endpoint.rsplit(":", 1)[1])

    def client(self) -> Any:
        config = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=10)
        return boto3.client("dynamodb", region_name="eu-west-1", endpoint_url=self.endpoint, config=config, **CREDENTIALS)

    def stop(self) -> None:
        self.process.terminate()
        assert self.process.wait(15) == 0

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no shutdown code runs
        self.process.wait(15)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]


def make_state(client: Any) -> None:
    client.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": a, "AttributeType": t} for a, t in (("pk", "S"), ("sk", "N"), ("status", "S"))
        ],
        GlobalSecondaryIndexes=[{
            "IndexName": "by-status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": "team", "Value": "checkout"}],
    )
    client.update_time_to_live(TableName="orders", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
    for i in range(20):
        client.put_item(TableName="orders", Item={"pk": {"S": f"c{i % 3}"}, "sk": {"N": str(i)}, "status": {"S": "new"}})
    client.update_item(
        TableName="orders", Key={"pk": {"S": "c0"}, "sk": {"N": "0"}},
        UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "paid"}},
    )
    client.delete_item(TableName="orders", Key={"pk": {"S": "c1"}, "sk": {"N": "1"}})
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": "orders", "Item": {"pk": {"S": "t"}, "sk": {"N": "1"}, "status": {"S": "tx"}}}},
    ])
    client.batch_write_item(RequestItems={"orders": [
        {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)}}}} for i in range(5)
    ]})
    client.execute_statement(Statement="UPDATE orders SET note = 'partiql' WHERE pk = 'b' AND sk = 0")


def observe(client: Any) -> dict[str, Any]:
    """Everything a client can see of the state made by `make_state`."""
    table = client.describe_table(TableName="orders")["Table"]
    scan = client.scan(TableName="orders")["Items"]
    return {
        "table": table,
        "scan": scan,
        "index": client.query(
            TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
            ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "new"}},
        )["Items"],
        "ttl": client.describe_time_to_live(TableName="orders")["TimeToLiveDescription"],
        "tags": client.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"],
        "tables": client.list_tables()["TableNames"],
    }


@posix_only
def test_the_state_survives_kill_9_and_a_clean_restart(tmp_path: Any) -> None:
    data = str(tmp_path / "data")
    first = Server(data)
    try:
        make_state(first.client())
        before = observe(first.client())
        first.kill()  # replayed from the journal
    finally:
        first.close()
    second = Server(data)
    try:
        assert observe(second.client()) == before  # creation time, table id, indexes, TTL, tags and all
        second.client().put_item(TableName="orders", Item={"pk": {"S": "after"}, "sk": {"N": "1"}})
        after = observe(second.client())
        second.stop()  # a clean stop: read back from the snapshot
    finally:
        second.close()
    third = Server(data)
    try:
        assert observe(third.client()) == after
    finally:
        third.close()


def test_a_second_server_on_the_same_directory_refuses_to_start(tmp_path: Any) -> None:
    data = str(tmp_path / "data")
    first = Server(data)
    try:
        env = {**os.environ, "PYTHONPATH": ROOT}
        second = subprocess.run(
            [sys.executable, "-m", "fakedynamo", "serve", "--port", "0", "--data-dir", data],
            capture_output=True, text=True, timeout=30, env=env,
        )
        assert second.returncode == 1
        assert "in use by another fakedynamo server" in second.stderr
        assert "listening" not in second.stdout
        first.client().list_tables()  # the first one is unharmed
    finally:
        first.close()


def test_in_process_attach_refuses_a_held_directory_and_reloads(tmp_path: Any) -> None:
    data = str(tmp_path / "data")
    engine = Engine()
    held = attach(engine, data, compact_every=3)
    try:
        with pytest.raises(DataDirInUse):
            attach(Engine(), data)
        engine.execute("CreateTable", {
            "TableName": "things", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        })
        for i in range(7):  # past compact_every twice: snapshots and journal together
            engine.execute("PutItem", {"TableName": "things", "Item": {"pk": {"S": str(i)}}})
    finally:
        held.close(checkpoint=False)
    again = Engine()
    reopened = attach(again, data)
    try:
        assert len(again.regions["us-east-1"].tables["things"]) == 7
        described = again.execute("DescribeTable", {"TableName": "things"})["Table"]
        assert described == engine.execute("DescribeTable", {"TableName": "things"})["Table"]
    finally:
        reopened.close()


def test_a_torn_journal_tail_is_never_read_back(tmp_path: Any) -> None:
    """A record cut short (here: the WAL file truncated mid-frame) is dropped whole, never half-applied."""
    data = str(tmp_path / "data")
    engine = Engine()
    persistence = attach(engine, data)
    engine.execute("CreateTable", {
        "TableName": "things", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    })
    for i in range(3):
        engine.execute("PutItem", {"TableName": "things", "Item": {"pk": {"S": str(i)}, "big": {"S": "x" * 3000}}})
    wal = os.path.join(data, "fakedynamo.sqlite3-wal")
    size = os.path.getsize(wal)
    copy = open(wal, "rb").read()  # noqa: SIM115
    persistence.close(checkpoint=False)  # closing checkpoints the WAL into the database: put the torn one back
    main = os.path.join(data, "fakedynamo.sqlite3")
    conn = sqlite3.connect(main)
    conn.execute("DELETE FROM journal WHERE seq > 1")  # the database as it was before the puts...
    conn.commit()
    conn.close()
    with open(wal, "wb") as handle:  # ...and a WAL holding them, its last frame cut in half
        handle.write(copy[: size - 2000])
    again = Engine()
    reopened = attach(again, data)
    try:
        items = again.execute("Scan", {"TableName": "things"})["Items"]
        assert all(item["big"]["S"] == "x" * 3000 for item in items)  # whole items or none
        assert len(items) <= 3
    finally:
        reopened.close()


# -- kill -9 under write load ------------------------------------------------------------------

COUNTERS = 8  # one per thread: conditional chains
SHARED = 4  # incremented by every thread


def call(connection: http.client.HTTPConnection, operation: str, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    connection.request("POST", "/", json.dumps(request), {
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"DynamoDB_20120810.{operation}",
    })
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


class Writer(threading.Thread):
    """Increments its own counter with `SET n = :next IF n = :prev`, and a shared one with `ADD`, until the server dies."""

    def __init__(self, index: int, port: int, start_value: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.index, self.port, self.value, self.stop = index, port, start_value, stop
        self.shared_acked = [0] * SHARED
        self.in_flight: tuple[str, int] | None = None  # what was sent and not answered when the server died
        self.refused: Any = None  # an answer other than success, which fails the test

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        step = 0
        try:
            while not self.stop.is_set():
                step += 1
                if step % 2:
                    self.in_flight = ("own", self.value + 1)
                    status, body = call(connection, "UpdateItem", {
                        "TableName": "counters", "Key": {"pk": {"S": f"own{self.index}"}},
                        "UpdateExpression": "SET n = :next", "ConditionExpression": "n = :prev",
                        "ExpressionAttributeValues": {":next": {"N": str(self.value + 1)}, ":prev": {"N": str(self.value)}},
                    })
                    if status != 200:
                        self.refused = body
                        return
                    self.value += 1
                else:
                    shared = step % SHARED
                    self.in_flight = ("shared", shared)
                    status, body = call(connection, "UpdateItem", {
                        "TableName": "counters", "Key": {"pk": {"S": f"shared{shared}"}},
                        "UpdateExpression": "ADD n :one", "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    })
                    if status != 200:
                        self.refused = body
                        return
                    self.shared_acked[shared] += 1
                self.in_flight = None
        except (OSError, http.client.HTTPException):
            pass  # the server was killed: what is in flight is unacknowledged
        finally:
            connection.close()


def counters(port: int) -> dict[str, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        status, body = call(connection, "Scan", {"TableName": "counters", "ConsistentRead": True})
        assert status == 200, body
        return {item["pk"]["S"]: int(item["n"]["N"]) for item in body["Items"]}
    finally:
        connection.close()


@posix_only
def test_kill_9_under_write_load_loses_no_acknowledged_write(tmp_path: Any) -> None:
    data = str(tmp_path / "data")
    rounds, seconds = (4, 2.5) if LONG else (1, 1.5)
    server = Server(data)
    try:
        client = server.client()
        client.create_table(
            TableName="counters", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )
        for name in [f"own{i}" for i in range(COUNTERS)] + [f"shared{i}" for i in range(SHARED)]:
            client.put_item(TableName="counters", Item={"pk": {"S": name}, "n": {"N": "0"}})
        own = [0] * COUNTERS
        shared_acked = [0] * SHARED
        total = 0
        for _ in range(rounds):
            stop = threading.Event()
            writers = [Writer(i, server.port, own[i], stop) for i in range(COUNTERS)]
            for writer in writers:
                writer.start()
            time.sleep(seconds)
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait(15)
            stop.set()
            for writer in writers:
                writer.join(15)
                assert not writer.is_alive()
                assert writer.refused is None, writer.refused
            server.close()
            server = Server(data)
            stored = counters(server.port)
            for writer in writers:
                name = f"own{writer.index}"
                # Acknowledged: there. In flight when killed: there or not, nothing between.
                if writer.in_flight is not None and stored[name] == writer.value + 1:
                    writer.value += 1
                assert stored[name] == writer.value, (name, stored[name], writer.value)
                total += writer.value - own[writer.index]
                own[writer.index] = writer.value
            in_flight = [0] * SHARED
            for writer in writers:
                for i in range(SHARED):
                    shared_acked[i] += writer.shared_acked[i]
                if writer.in_flight is not None and writer.in_flight[0] == "shared":
                    in_flight[writer.in_flight[1]] += 1
            for i in range(SHARED):
                value = stored[f"shared{i}"]
                assert shared_acked[i] <= value <= shared_acked[i] + in_flight[i], (i, value, shared_acked[i])
                shared_acked[i] = value  # the in-flight ones that landed count from now on
        assert total > 20 * rounds  # the load was real
    finally:
        server.close()


class ClockedEngine(Engine):
    """A stand-in for the streams branch's clock control (Engine.advance), to test its journaling now."""

    def __init__(self) -> None:
        super().__init__()
        self.offset = 0.0
        base = self.now
        self.now = lambda: base() + self.offset  # type: ignore[method-assign]

    def advance(self, seconds: float) -> float:
        self.offset += seconds
        return self.now()


def test_moving_the_clock_is_journaled_and_replayed(tmp_path: Any) -> None:
    data = str(tmp_path / "data")
    engine = ClockedEngine()
    persistence = attach(engine, data)
    try:
        engine.advance(86_400)
        engine.execute("CreateTable", {
            "TableName": "later", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        })
        created = engine.execute("DescribeTable", {"TableName": "later"})["Table"]["CreationDateTime"]
        assert created > time.time() + 86_000
    finally:
        persistence.close(checkpoint=False)  # as after kill -9: only the journal
    again = ClockedEngine()
    reopened = attach(again, data)
    try:
        assert again.offset == 86_400
        assert again.execute("DescribeTable", {"TableName": "later"})["Table"]["CreationDateTime"] == created
    finally:
        reopened.close()
