"""`AdminClient`: a fakedynamo server's state, reached through its admin API from another process.

A server in a child process (``serve_dynamodb(child_process=True)``, the
pytest fixtures) or anywhere else (``fakedynamo serve``, a container) keeps its
state out of the test's reach. This client offers the inspection and
whole-state methods of `MockDynamoDB`, with the same names, arguments and
answers, over the admin API (`fakedynamo.wire.admin`)::

    admin = AdminClient("http://127.0.0.1:8000")
    admin.items("users")        # [{"pk": {"S": "u1"}, ...}], in Scan order
    admin.reset()

What needs the engine in the same process (activating a mock, stream
handlers, fault rules given as Python objects) is `MockDynamoDB`'s alone.
"""

from __future__ import annotations

import datetime
import http.client
import io
import json
import os
import urllib.parse
from typing import Any

from fakedynamo.engine import DEFAULT_REGION
from fakedynamo.state import LoadError, Source
from fakedynamo.wire.admin import PREFIX


class AdminError(RuntimeError):
    """An admin request the server refused: `status` is the HTTP status, the message the server's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class AdminClient:
    """The state of the fakedynamo server at `endpoint_url`, through its admin API."""

    def __init__(self, endpoint_url: str, timeout: float = 60.0) -> None:
        parts = urllib.parse.urlsplit(endpoint_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"not an http:// endpoint: {endpoint_url!r}")
        self.endpoint_url = endpoint_url
        self._host, self._port = parts.hostname, parts.port or 80
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"<AdminClient {self.endpoint_url}>"

    # -- the server -------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """The server's status: version, default region, tables per region, persistence, clock."""
        return self._json("GET", "/health")

    def requests(self, limit: int = 100) -> list[dict[str, Any]]:
        """The server's most recent DynamoDB requests, newest first."""
        return self._json("GET", "/requests", limit=limit)["requests"]

    # -- inspection (as MockDynamoDB's) -------------------------------------------------

    def regions(self) -> list[str]:
        """The regions that hold at least one table, sorted."""
        return sorted(self.health()["tables"])

    def table_names(self, region: str | None = None) -> list[str]:
        """The names of the tables in `region`, or in every region when it is None; sorted."""
        tables: dict[str, list[str]] = self.health()["tables"]
        if region is not None:
            return sorted(tables.get(region, []))
        return sorted({name for names in tables.values() for name in names})

    def items(self, table: str, region: str | None = None) -> list[dict[str, Any]]:
        """Every item of `table`, in DynamoDB's wire form, in Scan order.

        KeyError if there is no such table, ValueError if several regions have
        one and `region` does not say which (as `MockDynamoDB.items`).
        """
        sections: dict[str, list[dict[str, Any]]] = {}
        items: list[dict[str, Any]] = []
        for record in _records(self._request("GET", "/snapshot", region=region, table=table)):
            if "Table" in record:
                items = sections.setdefault(record["Table"]["Region"], [])
            else:
                items.append(record["Item"])
        if not sections:
            raise KeyError(f"no table {table!r} in {region or 'any region'}")
        if len(sections) > 1:
            raise ValueError(f"table {table!r} exists in several regions ({', '.join(sorted(sections))}); pass region=")
        return next(iter(sections.values()))

    def item_count(self, table: str, region: str | None = None) -> int:
        """How many items `table` holds now."""
        return len(self.items(table, region))

    # -- whole-state operations ----------------------------------------------------------

    def reset(self) -> None:
        """Delete every table in every region."""
        self._json("POST", "/reset")

    def snapshot(self, target: Any = None, region: str | None = None, table: str | None = None) -> str | None:
        """The tables and items (of `region`, or just `table`) as a DynamoDB JSON snapshot.

        Returns the text, or writes it to `target` (a path or file object) and returns None.
        """
        text = self._request("GET", "/snapshot", region=region, table=table).decode("utf-8")
        if target is None:
            return text
        if isinstance(target, (str, os.PathLike)):
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            target.write(text if isinstance(target, io.TextIOBase) else text.encode("utf-8"))
        return None

    def restore(self, source: Source, region: str = DEFAULT_REGION) -> dict[str, Any]:
        """Replace every table with those of a snapshot (a path, file object, bytes or {table: items})."""
        return self._json("POST", "/restore", _payload(source), region=region)

    def load(self, source: Source, region: str = DEFAULT_REGION, table: str | None = None) -> dict[str, Any]:
        """Add the tables and items of a snapshot, an AWS export data file (with `table`) or {table: items}."""
        return self._json("POST", "/load", _payload(source), region=region, table=table)

    # -- time -----------------------------------------------------------------------------

    def now(self) -> float:
        """The server's time in epoch seconds."""
        return float(self._json("GET", "/clock")["now"])

    def advance(self, seconds: float | datetime.timedelta = 0.0) -> float:
        """Move the server's clock forward and run what came due; return the new now."""
        if isinstance(seconds, datetime.timedelta):
            seconds = seconds.total_seconds()
        return float(self._json("POST", "/clock/advance", seconds=seconds)["now"])

    # -- HTTP -------------------------------------------------------------------------------

    def _json(self, method: str, path: str, body: bytes = b"", **query: Any) -> Any:
        return json.loads(self._request(method, path, body, **query))

    def _request(self, method: str, path: str, body: bytes = b"", **query: Any) -> bytes:
        # A connection per request: an admin call is rare next to the DynamoDB traffic, and
        # http.client (not urllib) never sends a loopback request through a configured proxy.
        target = PREFIX + path
        arguments = {name: value for name, value in query.items() if value is not None}
        if arguments:
            target += "?" + urllib.parse.urlencode(arguments)
        connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(method, target, body=body)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        if response.status >= 400:
            message = _error_message(payload)
            if response.status == 400 and path in ("/load", "/restore"):
                raise LoadError(message)  # what MockDynamoDB.load raises for the same file
            raise AdminError(response.status, message)
        return payload


def _payload(source: Source) -> bytes:
    """The bytes of a snapshot given as a path, file object, bytes or {table name: [items]}."""
    if isinstance(source, dict):
        lines = []
        for name, items in source.items():
            lines.append(json.dumps({"Use": name}))  # items for a table that exists
            lines.extend(json.dumps({"Item": item}) for item in items)
        return ("\n".join(lines) + "\n").encode("utf-8")
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    if isinstance(source, bytes):
        return source
    data = source.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _records(payload: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in payload.decode("utf-8").splitlines() if line.strip()]


def _error_message(payload: bytes) -> str:
    try:
        return str(json.loads(payload)["error"])
    except (ValueError, KeyError, TypeError):
        return payload.decode("utf-8", "replace")
