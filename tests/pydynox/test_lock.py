"""`pydynox.lock` keeps 1.8's lease protocol: rows, renewal, takeover, loss, cancellation, release, keys, fork guard.

Most tests run against the in-process fake; those about unanswered or refused
requests go over HTTP through `Relay`, which holds back or refuses requests by
operation the way a network can. Waits poll for a state (`eventually`);
nothing asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest

import pydynox
from fakedynamo import MockDynamoDB, serve_dynamodb
from pydynox import DynamoDBClient
from pydynox.exceptions import (
    LockLost,
    LockNotAcquired,
    ResourceNotFoundException,
    TransactionCanceledException,
)
from pydynox.lock import DistributedLock, SyncDistributedLock, distributed_lock
from pydynox.transaction import SyncTransaction
from tests.pydynox.conftest import REGION, make_table


def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


def abandoned_row(owner: str = "former", version: str = "v1", lease_ms: Any = 200, **changes: Any) -> dict[str, Any]:
    return {"key": "work", "owner": owner, "version": version, "lease_ms": lease_ms, "protocol": 1, **changes}


@pytest.fixture
def locks(db: MockDynamoDB) -> DynamoDBClient:
    """A fresh client (its own observations of lock rows) and a lock table in this test's fake."""
    client = DynamoDBClient(region=REGION)
    client.sync_create_table("locks", partition_key=("key", "S"))
    return client


def stored(client: DynamoDBClient, key: str = "work") -> dict[str, Any] | None:
    return client.sync_get_item("locks", {"key": key}, consistent_read=True)


def guard(client: DynamoDBClient, key: str = "work", **options: Any) -> SyncDistributedLock:
    return SyncDistributedLock(client, table="locks", key=key, **options)


# -- rows, metrics, renewal --------------------------------------------------------------------


def test_a_lease_is_a_protocol_1_row_that_release_deletes(locks: DynamoDBClient) -> None:
    lease = guard(locks, lease_duration=12.5)
    with pytest.raises(LockLost):
        lease.raise_if_lost()
    with lease:
        row = stored(locks)
        assert row is not None and row["lease_ms"] == 12500 and row["protocol"] == 1
        assert sorted(row) == ["key", "lease_ms", "owner", "protocol", "version"]
        before_release = lease.metrics
        with pytest.raises(RuntimeError, match="single-use"):
            lease.__enter__()
        lease.raise_if_lost()
    assert stored(locks) is None
    assert (before_release.write_requests, lease.metrics.write_requests, lease.metrics.read_requests) == (1, 2, 0)
    assert lease.metrics.consumed_wcu > 0 and lease.metrics.renewals == 0 and not lease.metrics.lost
    with pytest.raises(LockLost):
        lease.raise_if_lost()
    with pytest.raises(RuntimeError, match="already released"):
        lease.__exit__(None, None, None)


def test_renewal_changes_the_version_and_keeps_the_owner(locks: DynamoDBClient) -> None:
    with guard(locks, lease_duration=0.9) as lease:
        first = stored(locks)
        eventually(lambda: lease.metrics.renewals >= 2)
        lease.raise_if_lost()
        now = stored(locks)
        assert first and now and now["owner"] == first["owner"] and now["version"] != first["version"]
        with pytest.raises(LockNotAcquired):
            with guard(DynamoDBClient(region=REGION), wait_timeout=0):
                pytest.fail("a renewed lease was taken")
    assert stored(locks) is None
    # Acquire, release and each renewal; a renewal still in flight when the block ends is
    # written but, as in 1.8, not counted as a renewal.
    assert lease.metrics.write_requests - lease.metrics.renewals in (2, 3)


def test_a_contender_reads_once_with_zero_wait(locks: DynamoDBClient) -> None:
    with guard(locks):
        contender = guard(DynamoDBClient(region=REGION), wait_timeout=0)
        with pytest.raises(LockNotAcquired):
            contender.__enter__()
    metrics = contender.metrics
    assert (metrics.write_requests, metrics.read_requests, metrics.conditional_failures, metrics.wait_timeouts) == (1, 1, 1, 1)
    assert metrics.wait_ms > 0 and metrics.consumed_rcu > 0


# -- abandoned rows ----------------------------------------------------------------------------


def test_an_abandoned_row_is_taken_after_one_client_saw_it_unchanged_for_its_lease(locks: DynamoDBClient) -> None:
    locks.sync_put_item("locks", abandoned_row())
    with pytest.raises(LockNotAcquired):
        with guard(locks, wait_timeout=0):
            pass
    # Each fresh client starts its own observation, however old the row is.
    with pytest.raises(LockNotAcquired):
        with guard(DynamoDBClient(region=REGION), wait_timeout=0):
            pass
    taken: list[str] = []

    def retry_on_the_same_client() -> bool:
        try:
            with guard(locks, wait_timeout=0):
                row = stored(locks)
                taken.append(row["owner"] if row else "")
        except LockNotAcquired:
            return False
        return True

    eventually(retry_on_the_same_client)
    assert taken and taken[0] != "former"
    assert stored(locks) is None


def test_a_contender_that_waits_takes_over_an_abandoned_row(locks: DynamoDBClient) -> None:
    locks.sync_put_item("locks", abandoned_row())
    with guard(locks, wait_timeout=5) as lease:
        row = stored(locks)
        assert row and row["owner"] != "former"
    assert lease.metrics.read_requests >= 2 and lease.metrics.conditional_failures == 1


def test_a_changed_version_restarts_the_observation(locks: DynamoDBClient) -> None:
    locks.sync_put_item("locks", abandoned_row(lease_ms=100))
    with pytest.raises(LockNotAcquired):
        with guard(locks, wait_timeout=0):
            pass
    time.sleep(0.15)  # the first observation is now older than the row's lease
    locks.sync_put_item("locks", abandoned_row(version="v2", lease_ms=100_000))
    with pytest.raises(LockNotAcquired):
        with guard(locks, wait_timeout=0):
            pass


@pytest.mark.parametrize(
    "changes",
    [{"protocol": 2}, {"lease_ms": 99}, {"lease_ms": 86_400_001}, {"lease_ms": "300"}, {"owner": ""}, {"version": 7}],
)
def test_rows_of_another_protocol_or_malformed_are_never_taken(locks: DynamoDBClient, changes: dict[str, Any]) -> None:
    row = abandoned_row(**changes)
    locks.sync_put_item("locks", row)
    with pytest.raises(ValueError, match="lock record"):
        with guard(locks, wait_timeout=0):
            pass
    assert stored(locks) == row


# -- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [{"key": ""}, {"key": "é" * 1025}, {"table": ""}, {"lease_duration": 0}, {"lease_duration": 0.09},
     {"lease_duration": float("nan")}, {"lease_duration": float("inf")}, {"lease_duration": 86_401},
     {"wait_timeout": -1}, {"wait_timeout": float("nan")}],
)  # fmt: skip
def test_invalid_arguments_fail_before_any_request(locks: DynamoDBClient, options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        SyncDistributedLock(locks, **{"table": "locks", "key": "work", **options})
    assert list(locks.sync_scan("locks")) == []


@pytest.mark.parametrize("options", [{"client": object()}, {"key": 7}, {"table": None}, {"lease_duration": "30"}])
def test_arguments_of_the_wrong_type_are_refused(locks: DynamoDBClient, options: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        SyncDistributedLock(**{"client": locks, "table": "locks", "key": "work", **options})


def test_a_missing_table_is_an_error_not_contention(locks: DynamoDBClient) -> None:
    with pytest.raises(ResourceNotFoundException):
        with SyncDistributedLock(locks, table="missing", key="work"):
            pytest.fail("entered without a lock table")


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_locks_work_under_a_memory_backend_in_its_region(region: str) -> None:
    from pydynox.testing import MemoryBackend

    with MemoryBackend(region=region) as backend:
        client = backend.client
        with pytest.raises(ResourceNotFoundException):  # lock tables are never made on the fly
            with SyncDistributedLock(client, table="locks", key="work"):
                pass
        client.sync_create_table("locks", partition_key=("key", "S"))
        with SyncDistributedLock(client, table="locks", key="work") as lease:
            with SyncTransaction(client) as transaction:
                lease.check_in(transaction)
                transaction.put("data", {"pk": "written"})
        assert stored(client) is None and client.sync_get_item("data", {"pk": "written"}) == {"pk": "written"}


# -- losing the lease --------------------------------------------------------------------------


def test_an_owner_whose_row_was_taken_stops_and_leaves_the_successor_alone(locks: DynamoDBClient) -> None:
    successor = abandoned_row(owner="successor", lease_ms=60_000)
    with pytest.raises(LockLost):
        with guard(locks, lease_duration=0.9) as lease:
            locks.sync_put_item("locks", successor)
            eventually(lambda: lease.metrics.lost)
            with pytest.raises(LockLost, match="Another worker"):
                lease.raise_if_lost()
    assert stored(locks) == successor
    assert lease.metrics.renewals == 0 and lease.metrics.conditional_failures == 2 and lease.metrics.cleanup_failures == 1


def test_a_failing_block_keeps_its_error_and_notes_the_failed_cleanup(locks: DynamoDBClient) -> None:
    with pytest.raises(KeyError) as raised:
        with guard(locks):  # a 30 s lease: still locally valid when the block ends
            locks.sync_put_item("locks", abandoned_row(owner="successor"))
            raise KeyError("business failure")
    assert raised.value.args == ("business failure",)
    assert getattr(raised.value, "__notes__", []) == [
        "Lock cleanup also failed: Lock release no longer matches this acquisition"
    ]


def test_check_in_guards_a_transaction_only_while_the_lease_is_held(locks: DynamoDBClient) -> None:
    make_table(locks, "data")
    with guard(locks) as lease:
        with SyncTransaction(locks) as transaction:
            lease.check_in(transaction)
            transaction.put("data", {"pk": "p", "n": 1})
        stale = SyncTransaction(locks)
        lease.check_in(stale)
        stale.put("data", {"pk": "p", "n": 2})
        with pytest.raises(ValueError, match="same client"):
            lease.check_in(SyncTransaction(DynamoDBClient(region=REGION)))
    with pytest.raises(LockLost):
        lease.check_in(SyncTransaction(locks))
    with guard(locks):  # a new acquisition: a new owner
        with pytest.raises(TransactionCanceledException):
            stale.commit()
    assert locks.sync_get_item("data", {"pk": "p"}) == {"pk": "p", "n": 1}


# -- contenders ------------------------------------------------------------------------------


def test_threads_never_hold_one_key_together(locks: DynamoDBClient) -> None:
    inside, most, owners = 0, 0, set()
    counting = threading.Lock()
    start = threading.Barrier(4)

    def work() -> None:
        nonlocal inside, most
        client = DynamoDBClient(region=REGION)
        start.wait(10)
        with guard(client, lease_duration=1.5, wait_timeout=10):
            with counting:
                inside += 1
                most = max(most, inside)
                row = stored(client)
                owners.add(row["owner"] if row else "")
            time.sleep(0.01)
            with counting:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most == 1 and len(owners) == 4 and "" not in owners
    assert stored(locks) is None


def test_async_calls_hold_each_key_alone(locks: DynamoDBClient) -> None:
    holders: dict[str, int] = Counter()

    @distributed_lock(locks, table="locks", key="{name}", lease_duration=1.5, wait_timeout=10)
    async def work(name: str) -> str:
        holders[name] += 1
        assert holders[name] == 1
        await asyncio.sleep(0.01)
        holders[name] -= 1
        return name

    async def main() -> list[str]:
        return await asyncio.gather(*(work(name) for name in "abab"))

    assert asyncio.run(main()) == list("abab")
    assert stored(locks, "a") is None and stored(locks, "b") is None


# -- cancellation (async) -------------------------------------------------------------------


def test_a_cancelled_block_releases_its_lease(locks: DynamoDBClient) -> None:
    async def main() -> None:
        entered = asyncio.Event()

        @distributed_lock(locks, table="locks", key="work")
        async def work() -> None:
            entered.set()
            await asyncio.sleep(60)

        task = asyncio.create_task(work())
        await entered.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert stored(locks) is None


def test_a_cancelled_contender_leaves_the_owner_alone(locks: DynamoDBClient) -> None:
    with guard(locks) as owner:
        contender = DistributedLock(DynamoDBClient(region=REGION), table="locks", key="work", wait_timeout=10)

        async def main() -> None:
            task = asyncio.create_task(contender.__aenter__())
            while contender.metrics.read_requests == 0:
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        owner.raise_if_lost()
        assert contender.metrics.write_requests == 1
        with pytest.raises(LockLost):
            contender.raise_if_lost()
        row = stored(locks)
        assert row is not None
    assert stored(locks) is None


# -- keys --------------------------------------------------------------------------------------


def test_key_templates_bind_arguments_as_python_does(locks: DynamoDBClient) -> None:
    seen: list[str] = []

    def keys_now() -> list[str]:
        return sorted(item["key"] for item in locks.sync_scan("locks", consistent_read=True))

    @distributed_lock(locks, table="locks", key="customer:{customer}")
    def one(customer: str = "123", *, option: bool = True) -> tuple[str, bool]:
        """Business documentation."""
        seen.extend(keys_now())
        return customer, option

    assert one() == ("123", True) and one("7") == ("7", True) and one(customer="8", option=False) == ("8", False)
    assert inspect.signature(one) == inspect.signature(one.__wrapped__) and one.__doc__ == "Business documentation."

    class Worker:
        @distributed_lock(locks, table="locks", key="{left}:{right}")
        def two(self, left: str, /, *args: Any, right: str = "r", **kwargs: Any) -> Any:
            seen.extend(keys_now())
            return args, kwargs

    assert Worker().two("a:b", 1, right="c", left="kw") == ((1,), {"left": "kw"})
    Worker().two("a", right="b:c")

    @distributed_lock(locks, table="locks", key="{{literal}}")
    def literal() -> None:
        seen.extend(keys_now())

    literal()
    assert seen == ["customer:123", "customer:7", "customer:8", "3:a:b:1:c", "1:a:3:b:c", "{literal}"]


@pytest.mark.parametrize("template", ["{missing}", "{customer", "customer}", "{customer.name}", "{args}", ""])
def test_bad_templates_fail_when_decorating(locks: DynamoDBClient, template: str) -> None:
    with pytest.raises(ValueError):
        distributed_lock(locks, table="locks", key=template)(lambda customer, *args: None)


@pytest.mark.parametrize(
    "call", [lambda f: f(), lambda f: f(123), lambda f: f("a", customer="b"), lambda f: f("a", "b"), lambda f: f("a", x=1)]
)
def test_bad_calls_fail_before_any_request(locks: DynamoDBClient, call: Callable[[Any], Any]) -> None:
    @distributed_lock(locks, table="locks", key="{customer}")
    def work(customer: str) -> None:
        pytest.fail("entered with a bad call")

    with pytest.raises(TypeError):
        call(work)
    assert list(locks.sync_scan("locks")) == []


def test_generators_are_refused_and_coroutines_lock_only_when_awaited(locks: DynamoDBClient) -> None:
    def numbers() -> Iterator[int]:
        yield 1

    async def async_numbers() -> Any:
        yield 1

    for function in (numbers, async_numbers):
        with pytest.raises(TypeError, match="generator"):
            distributed_lock(locks, table="locks", key="work")(function)
    with pytest.raises(ValueError, match="table"):
        distributed_lock(locks, table="", key="work")

    @distributed_lock(locks, table="locks", key="work")
    async def answer() -> int:
        return 42

    coroutine = answer()
    assert stored(locks) is None
    coroutine.close()
    assert asyncio.run(answer()) == 42


# -- fork ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_refuses_inherited_clients_and_guards_and_locks_with_its_own() -> None:
    script = textwrap.dedent(
        """
        import os, warnings
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
        from fakedynamo import mock_dynamodb
        from pydynox import DynamoDBClient
        from pydynox.lock import SyncDistributedLock
        with mock_dynamodb():
            client = DynamoDBClient(region="us-east-1")
            client.sync_create_table("locks", partition_key=("key", "S"))
            lease = SyncDistributedLock(client, table="locks", key="work")
            with SyncDistributedLock(client, table="locks", key="held"):  # the lease loop is running
                pid = os.fork()
                if pid == 0:
                    uses = [lambda: SyncDistributedLock(client, table="locks", key="x"), lease.__enter__,
                            lease.raise_if_lost, lambda: lease.metrics]
                    refused = 0
                    for use in uses:
                        try:
                            use()
                        except RuntimeError:
                            refused += 1
                    with SyncDistributedLock(DynamoDBClient(region="us-east-1"), table="locks", key="child"):
                        pass
                    os._exit(0 if refused == len(uses) else 1)
                _, status = os.waitpid(pid, 0)
        raise SystemExit(os.waitstatus_to_exitcode(status))
        """
    )
    here = [str(Path(pydynox.__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*here, os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr


# -- over HTTP: unanswered and refused requests -----------------------------------------------


class Relay:
    """An HTTP relay to a served fakedynamo that can, per operation, answer late, hold a request, or refuse it."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.counts: Counter[str] = Counter()  # requests received
        self.applied: Counter[str] = Counter()  # requests DynamoDB answered
        self.refused: set[str] = set()
        self._late: dict[str, tuple[float, threading.Event]] = {}
        self._held: dict[str, tuple[threading.Event, threading.Event]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}"

    def answer_late(self, operation: str, seconds: float) -> threading.Event:
        """The next `operation` is applied at once and answered `seconds` later; the event says when it was applied."""
        applied = threading.Event()
        self._late[operation] = (seconds, applied)
        return applied

    def hold(self, operation: str) -> tuple[threading.Event, threading.Event]:
        """The next `operation` waits for the second event before it goes on; the first says it arrived."""
        arrived, go_on = threading.Event(), threading.Event()
        self._held[operation] = (arrived, go_on)
        return arrived, go_on

    def close(self) -> None:
        for _, go_on in self._held.values():
            go_on.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                operation = self.headers["X-Amz-Target"].rsplit(".", 1)[-1]
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with relay._lock:
                    relay.counts[operation] += 1
                    late, held = relay._late.pop(operation, None), relay._held.pop(operation, None)
                if operation in relay.refused:
                    self._answer(503, json.dumps({"__type": "ServiceUnavailable", "message": "partition"}).encode())
                    return
                if held is not None:
                    held[0].set()
                    held[1].wait(10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                request = urllib.request.Request(relay.upstream, data=body, headers=headers, method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, payload = response.status, response.read()
                except HTTPError as error:
                    status, payload = error.code, error.read()
                with relay._lock:
                    relay.applied[operation] += 1
                if late is not None:
                    late[1].set()
                    time.sleep(late[0])
                self._answer(status, payload)

            def _answer(self, status: int, payload: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/x-amz-json-1.0")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up waiting

        return Handler


@pytest.fixture
def served() -> Iterator[tuple[DynamoDBClient, Relay]]:
    """A client of a served fakedynamo (to look at the table) and a relay in front of it."""
    with serve_dynamodb() as server:
        direct = DynamoDBClient(**server.pydynox_kwargs())
        direct.sync_create_table("locks", partition_key=("key", "S"))
        relay = Relay(server.endpoint_url)
        try:
            yield direct, relay
        finally:
            relay.close()


def relayed(relay: Relay) -> DynamoDBClient:
    return DynamoDBClient(region=REGION, endpoint_url=relay.endpoint, access_key="AKIDLOCK", secret_key="secret")


# A 3 s lease gives each request 1 s (room to spare on a busy machine); late answers come after 1.4 s.
LEASE, LATE = 3.0, 1.4


@pytest.mark.parametrize("operation", ["PutItem", "UpdateItem", "DeleteItem"])
def test_an_unanswered_write_is_confirmed_by_reading(served: tuple[DynamoDBClient, Relay], operation: str) -> None:
    direct, relay = served
    applied = relay.answer_late(operation, LATE)
    with guard(relayed(relay), lease_duration=LEASE) as lease:
        if operation == "UpdateItem":
            eventually(lambda: lease.metrics.renewals >= 1)
        lease.raise_if_lost()
    assert applied.is_set()
    assert lease.metrics.request_failures == 1 and lease.metrics.read_requests >= 1 and not lease.metrics.lost
    assert stored(direct) is None


def test_a_partition_loses_the_lease_and_stops_renewing(served: tuple[DynamoDBClient, Relay]) -> None:
    direct, relay = served
    relay.refused |= {"UpdateItem", "GetItem"}
    with pytest.raises(LockLost):
        with guard(relayed(relay), lease_duration=LEASE) as lease:
            eventually(lambda: lease.metrics.lost)
            assert lease.metrics.renewals == 0 and lease.metrics.request_failures >= 2
    assert stored(direct) is None  # DeleteItem still got through
    renewals_tried = relay.counts["UpdateItem"]
    time.sleep(LEASE / 2)
    assert relay.counts["UpdateItem"] == renewals_tried


def test_release_waits_for_a_renewal_in_flight(served: tuple[DynamoDBClient, Relay]) -> None:
    direct, relay = served
    applied = relay.answer_late("UpdateItem", LATE)

    async def main() -> DistributedLock:
        lease = DistributedLock(relayed(relay), table="locks", key="work", lease_duration=LEASE)
        async with lease:
            assert await asyncio.to_thread(applied.wait, 5)
        return lease

    lease = asyncio.run(main())
    assert (relay.counts["UpdateItem"], relay.counts["DeleteItem"]) == (1, 1)
    assert lease.metrics.renewals == 0
    assert stored(direct) is None


def test_cancelling_a_release_does_not_stop_it(served: tuple[DynamoDBClient, Relay]) -> None:
    direct, relay = served
    applied = relay.answer_late("DeleteItem", LATE)

    async def main() -> None:
        async def work() -> None:
            async with DistributedLock(relayed(relay), table="locks", key="work", lease_duration=LEASE):
                pass

        task = asyncio.create_task(work())
        assert await asyncio.to_thread(applied.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    eventually(lambda: relay.counts["GetItem"] >= 1)  # the unanswered delete is confirmed by a read
    assert relay.counts["DeleteItem"] == 1 and relay.counts["UpdateItem"] == 0
    assert stored(direct) is None


def test_a_cancelled_acquisition_cleans_up_and_never_enters(served: tuple[DynamoDBClient, Relay]) -> None:
    direct, relay = served
    arrived, go_on = relay.hold("PutItem")
    lease = DistributedLock(relayed(relay), table="locks", key="work", lease_duration=LEASE)
    entered = False

    async def main() -> None:
        async def work() -> None:
            nonlocal entered
            async with lease:
                entered = True

        task = asyncio.create_task(work())
        assert await asyncio.to_thread(arrived.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    # Cleanup does not wait for the held put: its conditional delete finds no row of ours yet.
    eventually(lambda: relay.applied["DeleteItem"] == 1)
    go_on.set()
    eventually(lambda: stored(direct) is not None)  # the late put lands: an abandoned row
    assert not entered and relay.counts["UpdateItem"] == 0
    with pytest.raises(LockLost):
        lease.raise_if_lost()
    with SyncDistributedLock(relayed(relay), table="locks", key="work", lease_duration=LEASE, wait_timeout=10) as next_one:
        assert next_one.metrics.read_requests >= 2  # it observed the abandoned row for its whole lease first
