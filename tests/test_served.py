"""`serve_dynamodb()` and the server fixtures: the fake over a real socket, for clients botocore does not carry.

Both ways of serving: on a thread of this process, and from a child process
(``python -m fakedynamo serve``), which must be ready when `start()` returns
and gone after `stop()`, or after its parent dies.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import boto3
import pytest

from tests.shared import QUIET

from fakedynamo import AdminClient, MockDynamoDB, ServedDynamoDB, mock_dynamodb, serve_dynamodb
from fakedynamo.state import LoadError

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
# How long a child may take to go away before a test calls it left behind (a loaded machine is slow).
GONE_WITHIN = 120.0



def make_table(client: object, name: str) -> None:
    client.create_table(  # type: ignore[attr-defined]
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


# -- on a thread --------------------------------------------------------------------------


def test_a_boto3_client_reaches_the_served_fake_over_http() -> None:
    with serve_dynamodb() as server:
        assert server.endpoint_url.startswith("http://127.0.0.1:")
        client = boto3.client("dynamodb", **server.botocore_kwargs())
        make_table(client, "users")
        client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
        assert server.db.items("users") == [{"pk": {"S": "u1"}}]
        # Not the in-process hook: the served db was never activated.
        assert not server.db.active


def test_served_and_in_process_clients_share_one_state() -> None:
    with mock_dynamodb() as db, serve_dynamodb(db) as server:
        in_process = boto3.client("dynamodb", region_name="us-east-1")
        make_table(in_process, "shared")
        over_http = boto3.client("dynamodb", **server.botocore_kwargs())
        over_http.put_item(TableName="shared", Item={"pk": {"S": "x"}})
        assert in_process.get_item(TableName="shared", Key={"pk": {"S": "x"}})["Item"] == {"pk": {"S": "x"}}


def test_the_region_of_the_kwargs_is_the_servers() -> None:
    with serve_dynamodb(region="eu-west-1") as server:
        assert server.botocore_kwargs()["region_name"] == "eu-west-1"
        assert server.pydynox_kwargs()["region"] == "eu-west-1"
        make_table(boto3.client("dynamodb", **server.botocore_kwargs()), "things")
        assert server.db.regions() == ["eu-west-1"]


def test_start_stop_and_state_after_stop() -> None:
    server = serve_dynamodb()
    with pytest.raises(RuntimeError):
        server.endpoint_url
    with pytest.raises(RuntimeError):
        server.stop()
    server.start()
    try:
        with pytest.raises(RuntimeError):
            server.start()
        make_table(boto3.client("dynamodb", **server.botocore_kwargs()), "kept")
    finally:
        server.stop()
    assert server.db.table_names() == ["kept"]
    assert "stopped" in repr(server)
    server.reset()
    assert server.db.table_names() == []


# -- from a child process ---------------------------------------------------------------------


def running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie no longer does)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def wait_until_gone(pid: int) -> bool:
    deadline = time.monotonic() + GONE_WITHIN
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not running(pid)


def refuses_connections(endpoint_url: str) -> bool:
    host, port = endpoint_url.removeprefix("http://").rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError:
        return True
    return False


@pytest.fixture(scope="module")
def child() -> Iterator[ServedDynamoDB]:
    """One child-process server for this module's tests (starting one costs a Python start)."""
    with serve_dynamodb(child_process=True) as server:
        yield server


@pytest.fixture
def served(child: ServedDynamoDB) -> ServedDynamoDB:
    child.reset()
    return child


def test_a_boto3_client_reaches_a_child_process_server(served: ServedDynamoDB) -> None:
    assert served.endpoint_url.startswith("http://127.0.0.1:")
    assert served.child_process and served.pid not in (None, os.getpid())
    client = boto3.client("dynamodb", **served.botocore_kwargs())
    make_table(client, "users")
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}, "n": {"N": "1"}})
    client.put_item(TableName="users", Item={"pk": {"S": "u2"}})
    # db is the state behind the admin API, with MockDynamoDB's inspection methods.
    assert isinstance(served.db, AdminClient)
    assert sorted(served.db.items("users"), key=lambda item: item["pk"]["S"]) == [
        {"pk": {"S": "u1"}, "n": {"N": "1"}},
        {"pk": {"S": "u2"}},
    ]
    assert served.db.item_count("users") == 2
    assert served.db.table_names() == ["users"]
    assert served.db.table_names("eu-west-1") == []
    assert served.db.regions() == ["us-east-1"]
    with pytest.raises(KeyError):
        served.db.items("missing")


def test_reset_empties_the_child_process_server(served: ServedDynamoDB) -> None:
    client = boto3.client("dynamodb", **served.botocore_kwargs())
    make_table(client, "first")
    make_table(boto3.client("dynamodb", **{**served.botocore_kwargs(), "region_name": "eu-west-1"}), "second")
    assert served.db.regions() == ["eu-west-1", "us-east-1"]
    served.reset()
    assert served.db.table_names() == []
    assert client.list_tables()["TableNames"] == []


def test_snapshot_load_and_restore_cross_the_process_boundary(served: ServedDynamoDB, tmp_path: Path) -> None:
    client = boto3.client("dynamodb", **served.botocore_kwargs())
    make_table(client, "orders")
    served.db.load({"orders": [{"pk": {"S": "o1"}}, {"pk": {"S": "o2"}}]})
    assert served.db.item_count("orders") == 2
    saved = tmp_path / "orders.jsonl"
    served.db.snapshot(saved)
    text = served.db.snapshot(table="orders")
    assert saved.read_text(encoding="utf-8") == text
    client.delete_item(TableName="orders", Key={"pk": {"S": "o1"}})
    assert served.db.restore(saved) == {"tables_created": 1, "items": 2}
    assert served.db.item_count("orders") == 2
    with pytest.raises(LoadError):
        served.db.load(b"not json\n")
    # The same snapshot loads into an in-process mock: one format on both sides.
    with mock_dynamodb() as db:
        db.restore(saved)
        assert db.items("orders") == served.db.items("orders")


def test_the_child_process_clock_moves_when_advanced(served: ServedDynamoDB) -> None:
    before = served.db.now()
    assert served.db.advance(datetime.timedelta(hours=1)) >= before + 3600
    assert served.db.now() >= before + 3600


def test_a_child_process_server_is_ready_at_start_and_gone_after_stop() -> None:
    server = serve_dynamodb(region="eu-west-1", child_process=True)
    with pytest.raises(RuntimeError):
        server.db
    server.start()
    try:
        endpoint, pid = server.endpoint_url, server.pid
        assert pid is not None and running(pid)
        # Ready: the first request, with no retry, is answered.
        assert server.db.health()["default_region"] == "eu-west-1"
        client = boto3.client("dynamodb", **server.botocore_kwargs())
        make_table(client, "things")
        assert server.db.regions() == ["eu-west-1"]
        with pytest.raises(RuntimeError):
            server.start()
    finally:
        server.stop()
    # Stopped and reaped: no process, no listening socket, no state to inspect.
    assert not running(pid)
    assert refuses_connections(endpoint)
    assert server.pid is None and "stopped" in repr(server)
    with pytest.raises(RuntimeError):
        server.db
    with pytest.raises(RuntimeError):
        server.stop()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX's")
def test_a_child_process_server_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys, time
            from fakedynamo import serve_dynamodb
            server = serve_dynamodb(child_process=True).start()
            print(server.pid, server.endpoint_url, flush=True)
            time.sleep(3600)
        """)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
    )
    try:
        pid_text, endpoint = parent.stdout.readline().split()  # type: ignore[union-attr]
        pid = int(pid_text)
        assert running(pid)
        parent.send_signal(signal.SIGKILL)  # no cleanup code of the parent runs
        parent.wait()
        assert wait_until_gone(pid), "the child server outlived its killed parent"
        assert refuses_connections(endpoint)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_a_child_process_server_that_cannot_listen_says_why() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = serve_dynamodb(port=taken.getsockname()[1], child_process=True)
        with pytest.raises(RuntimeError, match="cannot listen"):
            server.start()
    with pytest.raises(RuntimeError):
        server.endpoint_url


def test_a_child_process_serves_its_own_state() -> None:
    with pytest.raises(ValueError):
        serve_dynamodb(MockDynamoDB(), child_process=True)


# -- the pytest fixtures ---------------------------------------------------------------------


def test_the_server_fixture_gives_each_test_empty_tables(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_served='''
import boto3


def make(server):
    client = boto3.client("dynamodb", **server.botocore_kwargs())
    client.create_table(
        TableName="things",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def test_one(fakedynamo_server):
    assert fakedynamo_server.child_process
    make(fakedynamo_server).put_item(TableName="things", Item={"pk": {"S": "1"}})
    assert fakedynamo_server.db.item_count("things") == 1
    with open("pids", "a") as pids:
        print(fakedynamo_server.pid, file=pids)


def test_two_starts_empty(fakedynamo_server):
    assert fakedynamo_server.db.table_names() == []
    make(fakedynamo_server)
    with open("pids", "a") as pids:
        print(fakedynamo_server.pid, file=pids)
'''
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=2)
    # One child process served the session, and went with it.
    pids = set((pytester.path / "pids").read_text().split())
    assert len(pids) == 1
    assert not running(int(pids.pop()))


def test_the_in_process_mark_serves_from_a_thread_and_shares_the_mock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_marked='''
import os

import boto3
import pytest

from fakedynamo import MockDynamoDB

pytestmark = pytest.mark.fakedynamo_in_process


def make(client, name):
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def test_shares_the_fakedynamo_fixtures_state(fakedynamo, fakedynamo_server):
    assert fakedynamo_server.db is fakedynamo and fakedynamo_server.pid is None
    make(boto3.client("dynamodb", region_name="us-east-1"), "shared")  # in-process
    over_http = boto3.client("dynamodb", **fakedynamo_server.botocore_kwargs())
    over_http.put_item(TableName="shared", Item={"pk": {"S": "x"}})
    assert fakedynamo.item_count("shared") == 1


def test_alone_a_session_thread_server_reset_per_test(fakedynamo_server):
    assert isinstance(fakedynamo_server.db, MockDynamoDB) and not fakedynamo_server.child_process
    assert fakedynamo_server.db.table_names() == []
    make(boto3.client("dynamodb", **fakedynamo_server.botocore_kwargs()), "left")


def test_again_empty(fakedynamo_server):
    assert fakedynamo_server.db.table_names() == []
'''
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=3)


def test_the_pydynox_fixture_points_the_default_client_at_the_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_models='''
import pytest
from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.config import get_default_client
from pydynox.exceptions import ConditionalCheckFailedException


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


def test_sync(fakedynamo_pydynox, fakedynamo_server):
    assert get_default_client() is fakedynamo_pydynox
    User.sync_create_table(wait=True)
    User(pk="u1", name="Ada").sync_save()
    assert User.sync_get(pk="u1").name == "Ada"
    with pytest.raises(ConditionalCheckFailedException):
        User(pk="u1", name="Bob").sync_save(condition=User.pk.not_exists())
    assert fakedynamo_server.db.items("users") == [{"pk": {"S": "u1"}, "name": {"S": "Ada"}, "age": {"N": "0"}}]


@pytest.mark.asyncio
async def test_async(fakedynamo_pydynox):
    await User.create_table(wait=True)
    await User(pk="u2", name="Grace").save()
    assert (await User.get(pk="u2")).name == "Grace"


def test_the_default_client_is_restored_after():
    assert get_default_client() is None
'''
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=3)


def test_served_is_exported() -> None:
    assert isinstance(serve_dynamodb(), ServedDynamoDB)
