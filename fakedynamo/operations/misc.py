"""Account-level reads: DescribeLimits and DescribeEndpoints."""

from __future__ import annotations

from typing import Any

from fakedynamo.region import Region
from fakedynamo.operations import operation


@operation("DescribeLimits")
def describe_limits(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    # The default quotas of an account, as AWS documents them.
    return {
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000,
    }


@operation("DescribeEndpoints")
def describe_endpoints(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"Endpoints": [{"Address": f"dynamodb.{region.name}.amazonaws.com", "CachePeriodInMinutes": 1440}]}
