"""Where leases run: one background event loop per process, and a thread pool for their requests.

1.8 runs its leases on the Rust runtime, apart from the caller's thread and
event loop: renewals go on while Python code is busy, a caller's cancelled
``await`` stops an acquisition at once (dropping its in-flight request), and a
release goes on even if its caller is cancelled. Here a daemon thread runs an
asyncio loop for the same job. Requests are blocking botocore calls on the
pool; a lease stops waiting for one at its own deadline (`run_io`), and the
abandoned call finishes in the background with its result ignored, as a
dropped request's may still reach DynamoDB.

A forked child starts a loop and pool of its own on first use (the parent's
threads do not exist in it); leases refuse to be used across a fork anyway.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

IO_WORKERS = 32
_guard = threading.Lock()
_running: tuple[asyncio.AbstractEventLoop, concurrent.futures.ThreadPoolExecutor] | None = None


def _forget_parent_runtime() -> None:
    global _guard, _running
    _guard, _running = threading.Lock(), None


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forget_parent_runtime)


def _runtime() -> tuple[asyncio.AbstractEventLoop, concurrent.futures.ThreadPoolExecutor]:
    global _running
    with _guard:
        if _running is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="pydynox-lock-runtime", daemon=True).start()
            pool = concurrent.futures.ThreadPoolExecutor(IO_WORKERS, thread_name_prefix="pydynox-lock-io")
            _running = (loop, pool)
        return _running


def spawn(coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
    """Run `coroutine` on the lease loop; its future's cancellation cancels it."""
    return asyncio.run_coroutine_threadsafe(coroutine, _runtime()[0])


def start_task(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Start `coroutine` as a task of the lease loop; call from that loop (keep the task referenced)."""
    return asyncio.get_running_loop().create_task(coroutine)


def block_on(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the lease loop and wait for it in this thread."""
    future = spawn(coroutine)
    try:
        return future.result()
    except BaseException:
        future.cancel()  # KeyboardInterrupt while waiting: stop it as a cancelled await would
        raise


def _caller_loop(coroutine: Coroutine[Any, Any, Any]) -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        coroutine.close()
        raise


def linked(coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
    """Run `coroutine` on the lease loop, awaited from the caller's; cancelling the await cancels it."""
    loop = _caller_loop(coroutine)
    return asyncio.wrap_future(spawn(coroutine), loop=loop)


def detached(coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
    """Run `coroutine` on the lease loop, awaited from the caller's; cancelling the await leaves it running."""
    loop = _caller_loop(coroutine)
    future = spawn(coroutine)
    waiter: asyncio.Future[T] = loop.create_future()

    def settle(done: concurrent.futures.Future[T]) -> None:
        if waiter.done():
            return
        if done.cancelled():
            waiter.cancel()
            return
        error = done.exception()
        if error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(done.result())

    def deliver(done: concurrent.futures.Future[T]) -> None:
        try:
            loop.call_soon_threadsafe(settle, done)
        except RuntimeError:
            pass  # the caller's loop is closed: nobody waits any more

    future.add_done_callback(deliver)
    return waiter


def notify(event: asyncio.Event) -> None:
    """Set `event` (of the lease loop) from any thread; nothing waits on it if the loop never started here."""
    running = _running
    if running is not None:
        running[0].call_soon_threadsafe(event.set)


async def run_io(call: Callable[[], T], timeout: float | None = None) -> T:
    """`call()` on the request pool; asyncio.TimeoutError once `timeout` seconds pass (the call is abandoned)."""
    running = asyncio.get_running_loop().run_in_executor(_runtime()[1], call)
    return await (running if timeout is None else asyncio.wait_for(running, timeout))
