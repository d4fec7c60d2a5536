"""fakedynamo under real threads: the engine answers one request at a time, whole.

`Engine.execute` runs every handler under the engine's lock, and every way in
(the botocore hook, the HTTP server's per-connection threads) goes through it.
So a conditional write is checked and applied without another write between,
and a transaction is validated, evaluated and applied with no reader in
between. These tests race real threads against that promise:

- optimistic locking (read, then write with a version condition, retry on
  ConditionalCheckFailed) never loses an increment;
- a reader never sees part of a transaction (TransactGetItems, BatchGetItem);
- the same token from many threads applies a transaction once;
- all of it again over the HTTP server with many connections.

Every loop is bounded by a count and a deadline, so a regression fails in
seconds instead of hanging.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Iterator

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import fakedynamo
from fakedynamo import Engine
from fakedynamo.wire.http import running_server

REGION = "us-east-1"
TABLE = "race"
DEADLINE = 5.0  # seconds any one test may race for


def make_table(client: Any) -> None:
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def run_threads(count: int, work: Callable[[int], None]) -> None:
    """Start `count` threads at once on `work(index)`; re-raise the first failure."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def body(index: int) -> None:
        try:
            barrier.wait(timeout=DEADLINE)
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE * 2)
        assert not thread.is_alive(), "a thread did not finish in time"
    if errors:
        raise errors[0]


# -- the two ways in ------------------------------------------------------------------


@pytest.fixture(params=["in-process", "http"])
def new_client(request: pytest.FixtureRequest) -> Iterator[Callable[[], Any]]:
    """A factory of boto3 clients (one per thread) answered by one fresh engine."""
    config = Config(retries={"total_max_attempts": 1}, max_pool_connections=64)
    lock = threading.Lock()  # boto3's default session is not thread-safe to create clients from

    if request.param == "in-process":
        with fakedynamo.mock_dynamodb():
            session = boto3.session.Session()

            def make() -> Any:
                with lock:
                    return session.client("dynamodb", region_name=REGION, config=config)

            make_table(make())
            yield make
    else:
        with running_server(Engine()) as server:
            session = boto3.session.Session()

            def make() -> Any:
                with lock:
                    client = session.client(
                        "dynamodb",
                        region_name=REGION,
                        endpoint_url=server.endpoint,
                        aws_access_key_id="fake",
                        aws_secret_access_key="fake",
                        config=config,
                    )
                # Open its keep-alive connection now, one client at a time: the races
                # below are between requests, not between TCP handshakes (a burst of
                # new connections can overflow the server's listen backlog and stall
                # on SYN retransmission for a second).
                client.list_tables()
                return client

            make_table(make())
            yield make


# -- conditional writes -----------------------------------------------------------------


def test_optimistic_locking_never_loses_an_increment(new_client):
    threads, increments = 6, 10
    new_client().put_item(TableName=TABLE, Item={"pk": {"S": "counter"}, "n": {"N": "0"}, "version": {"N": "0"}})
    clients = [new_client() for _ in range(threads)]
    conflicts = [0] * threads
    deadline = time.monotonic() + DEADLINE

    def work(index: int) -> None:
        client = clients[index]
        done = 0
        while done < increments:
            assert time.monotonic() < deadline, "increments did not finish in time"
            item = client.get_item(TableName=TABLE, Key={"pk": {"S": "counter"}}, ConsistentRead=True)["Item"]
            version = int(item["version"]["N"])
            try:
                client.put_item(
                    TableName=TABLE,
                    Item={"pk": {"S": "counter"}, "n": {"N": str(int(item["n"]["N"]) + 1)}, "version": {"N": str(version + 1)}},
                    ConditionExpression="version = :seen",
                    ExpressionAttributeValues={":seen": {"N": str(version)}},
                )
                done += 1
            except ClientError as error:
                assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"
                conflicts[index] += 1

    run_threads(threads, work)
    item = new_client().get_item(TableName=TABLE, Key={"pk": {"S": "counter"}}, ConsistentRead=True)["Item"]
    assert item["n"] == {"N": str(threads * increments)}
    assert item["version"] == {"N": str(threads * increments)}


def test_racing_inserts_of_one_key_let_exactly_one_win(new_client):
    threads = 12
    clients = [new_client() for _ in range(threads)]
    winners: list[int] = []

    def work(index: int) -> None:
        try:
            clients[index].put_item(
                TableName=TABLE,
                Item={"pk": {"S": "once"}, "by": {"N": str(index)}},
                ConditionExpression="attribute_not_exists(pk)",
            )
            winners.append(index)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"

    run_threads(threads, work)
    assert len(winners) == 1
    item = new_client().get_item(TableName=TABLE, Key={"pk": {"S": "once"}})["Item"]
    assert item["by"] == {"N": str(winners[0])}


def test_atomic_counters_from_many_threads(new_client):
    threads, adds = 8, 15
    clients = [new_client() for _ in range(threads)]

    def work(index: int) -> None:
        for _ in range(adds):
            clients[index].update_item(
                TableName=TABLE,
                Key={"pk": {"S": "adds"}},
                UpdateExpression="ADD n :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )

    run_threads(threads, work)
    item = new_client().get_item(TableName=TABLE, Key={"pk": {"S": "adds"}})["Item"]
    assert item["n"] == {"N": str(threads * adds)}


# -- transactions ---------------------------------------------------------------------


ACCOUNTS = ["a", "b", "c"]
TOTAL = 300


def _transfer(source: str, target: str, amount: int) -> list[dict[str, Any]]:
    return [
        {
            "Update": {
                "TableName": TABLE,
                "Key": {"pk": {"S": source}},
                "UpdateExpression": "SET balance = balance - :x",
                "ConditionExpression": "balance >= :x",
                "ExpressionAttributeValues": {":x": {"N": str(amount)}},
            }
        },
        {
            "Update": {
                "TableName": TABLE,
                "Key": {"pk": {"S": target}},
                "UpdateExpression": "SET balance = balance + :x",
                "ExpressionAttributeValues": {":x": {"N": str(amount)}},
            }
        },
    ]


def test_no_reader_ever_sees_part_of_a_transaction(new_client):
    seed = new_client()
    for name in ACCOUNTS:
        seed.put_item(TableName=TABLE, Item={"pk": {"S": name}, "balance": {"N": str(TOTAL // len(ACCOUNTS))}})
    writers, readers = 4, 4
    clients = [new_client() for _ in range(writers + readers)]
    stop = threading.Event()
    deadline = time.monotonic() + 2.0
    seen = [0]

    def write(index: int) -> None:
        client = clients[index]
        step = 0
        while not stop.is_set() and time.monotonic() < deadline and step < 30:
            source = ACCOUNTS[(index + step) % 3]
            target = ACCOUNTS[(index + step + 1) % 3]
            try:
                client.transact_write_items(TransactItems=_transfer(source, target, 1 + (index + step) % 7))
            except ClientError as error:  # an overdrawn source cancels, which is fine
                assert error.response["Error"]["Code"] == "TransactionCanceledException"
            step += 1

    def read(index: int) -> None:
        client = clients[index]
        keys = [{"pk": {"S": name}} for name in ACCOUNTS]
        reads = 0
        while time.monotonic() < deadline and reads < 40:
            if reads % 2:
                got = client.transact_get_items(TransactItems=[{"Get": {"TableName": TABLE, "Key": k}} for k in keys])
                balances = [int(r["Item"]["balance"]["N"]) for r in got["Responses"]]
            else:
                got = client.batch_get_item(RequestItems={TABLE: {"Keys": keys, "ConsistentRead": True}})
                balances = [int(i["balance"]["N"]) for i in got["Responses"][TABLE]]
            assert sum(balances) == TOTAL, balances
            assert min(balances) >= 0, balances
            reads += 1
            seen[0] += 1

    def work(index: int) -> None:
        (write if index < writers else read)(index)

    try:
        run_threads(writers + readers, work)
    finally:
        stop.set()
    assert seen[0] > 0
    final = seed.batch_get_item(RequestItems={TABLE: {"Keys": [{"pk": {"S": n}} for n in ACCOUNTS]}})["Responses"][TABLE]
    assert sum(int(i["balance"]["N"]) for i in final) == TOTAL


def test_one_token_from_many_threads_applies_once(new_client):
    threads = 10
    clients = [new_client() for _ in range(threads)]
    outcomes: list[str] = []

    def work(index: int) -> None:
        clients[index].transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "token"}},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                }
            ],
            ClientRequestToken="one-token-for-all",
        )
        outcomes.append("ok")

    run_threads(threads, work)
    assert len(outcomes) == threads
    item = new_client().get_item(TableName=TABLE, Key={"pk": {"S": "token"}})["Item"]
    assert item["n"] == {"N": "1"}


def test_batches_are_all_or_nothing_under_racing_readers(new_client):
    writer, reader = new_client(), new_client()
    stop = threading.Event()
    partial: list[int] = []

    def write(_: int) -> None:
        for round_ in range(20):
            requests = [{"PutRequest": {"Item": {"pk": {"S": f"g{i}"}, "round": {"N": str(round_)}}}} for i in range(25)]
            writer.batch_write_item(RequestItems={TABLE: requests})
        stop.set()

    def read(_: int) -> None:
        keys = [{"pk": {"S": f"g{i}"}} for i in range(25)]
        deadline = time.monotonic() + DEADLINE
        while not stop.is_set() and time.monotonic() < deadline:
            items = reader.batch_get_item(RequestItems={TABLE: {"Keys": keys, "ConsistentRead": True}})["Responses"][TABLE]
            rounds = {i["round"]["N"] for i in items}
            if items and (len(rounds) > 1 or len(items) != 25):
                partial.append(len(items))

    run_threads(2, lambda index: (write if index == 0 else read)(index))
    assert partial == []


# -- the engine alone -----------------------------------------------------------------


def test_every_operation_runs_under_the_engine_lock():
    """A handler never runs while another thread holds the engine's lock."""
    engine = Engine()
    engine.execute(
        "CreateTable",
        {
            "TableName": TABLE,
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    finished = threading.Event()

    def other() -> None:
        engine.execute(
            "TransactWriteItems",
            {"TransactItems": [{"Put": {"TableName": TABLE, "Item": {"pk": {"S": "late"}}}}]},
        )
        finished.set()

    with engine.lock:
        thread = threading.Thread(target=other, daemon=True)
        thread.start()
        assert not finished.wait(0.2)
        assert engine.execute("GetItem", {"TableName": TABLE, "Key": {"pk": {"S": "late"}}}) == {}
    thread.join(DEADLINE)
    assert finished.is_set()
    assert engine.execute("GetItem", {"TableName": TABLE, "Key": {"pk": {"S": "late"}}}) == {"Item": {"pk": {"S": "late"}}}
