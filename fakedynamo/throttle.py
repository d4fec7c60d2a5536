"""Capacity that throttles (opt-in): token buckets per table and global secondary index, on the engine clock.

Provisioned tables and GSIs: a bucket per direction (read, write) refilled at
the provisioned units per second and holding up to 300 seconds of them, the
burst capacity the Developer Guide documents ("DynamoDB currently retains up
to five minutes (300 seconds) of unused read and write capacity"). Buckets
start full. A request is admitted while the buckets it draws on hold more
than zero units, then charged its exact consumed capacity (so a bucket may go
below zero, and the next request waits for the refill); inferred: DynamoDB
does not document its admission rule beyond "consumed capacity exceeds".

On-demand tables and GSIs with OnDemandThroughput maxima get a bucket of one
second at that rate; without a maximum they never throttle here.

Errors: ProvisionedThroughputExceededException with DynamoDB's table or GSI
message, ThrottlingException for an on-demand maximum; both with
ThrottlingReasons naming the resource.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError
from fakedynamo.faults import ON_DEMAND_MAXIMUM, PROVISIONED_INDEX, PROVISIONED_TABLE
from fakedynamo.targets import READS, TRANSACTIONS, WRITES, addressed, is_read, table_name

BURST_SECONDS = 300.0

# bucket key: (region, table, index or "", "read" | "write")
Bucket = list[float]  # [tokens, refilled at]


class Throttle:
    def __init__(self, burst_seconds: float = BURST_SECONDS) -> None:
        self.burst_seconds = burst_seconds
        self._buckets: dict[tuple[str, str, str, str], Bucket] = {}

    def admit(self, region: Any, operation: str, request: dict[str, Any], now: float) -> None:
        """Raise DynamoDB's throttling error if a bucket this request draws on is empty."""
        if region is None or not (operation in READS or operation in WRITES or operation in TRANSACTIONS
                                  or operation.endswith("Statement")):
            return
        direction = "read" if is_read(operation, request) else "write"
        for name in dict.fromkeys(t for t, _ in addressed(operation, request)):
            table = region.tables.get(name)
            if table is None:
                continue
            resources: list[Any] = [None]
            if direction == "read" and request.get("IndexName"):
                index = table.index(request["IndexName"])
                resources = [index] if index is not None and index.is_global else [None]
            elif direction == "write":
                resources += [index for index in table.global_indexes]
            for index in resources:
                bucket = self._bucket(region.name, table, index, direction, now)
                if bucket is not None and bucket[0] <= 0:
                    raise self._error(table, index, direction)

    def charge(self, region: Any, operation: str, request: dict[str, Any], capacity: Any, now: float) -> None:
        """Take a response's consumed capacity (INDEXES form) out of the buckets."""
        if region is None:
            return
        read = is_read(operation, request)
        for entry in capacity if isinstance(capacity, list) else (capacity,):
            table = region.tables.get(table_name(entry.get("TableName")))
            if table is None:
                continue
            own = entry.get("Table", entry)
            parts = [(None, own)]
            # Local indexes share the table's throughput.
            parts += [(None, units) for units in (entry.get("LocalSecondaryIndexes") or {}).values()]
            parts += [(table.index(name), units) for name, units in (entry.get("GlobalSecondaryIndexes") or {}).items()]
            for index, units in parts:
                for direction, amount in _split(units, read):
                    bucket = self._bucket(region.name, table, index, direction, now)
                    if bucket is not None:
                        bucket[0] -= amount

    def _bucket(self, region: str, table: Any, index: Any, direction: str, now: float) -> Bucket | None:
        rate, burst = self._limits(table, index, direction)
        if rate is None:
            return None
        key = (region, table.name, index.name if index is not None else "", direction)
        bucket = self._buckets.get(key)
        capacity = rate * burst
        if bucket is None:
            bucket = self._buckets[key] = [capacity, now]
        elif now > bucket[1]:
            bucket[0] = min(capacity, bucket[0] + (now - bucket[1]) * rate)
            bucket[1] = now
        return bucket

    def _limits(self, table: Any, index: Any, direction: str) -> tuple[float | None, float]:
        """(units per second, seconds the bucket holds) of a table or GSI; rate None when it does not throttle."""
        if table.billing_mode == "PAY_PER_REQUEST":
            maxima = (index.on_demand if index is not None else table.on_demand) or {}
            value = maxima.get("MaxReadRequestUnits" if direction == "read" else "MaxWriteRequestUnits")
            return (float(value), 1.0) if value is not None and value > 0 else (None, 0.0)
        throughput = index.throughput if index is not None else table.throughput
        if throughput is None:
            return None, 0.0
        rate = throughput.read if direction == "read" else throughput.write
        return (float(rate), self.burst_seconds) if rate else (None, 0.0)

    def _error(self, table: Any, index: Any, direction: str) -> DynamoDBError:
        resource = f"{table.arn}/index/{index.name}" if index is not None else table.arn
        kind = ("Index" if index is not None else "Table") + ("Read" if direction == "read" else "Write")
        if table.billing_mode == "PAY_PER_REQUEST":
            # ThrottlingException spells the member throttlingReasons (botocore's service model).
            return DynamoDBError("ThrottlingException", ON_DEMAND_MAXIMUM, throttlingReasons=[
                {"reason": f"{kind}MaxOnDemandThroughputExceeded", "resource": resource}])
        message = PROVISIONED_INDEX if index is not None else PROVISIONED_TABLE
        return DynamoDBError("ProvisionedThroughputExceededException", message, ThrottlingReasons=[
            {"reason": f"{kind}ProvisionedThroughputExceeded", "resource": resource}])

    def reset(self) -> None:
        self._buckets.clear()


def _split(units: dict[str, Any], read: bool) -> list[tuple[str, float]]:
    if "ReadCapacityUnits" in units or "WriteCapacityUnits" in units:
        return [("read", units.get("ReadCapacityUnits", 0.0)), ("write", units.get("WriteCapacityUnits", 0.0))]
    return [("read" if read else "write", units.get("CapacityUnits", 0.0))]
