"""The server's request log: one line per DynamoDB request, for a person (text) or a machine (JSON).

Each entry says when, which region, operation and table, the outcome (HTTP
status, and for a failure DynamoDB's error code and message, so a client's
mistake is readable without its JSON body), the capacity consumed and the
latency. The last `keep` entries stay in memory for the web console
(``GET /_fakedynamo/requests``); they are written to the ``fakedynamo.requests``
logger only when the server is verbose.

Capacity: when logging, requests that may ask for ReturnConsumedCapacity and
did not are run with ``TOTAL`` and the figure is removed from the response
again, so the client gets the answer it asked for and the log gets the cost.
"""

from __future__ import annotations

import collections
import datetime
import json
import logging
import itertools
import time
from typing import Any

from fakedynamo.errors import DynamoDBError

logger = logging.getLogger("fakedynamo.requests")

KEEP = 500


def _capacity_operations() -> frozenset[str]:
    import botocore.session

    model = botocore.session.get_session().get_service_model("dynamodb")
    return frozenset(
        name for name in model.operation_names
        if "ReturnConsumedCapacity" in model.operation_model(name).input_shape.members
    )


class RequestLog:
    """The recent requests of one server, and their log lines."""

    def __init__(self, verbose: bool = False, log_format: str = "text", keep: int = KEEP) -> None:
        if log_format not in ("text", "json"):
            raise ValueError("log_format is 'text' or 'json'")
        self.verbose = verbose
        self.log_format = log_format
        self.entries: collections.deque[tuple[Any, ...]] = collections.deque(maxlen=keep)
        self._capacity = _capacity_operations() if verbose else frozenset()
        self._numbers = itertools.count(1)

    def observe(self, engine: Any) -> Observed:
        return Observed(engine, self._capacity)

    def record(self, observed: Observed, region: str, status: int, started: float, client: str, payload: bytes) -> None:
        if status != 200 and observed.error_code is None:
            observed.refused_before_execution(status, payload)
        # Kept cheap, as it runs on every request: a tuple now, a dict when someone reads it;
        # no lock, as deque.append and next() are atomic.
        latency = time.perf_counter() - started
        entry = (next(self._numbers), time.time(), region, observed, status, latency, client)
        self.entries.append(entry)
        if self.verbose:
            if status >= 500:
                logger.error("%s", self.format(_as_dict(entry)))
            else:
                logger.info("%s", self.format(_as_dict(entry)))

    def recent(self, limit: int = KEEP) -> list[dict[str, Any]]:
        """The latest `limit` entries, newest first."""
        entries = list(self.entries)[-limit:][::-1] if limit > 0 else []
        return [_as_dict(entry) for entry in entries]

    def format(self, entry: dict[str, Any]) -> str:
        if self.log_format == "json":
            return json.dumps({k: v for k, v in entry.items() if k != "n"}, ensure_ascii=False, separators=(",", ":"))
        outcome = f"{entry['status']} OK" if entry["error"] is None else f"{entry['status']} {entry['error']}"
        if entry["message"]:
            outcome += f": {entry['message']}"
        capacity = "" if entry["capacity"] is None else f" {entry['capacity']:g} CU"
        return (
            f"{entry['time']} {entry['region']} {entry['operation'] or '-'} {entry['table'] or '-'}"
            f" -> {outcome}{capacity} {entry['latency_ms']:.2f} ms"
        )


def _as_dict(entry: tuple[Any, ...]) -> dict[str, Any]:
    number, moment, region, observed, status, latency, client = entry
    return {
        "n": number,
        "time": _iso(moment),
        "region": region,
        "operation": observed.operation,
        "table": observed.table(),
        "status": status,
        "error": observed.error_code,
        "message": observed.error_message,
        "capacity": observed.capacity,
        "latency_ms": round(latency * 1000, 3),
        "client": client,
    }


def _iso(moment: float) -> str:
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Observed:
    """Stands in for the engine in one `protocol.handle` call and remembers what happened."""

    __slots__ = ("_engine", "_capacity_ops", "operation", "request", "error_code", "error_message", "capacity")

    def __init__(self, engine: Any, capacity_ops: frozenset[str]) -> None:
        self._engine = engine
        self._capacity_ops = capacity_ops
        self.operation: str | None = None
        self.request: dict[str, Any] | None = None
        self.error_code: str | None = None
        self.error_message: str | None = None
        self.capacity: float | None = None

    def execute(self, operation: str, request: dict[str, Any], region: str) -> dict[str, Any]:
        self.operation, self.request = operation, request
        added = operation in self._capacity_ops and "ReturnConsumedCapacity" not in request
        try:
            response = self._engine.execute(
                operation, {**request, "ReturnConsumedCapacity": "TOTAL"} if added else request, region
            )
        except DynamoDBError as error:
            self.error_code, self.error_message = error.code, error.message
            raise
        except Exception as error:
            self.error_code, self.error_message = "InternalFailure", repr(error)
            raise
        consumed = response.get("ConsumedCapacity")
        if consumed is not None:
            units = [c.get("CapacityUnits", 0) for c in (consumed if isinstance(consumed, list) else [consumed])]
            self.capacity = float(sum(units))
            if added:
                response = {k: v for k, v in response.items() if k != "ConsumedCapacity"}
        return response

    def request_id(self) -> str:
        return self._engine.request_id()

    def refused_before_execution(self, status: int, payload: bytes) -> None:
        """The error of a request refused before the engine saw it (bad JSON, unknown target, ...)."""
        try:
            body = json.loads(payload)
            self.error_code = body["__type"].rsplit("#", 1)[-1]
            self.error_message = body.get("message") or body.get("Message")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.error_code = "UnknownOperationException" if status == 404 else f"HTTP{status}"

    def table(self) -> str | None:
        """The table(s) the request named: TableName, or the keys of a batch, or a transaction's tables."""
        request = self.request
        if not request:
            return None
        name = request.get("TableName")
        if isinstance(name, str):
            return name
        items = request.get("RequestItems")
        if isinstance(items, dict):
            return ",".join(items)
        transact = request.get("TransactItems")
        if isinstance(transact, list):
            names = []
            for entry in transact:
                for action in (entry.values() if isinstance(entry, dict) else ()):
                    table = action.get("TableName") if isinstance(action, dict) else None
                    if isinstance(table, str) and table not in names:
                        names.append(table)
            return ",".join(names) or None
        return None
