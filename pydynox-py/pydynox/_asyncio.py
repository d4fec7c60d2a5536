"""Run blocking botocore calls off the event loop, on one shared thread pool.

botocore clients are thread-safe, so every coroutine in pydynox hands its
request to this pool and awaits the result: the loop never blocks, and
``asyncio.gather`` of many calls runs them concurrently (up to `MAX_WORKERS`
at a time; botocore's connection pool is sized to match).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

MAX_WORKERS = 32
THREAD_NAME_PREFIX = "pydynox-io"

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def executor() -> ThreadPoolExecutor:
    """The shared pool, created on first use."""
    global _executor
    pool = _executor
    if pool is None:
        with _lock:
            pool = _executor
            if pool is None:
                pool = _executor = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix=THREAD_NAME_PREFIX)
    return pool


async def run_blocking(func: Callable[..., T], *args: Any) -> T:
    """``await`` `func(*args)` run on the shared pool.

    A method of an object whose ``_inline_io`` is true runs inline instead: such
    a client answers in-process without blocking (``pydynox.testing``'s memory
    client), and a hop to the pool would cost more than the call itself.
    """
    if getattr(getattr(func, "__self__", None), "_inline_io", False):
        return func(*args)
    # In the caller's context: its correlation id and current tracing span go along.
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_executor or executor(), context.run, func, *args)
