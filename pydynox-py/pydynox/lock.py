"""Distributed leases in a DynamoDB table: `distributed_lock`, `DistributedLock`, `SyncDistributedLock`.

The table has a string partition key named ``key``, no sort key and no TTL.
Guards are single-use and not reentrant. Contention past `wait_timeout`
raises `LockNotAcquired`; ownership that expired or changed raises `LockLost`
(from `raise_if_lost`, or when a successful block exits); a release that
cannot be confirmed raises `LockReleaseError`. `check_in` adds the ownership
condition to a transaction, so DynamoDB refuses a former owner's writes.

The protocol (row layout, renewal, recovery of abandoned rows, timeouts) is
1.8's; see `pydynox._lock_lease` and `pydynox._lock_store`. Leases run on a
background event loop of their own (`pydynox._lock_runtime`), as 1.8's run on
its Rust runtime.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, cast

from pydynox._lock_key import LockKeyTemplate
from pydynox._lock_lease import LockMetrics, NativeLease

__all__ = ["DistributedLock", "LockMetrics", "SyncDistributedLock", "distributed_lock"]

P = ParamSpec("P")
R = TypeVar("R")


def _note_cleanup_failure(error: BaseException, cleanup_error: BaseException) -> None:
    """Keep the block's own exception; say on it that the cleanup failed too."""
    note = f"Lock cleanup also failed: {cleanup_error}"
    if hasattr(error, "add_note"):
        error.add_note(note)
    else:  # Python 3.10
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]


class _Guard:
    def __init__(
        self, client: Any, *, table: str, key: str, lease_duration: float = 30.0, wait_timeout: float = 35.0
    ) -> None:
        self._client = client
        self._native = NativeLease(client, table, key, lease_duration, wait_timeout)

    def raise_if_lost(self) -> None:
        """LockLost if this guard no longer holds a valid lease (a local check: it cannot make a later write safe)."""
        self._native.raise_if_lost()

    def check_in(self, transaction: Any) -> None:
        """Make `transaction` (of this guard's client) commit only while this acquisition still owns the row."""
        if transaction.client is not self._client:
            raise ValueError("Lock and transaction must use the same client")
        transaction.condition_check(**self._native.condition_check())

    @property
    def metrics(self) -> LockMetrics:
        """A snapshot of this acquisition's requests, renewals and capacity."""
        return self._native.metrics


class DistributedLock(_Guard):
    """``async with DistributedLock(client, table=..., key=...):`` holds the lease, renewed, for the block.

    Defaults: a 30-second lease and a 35-second acquisition budget; a zero
    wait makes one bounded attempt. Cancelling the task while it waits stops
    the acquisition; cancelling it while it leaves does not stop the release.
    """

    async def __aenter__(self) -> DistributedLock:
        try:
            await self._native.acquire()
        except asyncio.CancelledError:
            self._native.cancel()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self._native.release()
        except BaseException as cleanup_error:
            if exc is None:
                raise
            _note_cleanup_failure(exc, cleanup_error)


class SyncDistributedLock(_Guard):
    """``with SyncDistributedLock(client, table=..., key=...):``, the blocking `DistributedLock`."""

    def __enter__(self) -> SyncDistributedLock:
        self._native.sync_acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self._native.sync_release()
        except BaseException as cleanup_error:
            if exc is None:
                raise
            _note_cleanup_failure(exc, cleanup_error)


def _parameters(function: Callable[..., Any]) -> list[tuple[str, int, bool, Any]]:
    """``(name, kind, has_default, default)`` of each parameter, as `LockKeyTemplate` takes them."""
    empty = inspect.Parameter.empty
    return [
        (parameter.name, parameter.kind.value, parameter.default is not empty,
         None if parameter.default is empty else parameter.default)
        for parameter in inspect.signature(function).parameters.values()
    ]  # fmt: skip


def distributed_lock(
    client: Any, *, table: str, key: str, lease_duration: float = 30.0, wait_timeout: float = 35.0
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run each call of a sync or async function under the lease `key`.

    ``{name}`` in `key` takes the call's (string) argument `name`; with several
    placeholders each value is framed by its length (``"{a}:{b}"`` -> ``"1:x:1:y"``).
    The template is checked when decorating; generators are refused.
    """
    if not table:
        raise ValueError("Lock table must not be empty")

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        if inspect.isgeneratorfunction(function) or inspect.isasyncgenfunction(function):
            raise TypeError("distributed_lock does not support generator functions")
        template = LockKeyTemplate(key, _parameters(function), lease_duration, wait_timeout)

        def guard(guard_class: type[_Guard], args: Any, kwargs: Any) -> Any:
            resource = template.resolve(args, kwargs)
            return guard_class(client, table=table, key=resource, lease_duration=lease_duration,
                               wait_timeout=wait_timeout)  # fmt: skip

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def async_wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
                async with guard(DistributedLock, args, kwargs):
                    return await function(*args, **kwargs)  # type: ignore[misc]

            return cast(Callable[P, R], async_wrapper)

        @functools.wraps(function)
        def sync_wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with guard(SyncDistributedLock, args, kwargs):
                return function(*args, **kwargs)

        return sync_wrapper

    return decorate
