"""Stream handlers run in-process: Lambda's DynamoDB event source mapping, without Lambda.

A test registers a Python function (sync or async) for a table's stream;
the function receives exactly the event Lambda sends a DynamoDB-triggered
function::

    {"Records": [{"eventID", "eventName", "eventVersion": "1.1",
                  "eventSource": "aws:dynamodb", "awsRegion",
                  "dynamodb": {...}, "eventSourceARN": <stream ARN>,
                  "userIdentity"?: {"type", "principalId"}}]}

and, if it takes two parameters, a small Lambda-like context. Delivery is
deterministic: records wait until `deliver()` (the test chooses when), or go
out after each request that changed something (``deliver="after_write"``).
Delivery loops until no handler has records left, so records a handler writes
back flow on to the handlers of their table (bounded by `MAX_ROUNDS`).

Like the event source mapping:

- `batch_size` records at most per invocation (Lambda's default, 100);
- `starting_position` TRIM_HORIZON (every record still in the stream) or
  LATEST (records written after registration);
- `filters`: Lambda filter patterns (`fakedynamo.event_filter`); records that
  match none are dropped, and do not count towards a batch;
- a function that raises is retried `max_retries` times (Lambda retries until
  the records expire; a test wants an end, so the default is 2) and, with
  `bisect_on_error`, the batch is split in two and each half retried, as
  BisectBatchOnFunctionError does (splitting does not use up retries);
- with `report_batch_item_failures`, a response ``{"batchItemFailures":
  [{"itemIdentifier": <SequenceNumber>}]}`` retries from the first failed
  record;
- records that still fail are discarded and kept on the subscription's
  `failures` (Lambda's on-failure destination), and `deliver()` raises
  `StreamHandlerError` for them unless asked not to.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from fakedynamo import event_filter

if TYPE_CHECKING:
    from fakedynamo.engine import Engine
    from fakedynamo.streams import Stream

MAX_ROUNDS = 1000  # delivery rounds before handlers writing to their own table are called a loop
MAX_BATCH_SIZE = 10_000  # Lambda's limit for DynamoDB event sources


class StreamHandlerError(Exception):
    """A stream handler failed on records even after its retries."""

    def __init__(self, failures: list[Failure]) -> None:
        self.failures = failures
        first = failures[0]
        super().__init__(
            f"{len(failures)} failed batch(es) for {first.subscription.function_name}; first: "
            f"{type(first.error).__name__}: {first.error}"
        )


@dataclass
class Failure:
    """A batch the handler could not process: its event and the last error."""

    subscription: Subscription
    event: dict[str, Any]
    error: BaseException | None
    reported: bool = False


@dataclass
class LambdaContext:
    """What a Lambda handler's `context` offers that a test may read."""

    function_name: str
    aws_request_id: str
    invoked_function_arn: str
    memory_limit_in_mb: int = 128

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


@dataclass
class Subscription:
    """One function on one stream: its settings, where it has read to, and what it saw."""

    function: Callable[..., Any]
    stream: Stream
    region: str
    position: int
    batch_size: int = 100
    filters: list[dict] = field(default_factory=list)
    max_retries: int = 2
    bisect_on_error: bool = False
    report_batch_item_failures: bool = False
    deliver: str = "manual"
    events: list[dict[str, Any]] = field(default_factory=list)  # every event delivered, in order
    failures: list[Failure] = field(default_factory=list)
    active: bool = True

    @property
    def function_name(self) -> str:
        return getattr(self.function, "__qualname__", repr(self.function))

    def cancel(self) -> None:
        """Stop delivering to this function."""
        self.active = False


class StreamHandlers:
    """The stream handlers registered with one engine, and their delivery."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.subscriptions: list[Subscription] = []
        self._local = threading.local()  # per thread: inside a delivery already?
        self._invocations = 0

    # -- registration ---------------------------------------------------------------

    def subscribe(
        self,
        table_name: str,
        function: Callable[..., Any],
        *,
        region: str,
        batch_size: int = 100,
        starting_position: str = "TRIM_HORIZON",
        filters: Any = None,
        max_retries: int = 2,
        bisect_on_error: bool = False,
        report_batch_item_failures: bool = False,
        deliver: str = "manual",
    ) -> Subscription:
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}")
        if starting_position not in ("TRIM_HORIZON", "LATEST"):
            raise ValueError("starting_position is TRIM_HORIZON or LATEST")
        if deliver not in ("manual", "after_write"):
            raise ValueError("deliver is 'manual' or 'after_write'")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        patterns = event_filter.parse_patterns(filters)
        engine = self.engine
        with engine.lock:
            stored = engine.regions.get(region)
            table = stored.tables.get(table_name) if stored is not None else None
            if table is None:
                raise KeyError(f"no table {table_name!r} in {region}")
            arn = table.stream_arn
            stream = stored.streams.get(arn) if arn is not None else None  # type: ignore[union-attr]
            if stream is None or not stream.enabled:
                raise ValueError(
                    f"table {table_name!r} has no stream enabled: create or update it with "
                    "StreamSpecification={'StreamEnabled': True, 'StreamViewType': ...}"
                )
            now = engine.now()
            position = stream.trim_horizon(now) if starting_position == "TRIM_HORIZON" else stream.end
        subscription = Subscription(
            function=function,
            stream=stream,
            region=region,
            position=position,
            batch_size=batch_size,
            filters=patterns,
            max_retries=max_retries,
            bisect_on_error=bisect_on_error,
            report_batch_item_failures=report_batch_item_failures,
            deliver=deliver,
        )
        self.subscriptions.append(subscription)
        return subscription

    # -- delivery -----------------------------------------------------------------------

    def after_request(self) -> None:
        """Deliver to the handlers that want records after each write."""
        if any(s.active and s.deliver == "after_write" for s in self.subscriptions):
            self.deliver(only_after_write=True, raise_errors=False)

    def deliver(self, only_after_write: bool = False, raise_errors: bool = True) -> int:
        """Invoke handlers until none has records left; return how many invocations were made."""
        if getattr(self._local, "delivering", False):
            return 0  # a handler's own write: the delivery under way picks its records up
        self._local.delivering = True
        invocations = 0
        try:
            for _ in range(MAX_ROUNDS):
                progressed = False
                for subscription in list(self.subscriptions):
                    if not subscription.active or (only_after_write and subscription.deliver != "after_write"):
                        continue
                    batch = self._next_batch(subscription)
                    if batch is None:
                        continue
                    progressed = True
                    if batch:
                        invocations += self._run(subscription, batch, subscription.max_retries)
                if not progressed:
                    break
            else:
                raise RuntimeError(
                    f"stream handlers still had records after {MAX_ROUNDS} rounds: "
                    "a handler probably writes to its own table on every record"
                )
        finally:
            self._local.delivering = False
        if raise_errors:
            self.raise_failures()
        return invocations

    def raise_failures(self) -> None:
        unreported = [f for s in self.subscriptions for f in s.failures if not f.reported]
        for failure in unreported:
            failure.reported = True
        if unreported:
            raise StreamHandlerError(unreported)

    def _next_batch(self, subscription: Subscription) -> list[dict] | None:
        """The records for the next invocation (filtered; [] if all were filtered out), or None if none are left."""
        engine = self.engine
        with engine.lock:
            stream = subscription.stream
            now = engine.now()
            # Records older than the stream's 24 hours are gone before Lambda reads them.
            position = max(subscription.position, stream.trim_horizon(now))
            if position >= stream.end:
                subscription.position = position
                return None
            records: list[dict] = []
            seq = position
            for change in stream.history.between(position, stream.end):
                seq = change.seq + 1
                record = stream.record(change, subscription.region, for_lambda=True)
                record["eventSourceARN"] = stream.arn
                if event_filter.matches_any(subscription.filters, record):
                    records.append(record)
                    if len(records) == subscription.batch_size:
                        break
            else:
                seq = stream.end
            subscription.position = seq
        return records

    def _run(self, subscription: Subscription, records: list[dict], retries: int) -> int:
        """Invoke with `records`, retrying and bisecting on failure; return the invocations made."""
        invocations = 1
        error: BaseException | None = None
        failed_from: int | None = None
        try:
            response = self._invoke(subscription, records)
        except Exception as raised:  # noqa: BLE001 - the handler's failure, retried like Lambda does
            error, failed_from = raised, 0
        else:
            if subscription.report_batch_item_failures:
                failed_from = _first_reported_failure(response, records)
        if failed_from is None:
            return invocations
        remaining = records[failed_from:]
        if subscription.bisect_on_error and error is not None and len(remaining) > 1:
            middle = len(remaining) // 2
            invocations += self._run(subscription, remaining[:middle], retries)
            invocations += self._run(subscription, remaining[middle:], retries)
            return invocations
        if retries > 0:
            return invocations + self._run(subscription, remaining, retries - 1)
        subscription.failures.append(Failure(subscription, {"Records": remaining}, error))
        return invocations

    def _invoke(self, subscription: Subscription, records: list[dict]) -> Any:
        event = {"Records": records}
        subscription.events.append(event)
        self._invocations += 1
        function = subscription.function
        arguments: tuple[Any, ...] = (event,)
        if _takes_context(function):
            name = subscription.function_name
            arguments = (
                event,
                LambdaContext(
                    function_name=name,
                    aws_request_id=self.engine.new_uuid(),
                    invoked_function_arn=f"arn:aws:lambda:{subscription.region}:{self.engine.account_id}:function:{name}",
                ),
            )
        result = function(*arguments)
        if inspect.isawaitable(result):
            result = _run_coroutine(result)
        return result


def _first_reported_failure(response: Any, records: list[dict]) -> int | None:
    """The index of the first record a ReportBatchItemFailures response names, or None for success."""
    if not isinstance(response, dict):
        return None
    failed = response.get("batchItemFailures") or []
    identifiers = {entry.get("itemIdentifier") for entry in failed if isinstance(entry, dict)}
    for index, record in enumerate(records):
        if record["dynamodb"]["SequenceNumber"] in identifiers:
            return index
    return 0 if failed else None  # an identifier we never sent: Lambda retries the whole batch


def _takes_context(function: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in parameters)


def _run_coroutine(awaitable: Any) -> Any:
    """Run an async handler's coroutine to completion, even from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_await(awaitable))
    # A loop runs in this thread (an async test calling deliver()): use a thread of our own.
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(_await(awaitable))
        except BaseException as error:  # noqa: BLE001 - handed back to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="fakedynamo-stream-handler")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


async def _await(awaitable: Any) -> Any:
    return await awaitable


def handlers_of(engine: Engine) -> StreamHandlers:
    """The engine's stream handlers, made on first use (an engine without any pays nothing)."""
    with engine.lock:
        if engine.stream_handlers is None:
            engine.stream_handlers = StreamHandlers(engine)
        return engine.stream_handlers
