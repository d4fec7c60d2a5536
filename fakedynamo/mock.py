"""`mock_dynamodb`: route every botocore DynamoDB client to an in-memory engine."""

from __future__ import annotations

import copy
import datetime
import functools
import inspect
import unittest
import warnings
import weakref
from typing import Any, Callable, TypeVar, Union

from fakedynamo import state
from fakedynamo.engine import DEFAULT_ACCOUNT_ID, Engine, TableFactory
from fakedynamo.handle_powers import TestingPowers
from fakedynamo.storage import Table
from fakedynamo.wire import botocore as hook

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=type)

# What `clock=` accepts: a function returning epoch seconds, or a fixed instant.
Clock = Union[Callable[[], float], float, int, datetime.datetime, None]

# The handle of each engine a mock made, to answer `current_mock()`.
_handles: weakref.WeakKeyDictionary[Engine, MockDynamoDB] = weakref.WeakKeyDictionary()

# The instance attribute under which a decorated pytest-style test class keeps
# the fake that its setup_method started, for the test and teardown_method.
_CLASS_MOCK = "_fakedynamo_mock"


class MockDynamoDB(TestingPowers):
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
        clock: Clock = None,
        id_seed: int | None = None,
        table_factory: TableFactory | None = None,
        *,
        seed: int | None = None,
        ttl_delay: float = 0.0,
        status_delays: float | dict[str, float] | None = None,
        object_store: Any = None,
    ) -> None:
        id_seed = _id_seed(id_seed, seed)
        self._options: dict[str, Any] = {
            "object_store": object_store,
            "account_id": account_id,
            "clock": clock,
            "id_seed": id_seed,
            "table_factory": table_factory,
            "ttl_delay": ttl_delay,
            "status_delays": status_delays,
        }
        self.engine = Engine(
            account_id=account_id,
            clock=_as_clock(clock),
            seed=id_seed,
            table_factory=table_factory,
            ttl_delay=ttl_delay,
            status_delays=status_delays,
            object_store=object_store,
        )
        _handles[self.engine] = self

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<MockDynamoDB account={self.account_id} {state} tables={len(self._all_tables())}>"

    # -- activation -------------------------------------------------------

    def start(self) -> MockDynamoDB:
        """Answer every DynamoDB client from this fake until `stop()`."""
        hook.push(self.engine)
        return self

    def stop(self) -> None:
        """Stop answering; an outer mock that is still active answers again.

        Mocks may be stopped in any order: this removes this mock's innermost
        activation and leaves the others as they were.
        """
        if not hook.pop(self.engine):
            raise RuntimeError("this mock_dynamodb is not active")

    @property
    def active(self) -> bool:
        """Whether this fake is on the stack of active mocks (answering or shadowed by an inner one)."""
        return any(engine is self.engine for engine in hook.active_engines)

    def __enter__(self) -> MockDynamoDB:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    # -- decoration -------------------------------------------------------

    def __call__(self, target: F) -> F:
        if inspect.isclass(target):
            return self._decorate_class(target)  # type: ignore[return-value]
        if not callable(target):
            raise TypeError(f"mock_dynamodb() decorates functions and classes, not {type(target).__name__}")
        return self._decorate_function(target)

    def _fresh(self) -> MockDynamoDB:
        return MockDynamoDB(**self._options)

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

    def _decorate_class(self, cls: T) -> T:
        if issubclass(cls, unittest.TestCase):
            # setUp, the test, tearDown and cleanups all run inside run(): they share one fresh fake.
            cls.run = self._decorate_function(cls.run)  # type: ignore[method-assign]
            return cls
        self._decorate_pytest_class(cls)
        return cls

    def _decorate_pytest_class(self, cls: type) -> None:
        """A plain (pytest-style) class: setup_method, each test and teardown_method share one fresh fake."""
        for name in dir(cls):
            if not name.startswith("test"):
                continue
            member = inspect.getattr_static(cls, name)
            if isinstance(member, (staticmethod, classmethod)):
                # No instance, so no setup_method fake to share: a fresh one per call.
                setattr(cls, name, type(member)(self._decorate_function(member.__func__)))
            elif inspect.isfunction(member):
                setattr(cls, name, self._decorate_method(member))

        original_setup = getattr(cls, "setup_method", None)
        original_teardown = getattr(cls, "teardown_method", None)
        fresh = self._fresh

        def setup_method(instance: Any, method: Any = None) -> None:
            mock = fresh().start()
            instance.__dict__[_CLASS_MOCK] = mock
            try:
                if original_setup is not None:
                    _call_with_optional_method(original_setup, instance, method)
            except BaseException:
                instance.__dict__.pop(_CLASS_MOCK, None)
                mock.stop()
                raise

        def teardown_method(instance: Any, method: Any = None) -> None:
            try:
                if original_teardown is not None:
                    _call_with_optional_method(original_teardown, instance, method)
            finally:
                mock = instance.__dict__.pop(_CLASS_MOCK, None)
                if mock is not None and mock.active:
                    mock.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]

    def _decorate_method(self, func: F) -> F:
        """A test method: inside the fake its setup_method started, or a fresh one when called alone."""
        fresh = self._fresh

        def started_by_setup(args: tuple[Any, ...]) -> bool:
            mock = getattr(args[0], "__dict__", {}).get(_CLASS_MOCK) if args else None
            return mock is not None and mock.active

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                if started_by_setup(args):
                    return await func(*args, **kwargs)
                with fresh():
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            if started_by_setup(args):
                return func(*args, **kwargs)
            with fresh():
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]

    # -- time -------------------------------------------------------------

    @property
    def object_store(self) -> Any:
        """Where exports, imports and bulk operations read and write (`fakedynamo.objectstore`)."""
        return self.engine.object_store

    def now(self) -> float:
        """The fake's time in epoch seconds: `clock=` (or the wall clock) plus everything advanced."""
        return self.engine.now()

    def now_datetime(self) -> datetime.datetime:
        """`now()` as an aware UTC datetime."""
        return datetime.datetime.fromtimestamp(self.engine.now(), datetime.timezone.utc)

    def advance(self, seconds: float | datetime.timedelta = 0.0) -> float:
        """Move the fake's clock forward and run what came due; return the new now.

        Due work runs in order: status transitions that finished, TTL deletions
        (with their REMOVE stream records), then stream handlers that deliver
        after each change. ``advance(0)`` runs due work without moving the clock.
        """
        if isinstance(seconds, datetime.timedelta):
            seconds = seconds.total_seconds()
        return self.engine.advance(seconds)

    # -- stream handlers ---------------------------------------------------

    def on_stream(
        self,
        table: str,
        handler: Callable[..., Any] | None = None,
        *,
        region: str | None = None,
        batch_size: int = 100,
        starting_position: str = "TRIM_HORIZON",
        filters: Any = None,
        max_retries: int = 2,
        bisect_on_error: bool = False,
        report_batch_item_failures: bool = False,
        deliver: str = "manual",
    ) -> Any:
        """Run `handler(event[, context])` on the records of `table`'s stream, as Lambda would.

        The table must exist with a stream enabled. Records are delivered at
        `deliver()` (``deliver="manual"``) or after each request
        (``deliver="after_write"``); see `fakedynamo.handlers` for batching,
        filters, retries and bisection. Returns the `Subscription` (its
        `events` are every event delivered); without `handler`, a decorator.
        """
        from fakedynamo.handlers import handlers_of

        options = {
            "batch_size": batch_size,
            "starting_position": starting_position,
            "filters": filters,
            "max_retries": max_retries,
            "bisect_on_error": bisect_on_error,
            "report_batch_item_failures": report_batch_item_failures,
            "deliver": deliver,
        }

        def register(function: Callable[..., Any]) -> Any:
            where = region if region is not None else self._region_of(table)
            return handlers_of(self.engine).subscribe(table, function, region=where, **options)

        if handler is None:
            def decorate(function: F) -> F:
                register(function)
                return function

            return decorate
        return register(handler)

    def deliver(self, raise_errors: bool = True) -> int:
        """Run the stream handlers until none has records left; return how many invocations ran.

        Raises `fakedynamo.handlers.StreamHandlerError` for batches that failed
        even after their retries (unless `raise_errors` is False).
        """
        handlers = self.engine.stream_handlers
        return 0 if handlers is None else handlers.deliver(raise_errors=raise_errors)

    async def deliver_async(self, raise_errors: bool = True) -> int:
        """`deliver()` for async tests: handlers run on a worker thread, off the test's event loop."""
        import asyncio

        return await asyncio.to_thread(self.deliver, raise_errors)

    def stream_records(self, table: str, region: str | None = None) -> list[dict[str, Any]]:
        """Every record still in `table`'s latest stream, in Lambda's event shape, oldest first."""
        with self.engine.lock:
            where = region if region is not None else self._region_of(table)
            stored = self.engine.regions[where]
            arn = stored.tables[table].stream_arn
            stream = stored.streams.get(arn) if arn is not None else None
            if stream is None:
                return []
            start = stream.trim_horizon(self.engine.now())
            records = []
            for change in stream.history.between(start, stream.end):
                record = stream.record(change, where, for_lambda=True)
                record["eventSourceARN"] = stream.arn
                records.append(record)
            return copy.deepcopy(records)

    def _region_of(self, table: str) -> str:
        with self.engine.lock:
            found = sorted(name for name, r in self.engine.regions.items() if table in r.tables)
        if not found:
            raise KeyError(f"no table {table!r} in any region")
        if len(found) > 1:
            raise ValueError(f"table {table!r} exists in several regions ({', '.join(found)}); pass region=")
        return found[0]

    # -- inspection -------------------------------------------------------

    @property
    def account_id(self) -> str:
        return self.engine.account_id

    def reset(self) -> None:
        """Delete every table in every region; the fake stays active if it was."""
        self.engine.reset()

    # -- whole-state operations (see fakedynamo.state for the file format) ------

    def snapshot(self, target: Any = None, region: str | None = None, table: str | None = None) -> str | None:
        """The tables and items (of `region`, or just `table`) as a DynamoDB JSON snapshot.

        Returns the text, or writes it to `target` (a path or file object) and returns None.
        Each item line is a line of an AWS ExportTableToPointInTime data file.
        """
        return state.snapshot(self.engine, target, region=region, table=table)

    def restore(self, source: state.Source, region: str = "us-east-1") -> dict[str, Any]:
        """Replace every table with those of a snapshot (a path, file object, bytes or {table: items})."""
        return state.restore(self.engine, source, region)

    def load(self, source: state.Source, region: str = "us-east-1", table: str | None = None) -> dict[str, Any]:
        """Add the tables and items of a snapshot, an AWS export data file (with `table`) or {table: items}.

        Tables that exist keep their definition; items with the same key are overwritten.
        """
        return state.load(self.engine, source, region, table)

    def regions(self) -> list[str]:
        """The regions that hold at least one table, sorted."""
        with self.engine.lock:
            return sorted(name for name, region in self.engine.regions.items() if region.tables)

    def table_names(self, region: str | None = None) -> list[str]:
        """The names of the tables in `region`, or in every region when it is None; sorted."""
        with self.engine.lock:
            if region is not None:
                stored = self.engine.regions.get(region)
                return sorted(stored.tables) if stored is not None else []
            return sorted({table.name for table in self._all_tables()})

    def table(self, name: str, region: str | None = None) -> Table:
        """The stored table called `name`.

        Without `region`, the table of that name in whichever region has one.
        Raises KeyError if there is none, and ValueError if several regions
        have one and `region` does not say which.
        """
        with self.engine.lock:
            if region is not None:
                stored = self.engine.regions.get(region)
                if stored is None or name not in stored.tables:
                    raise KeyError(f"no table {name!r} in {region}")
                return stored.tables[name]
            found = [r.tables[name] for r in self.engine.regions.values() if name in r.tables]
            if not found:
                raise KeyError(f"no table {name!r} in any region")
            if len(found) > 1:
                where = ", ".join(sorted(r.name for r in self.engine.regions.values() if name in r.tables))
                raise ValueError(f"table {name!r} exists in several regions ({where}); pass region=")
            return found[0]

    def items(self, table: str, region: str | None = None) -> list[dict[str, Any]]:
        """Copies of every item of `table`, in DynamoDB's wire form, in Scan order (partitions by key hash, then sort key)."""
        with self.engine.lock:
            return copy.deepcopy(list(self.table(table, region).scan_items()))

    def item_count(self, table: str, region: str | None = None) -> int:
        """How many items `table` holds now (DescribeTable's ItemCount may lag on AWS; this does not)."""
        with self.engine.lock:
            return len(self.table(table, region))

    def _all_tables(self) -> list[Table]:
        with self.engine.lock:
            return [table for region in self.engine.regions.values() for table in region.tables.values()]


def mock_dynamodb(
    account_id: str = DEFAULT_ACCOUNT_ID,
    clock: Clock = None,
    id_seed: int | None = None,
    table_factory: TableFactory | None = None,
    *,
    seed: int | None = None,
    ttl_delay: float = 0.0,
    status_delays: float | dict[str, float] | None = None,
    object_store: Any = None,
) -> MockDynamoDB:
    """A new fake DynamoDB for `with`, `start()`/`stop()` or decoration.

    `account_id` goes into every ARN. `clock` fixes what the fake calls "now":
    a function returning epoch seconds, or a fixed instant (epoch seconds or
    a datetime; a naive datetime is taken as UTC). `id_seed` fixes the ids the
    fake makes up (table ids, request ids), so two runs answer alike; `seed=`
    is its old name, deprecated (seed *data* goes in with `db.load(...)`).
    `table_factory(table_name, region, operation, request)` may define a table
    that an item operation addresses before anyone created it: it returns a
    CreateTable request (TableName optional), or None for DynamoDB's
    ResourceNotFoundException (see `Engine`).

    Time: the fake's now is `clock` plus whatever `db.advance(seconds)` added
    (a fixed instant stands still until advanced; a callable keeps its own
    pace, the advances added on top). Moving the clock deletes expired TTL
    items, `ttl_delay` seconds after their expiry (default 0: at once).
    `status_delays` (seconds, or a dict with "create", "update", "delete",
    "index") makes tables and indexes stay CREATING, UPDATING, DELETING or
    backfilling that long on the clock (`fakedynamo.transitions`); "backup"
    keeps backups CREATING and restores in progress, "export" keeps exports,
    imports and bulk operations IN_PROGRESS. By default every change is instant.
    `object_store` is where exports, imports and bulk operations read and
    write: an in-memory store by default (``db.object_store``), or an S3
    client you hand in (e.g. moto's), see `fakedynamo.objectstore`.
    """
    return MockDynamoDB(
        account_id=account_id,
        clock=clock,
        id_seed=_id_seed(id_seed, seed),
        table_factory=table_factory,
        ttl_delay=ttl_delay,
        status_delays=status_delays,
        object_store=object_store,
    )


def _id_seed(id_seed: int | None, seed: int | None) -> int | None:
    if seed is None:
        return id_seed
    if id_seed is not None:
        raise TypeError("pass id_seed= only; seed= is its deprecated old name")
    warnings.warn(
        "mock_dynamodb(seed=) is now id_seed=: it seeds the ids the fake makes up (load data with db.load())",
        DeprecationWarning, stacklevel=3,
    )
    return seed


def current_mock() -> MockDynamoDB | None:
    """The mock answering requests now (the innermost active one), or None."""
    engine = hook.current_engine()
    return None if engine is None else _handles.get(engine)


def _as_clock(clock: Clock) -> Callable[[], float] | None:
    if clock is None or callable(clock):
        return clock
    if isinstance(clock, datetime.datetime):
        if clock.tzinfo is None:
            clock = clock.replace(tzinfo=datetime.timezone.utc)
        instant = clock.timestamp()
    elif isinstance(clock, (int, float)) and not isinstance(clock, bool):
        instant = float(clock)
    else:
        raise TypeError(f"clock must be a callable, epoch seconds or a datetime, not {type(clock).__name__}")
    return lambda: instant


def _call_with_optional_method(func: Callable[..., Any], instance: Any, method: Any) -> Any:
    """Call setup_method/teardown_method as pytest does: with the test method if it takes one."""
    try:
        takes_method = len(inspect.signature(func).parameters) >= 2
    except (TypeError, ValueError):
        takes_method = True
    return func(instance, method) if takes_method else func(instance)
