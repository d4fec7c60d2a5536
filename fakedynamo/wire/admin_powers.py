"""The admin API's testing powers: fault rules, hostile modes, throttling, capacity, checkpoints (forks).

    GET  /_fakedynamo/faults                    the rules (with how often each matched and fired) and what fired
    POST /_fakedynamo/faults                    add a rule: {"error": ..., "operation": ..., "table": ..., "times": ...}
    POST /_fakedynamo/faults/clear              drop every rule
    GET  /_fakedynamo/hostile                   the adversarial modes
    POST /_fakedynamo/hostile                   set them: {"page_size": 1, "unprocessed": true, "stale_seconds": 1}
    POST /_fakedynamo/throttling?on=true|false  throttle from the capacity accounting (burst_seconds=300)
    GET  /_fakedynamo/consumed[?table=T[&index=I][&region=R]]  capacity consumed since metering began
    POST /_fakedynamo/consumed/reset            start metering afresh
    GET  /_fakedynamo/checkpoints               the saved checkpoints' names
    POST /_fakedynamo/checkpoints?name=N        save the state as a copy-on-write fork (O(tables))
    POST /_fakedynamo/checkpoints/restore?name=N  make the state a fresh fork of checkpoint N

A rule's fields are those of `fakedynamo.faults.FaultRules.add`.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from fakedynamo.budget import Meter
from fakedynamo.fork import adopt, fork_engine
from fakedynamo.powers import powers_of
from fakedynamo.throttle import BURST_SECONDS, Throttle
from fakedynamo.wire.admin import Answer, BadRequest, _json

_RULE_FIELDS = frozenset({"error", "operation", "table", "index", "key", "region", "message", "times", "after",
                          "nth", "probability", "reasons", "unprocessed"})


def _body(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        raise BadRequest(400, "the body must be a JSON object") from None
    if not isinstance(value, dict):
        raise BadRequest(400, "the body must be a JSON object")
    return value


def _refuse_partial_batches_if_persisted(server: Any) -> None:
    # The journal replays a request whole: a batch applied in part would come back applied in full.
    if getattr(server.engine, "persistence", None) is not None:
        raise BadRequest(409, "partial batches are not available on a server with a data directory")


def _faults(server: Any, query: dict[str, str], body: bytes) -> Answer:
    faults = powers_of(server.engine).faults
    with server.engine.lock:
        return _json(200, {"rules": [rule.describe() for rule in faults.rules], "history": list(faults.history)})


def _add_fault(server: Any, query: dict[str, str], body: bytes) -> Answer:
    fields = _body(body)
    unknown = sorted(set(fields) - _RULE_FIELDS)
    if unknown:
        raise BadRequest(400, f"unknown rule fields: {', '.join(unknown)}")
    if fields.get("unprocessed") is not None:
        _refuse_partial_batches_if_persisted(server)
    try:
        rule = powers_of(server.engine).faults.add(**fields)
    except (TypeError, ValueError) as error:
        raise BadRequest(400, str(error)) from None
    return _json(200, {"rule": rule.describe()})


def _clear_faults(server: Any, query: dict[str, str], body: bytes) -> Answer:
    faults = powers_of(server.engine).faults
    count = len(faults)
    faults.clear()
    return _json(200, {"cleared": count})


def _hostile(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, powers_of(server.engine).hostile.describe())


def _set_hostile(server: Any, query: dict[str, str], body: bytes) -> Answer:
    fields = _body(body)
    modes = powers_of(server.engine).hostile
    page_size, stale = fields.get("page_size"), fields.get("stale_seconds")
    if page_size is not None and (not isinstance(page_size, int) or isinstance(page_size, bool) or page_size < 1):
        raise BadRequest(400, "page_size is a whole number of items, at least 1, or null")
    if stale is not None and (not isinstance(stale, (int, float)) or isinstance(stale, bool) or stale <= 0):
        raise BadRequest(400, "stale_seconds is a positive number of seconds, or null")
    if fields.get("unprocessed"):
        _refuse_partial_batches_if_persisted(server)
    with server.engine.lock:
        modes.page_size = page_size
        modes.unprocessed = bool(fields.get("unprocessed", False))
        modes.stale_seconds = float(stale) if stale is not None else None
        if modes.stale_seconds is None:
            modes._previous.clear()
    return _json(200, modes.describe())


def _throttling(server: Any, query: dict[str, str], body: bytes) -> Answer:
    on = query.get("on", "true").lower() not in ("false", "0", "off", "no")
    try:
        burst = float(query.get("burst_seconds", BURST_SECONDS))
    except ValueError:
        raise BadRequest(400, "burst_seconds must be a number") from None
    powers = powers_of(server.engine)
    with server.engine.lock:
        powers.throttle = Throttle(burst) if on else None
    return _json(200, {"throttling": on, "burst_seconds": burst})


def _meter(server: Any) -> Meter:
    powers = powers_of(server.engine)
    with server.engine.lock:
        if powers.meter is None:
            powers.meter = Meter()
        return powers.meter


def _consumed(server: Any, query: dict[str, str], body: bytes) -> Answer:
    meter = _meter(server)
    with server.engine.lock:
        total = meter.consumed(query.get("table"), query.get("index"), query.get("region"))
        parts = {name: {"rcu": c.rcu, "wcu": c.wcu} for name, c in meter.by_table().items()}
    return _json(200, {"rcu": total.rcu, "wcu": total.wcu, "by_table": parts})


def _reset_consumed(server: Any, query: dict[str, str], body: bytes) -> Answer:
    meter = _meter(server)
    with server.engine.lock:
        meter.reset()
    return _json(200, {"rcu": 0.0, "wcu": 0.0})


def _saved(server: Any) -> dict[str, Any]:
    saved = server.__dict__.get("_fakedynamo_checkpoints")
    if saved is None:
        saved = server.__dict__["_fakedynamo_checkpoints"] = {}
    return saved


def _name(query: dict[str, str]) -> str:
    name = query.get("name")
    if not name:
        raise BadRequest(400, "give name=CHECKPOINT")
    return name


def _checkpoints(server: Any, query: dict[str, str], body: bytes) -> Answer:
    return _json(200, {"checkpoints": sorted(_saved(server))})


def _save_checkpoint(server: Any, query: dict[str, str], body: bytes) -> Answer:
    name = _name(query)
    try:
        _saved(server)[name] = fork_engine(server.engine)
    except RuntimeError as error:
        raise BadRequest(409, str(error)) from None
    return _json(200, {"saved": name})


def _restore_checkpoint(server: Any, query: dict[str, str], body: bytes) -> Answer:
    name = _name(query)
    saved = _saved(server).get(name)
    if saved is None:
        raise BadRequest(404, f"no checkpoint {name!r}")
    if getattr(server.engine, "persistence", None) is not None:
        raise BadRequest(409, "a persisted server restores snapshots (POST /_fakedynamo/restore), not checkpoints")
    adopt(server.engine, saved)
    return _json(200, {"restored": name})


ROUTES: dict[tuple[str, str], Callable[[Any, dict[str, str], bytes], Answer]] = {
    ("GET", "/faults"): _faults,
    ("POST", "/faults"): _add_fault,
    ("POST", "/faults/clear"): _clear_faults,
    ("GET", "/hostile"): _hostile,
    ("POST", "/hostile"): _set_hostile,
    ("POST", "/throttling"): _throttling,
    ("GET", "/consumed"): _consumed,
    ("POST", "/consumed/reset"): _reset_consumed,
    ("GET", "/checkpoints"): _checkpoints,
    ("POST", "/checkpoints"): _save_checkpoint,
    ("POST", "/checkpoints/restore"): _restore_checkpoint,
}
