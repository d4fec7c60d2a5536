"""What a request addresses: its tables, the index it reads, the keys or items it names.

Fault rules match on these, hostile modes and throttling use them to find the
storage a request will touch. Read before the operation validates the request,
so every lookup here tolerates a malformed body (the operation reports it).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

READS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"})
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})
BATCHES = frozenset({"BatchGetItem", "BatchWriteItem"})
TRANSACTIONS = frozenset({"TransactGetItems", "TransactWriteItems", "ExecuteTransaction"})
PARTIQL = frozenset({"ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"})

# The table a PartiQL statement names: SELECT ... FROM t, INSERT INTO t, UPDATE t, DELETE FROM t.
_STATEMENT_TABLE = re.compile(r'^\s*(?:SELECT\b.*?\bFROM|INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_.\-]+)"?', re.I | re.S)


def table_name(name: Any) -> str:
    """A TableName as rules name it: the name, also when the request gave the table's ARN."""
    if isinstance(name, str) and name.startswith("arn:") and ":table/" in name:
        return name.split(":table/", 1)[1].split("/", 1)[0]
    return name if isinstance(name, str) else ""


def addressed(operation: str, request: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(table name, key or item) for each item the request names, (table, None) for whole-table reads."""
    if operation == "PutItem":
        yield table_name(request.get("TableName")), _dict(request.get("Item"))
    elif operation in ("GetItem", "UpdateItem", "DeleteItem"):
        yield table_name(request.get("TableName")), _dict(request.get("Key"))
    elif operation == "BatchGetItem":
        for table, spec in _dict(request.get("RequestItems")).items():
            keys = _dict(spec).get("Keys") or [None]
            for key in keys:
                yield table_name(table), _dict(key) if key is not None else None
    elif operation == "BatchWriteItem":
        for table, writes in _dict(request.get("RequestItems")).items():
            for write in writes if isinstance(writes, list) else ():
                yield table_name(table), write_target(write)
    elif operation in ("TransactGetItems", "TransactWriteItems"):
        for action in request.get("TransactItems") or ():
            for body in _dict(action).values():
                body = _dict(body)
                yield table_name(body.get("TableName")), _dict(body.get("Key") or body.get("Item"))
    elif operation in PARTIQL:
        statements = request.get("Statements") or request.get("TransactStatements") or [request]
        for statement in statements:
            match = _STATEMENT_TABLE.match(str(_dict(statement).get("Statement", "")))
            if match:
                yield match.group(1), None
    elif "TableName" in request:
        yield table_name(request.get("TableName")), None


def is_read(operation: str, request: dict[str, Any]) -> bool:
    """Whether the request reads (its capacity is read capacity)."""
    if operation in READS:
        return True
    if operation in ("ExecuteStatement", "BatchExecuteStatement"):
        statements = request.get("Statements") or [request]
        return all(str(_dict(s).get("Statement", "")).lstrip()[:6].upper() == "SELECT" for s in statements)
    return False


def write_target(write: Any) -> dict[str, Any]:
    """The item of a PutRequest or the key of a DeleteRequest of a BatchWriteItem."""
    write = _dict(write)
    return _dict(_dict(write.get("PutRequest")).get("Item") or _dict(write.get("DeleteRequest")).get("Key"))


def key_matches(wanted: dict[str, Any], item: dict[str, Any] | None) -> bool:
    """Whether `item` (a key or a whole item) holds every attribute of `wanted` with its value."""
    return item is not None and all(item.get(name) == value for name, value in wanted.items())


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
