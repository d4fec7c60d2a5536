"""Time to live: UpdateTimeToLive and DescribeTimeToLive.

DynamoDB reports the settled status at once (ENABLED or DISABLED; it was not
seen in ENABLING or DISABLING), but refuses any further change to a table's
TTL for a while after one: about 31 minutes in 2026 measurements, though its
documentation says up to an hour. The content checks (already enabled,
already disabled, another attribute) come before that cooldown.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import validation
from fakedynamo.operations import operation
from fakedynamo.region import Region

# Measured against DynamoDB: a change refused 1811 s after the previous one,
# accepted 1871 s after it.
TTL_COOLDOWN_SECONDS = 31 * 60


@operation("UpdateTimeToLive")
def update_time_to_live(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    spec = request["TimeToLiveSpecification"]
    enabled, attribute = spec["Enabled"], spec["AttributeName"]
    current = table.ttl_attribute
    if enabled and current == attribute:
        raise validation("TimeToLive is already enabled")
    if not enabled and current is None:
        raise validation("TimeToLive is already disabled")
    if current is not None and current != attribute:
        raise validation(f"TimeToLive is active on a different AttributeName: current AttributeName is {current}")
    now = region.now()
    if table.ttl_changed_at is not None and now - table.ttl_changed_at < TTL_COOLDOWN_SECONDS:
        raise validation("Time to live has been modified multiple times within a fixed interval")
    table.ttl_attribute = attribute if enabled else None
    table.ttl_changed_at = now
    return {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}


@operation("DescribeTimeToLive")
def describe_time_to_live(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    if table.ttl_attribute is None:
        # A table whose TTL was disabled reads exactly like one that never had it.
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": table.ttl_attribute}}
