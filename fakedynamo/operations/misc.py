"""Account-level reads: DescribeLimits and DescribeEndpoints."""

from __future__ import annotations

from typing import Any

from fakedynamo.operations import operation
from fakedynamo.region import ACCOUNT_MAX_CAPACITY_UNITS, TABLE_MAX_CAPACITY_UNITS, Region


@operation("DescribeLimits")
def describe_limits(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    # The account's quotas (not what is left of them), which CreateTable and UpdateTable enforce.
    return {
        "AccountMaxReadCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "AccountMaxWriteCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "TableMaxReadCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
        "TableMaxWriteCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
    }


@operation("DescribeEndpoints")
def describe_endpoints(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"Endpoints": [{"Address": f"dynamodb.{region.name}.amazonaws.com", "CachePeriodInMinutes": 1440}]}
