"""What each call to DynamoDB reports and costs, as pydynox 1.8 does it.

`send` wraps one botocore call of a `DynamoDBClient` (its ``_call``):

- the rate limiter hands out its estimate first (see `pydynox.rate_limit`);
- the hot partition detector counts item reads and writes by partition key;
- a DEBUG line says what is about to happen;
- item operations and query/scan pages get a tracing span (`pydynox._tracing`;
  a vector search makes its own, with the index and what came back);
- item operations, query/scan pages and PartiQL statements get an INFO line
  with duration and consumed capacity, and a WARNING past 100 ms;
- with a rate limiter, throttled item, batch and transaction calls are tried
  again (10 attempts in all, waiting 0.1 s, doubling up to 5 s), after telling
  the limiter (an `AdaptiveRate` slows down). Each attempt is charged,
  counted and traced anew, as 1.8 re-runs the whole operation.

Operations made of many calls (count, parallel_scan) send them unobserved
and are observed once, as a whole, by `whole`; so are resends of a batch's
unprocessed entries (1.8 resends them inside the same call).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydynox import _logging, _tracing
from pydynox._convert import from_dynamo, item_from_dynamo
from pydynox._metrics import capacity
from pydynox.exceptions import ProvisionedThroughputExceededException

if TYPE_CHECKING:
    from pydynox._metrics import OperationMetrics
    from pydynox.client import DynamoDBClient

Request = dict[str, Any]

SLOW_MS = 100.0
MAX_ATTEMPTS = 10
FIRST_BACKOFF_SECONDS = 0.1
MAX_BACKOFF_SECONDS = 5.0


@dataclass(frozen=True)
class _Policy:
    """How 1.8 observes one kind of call."""

    name: str  # the operation in log lines and spans (``put_item``)
    read: bool = True  # capacity is read units (else write units)
    units: Callable[[Request], float] | None = None  # the rate limiter's estimate; None: nothing is taken
    retried: bool = False  # tried again when throttled (with a rate limiter)
    partition: bool = False  # counted by the hot partition detector
    traced: bool = False
    logged: bool = False  # the INFO line (and the slow WARNING)
    capacity: bool = True  # the INFO line shows consumed capacity
    page: bool = False  # a query or scan page: asks for consumed capacity (as 1.8), logs its item count
    debug: Callable[[Request], str] | None = None


def _one(_: Request) -> float:
    return 1.0


def _page(request: Request) -> float:
    return float(request.get("Limit") or 1)


def _entries(request: Request) -> float:
    return float(sum(len(entries) for entries in request["RequestItems"].values()))


def _keys(request: Request) -> float:
    return float(sum(len(entry["Keys"]) for entry in request["RequestItems"].values()))


def _key(request: Request) -> dict[str, Any]:
    return item_from_dynamo(request["Key"])


def _partition_key(request: Request) -> str | None:
    """The first attribute of the call's key (or item), as text: what 1.8 counts as the partition key."""
    attributes = request.get("Key") or request.get("Item")
    if not attributes:
        return None
    value = from_dynamo(next(iter(attributes.values())))
    return None if value is None else str(value)


def _index(request: Request) -> str:
    return f" (index={request['IndexName']})" if request.get("IndexName") else ""


def _batch_table(request: Request) -> str:
    return next(iter(request["RequestItems"]), "")


def _batch_write_text(request: Request) -> str:
    entries = [entry for batch in request["RequestItems"].values() for entry in batch]
    puts = sum(1 for entry in entries if "PutRequest" in entry)
    return f'Batch writing to "{_batch_table(request)}" ({puts} puts, {len(entries) - puts} deletes)'


_POLICIES: dict[str, _Policy] = {
    "get_item": _Policy(
        "get_item", units=_one, retried=True, partition=True, traced=True, logged=True,
        debug=lambda r: f'Getting item from "{r["TableName"]}" key={_key(r)}',
    ),
    "put_item": _Policy(
        "put_item", read=False, units=_one, retried=True, partition=True, traced=True, logged=True,
        debug=lambda r: f'Saving item to "{r["TableName"]}" pk={_partition_key(r)}',
    ),
    "delete_item": _Policy(
        "delete_item", read=False, units=_one, retried=True, partition=True, traced=True, logged=True,
        debug=lambda r: f'Deleting item from "{r["TableName"]}" key={_key(r)}',
    ),
    "update_item": _Policy(
        "update_item", read=False, units=_one, retried=True, partition=True, traced=True, logged=True,
        debug=lambda r: f'Updating item in "{r["TableName"]}" key={_key(r)}',
    ),
    "query": _Policy(
        "query", units=_page, traced=True, logged=True, page=True,
        debug=lambda r: f'Running query on "{r["TableName"]}"{_index(r)}',
    ),
    "scan": _Policy(
        "scan", units=_page, traced=True, logged=True, page=True,
        debug=lambda r: f'Running scan on "{r["TableName"]}"{_index(r)}',
    ),
    "batch_write_item": _Policy("batch_write", read=False, units=_entries, retried=True, debug=_batch_write_text),
    "batch_get_item": _Policy(
        "batch_get", units=_keys, retried=True,
        debug=lambda r: f'Batch getting from "{_batch_table(r)}" ({int(_keys(r))} keys)',
    ),
    "transact_write_items": _Policy(
        "transact_write", retried=True, debug=lambda r: f"Running transaction ({len(r['TransactItems'])} operations)"
    ),
    "transact_get_items": _Policy(
        "transact_get", retried=True, debug=lambda r: f"Transact getting ({len(r['TransactItems'])} keys)"
    ),
    "execute_statement": _Policy(
        "execute_statement", units=_one, logged=True, capacity=False,
        debug=lambda r: f"Executing: {r['Statement'][:50]}...",
    ),
    "search_vectors": _Policy("search_vectors", debug=lambda r: f'Searching vector index "{r["IndexName"]}"'),
    "create_table": _Policy("create_table", debug=lambda r: f'Creating table "{r["TableName"]}"'),
    "delete_table": _Policy("delete_table", debug=lambda r: f'Deleting table "{r["TableName"]}"'),
}  # fmt: skip
_UNOBSERVED = _Policy("")


def backoff(attempt: int) -> float:
    """Seconds to wait after throttled attempt number `attempt` (from 0)."""
    return min(FIRST_BACKOFF_SECONDS * 2**attempt, MAX_BACKOFF_SECONDS)


def send(client: DynamoDBClient, method: str, request: Request) -> tuple[dict[str, Any], float]:
    """`client._call(method, request)`, observed as 1.8 observes that operation."""
    policy = _POLICIES.get(method, _UNOBSERVED)
    if policy.page and "ReturnConsumedCapacity" not in request:
        request = {**request, "ReturnConsumedCapacity": "TOTAL"}
    limiter = client._rate_limit
    if limiter is None or not policy.retried:
        return _attempt(client, policy, method, request)
    for attempt in range(MAX_ATTEMPTS):
        try:
            return _attempt(client, policy, method, request)
        except ProvisionedThroughputExceededException:
            limiter._on_throttle()
            if attempt == MAX_ATTEMPTS - 1:
                raise
            time.sleep(backoff(attempt))
    raise AssertionError("unreachable")


def _attempt(client: DynamoDBClient, policy: _Policy, method: str, request: Request) -> tuple[dict[str, Any], float]:
    limiter = client._rate_limit
    if limiter is not None and policy.units is not None:
        (limiter._acquire_rcu if policy.read else limiter._acquire_wcu)(policy.units(request))
    detector = client._diagnostics
    if policy.partition and detector is not None:
        pk = _partition_key(request)
        if pk:
            (detector.record_read if policy.read else detector.record_write)(request["TableName"], pk)
    if policy.debug is not None and _logging.enabled(logging.DEBUG):
        _logging._log_debug(policy.name, policy.debug(request))
    if not policy.traced or _tracing._tracer is None:
        response, duration_ms = client._call(method, request)
    else:
        with _tracing.trace_operation(policy.name, request.get("TableName"), client.get_region()) as span:
            response, duration_ms = client._call(method, request)
            units = capacity(response)
            # No aws.request_id: 1.8 knows it only for vector searches.
            _tracing.add_response_attributes(
                span, consumed_rcu=units if policy.read else None, consumed_wcu=None if policy.read else units
            )
    if policy.logged:
        _report(policy, request, response, duration_ms)
    return response, duration_ms


def _report(policy: _Policy, request: Request, response: dict[str, Any], duration_ms: float) -> None:
    """The INFO line of a call, and the WARNING when it was slow."""
    if _logging.enabled(logging.INFO):
        units = capacity(response) if policy.capacity else None
        _logging._log_operation(
            policy.name,
            request.get("TableName") or request.get("Statement", "")[:50],
            duration_ms,
            consumed_rcu=units if policy.read else None,
            consumed_wcu=None if policy.read else units,
            items_count=response.get("Count") if policy.page else None,
        )
    if duration_ms > SLOW_MS:
        _logging._log_warning(policy.name, f"slow operation ({duration_ms:.1f}ms)")


@contextmanager
def whole(client: Any, name: str, table: str, debug: str) -> Iterator[Callable[[OperationMetrics], None]]:
    """Observe an operation of many calls (``count``, ``parallel_scan``) once: one Scan span, one INFO line.

    The block calls what this yields with the operation's metrics when it is done.
    """
    if _logging.enabled(logging.DEBUG):
        _logging._log_debug(name, debug)
    done: list[OperationMetrics] = []
    with _tracing.trace_operation("scan", table, client.get_region() if _tracing._tracer else None) as span:
        yield done.append
        if done:
            _tracing.add_response_attributes(span, consumed_rcu=done[0].consumed_rcu)
    if done and _logging.enabled(logging.INFO):
        _logging._log_operation(name, table, done[0].duration_ms, consumed_rcu=done[0].consumed_rcu)
