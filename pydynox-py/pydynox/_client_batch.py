"""Batch and transaction operations of `DynamoDBClient`.

Batches are chunked (25 writes, 100 reads per request) and unprocessed
entries are sent again: at most 5 attempts per chunk, sleeping
``50 ms * 2**n`` before attempt n+1.
"""

from __future__ import annotations

from functools import partial

import time
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, item_to_dynamo, to_dynamo
from pydynox._requests import projection as build_projection
from pydynox.exceptions import PydynoxException

WRITE_CHUNK = 25
READ_CHUNK = 100
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 0.05
MAX_TRANSACTION_ITEMS = 100

_OPTIONAL = ("condition_expression", "expression_attribute_names", "expression_attribute_values")
_REQUIRED = {
    "put": ("table", "item"),
    "delete": ("table", "key"),
    "update": ("table", "key", "update_expression"),
    "condition_check": ("table", "key", "condition_expression"),
}
_TRANSACT_NAMES = {"put": "Put", "delete": "Delete", "update": "Update", "condition_check": "ConditionCheck"}


class BatchOperations:
    """Mixed into `DynamoDBClient`, which provides ``_send``."""

    _send: Any

    # -- batch write ---------------------------------------------------------------

    def sync_batch_write(
        self, table: str, put_items: list[dict[str, Any]] | None = None, delete_keys: list[dict[str, Any]] | None = None
    ) -> None:
        """Write many items and delete many keys in one table, 25 per request, retrying what is unprocessed."""
        requests = [{"PutRequest": {"Item": item_to_dynamo(item)}} for item in put_items or []]
        requests += [{"DeleteRequest": {"Key": item_to_dynamo(key)}} for key in delete_keys or []]
        for start in range(0, len(requests), WRITE_CHUNK):
            self._write_chunk(table, requests[start : start + WRITE_CHUNK])

    async def batch_write(
        self, table: str, put_items: list[dict[str, Any]] | None = None, delete_keys: list[dict[str, Any]] | None = None
    ) -> None:
        """Write many items and delete many keys in one table; see `sync_batch_write`."""
        await run_blocking(self.sync_batch_write, table, put_items, delete_keys)

    def _write_chunk(self, table: str, requests: list[dict[str, Any]]) -> None:
        pending: dict[str, list[dict[str, Any]]] = {table: requests}
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            # A resend of unprocessed items is part of the same call for the limiter and the logs (as 1.8).
            response, _ = self._send("batch_write_item", {"RequestItems": pending}, observed=not attempt)
            pending = {name: entries for name, entries in (response.get("UnprocessedItems") or {}).items() if entries}
            if not pending:
                return
        left = sum(len(entries) for entries in pending.values())
        raise PydynoxException(f"Failed to process {left} items after {MAX_ATTEMPTS} retries")

    # -- batch get -------------------------------------------------------------------

    def sync_batch_get(
        self, table: str, keys: list[dict[str, Any]], consistent_read: bool = False, projection: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """The items with these keys, 100 per request; missing keys are left out, order is not kept."""
        wire_keys = [item_to_dynamo(key) for key in keys]
        template: dict[str, Any] = {}
        if consistent_read:
            template["ConsistentRead"] = True
        if projection:
            template["ProjectionExpression"], template["ExpressionAttributeNames"] = build_projection(projection)
        items: list[dict[str, Any]] = []
        for start in range(0, len(wire_keys), READ_CHUNK):
            items.extend(self._read_chunk(table, {**template, "Keys": wire_keys[start : start + READ_CHUNK]}))
        return [item_from_dynamo(item) for item in items]

    async def batch_get(
        self, table: str, keys: list[dict[str, Any]], consistent_read: bool = False, projection: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """The items with these keys; see `sync_batch_get`."""
        return await run_blocking(self.sync_batch_get, table, keys, consistent_read, projection)

    def _read_chunk(self, table: str, request: dict[str, Any]) -> list[dict[str, Any]]:
        pending: dict[str, Any] = {table: request}
        found: list[dict[str, Any]] = []
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            response, _ = self._send("batch_get_item", {"RequestItems": pending}, observed=not attempt)
            found.extend((response.get("Responses") or {}).get(table) or [])
            pending = {
                name: entry for name, entry in (response.get("UnprocessedKeys") or {}).items() if entry.get("Keys")
            }
            if not pending:
                return found
        left = sum(len(entry["Keys"]) for entry in pending.values())
        raise PydynoxException(f"Failed to process {left} items after {MAX_ATTEMPTS} retries")

    # -- transactions -------------------------------------------------------------------

    def sync_transact_write(self, operations: list[dict[str, Any]], *, client_request_token: str | None = None) -> None:
        """Run up to 100 put/delete/update/condition_check operations atomically."""
        if not operations:
            return
        request: dict[str, Any] = {"TransactItems": transact_items(operations)}
        if client_request_token:
            request["ClientRequestToken"] = client_request_token
        self._send("transact_write_items", request)

    async def transact_write(self, operations: list[dict[str, Any]], *, client_request_token: str | None = None) -> None:
        """Run operations atomically; see `sync_transact_write`."""
        if not operations:
            return
        await run_blocking(partial(self.sync_transact_write, operations, client_request_token=client_request_token))

    def sync_transact_get(self, gets: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """Read up to 100 items atomically; one entry per get, None where the item is missing."""
        if not gets:
            return []
        response, _ = self._send("transact_get_items", {"TransactItems": transact_gets(gets)})
        return [
            item_from_dynamo(entry["Item"]) if entry.get("Item") else None for entry in response.get("Responses") or []
        ]

    async def transact_get(self, gets: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """Read items atomically; see `sync_transact_get`."""
        return await run_blocking(self.sync_transact_get, gets)


def transact_items(operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydynox's operation dicts as TransactWriteItems entries; ValueError for a bad one."""
    if len(operations) > MAX_TRANSACTION_ITEMS:
        raise ValueError(f"A transaction holds at most {MAX_TRANSACTION_ITEMS} operations, got {len(operations)}")
    items = []
    for operation in operations:
        kind = operation.get("type")
        required = _REQUIRED.get(kind)  # type: ignore[arg-type]
        if required is None:
            raise ValueError(f"Unknown transaction operation type: {kind!r}")
        missing = [name for name in required if operation.get(name) is None]
        if missing:
            raise ValueError(f"Transaction operation {kind!r} is missing: {', '.join(missing)}")
        entry: dict[str, Any] = {"TableName": operation["table"]}
        if kind == "put":
            entry["Item"] = item_to_dynamo(operation["item"])
        else:
            entry["Key"] = item_to_dynamo(operation["key"])
        if kind == "update":
            entry["UpdateExpression"] = operation["update_expression"]
        if operation.get("condition_expression"):
            entry["ConditionExpression"] = operation["condition_expression"]
        if operation.get("expression_attribute_names"):
            entry["ExpressionAttributeNames"] = operation["expression_attribute_names"]
        if operation.get("expression_attribute_values"):
            entry["ExpressionAttributeValues"] = {
                name: to_dynamo(value) for name, value in operation["expression_attribute_values"].items()
            }
        if operation.get("return_values_on_condition_check_failure"):
            entry["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        items.append({_TRANSACT_NAMES[kind]: entry})
    return items


def transact_gets(gets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(gets) > MAX_TRANSACTION_ITEMS:
        raise ValueError(f"A transaction holds at most {MAX_TRANSACTION_ITEMS} operations, got {len(gets)}")
    items = []
    for get in gets:
        if not get.get("table") or get.get("key") is None:
            raise ValueError("A transact_get entry needs 'table' and 'key'")
        entry: dict[str, Any] = {"TableName": get["table"], "Key": item_to_dynamo(get["key"])}
        if get.get("projection_expression"):
            entry["ProjectionExpression"] = get["projection_expression"]
        if get.get("expression_attribute_names"):
            entry["ExpressionAttributeNames"] = get["expression_attribute_names"]
        items.append({"Get": entry})
    return items
