"""The request path of an engine with testing powers on: faults, hostile modes, throttling, metering.

`Engine.execute` hands a checked request here only when `engine.powers` is
set (a test asked for one of these), so the plain path pays a single
attribute check. Order, all under the engine lock:

1. fault rules (fakedynamo.faults): an error is raised before anything runs;
   a partial-batch rule runs only the processed part;
2. throttling (fakedynamo.throttle) refuses a request whose buckets are empty;
3. hostile modes (fakedynamo.hostile) shorten pages and split batches;
4. the operation runs, asked for its ConsumedCapacity in INDEXES form when
   the meter or throttling needs it, and the response is given back in the
   form the caller asked for;
5. the meter and the buckets are charged; stale reads are served.
"""

from __future__ import annotations

from typing import Any, Callable

from fakedynamo.budget import Meter
from fakedynamo.faults import FaultRules, leave_for
from fakedynamo.hostile import HostileModes
from fakedynamo.partial import batch_size, run_partial
from fakedynamo.targets import BATCHES, table_name
from fakedynamo.throttle import Throttle

_INDEX_DETAIL = ("Table", "GlobalSecondaryIndexes", "LocalSecondaryIndexes")
_capacity_operations: frozenset[str] | None = None


def capacity_operations() -> frozenset[str]:
    """The operations whose requests take ReturnConsumedCapacity (from botocore's service model)."""
    global _capacity_operations
    if _capacity_operations is None:
        import botocore.session

        model = botocore.session.get_session().get_service_model("dynamodb")
        _capacity_operations = frozenset(
            name for name in model.operation_names
            if "ReturnConsumedCapacity" in model.operation_model(name).input_shape.members
        )
    return _capacity_operations


class Powers:
    """The testing powers of one engine; `engine.powers` once any is asked for."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.faults = FaultRules(engine)
        self.hostile = HostileModes()
        self.throttle: Throttle | None = None
        self.meter: Meter | None = None

    def execute(self, engine: Any, handler: Callable[..., Any], operation: str, request: dict[str, Any], region: str) -> dict[str, Any]:
        with engine.lock:
            stored = engine.regions.get(region)
            partial = self.faults.check(operation, request, region, _Lookup(engine)) if self.faults._rules else None
            now = engine.now()
            if self.throttle is not None:
                self.throttle.admit(stored, operation, request, now)
            hostile = self.hostile
            if hostile.on:
                request = hostile.rewrite(operation, request)
            measure = (self.meter is not None or self.throttle is not None) and operation in capacity_operations()
            asked = request.get("ReturnConsumedCapacity")
            if measure and asked != "INDEXES":
                request = {**request, "ReturnConsumedCapacity": "INDEXES"}
            seen = hostile.before_write(stored, operation, request) if hostile.stale_seconds is not None else []

            def run(body: dict[str, Any]) -> dict[str, Any]:
                return engine.run(operation, handler, body, region)

            leave = None
            if partial is not None:
                leave = leave_for(partial, operation, request)
            elif hostile.unprocessed and operation in BATCHES:
                leave = hostile.leaves(operation, batch_size(operation, request))
            response = run_partial(operation, request, leave, run) if leave is not None else run(request)

            stored = engine.regions.get(region)
            if seen:
                hostile.after_write(region, seen, now)
            if hostile.stale_seconds is not None:
                hostile.stale_read(stored, operation, request, response, now)
            if measure and "ConsumedCapacity" in response:
                capacity = response["ConsumedCapacity"]
                if self.meter is not None:
                    self.meter.record(operation, request, region, capacity)
                if self.throttle is not None:
                    self.throttle.charge(stored, operation, request, capacity, now)
                _answer_capacity(response, asked)
            return response


def _answer_capacity(response: dict[str, Any], asked: Any) -> None:
    """Give ConsumedCapacity back in the form the caller asked for (it was asked for as INDEXES)."""
    if asked == "INDEXES":
        return
    if asked != "TOTAL":
        del response["ConsumedCapacity"]
        return
    capacity = response["ConsumedCapacity"]
    for entry in capacity if isinstance(capacity, list) else (capacity,):
        for member in _INDEX_DETAIL:
            entry.pop(member, None)


class _Lookup:
    """What fault rules read of the state: a table's ARN, a stored item (under the engine lock)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def _table(self, region: str, name: Any) -> Any:
        stored = self.engine.regions.get(region)
        return None if stored is None else stored.tables.get(table_name(name))

    def arn(self, region: str, name: Any) -> str | None:
        table = self._table(region, name)
        return None if table is None else table.arn

    def item(self, region: str, name: Any, key: Any) -> Any:
        table = self._table(region, name)
        if table is None or not isinstance(key, dict):
            return None
        try:
            return table.get(table.key_of(key))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


def powers_of(engine: Any) -> Powers:
    """The engine's powers, created on first use."""
    with engine.lock:
        if engine.powers is None:
            engine.powers = Powers(engine)
        return engine.powers
