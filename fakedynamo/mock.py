"""`mock_dynamodb`: route every botocore DynamoDB client to an in-memory engine."""

from __future__ import annotations

import functools
import inspect
import unittest
from typing import Any, Callable, TypeVar

from fakedynamo.engine import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Engine
from fakedynamo.storage import Table
from fakedynamo.wire import botocore as hook

F = TypeVar("F", bound=Callable[..., Any])


class MockDynamoDB:
    """A fake DynamoDB that botocore clients talk to while it is active.

    Use it as a context manager (``with mock_dynamodb() as db:``), with
    `start()`/`stop()`, or as a decorator of a function, coroutine function or
    test class. A decorated callable gets a fresh, empty fake for every call;
    a context manager keeps its data after it exits, for inspection, and when
    it is entered again. Mocks nest: the innermost active one answers.
    """

    def __init__(
        self,
        account_id: str = DEFAULT_ACCOUNT_ID,
        clock: Callable[[], float] | None = None,
        seed: int | None = None,
    ) -> None:
        self._options = {"account_id": account_id, "clock": clock, "seed": seed}
        self.engine = Engine(account_id=account_id, clock=clock, seed=seed)

    # -- activation -------------------------------------------------------

    def start(self) -> MockDynamoDB:
        hook.active_engines.append(self.engine)
        return self

    def stop(self) -> None:
        # Remove this mock's innermost activation, even if mocks were stopped out of order.
        stack = hook.active_engines
        for index in range(len(stack) - 1, -1, -1):
            if stack[index] is self.engine:
                del stack[index]
                return
        raise RuntimeError("this mock_dynamodb is not active")

    @property
    def active(self) -> bool:
        return self.engine in hook.active_engines

    def __enter__(self) -> MockDynamoDB:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __call__(self, target: F) -> F:
        if inspect.isclass(target):
            return self._decorate_class(target)  # type: ignore[return-value]
        return self._decorate_function(target)

    def _fresh(self) -> MockDynamoDB:
        return MockDynamoDB(**self._options)  # type: ignore[arg-type]

    def _decorate_function(self, func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        if issubclass(cls, unittest.TestCase):
            # Cover setUp, the test and tearDown alike: they share one fresh fake.
            cls.run = self._decorate_function(cls.run)  # type: ignore[method-assign]
            return cls
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self._decorate_function(member))
        return cls

    # -- inspection -------------------------------------------------------

    def reset(self) -> None:
        """Delete every table in every region."""
        self.engine.reset()

    def table_names(self, region: str = DEFAULT_REGION) -> list[str]:
        return sorted(self.engine.region(region).tables)

    def table(self, name: str, region: str = DEFAULT_REGION) -> Table:
        """The stored table called `name` (raises KeyError if there is none)."""
        return self.engine.region(region).tables[name]

    def items(self, table: str, region: str = DEFAULT_REGION) -> list[dict[str, Any]]:
        """Every item of `table`, in DynamoDB's wire form, in key order."""
        with self.engine.lock:
            return [dict(item) for item in self.table(table, region).scan_items()]


def mock_dynamodb(
    account_id: str = DEFAULT_ACCOUNT_ID,
    clock: Callable[[], float] | None = None,
    seed: int | None = None,
) -> MockDynamoDB:
    """A new fake DynamoDB for `with`, `start()`/`stop()` or decoration."""
    return MockDynamoDB(account_id=account_id, clock=clock, seed=seed)
