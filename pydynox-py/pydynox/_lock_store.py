"""The lock table as one client sees it: protocol 1's row, its four requests, and per-client state.

A lease is the item ``{key, owner, version, lease_ms, protocol: 1}``. ``owner``
is the acquisition's identity (a UUID, kept for the whole hold); ``version``
changes on every renewal, so a contender that sees the same version for the
stored ``lease_ms`` knows the owner stopped renewing. Rows of another protocol
or malformed rows raise ValueError and are never taken over.

Requests go through a botocore client of the lock's own, made from the
DynamoDBClient's settings with SDK retries off (the lease retries within its
own deadlines) and socket timeouts no longer than one request may last; they
bypass the client's rate limiter, metrics and hooks, as 1.8's do.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from pydynox import _session
from pydynox._errors import translate
from pydynox._metrics import capacity
from pydynox.client import DynamoDBClient
from pydynox.exceptions import ConditionalCheckFailedException

__all__ = ["ClientLocks", "Contended", "LockTable", "Row", "client_locks", "lock_botocore"]

PROTOCOL = "1"
MIN_LEASE_MS, MAX_LEASE_MS = 100, 86_400_000
OBSERVATION_LIMIT = 4096


class Contended(Exception):
    """A lock condition failed: the row is not (or no longer) what this lease expected."""


@dataclass(frozen=True)
class Row:
    owner: str
    version: str
    lease_ms: int

    @property
    def lease(self) -> float:
        return self.lease_ms / 1000

    def item(self, key: str) -> dict[str, Any]:
        return {
            "key": {"S": key},
            "owner": {"S": self.owner},
            "version": {"S": self.version},
            "lease_ms": {"N": str(self.lease_ms)},
            "protocol": {"N": PROTOCOL},
        }

    @classmethod
    def parse(cls, item: dict[str, Any]) -> Row:
        """The row in a wire-format item; ValueError for another protocol or a malformed row."""
        invalid = ValueError("Invalid or unsupported distributed lock record")
        if item.get("protocol") != {"N": PROTOCOL}:
            raise invalid
        number = item.get("lease_ms", {}).get("N", "")
        lease_ms = int(number) if number.isascii() and number.isdigit() else 0
        owner, version = item.get("owner", {}).get("S"), item.get("version", {}).get("S")
        if not (MIN_LEASE_MS <= lease_ms <= MAX_LEASE_MS and owner and version):
            raise invalid
        return cls(owner, version, lease_ms)


class Observations:
    """When this client first saw each lock row (owner, version, lease) unchanged.

    A contender may take over only after seeing the same row for its stored
    lease; remembering when it was first seen lets repeated short attempts of
    one client add up. Clearing when full can only delay a takeover.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[Row, float]] = {}
        self._lock = threading.Lock()

    def observe(self, table: str, key: str, row: Row) -> float:
        """The monotonic time since which `row` has been seen unchanged."""
        with self._lock:
            seen = self._seen.get((table, key))
            if seen is not None and seen[0] == row:
                return seen[1]
            if len(self._seen) >= OBSERVATION_LIMIT:
                self._seen.clear()
            since = time.monotonic()
            self._seen[(table, key)] = (row, since)
            return since

    def forget(self, table: str, key: str) -> None:
        with self._lock:
            self._seen.pop((table, key), None)


class ClientLocks:
    """What the leases of one DynamoDBClient share: the process that made it, and its observations."""

    def __init__(self, client: DynamoDBClient) -> None:
        self.pid: int = client._process_id
        self.observations = Observations()


# Lock botocore clients by settings: DynamoDBClients with the same settings share one, and its warm
# connections (a botocore client costs far more to make, and to call first, than 1.8's SDK client).
_botocore: dict[_session.ClientOptions, Any] = {}
_botocore_lock = threading.Lock()


def _forget_parent_botocore() -> None:
    global _botocore_lock
    _botocore.clear()  # a forked child must not share its parent's connections
    _botocore_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forget_parent_botocore)


def lock_botocore(client: DynamoDBClient, timeout: float) -> Any:
    """A retry-free botocore client with `client`'s settings, whose connect and read timeouts are `timeout`."""
    # The region the client's own botocore client uses (a memory backend's, for its client).
    options = dataclasses.replace(
        client._options, region=client._connect().meta.region_name, max_retries=1,
        connect_timeout=timeout, read_timeout=timeout,
    )  # fmt: skip
    with _botocore_lock:
        made = _botocore.get(options)
        if made is None:
            made = _botocore[options] = _session.create_client(options)
        return made


_by_client: weakref.WeakKeyDictionary[DynamoDBClient, ClientLocks] = weakref.WeakKeyDictionary()
_by_client_lock = threading.Lock()


def client_locks(client: Any) -> ClientLocks:
    """`client`'s lock state; TypeError for other objects, RuntimeError for a client made before a fork."""
    if not isinstance(client, DynamoDBClient):
        raise TypeError("Unsupported distributed lock client")
    if client._process_id != os.getpid():
        raise RuntimeError("Create the DynamoDB client after fork")
    with _by_client_lock:
        locks = _by_client.get(client)
        if locks is None:
            locks = _by_client[client] = ClientLocks(client)
        return locks


class LockTable:
    """Blocking requests on one lock row; each returns the capacity units DynamoDB reported."""

    def __init__(self, client: DynamoDBClient, table: str, key: str, timeout: float) -> None:
        self.client, self.locks = client, client_locks(client)
        self.table, self.key, self.timeout = table, key, timeout
        self._botocore: Any = None

    @property
    def connected(self) -> bool:
        return self._botocore is not None

    def connect(self) -> None:
        """Find or make the botocore client now, so that no request's time goes to making it."""
        if self._botocore is None:
            self._botocore = lock_botocore(self.client, self.timeout)

    def _call(self, method: str, request: dict[str, Any]) -> dict[str, Any]:
        request = {"TableName": self.table, "ReturnConsumedCapacity": "TOTAL", **request}
        try:
            self.connect()
            return getattr(self._botocore, method)(**request)  # type: ignore[no-any-return]
        except Exception as error:
            mapped = translate(error, self.table)
            if isinstance(mapped, ConditionalCheckFailedException):
                raise Contended() from None
            if mapped is error:
                raise
            raise mapped from error

    def _key(self) -> dict[str, Any]:
        return {"key": {"S": self.key}}

    def get(self) -> tuple[Row | None, float]:
        response = self._call("get_item", {"Key": self._key(), "ConsistentRead": True})
        item = response.get("Item")
        return (None if item is None else Row.parse(item)), capacity(response) or 0.0

    def put(self, row: Row, expected: Row | None) -> float:
        """Create the row where there is none, or take it over from `expected` (same owner and version)."""
        if expected is None:
            condition: dict[str, Any] = {
                "ConditionExpression": "attribute_not_exists(#key)", "ExpressionAttributeNames": {"#key": "key"},
            }  # fmt: skip
        else:
            condition = _matching(expected.owner, expected.version)
        return capacity(self._call("put_item", {"Item": row.item(self.key), **condition})) or 0.0

    def renew(self, old: Row, new: Row) -> float:
        """Move the row from `old`'s version to `new`'s, if it still has `old`'s owner and version."""
        condition = _matching(old.owner, old.version)
        condition["ExpressionAttributeValues"][":new"] = {"S": new.version}
        request = {"Key": self._key(), "UpdateExpression": "SET #version = :new", **condition}
        return capacity(self._call("update_item", request)) or 0.0

    def delete(self, owner: str) -> float:
        """Delete the row if `owner` still holds it (whatever its version)."""
        return capacity(self._call("delete_item", {"Key": self._key(), **_matching(owner)})) or 0.0


def _matching(owner: str, version: str | None = None) -> dict[str, Any]:
    """A condition that the row has `owner` (and `version`)."""
    names, values = {"#owner": "owner"}, {":owner": {"S": owner}}
    expression = "#owner = :owner"
    if version is not None:
        names["#version"], values[":version"] = "version", {"S": version}
        expression += " AND #version = :version"
    return {"ConditionExpression": expression, "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}
