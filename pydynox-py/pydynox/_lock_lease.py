"""One lease's life: acquire, renew, lose, cancel, release (1.8's ``NativeLease``, in Python).

Phases go new -> acquiring -> held -> releasing -> released, or end lost
(ownership gone) or failed (acquisition did not succeed). All requests of a
lease run one at a time (``_io``) on the lease loop of `pydynox._lock_runtime`.

Acquisition writes the row only where there is none; a contender that finds
one polls it with reads, and takes it over (a put matching owner and version)
only after seeing it unchanged for its stored lease. A held lease renews every
third of the lease by changing the version. Ownership is valid locally from
just before the winning write until 90% of the lease, on both the monotonic
and the wall clock, unless a renewal is confirmed. A request that fails
without an answer may still have been applied: acquisition and renewal read
the row back to confirm their exact owner/version, release to confirm the row
is gone. A late success never revives a lost or cancelled lease; a lease that
may own a row deletes it (matching its owner) when released or cancelled.
Its events are logged at DEBUG (1.8 sends them to Rust tracing, silent by default).
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import os
import random
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydynox import _lock_runtime as runtime
from pydynox import _logging
from pydynox._lock_key import check_duration, check_key
from pydynox._lock_store import Contended, LockTable, Row
from pydynox.exceptions import ConnectionException, LockLost, LockNotAcquired, LockReleaseError

__all__ = ["LockMetrics", "NativeLease", "Stamp"]

T = TypeVar("T")

VALID_SHARE = 0.9  # of the lease: the rest is margin for clocks running at different rates
MAX_REQUEST_SECONDS = 5.0
MAX_CLEANUP_SECONDS = 10.0
FORK_ERROR = "A lock or client cannot be inherited across fork; create the client in the child"


@dataclass
class LockMetrics:
    """What one acquisition cost. Capacity counts successful responses only."""

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


@dataclass(frozen=True)
class Stamp:
    """When ownership was confirmed, on both clocks, so that a clock jump or a suspended host shortens validity."""

    monotonic: float
    wall: float

    @classmethod
    def now(cls) -> Stamp:
        return cls(time.monotonic(), time.time())

    def valid(self, lease: float) -> bool:
        return self.valid_at(lease, time.monotonic(), time.time())

    def valid_at(self, lease: float, monotonic: float, wall: float) -> bool:
        budget = lease * VALID_SHARE
        return 0 <= monotonic - self.monotonic < budget and 0 <= wall - self.wall < budget


class Phase(enum.Enum):
    NEW = "new"
    ACQUIRING = "acquiring"
    HELD = "held"
    RELEASING = "releasing"
    RELEASED = "released"
    LOST = "lost"
    FAILED = "failed"


class _Lease:
    """The state shared by a guard and the tasks working for it (acquisition, heartbeat, cleanup)."""

    def __init__(self, client: Any, table: str, key: str, lease: float, wait: float) -> None:
        self.store = LockTable(client, table, key, timeout=min(lease / 3, MAX_REQUEST_SECONDS))
        self.pid = self.store.locks.pid
        self.observations = self.store.locks.observations
        self.table, self.key, self.lease, self.wait = table, key, lease, wait
        self._mutex = threading.Lock()  # guards the fields below; user threads read them
        self.phase = Phase.NEW
        self.row = Row(str(uuid.uuid4()), str(uuid.uuid4()), round(lease * 1e9) // 1_000_000)
        self.stamp: Stamp | None = None
        self.reason = ""
        self.metrics = LockMetrics()
        self.may_own = False  # a write of ours may have created the row: cleanup must delete it
        self.cleanup_started = False
        self._stopped = threading.Event()
        self._changed = asyncio.Event()  # woken when stopped, for waits on the lease loop
        self._io = asyncio.Lock()
        self._heartbeat: asyncio.Task[None] | None = None

    # -- state -------------------------------------------------------------------

    def check_pid(self) -> None:
        if self.pid != os.getpid():
            raise RuntimeError(FORK_ERROR)

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def _stop(self) -> None:
        self._stopped.set()
        runtime.notify(self._changed)

    async def _changed_within(self, seconds: float) -> bool:
        """Whether the lease was stopped within `seconds`."""
        if self.stopped:
            return True
        try:
            await asyncio.wait_for(self._changed.wait(), max(seconds, 0.0))
        except asyncio.TimeoutError:
            return self.stopped
        return True

    def _count(self, **changes: float) -> None:
        with self._mutex:
            for name, amount in changes.items():
                setattr(self.metrics, name, getattr(self.metrics, name) + amount)

    def snapshot(self) -> LockMetrics:
        self.check_pid()
        with self._mutex:
            return dataclasses.replace(self.metrics)

    def lose(self, reason: str) -> None:
        with self._mutex:
            if self.phase in (Phase.HELD, Phase.ACQUIRING, Phase.RELEASING):
                self.phase, self.reason, self.metrics.lost = Phase.LOST, reason, True
                _logging.get_logger().debug(f"Lease ownership lost: key={self.key} owner={self.row.owner} ({reason})")
        self._stop()

    def check_held(self) -> None:
        """LockLost unless this lease is held and still locally valid."""
        self.check_pid()
        with self._mutex:
            expired = self.phase is Phase.HELD and not (self.stamp is not None and self.stamp.valid(self.lease))
        if expired:
            self.lose("The local lease deadline expired")
        with self._mutex:
            if self.phase is not Phase.HELD or self.stopped:
                raise LockLost(self.reason or "The lock is not held")

    def owner(self) -> str:
        with self._mutex:
            return self.row.owner

    # -- requests ----------------------------------------------------------------

    async def _request(self, deadline: float, write: bool, call: Callable[[], tuple[T, float]]) -> T:
        """`call()` within `deadline` (and one request's time), counted in the metrics."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ConnectionException("Lock request deadline expired")
        self._count(**{"write_requests" if write else "read_requests": 1})
        try:
            value, units = await runtime.run_io(call, min(remaining, self.store.timeout))
        except asyncio.TimeoutError:
            self._count(request_failures=1)
            raise ConnectionException("Lock request timed out; its remote outcome may be unknown") from None
        except Contended:
            self._count(conditional_failures=1)
            raise
        except Exception:
            self._count(request_failures=1)
            raise
        self._count(**{"consumed_wcu" if write else "consumed_rcu": units})
        return value

    async def _read(self, deadline: float) -> Row | None:
        return await self._request(deadline, False, self.store.get)

    async def _holds(self, deadline: float, row: Row) -> bool:
        """Whether the stored row is exactly `row` (an unanswered write of it may have been applied)."""
        try:
            actual = await self._read(deadline)
        except Exception:
            return False
        return actual is not None and (actual.owner, actual.version) == (row.owner, row.version)

    async def _write(self, deadline: float, row: Row, expected: Row | None) -> None:
        self.may_own = True
        try:
            await self._request(deadline, True, lambda: (None, self.store.put(row, expected)))
        except Contended:
            self.may_own = False
            raise
        except Exception as error:
            if not await self._holds(deadline, row):
                raise error

    # -- acquisition -------------------------------------------------------------

    async def acquire(self) -> None:
        self.check_pid()
        with self._mutex:
            if self.phase is not Phase.NEW:
                raise RuntimeError("Lock guards are single-use")
            self.phase = Phase.ACQUIRING
        started = time.monotonic()
        acquired = False
        try:
            async with self._io:
                await self._take()
            acquired = True
        finally:
            with self._mutex:
                self.metrics.wait_ms = (time.monotonic() - started) * 1000
            if not acquired:  # failed, timed out or cancelled: stop, and delete what a write may have made
                self.cancel()

    def _wait_expired(self) -> LockNotAcquired:
        self._count(wait_timeouts=1)
        return LockNotAcquired("The lock was not available within the acquisition budget")

    async def _take(self) -> None:
        if not self.store.connected:  # before the budget starts: 1.8's SDK client costs nothing to make
            await runtime.run_io(self.store.connect)
        # Zero wait is one bounded attempt, not a zero-length network timeout.
        budget = min(self.lease * 0.6, MAX_REQUEST_SECONDS) if self.wait == 0 else self.wait
        deadline = time.monotonic() + budget
        observed: Row | None = None
        while True:
            if self.stopped:
                raise LockNotAcquired("Lock acquisition was cancelled")
            with self._mutex:
                row = self.row
            stamp = Stamp.now()  # validity starts before the write
            try:
                await self._write(deadline, row, observed)
            except Contended:
                pass
            else:
                if not stamp.valid(self.lease) or time.monotonic() >= deadline:
                    raise LockLost("Acquisition completed after its deadline")
                with self._mutex:
                    if self.stopped or self.phase is not Phase.ACQUIRING:
                        raise LockLost("Lock acquisition was cancelled")
                    self.phase, self.stamp = Phase.HELD, stamp
                self.observations.forget(self.table, self.key)
                _logging.get_logger().debug(f"Lease acquired: key={self.key} owner={row.owner}")
                self._heartbeat = runtime.start_task(self._renew_while_held())
                return
            observed = await self._observe(deadline)
            if time.monotonic() >= deadline:
                raise self._wait_expired()

    async def _observe(self, deadline: float) -> Row | None:
        """Poll with reads until the row is gone (None) or was seen unchanged for its stored lease (that row)."""
        while True:
            row = await self._read(deadline)
            if row is None:
                self.observations.forget(self.table, self.key)
                return None
            since = self.observations.observe(self.table, self.key, row)
            if time.monotonic() - since >= row.lease:
                return row
            if self.wait == 0 or time.monotonic() >= deadline:
                raise self._wait_expired()
            poll = min(max(self.lease / 6, 0.01), 1.0) * random.uniform(0.8, 1.2)
            if await self._changed_within(min(poll, deadline - time.monotonic())):
                raise LockNotAcquired("Lock acquisition was cancelled")
            if time.monotonic() >= deadline:
                raise self._wait_expired()

    # -- renewal -----------------------------------------------------------------

    async def _renew_while_held(self) -> None:
        interval: float | None = self.lease / 3
        while interval is not None and not await self._changed_within(interval):
            async with self._io:
                if self.stopped:
                    return
                try:
                    self.check_held()
                except LockLost:
                    return
                interval = await self._renew()

    async def _renew(self) -> float | None:
        """One renewal; the wait before the next, None to stop renewing."""
        with self._mutex:
            old, old_stamp = self.row, self.stamp
        assert old_stamp is not None
        new = dataclasses.replace(old, version=str(uuid.uuid4()))
        sent = Stamp.now()
        deadline = old_stamp.monotonic + self.lease * VALID_SHARE
        try:
            await self._request(deadline, True, lambda: (None, self.store.renew(old, new)))
            confirmed = True
        except Contended:
            if not self.stopped:
                self.lose("Another worker owns the lock")
            return None
        except Exception:
            confirmed = not self.stopped and await self._holds(deadline, new)
        if self.stopped:
            return None
        # An old deadline cannot be rescued by a delayed success.
        if not old_stamp.valid(self.lease) or not sent.valid(self.lease):
            self.lose("Renewal was not confirmed before the lease deadline")
            return None
        if not confirmed:
            return min(self.lease / 12, 1.0)  # retry within the current deadline, never extend it
        with self._mutex:
            if self.phase is not Phase.HELD:
                return None
            self.row, self.stamp = new, sent
            self.metrics.renewals += 1
        return self.lease / 3

    # -- leaving -----------------------------------------------------------------

    def cancel(self) -> None:
        """Stop everything now; delete the row in the background if a write of ours may have made it."""
        if self.pid != os.getpid():
            return
        self._stop()
        with self._mutex:
            if self.phase is Phase.HELD:
                self.phase, self.metrics.lost, self.reason = Phase.LOST, True, "Lock guard was cancelled"
            elif self.phase in (Phase.NEW, Phase.ACQUIRING):
                self.phase = Phase.FAILED
            clean = self.may_own and not self.cleanup_started
            self.cleanup_started = self.cleanup_started or clean
        if clean:
            runtime.spawn(self._cleanup_quietly())

    async def _cleanup_quietly(self) -> None:
        try:
            await self._cleanup()
        except Exception:
            _logging.get_logger().debug(f"Cancelled lock cleanup failed: key={self.key}")

    async def _cleanup(self) -> None:
        # The budget includes waiting for an in-flight acquisition or renewal.
        deadline = time.monotonic() + min(self.lease * 0.6, MAX_CLEANUP_SECONDS)
        try:
            await asyncio.wait_for(self._io.acquire(), deadline - time.monotonic())
        except asyncio.TimeoutError:
            self._count(cleanup_failures=1)
            raise LockReleaseError("Lock cleanup timed out waiting for an in-flight request") from None
        try:
            await self._delete(deadline)
        finally:
            self._io.release()

    async def _delete(self, deadline: float) -> None:
        if not self.may_own:
            return
        owner = self.owner()
        try:
            await self._request(deadline, True, lambda: (None, self.store.delete(owner)))
        except Contended:
            self.may_own = False
            self._count(cleanup_failures=1)
            self.lose("Lock release no longer matches this acquisition")
            raise LockLost("Lock release no longer matches this acquisition") from None
        except Exception:
            self.may_own = False
            try:
                gone = await self._read(deadline) is None
            except Exception:
                gone = False
            if not gone:
                self._count(cleanup_failures=1)
                raise LockReleaseError(
                    "Lock release could not be confirmed; the row may remain until recovery"
                ) from None
        self.may_own = False

    async def release(self) -> None:
        self.check_pid()
        try:
            self.check_held()
            lost: LockLost | None = None
        except LockLost as error:
            lost = error
        with self._mutex:
            if self.phase in (Phase.RELEASED, Phase.RELEASING):
                raise RuntimeError("Lock guard already released")
            if lost is None:
                self.phase = Phase.RELEASING
            self.cleanup_started = True
        self._stop()
        failure: Exception | None = None
        try:
            await self._cleanup()
        except Exception as error:
            failure = error
        if lost is not None:
            raise lost
        if failure is not None:
            raise failure
        with self._mutex:
            self.phase = Phase.RELEASED
        _logging.get_logger().debug(f"Lease released: key={self.key} owner={self.row.owner}")


class NativeLease:
    """1.8's ``pydynox_core.NativeLease``: the lease behind one `DistributedLock` or `SyncDistributedLock`.

    Checks its arguments before any request; raises RuntimeError when used in
    a process forked from the one that made its client.
    """

    def __init__(self, backend: Any, table: str, key: str, lease_duration: float = 30.0, wait_timeout: float = 35.0):
        check_key(key)
        if not isinstance(table, str):
            raise TypeError("Lock table must be a string")
        if not table:
            raise ValueError("Lock table must not be empty")
        lease = check_duration(lease_duration, "lease_duration", zero_allowed=False)
        wait = check_duration(wait_timeout, "wait_timeout", zero_allowed=True)
        self._lease = _Lease(backend, table, key, lease, wait)

    def acquire(self) -> Awaitable[None]:
        """Acquire on the lease loop; cancelling the await cancels the acquisition."""
        self._lease.check_pid()
        return runtime.linked(self._lease.acquire())

    def sync_acquire(self) -> None:
        self._lease.check_pid()
        runtime.block_on(self._lease.acquire())

    def release(self) -> Awaitable[None]:
        """Release on the lease loop; cancelling the await does not stop the release."""
        self._lease.check_pid()
        return runtime.detached(self._lease.release())

    def sync_release(self) -> None:
        self._lease.check_pid()
        runtime.block_on(self._lease.release())

    def cancel(self) -> None:
        self._lease.cancel()

    def raise_if_lost(self) -> None:
        self._lease.check_held()

    def condition_check(self) -> dict[str, Any]:
        """Keyword arguments of a transaction's ``condition_check`` that this lease's owner still holds the row."""
        self._lease.check_held()
        return {
            "table": self._lease.table,
            "key": {"key": self._lease.key},
            "condition_expression": "#owner = :owner",
            "expression_attribute_names": {"#owner": "owner"},
            "expression_attribute_values": {":owner": self._lease.owner()},
        }

    @property
    def metrics(self) -> LockMetrics:
        """A snapshot of this acquisition's metrics."""
        return self._lease.snapshot()

    def __del__(self) -> None:
        lease = self.__dict__.get("_lease")
        if lease is not None:
            try:
                lease.cancel()  # a guard dropped while held stops renewing and deletes its row
            except Exception:
                pass
