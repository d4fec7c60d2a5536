"""Distributed leases in a DynamoDB table: `distributed_lock`, `DistributedLock`, `SyncDistributedLock`.

The table has a string partition key named ``key`` and no sort key. A lease
is the item ``{key, owner, expires_at}`` (``expires_at`` in epoch
milliseconds): taking it is a conditional PutItem (free, or expired), a
background thread renews it every third of `lease_duration` while held
(conditional on ``owner``), and leaving deletes it (conditional on ``owner``).
`check_in` adds the ownership condition to a transaction, so writes of a
former owner are refused. Contention past `wait_timeout` raises
`LockNotAcquired`; a lease found expired or taken raises `LockLost`.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from pydynox._asyncio import run_blocking
from pydynox.exceptions import ConditionalCheckFailedException, LockLost, LockNotAcquired, LockReleaseError

__all__ = ["DistributedLock", "LockMetrics", "SyncDistributedLock", "distributed_lock"]

P = ParamSpec("P")
R = TypeVar("R")
RETRY_SECONDS = 0.05


@dataclass
class LockMetrics:
    """What one acquisition cost."""

    read_requests: int = 0
    write_requests: int = 0
    conditional_failures: int = 0
    request_failures: int = 0
    wait_timeouts: int = 0
    cleanup_failures: int = 0
    consumed_rcu: float = 0.0
    consumed_wcu: float = 0.0
    renewals: int = 0
    wait_ms: float = 0.0
    lost: bool = False


class _Lease:
    def __init__(self, client: Any, table: str, key: str, lease_duration: float, wait_timeout: float) -> None:
        self.client, self.table, self.key = client, table, key
        self.lease_duration, self.wait_timeout = lease_duration, wait_timeout
        self.owner = uuid.uuid4().hex
        self.metrics = LockMetrics()
        self.expires = 0.0  # local monotonic deadline
        self.used = False
        self.held = False
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _write(self, method: str, request: dict[str, Any]) -> None:
        self.metrics.write_requests += 1
        try:
            self.client._send(method, {"TableName": self.table, **request})
        except ConditionalCheckFailedException:
            self.metrics.conditional_failures += 1
            raise
        except Exception:
            self.metrics.request_failures += 1
            raise

    def _mine(self) -> dict[str, Any]:
        return {"ConditionExpression": "#o = :me", "ExpressionAttributeNames": {"#o": "owner"},
                "ExpressionAttributeValues": {":me": {"S": self.owner}}}  # fmt: skip

    def acquire(self) -> None:
        if self.used:
            raise RuntimeError("A lock guard can be used once")
        self.used = True
        start = time.monotonic()
        while True:
            now_ms = int(time.time() * 1000)
            item = {"key": {"S": self.key}, "owner": {"S": self.owner},
                    "expires_at": {"N": str(now_ms + int(self.lease_duration * 1000))}}  # fmt: skip
            try:
                self._write("put_item", {
                    "Item": item, "ConditionExpression": "attribute_not_exists(#k) OR #e < :now",
                    "ExpressionAttributeNames": {"#k": "key", "#e": "expires_at"},
                    "ExpressionAttributeValues": {":now": {"N": str(now_ms)}},
                })  # fmt: skip
                break
            except ConditionalCheckFailedException:
                if time.monotonic() - start >= self.wait_timeout:
                    self.metrics.wait_timeouts += 1
                    self.metrics.wait_ms = (time.monotonic() - start) * 1000
                    raise LockNotAcquired(f"Lock '{self.key}' is held by another owner") from None
                time.sleep(RETRY_SECONDS)
        self.metrics.wait_ms = (time.monotonic() - start) * 1000
        self.expires = time.monotonic() + self.lease_duration
        self.held = True
        self._renewer = threading.Thread(target=self._renew_loop, name=f"pydynox-lock-{self.key}", daemon=True)
        self._renewer.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.lease_duration / 3):
            try:
                now_ms = int(time.time() * 1000)
                mine = self._mine()
                mine["ExpressionAttributeNames"]["#e"] = "expires_at"
                mine["ExpressionAttributeValues"][":x"] = {"N": str(now_ms + int(self.lease_duration * 1000))}
                self._write("update_item", {"Key": {"key": {"S": self.key}}, "UpdateExpression": "SET #e = :x", **mine})
                self.metrics.renewals += 1
                self.expires = time.monotonic() + self.lease_duration
            except ConditionalCheckFailedException:
                self.metrics.lost = True
                return
            except Exception:
                continue

    def raise_if_lost(self) -> None:
        if self.metrics.lost or (self.held and time.monotonic() >= self.expires):
            self.metrics.lost = True
            raise LockLost(f"Lock '{self.key}' was lost")

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        if not self.held:
            return
        self.held = False
        try:
            self._write("delete_item", {"Key": {"key": {"S": self.key}}, **self._mine()})
        except ConditionalCheckFailedException:
            self.metrics.cleanup_failures += 1
            raise LockReleaseError(f"Lock '{self.key}' was no longer ours to release") from None

    def condition_check(self) -> dict[str, Any]:
        return {"table": self.table, "key": {"key": self.key}, "condition_expression": "#o = :me",
                "expression_attribute_names": {"#o": "owner"}, "expression_attribute_values": {":me": self.owner}}  # fmt: skip


class _Guard:
    def __init__(
        self, client: Any, *, table: str, key: str, lease_duration: float = 30.0, wait_timeout: float = 35.0
    ) -> None:
        self._client = client
        self._lease = _Lease(client, table, key, lease_duration, wait_timeout)

    def raise_if_lost(self) -> None:
        """LockLost when the lease is no longer held (expired locally, or taken over)."""
        self._lease.raise_if_lost()

    def check_in(self, transaction: Any) -> None:
        """Make `transaction` succeed only while this guard still owns the lease."""
        if transaction.client is not self._client:
            raise ValueError("Lock and transaction must use the same client")
        transaction.condition_check(**self._lease.condition_check())

    @property
    def metrics(self) -> LockMetrics:
        return self._lease.metrics


class DistributedLock(_Guard):
    """``async with DistributedLock(client, table=..., key=...):`` holds the lease for the block."""

    async def __aenter__(self) -> DistributedLock:
        await run_blocking(self._lease.acquire)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await run_blocking(self._lease.release)


class SyncDistributedLock(_Guard):
    """``with SyncDistributedLock(client, table=..., key=...):`` holds the lease for the block."""

    def __enter__(self) -> SyncDistributedLock:
        self._lease.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._lease.release()


def distributed_lock(
    client: Any, *, table: str, key: str, lease_duration: float = 30.0, wait_timeout: float = 35.0
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function (sync or async) to run under the lease `key`; ``{name}`` in `key` takes its arguments."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)

        def resolved(args: Any, kwargs: Any) -> str:
            bound = signature.bind_partial(*args, **kwargs)
            bound.apply_defaults()
            return key.format(**bound.arguments) if "{" in key else key

        if asyncio.iscoroutinefunction(function):

            @functools.wraps(function)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                async with DistributedLock(client, table=table, key=resolved(args, kwargs),
                                           lease_duration=lease_duration, wait_timeout=wait_timeout):  # fmt: skip
                    return await function(*args, **kwargs)  # type: ignore[misc]

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(function)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            with SyncDistributedLock(client, table=table, key=resolved(args, kwargs),
                                     lease_duration=lease_duration, wait_timeout=wait_timeout):  # fmt: skip
                return function(*args, **kwargs)

        return sync_wrapper  # type: ignore[return-value]

    return decorate
