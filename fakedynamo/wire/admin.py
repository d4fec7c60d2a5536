"""The admin API and web console, under ``/_fakedynamo/`` on the DynamoDB port (AWS never uses that path).

    GET  /_fakedynamo/health                       status, version, tables per region, persistence, clock
    POST /_fakedynamo/reset[?region=R[&table=T]]   delete everything, one region's tables, or one table
    GET  /_fakedynamo/snapshot[?region=R[&table=T]] the tables and items as DynamoDB JSON lines
    POST /_fakedynamo/restore[?region=R]           replace everything with the snapshot in the body
    POST /_fakedynamo/load[?region=R[&table=T]]    add a snapshot's tables and items (or an AWS export data file's items to T)
    GET  /_fakedynamo/clock                        the engine's time
    POST /_fakedynamo/clock/advance?seconds=S      move the engine's clock (when the engine has `advance`)
    GET  /_fakedynamo/requests[?limit=N]           the server's recent requests, newest first
    GET  /_fakedynamo/api/tables                   every table: keys, indexes, item count, size (for the console)
    POST /_fakedynamo/api/call?region=R            {"operation": ..., "request": {...}} run as a DynamoDB request
    GET  /_fakedynamo/api/stream?region=R&table=T  a table's stream records, when the engine keeps them
    GET  /_fakedynamo/                             the web console (static files shipped in the package)
    ...  /_fakedynamo/faults, hostile, throttling, consumed, checkpoints: testing powers (admin_powers.py)

Answers are JSON (``{"error": ...}`` with a 4xx status for a bad request),
except the snapshot (``application/x-ndjson``) and the console's files.
"""

from __future__ import annotations

import json
import mimetypes
import os
import urllib.parse
from typing import Any, Callable

from fakedynamo import state
from fakedynamo.errors import DynamoDBError

PREFIX = "/_fakedynamo"
CONSOLE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "console")

Answer = tuple[int, dict[str, str], bytes]


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(server: Any, method: str, target: str, body: bytes, headers: Any = None) -> Answer:
    """Answer one admin or console request; `target` is the request's path and query."""
    if method == "POST" and headers is not None and _cross_site(headers):
        # A web page elsewhere must not reset or overwrite the data through the visitor's browser
        # (a form POST needs no CORS preflight). curl and SDKs send no Origin; the console sends its own.
        return _json(403, {"error": "cross-site admin requests are refused"})
    parsed = urllib.parse.urlsplit(target)
    if parsed.path == PREFIX and method == "GET":  # the console's relative links need the slash
        return 302, {"Location": PREFIX + "/"}, b""
    path = parsed.path[len(PREFIX):].rstrip("/") or "/"
    query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
    route = _ROUTES.get((method, path))
    try:
        if route is not None:
            return route(server, query, body)
        if method in ("GET", "HEAD") and (path == "/" or path.startswith("/console/")):
            return _static(path)
        known = any(p == path for _, p in _ROUTES)
        raise BadRequest(405 if known else 404, f"{'method not allowed' if known else 'no such admin path'}: {method} {parsed.path}")
    except BadRequest as error:
        return _json(error.status, {"error": str(error)})
    except state.LoadError as error:
        return _json(400, {"error": str(error)})
    except KeyError as error:
        return _json(404, {"error": error.args[0] if error.args else str(error)})


# -- routes ---------------------------------------------------------------------------


def _health(server: Any, query: dict[str, str], body: bytes) -> Answer:
    from fakedynamo import __version__

    engine = server.engine
    with engine.lock:
        regions = {name: sorted(region.tables) for name, region in sorted(engine.regions.items()) if region.tables}
    persistence = getattr(engine, "persistence", None)
    return _json(200, {
        "status": "ok",
        "version": __version__,
        "default_region": server.default_region,
        "tables": regions,
        "persistence": persistence.stats() if persistence is not None else None,
        "now": engine.now(),
        "clock_control": hasattr(engine, "advance"),
        "streams": _stream_reader(engine) is not None,
    })


def _reset(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, state.reset(server.engine, query.get("region"), query.get("table")))


def _snapshot(server: Any, query: dict[str, str], body: bytes) -> Answer:
    payload = "".join(state.snapshot_lines(server.engine, query.get("region"), query.get("table"))).encode("utf-8")
    return 200, {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": 'attachment; filename="fakedynamo-snapshot.jsonl"',
    }, payload


def _restore(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, state.restore(server.engine, body, query.get("region", server.default_region)))


def _load(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, state.load(server.engine, body, query.get("region", server.default_region), query.get("table")))


def _clock(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, {"now": server.engine.now(), "clock_control": hasattr(server.engine, "advance")})


def _advance(server: Any, query: dict[str, str], body: bytes) -> Answer:
    advance = getattr(server.engine, "advance", None)
    if advance is None:
        raise BadRequest(501, "this fakedynamo's engine has no clock control (Engine.advance)")
    try:
        seconds = float(query["seconds"])
    except (KeyError, ValueError):
        raise BadRequest(400, "give seconds=N, a number") from None
    return _json(200, {"now": advance(seconds)})


def _requests(server: Any, query: dict[str, str], body: bytes) -> Answer:
    log = getattr(server, "request_log", None)
    try:
        limit = int(query.get("limit", "100"))
    except ValueError:
        raise BadRequest(400, "limit must be a whole number") from None
    return _json(200, {"requests": log.recent(limit) if log is not None else []})


def _tables(server: Any, query: dict[str, str], body: bytes) -> Answer:
    engine = server.engine
    tables = []
    with engine.lock:
        for region_name, region in sorted(engine.regions.items()):
            for name in sorted(region.tables):
                described = engine.execute("DescribeTable", {"TableName": name}, region_name)["Table"]
                table = region.tables[name]
                tables.append({
                    "region": region_name,
                    "name": name,
                    "key_schema": described["KeySchema"],
                    "attribute_definitions": described["AttributeDefinitions"],
                    "indexes": [
                        {"name": i["IndexName"], "kind": kind, "key_schema": i["KeySchema"],
                         "projection": i["Projection"]["ProjectionType"]}
                        for kind, field in (("global", "GlobalSecondaryIndexes"), ("local", "LocalSecondaryIndexes"))
                        for i in described.get(field, [])
                    ],
                    "item_count": len(table),  # now, not DescribeTable's six-hourly figure
                    "size_bytes": _size(table),
                    "billing_mode": described.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED"),
                    "stream": described.get("StreamSpecification"),
                    "ttl_attribute": table.ttl_attribute,
                })
    return _json(200, {"tables": tables})


def _call(server: Any, query: dict[str, str], body: bytes) -> Answer:
    try:
        call = json.loads(body or b"{}")
        operation, request = call["operation"], call.get("request", {})
        if not isinstance(operation, str) or not isinstance(request, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise BadRequest(400, 'the body is {"operation": "Name", "request": {...}}') from None
    region = query.get("region", server.default_region)
    try:
        return _json(200, {"ok": True, "response": server.engine.execute(operation, request, region)})
    except DynamoDBError as error:
        return _json(200, {"ok": False, "error": {"code": error.code, "message": error.message}})


def _stream(server: Any, query: dict[str, str], body: bytes) -> Answer:
    reader = _stream_reader(server.engine)
    if reader is None:
        return _json(200, {"available": False, "records": [],
                           "note": "this fakedynamo keeps no stream records yet (streams are a later feature)"})
    region, table = query.get("region", server.default_region), query.get("table")
    if not table:
        raise BadRequest(400, "give table=NAME")
    return _json(200, {"available": True, "records": reader(region, table)})


def _stream_reader(engine: Any) -> Callable[[str, str], list[dict[str, Any]]] | None:
    """A reader of a table's stream records if the engine keeps them (the streams branch's `stream_records`)."""
    return getattr(engine, "stream_records", None)


_ROUTES: dict[tuple[str, str], Callable[[Any, dict[str, str], bytes], Answer]] = {
    ("GET", "/health"): _health,
    ("POST", "/reset"): _reset,
    ("GET", "/snapshot"): _snapshot,
    ("POST", "/restore"): _restore,
    ("POST", "/load"): _load,
    ("GET", "/clock"): _clock,
    ("POST", "/clock/advance"): _advance,
    ("GET", "/requests"): _requests,
    ("GET", "/api/tables"): _tables,
    ("POST", "/api/call"): _call,
    ("GET", "/api/stream"): _stream,
}


# -- the console's files ----------------------------------------------------------------


def _static(path: str) -> Answer:
    name = "index.html" if path == "/" else path[len("/console/"):]
    full = os.path.normpath(os.path.join(CONSOLE_DIR, name))
    if not full.startswith(CONSOLE_DIR + os.sep) or not os.path.isfile(full):
        raise BadRequest(404, f"no console file {name!r}")
    with open(full, "rb") as handle:
        payload = handle.read()
    kind = mimetypes.guess_type(full)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("javascript"):
        kind += "; charset=utf-8"
    return 200, {"Content-Type": kind, "Cache-Control": "no-cache"}, payload


def _cross_site(headers: Any) -> bool:
    origin = headers.get("Origin")
    if origin is None:
        return headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none")
    return urllib.parse.urlsplit(origin).netloc != headers.get("Host", "")


def _size(table: Any) -> int:
    size = getattr(table, "size_bytes", None)
    if isinstance(size, int):
        return size
    return int(getattr(table, "_size_bytes", 0))


def _json(status: int, value: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(value, ensure_ascii=False).encode("utf-8")


# Fault rules, hostile modes, throttling, capacity and checkpoints live in their own module.
from fakedynamo.wire import admin_powers  # noqa: E402 - it builds on this module's helpers

_ROUTES.update(admin_powers.ROUTES)
