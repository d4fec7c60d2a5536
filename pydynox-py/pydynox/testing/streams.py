"""Streams, TTL and the clock for pydynox tests: a thin layer over fakedynamo's public API.

``StreamTap(backend)`` (the ``pydynox_streams`` fixture) turns on a table's
stream, reads its records in Lambda's event shape, registers in-process
stream handlers and moves the clock of the backend's fake DynamoDB. Tables
a pydynox backend creates on first use have no stream; `enable` gives one
(the table is made first if no request has made it yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from fakedynamo import MockDynamoDB

    from pydynox.testing.memory import MemoryBackend


class StreamTap:
    """Stream records, handlers and time for the tables of one active MemoryBackend."""

    def __init__(self, backend: MemoryBackend) -> None:
        self._backend = backend

    @property
    def mock(self) -> MockDynamoDB:
        return self._backend.mock

    def enable(self, table: str, view_type: str = "NEW_AND_OLD_IMAGES") -> str:
        """Turn on `table`'s stream (UpdateTable, as an application would); return the stream ARN."""
        region = self._region_of(table)
        engine = self.mock.engine
        spec = {"StreamEnabled": True, "StreamViewType": view_type}
        response = engine.execute("UpdateTable", {"TableName": table, "StreamSpecification": spec}, region)
        return response["TableDescription"]["LatestStreamArn"]

    def enable_ttl(self, table: str, attribute: str) -> None:
        """Turn on TTL for `table` on `attribute`."""
        spec = {"Enabled": True, "AttributeName": attribute}
        self.mock.engine.execute("UpdateTimeToLive", {"TableName": table, "TimeToLiveSpecification": spec}, self._region_of(table))

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every record in `table`'s stream, oldest first, as a Lambda function receives them."""
        return self.mock.stream_records(table, region=self._region_of(table))

    def on(self, table: str, handler: Callable[..., Any] | None = None, **options: Any) -> Any:
        """Register a stream handler for `table` (see `MockDynamoDB.on_stream`)."""
        return self.mock.on_stream(table, handler, region=self._region_of(table), **options)

    def deliver(self, raise_errors: bool = True) -> int:
        return self.mock.deliver(raise_errors)

    def advance(self, seconds: float) -> float:
        """Move the fake's clock (TTL deletions and handlers follow); return the new now."""
        return self.mock.advance(seconds)

    def now(self) -> float:
        return self.mock.now()

    def _region_of(self, table: str) -> str:
        mock = self.mock
        for region in mock.regions():
            if table in mock.table_names(region):
                return region
        # Not made yet: a request against it makes it, from the models' definition.
        client = self._backend.client
        region = client.get_region()
        try:
            mock.engine.execute("DescribeTable", {"TableName": table}, region)
        except Exception:  # noqa: BLE001 - DescribeTable does not create; a read does
            mock.engine.execute("Scan", {"TableName": table, "Limit": 1}, region)
        return region
