"""Tables that take time, opt-in: CREATING, UPDATING, DELETING and index backfills last a while on the clock.

By default the control plane is instant (CreateTable answers CREATING, and
DescribeTable says ACTIVE at once). With ``status_delays`` (seconds; one
number for all, or a dict with any of "create", "update", "delete", "index")
a change lasts that long on the engine's clock, and meanwhile DynamoDB's rules
apply:

- a CREATING table is described as CREATING (its indexes too) and listed,
  but is not yet there for items (ResourceNotFoundException "Requested
  resource not found", as AWS answers for several seconds), nor for another
  CreateTable (ResourceInUseException "Table already exists"), DeleteTable
  or UpdateTable ("Attempt to change a resource which is still in use: Table
  is being created: <name>");
- an UPDATING table serves items as usual, is described as UPDATING, and
  refuses another UpdateTable ("... Table is being updated: <name>",
  inferred after the CREATING wording);
- a new global index is CREATING with ``Backfilling: true`` for the "index"
  delay; DeleteTable meanwhile is refused ("... Cannot delete table while
  indexes are being created, updated, or deleted.");
- a DELETING table is described and listed as DELETING until it is gone;
  items, UpdateTable and a second DeleteTable find no table
  (ResourceNotFoundException), CreateTable of its name is ResourceInUse.

boto3's waiters (table_exists, table_not_exists) poll DescribeTable and
see these states. Transitions finish at the first control-plane request or
`Engine.advance` after their time: with a fixed clock a test moves time with
``advance``; with the wall clock the waiters' own polling finishes them.

The control-plane handlers are wrapped once (`install`): an engine without
delays goes straight to the original handler; item operations are never
wrapped, so the write path pays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from fakedynamo.errors import resource_in_use, resource_not_found
from fakedynamo.operations import OPERATIONS

if TYPE_CHECKING:
    from fakedynamo.engine import Engine
    from fakedynamo.region import Region
    from fakedynamo.storage import Table

# "backup": CreateBackup and restores; "export": exports, imports and bulk
# operations (read by fakedynamo.operations.backups, exports, imports, bulk).
KINDS = ("create", "update", "delete", "index", "backup", "export")
IN_USE = "Attempt to change a resource which is still in use: "


@dataclass
class Transitions:
    """The delays, and the changes under way per (region name, table name)."""

    delays: dict[str, float]
    creating: dict[tuple[str, str], tuple[Table, float]] = field(default_factory=dict)
    deleting: dict[tuple[str, str], tuple[Table, float]] = field(default_factory=dict)
    updating: dict[tuple[str, str], float] = field(default_factory=dict)
    backfilling: dict[tuple[str, str, str], float] = field(default_factory=dict)  # (region, table, index)

    def reset(self) -> None:
        """Forget every change under way (the engine forgot its tables)."""
        self.creating.clear()
        self.deleting.clear()
        self.updating.clear()
        self.backfilling.clear()

    def settle(self, engine: Engine) -> None:
        """Finish every change whose time has come."""
        now = engine.now()
        for where, (table, until) in list(self.creating.items()):
            if until <= now:
                del self.creating[where]
                engine.region(where[0]).tables[where[1]] = table
        for where, (_, until) in list(self.deleting.items()):
            if until <= now:
                del self.deleting[where]
        for where, until in list(self.updating.items()):
            if until <= now:
                del self.updating[where]
        for index, until in list(self.backfilling.items()):
            if until <= now:
                del self.backfilling[index]


def configure(engine: Engine, delays: float | dict[str, float] | None) -> None:
    """Give `engine` timed status transitions (None: instant, the default)."""
    if delays is None:
        engine.transitions = None
        return
    if isinstance(delays, (int, float)):
        delays = {kind: float(delays) for kind in KINDS}
    unknown = set(delays) - set(KINDS)
    if unknown:
        raise ValueError(f"status_delays takes {', '.join(KINDS)}, not {', '.join(sorted(unknown))}")
    if any(value < 0 for value in delays.values()):
        raise ValueError("status delays are seconds >= 0")
    install()
    engine.transitions = Transitions({kind: float(delays.get(kind, 0.0)) for kind in KINDS})


# -- the wrapped control plane ---------------------------------------------------------------

Handler = Callable[["Region", dict[str, Any]], dict[str, Any]]
_installed = False


def install() -> None:
    """Wrap the control-plane handlers once; engines without transitions pass straight through."""
    global _installed
    if _installed:
        return
    for name, wrapper in (
        ("CreateTable", _create_table),
        ("DescribeTable", _describe_table),
        ("DeleteTable", _delete_table),
        ("UpdateTable", _update_table),
        ("ListTables", _list_tables),
    ):
        OPERATIONS[name] = _wrap(OPERATIONS[name], wrapper)
    _installed = True


def _wrap(original: Handler, wrapper: Callable[..., dict[str, Any]]) -> Handler:
    def handler(region: Region, request: dict[str, Any]) -> dict[str, Any]:
        transitions = region.engine.transitions
        if transitions is None:
            return original(region, request)
        transitions.settle(region.engine)
        return wrapper(original, transitions, region, request)

    handler.__wrapped__ = original  # type: ignore[attr-defined]
    return handler


def _create_table(original: Handler, t: Transitions, region: Region, request: dict[str, Any]) -> dict[str, Any]:
    from fakedynamo.operations.create_table import check_create_table

    check_create_table(request)  # the request's own errors come first, as in CreateTable
    name = request["TableName"]
    if (region.name, name) in t.creating or (region.name, name) in t.deleting:
        raise resource_in_use(f"Table already exists: {name}")
    response = original(region, request)
    delay = t.delays["create"]
    if delay > 0:
        table = region.tables.pop(name)
        t.creating[(region.name, name)] = (table, region.now() + delay)
    return response


def _describe_table(original: Handler, t: Transitions, region: Region, request: dict[str, Any]) -> dict[str, Any]:
    from fakedynamo.operations.table_description import describe

    name = _name(request)
    pending = t.creating.get((region.name, name))
    if pending is not None:
        description = describe(region, pending[0])
        description["TableStatus"] = "CREATING"
        for index in description.get("GlobalSecondaryIndexes", ()):
            index["IndexStatus"] = "CREATING"
        return {"Table": description}
    gone = t.deleting.get((region.name, name))
    if gone is not None:
        description = describe(region, gone[0])
        description["TableStatus"] = "DELETING"
        return {"Table": description}
    response = original(region, request)
    _show_updates(t, region, response["Table"])
    return response


def _show_updates(t: Transitions, region: Region, description: dict[str, Any]) -> None:
    name = description["TableName"]
    if (region.name, name) in t.updating:
        description["TableStatus"] = "UPDATING"
    for index in description.get("GlobalSecondaryIndexes", ()):
        if (region.name, name, index["IndexName"]) in t.backfilling:
            index["IndexStatus"] = "CREATING"
            index["Backfilling"] = True


def _delete_table(original: Handler, t: Transitions, region: Region, request: dict[str, Any]) -> dict[str, Any]:
    name = _name(request)
    if (region.name, name) in t.creating:
        raise resource_in_use(f"{IN_USE}Table is being created: {name}")
    if (region.name, name) in t.deleting:
        raise resource_not_found(f"Requested resource not found: Table: {name} not found")
    if any(key[:2] == (region.name, name) for key in t.backfilling):
        raise resource_in_use(f"{IN_USE}Cannot delete table while indexes are being created, updated, or deleted.")
    table = region.tables.get(name)
    response = original(region, request)
    t.updating.pop((region.name, name), None)
    delay = t.delays["delete"]
    if delay > 0 and table is not None:
        t.deleting[(region.name, name)] = (table, region.now() + delay)
    return response


def _update_table(original: Handler, t: Transitions, region: Region, request: dict[str, Any]) -> dict[str, Any]:
    name = _name(request)
    if (region.name, name) in t.creating:
        raise resource_in_use(f"{IN_USE}Table is being created: {name}")
    if (region.name, name) in t.updating:
        raise resource_in_use(f"{IN_USE}Table is being updated: {name}")  # inferred wording
    response = original(region, request)
    description = response["TableDescription"]
    now = region.now()
    if description.get("TableStatus") == "UPDATING" and t.delays["update"] > 0:
        t.updating[(region.name, description["TableName"])] = now + t.delays["update"]
    if t.delays["index"] > 0:
        for create in (request.get("GlobalSecondaryIndexUpdates") or ()):
            if "Create" in create:
                key = (region.name, description["TableName"], create["Create"]["IndexName"])
                t.backfilling[key] = now + t.delays["index"]
    return response


def _list_tables(original: Handler, t: Transitions, region: Region, request: dict[str, Any]) -> dict[str, Any]:
    pending = [name for (where, name) in (*t.creating, *t.deleting) if where == region.name]
    if not pending:
        return original(region, request)
    # Tables under way are listed too: list them as if they were stored.
    shown = {name: region.tables.get(name) for name in pending}
    for name in pending:
        region.tables.setdefault(name, None)  # type: ignore[arg-type]
    try:
        return original(region, request)
    finally:
        for name, table in shown.items():
            if table is None:
                region.tables.pop(name, None)


def _name(request: dict[str, Any]) -> str:
    name = request.get("TableName", "")
    if name.startswith("arn:") and ":table/" in name:
        return name.split(":table/", 1)[1]
    return name
