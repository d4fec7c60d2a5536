"""CloudWatch Contributor Insights: UpdateContributorInsights, DescribeContributorInsights, ListContributorInsights.

Insights are per table and per global secondary index. Like tables, they
settle at once: Update answers the transition (ENABLING, DISABLING) and the
next Describe the result. DynamoDB creates CloudWatch rules named
DynamoDBContributorInsights-{PKC,PKT,SKC,SKT}-{table}[-{index}]-{epoch ms}
(Developer Guide, "Contributor Insights"); THROTTLED_KEYS mode keeps only the
throttled-key (T) rules, and the sort-key (S) rules exist only for a resource
with a sort key. Re-enabling with another mode changes the mode; an ENABLE
without one reverts to ACCESSED_AND_THROTTLED_KEYS (ack-api-quirks DDB-TABLE-092).
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import resource_not_found, validation
from fakedynamo.operations import operation
from fakedynamo.region import Region
from fakedynamo.storage import Table

EXTRA = "contributor_insights"  # Table.extras key: index name ("" for the table) -> _Insights
ALL_KEYS = "ACCESSED_AND_THROTTLED_KEYS"
THROTTLED_KEYS = "THROTTLED_KEYS"
DEFAULT_PAGE = 100  # inferred: ListContributorInsights' MaxResults maximum


class _Insights:
    __slots__ = ("enabled", "mode", "updated_at", "created_ms")

    def __init__(self, enabled: bool, mode: str, updated_at: float) -> None:
        self.enabled, self.mode, self.updated_at = enabled, mode, updated_at
        self.created_ms = int(updated_at * 1000)


def _resource(region: Region, request: dict[str, Any]) -> tuple[Table, str]:
    table = region.table(request["TableName"])
    index = request.get("IndexName", "")
    if index and table.index(index) is None:
        # inferred wording, following DynamoDB's other index-not-found messages
        raise resource_not_found(f"Requested resource not found: Index: {index} not found for Table: {table.name}")
    return table, index


def _rules(table: Table, index: str, insights: _Insights) -> list[str]:
    resource = f"{table.name}-{index}" if index else table.name
    secondary = table.index(index) if index else None
    has_sort_key = bool(secondary.range_keys) if secondary is not None else table.range_key is not None
    kinds = ["PKC", "PKT", "SKC", "SKT"] if has_sort_key else ["PKC", "PKT"]
    if insights.mode == THROTTLED_KEYS:
        kinds = [kind for kind in kinds if kind.endswith("T")]
    return [f"DynamoDBContributorInsights-{kind}-{resource}-{insights.created_ms}" for kind in kinds]


@operation("UpdateContributorInsights")
def update_contributor_insights(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, index = _resource(region, request)
    enable = request["ContributorInsightsAction"] == "ENABLE"
    every = table.extras.setdefault(EXTRA, {})
    current = every.get(index)
    mode = request.get("ContributorInsightsMode", ALL_KEYS)
    if enable:
        every[index] = _Insights(True, mode, region.now())
    elif current is not None and current.enabled:
        current.enabled, current.updated_at = False, region.now()
    response: dict[str, Any] = {"TableName": table.name}
    if index:
        response["IndexName"] = index
    response["ContributorInsightsStatus"] = "ENABLING" if enable else "DISABLING"
    response["ContributorInsightsMode"] = mode if enable else (current.mode if current else ALL_KEYS)
    return response


@operation("DescribeContributorInsights")
def describe_contributor_insights(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, index = _resource(region, request)
    insights = table.extras.get(EXTRA, {}).get(index)
    response: dict[str, Any] = {"TableName": table.name}
    if index:
        response["IndexName"] = index
    if insights is None or not insights.enabled:
        response["ContributorInsightsStatus"] = "DISABLED"
        if insights is not None:
            response["LastUpdateDateTime"] = insights.updated_at
        return response
    response["ContributorInsightsRuleList"] = _rules(table, index, insights)
    response["ContributorInsightsStatus"] = "ENABLED"
    response["LastUpdateDateTime"] = insights.updated_at
    response["ContributorInsightsMode"] = insights.mode
    return response


@operation("ListContributorInsights")
def list_contributor_insights(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    limit = request.get("MaxResults") or DEFAULT_PAGE
    if limit < 0:
        raise validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint")  # inferred
    if "TableName" in request:
        tables = [region.table(request["TableName"])]
    else:
        tables = [region.tables[name] for name in sorted(region.tables)]
    summaries: list[dict[str, Any]] = []
    for table in tables:
        # The table first, then its global indexes, each whether or not insights were ever enabled.
        for index in ["", *(i.name for i in table.global_indexes)]:
            insights = table.extras.get(EXTRA, {}).get(index)
            summary: dict[str, Any] = {"TableName": table.name}
            if index:
                summary["IndexName"] = index
            enabled = insights is not None and insights.enabled
            summary["ContributorInsightsStatus"] = "ENABLED" if enabled else "DISABLED"
            if enabled:
                summary["ContributorInsightsMode"] = insights.mode  # type: ignore[union-attr]
            summaries.append(summary)
    start = int(request["NextToken"]) if request.get("NextToken", "").isdigit() else 0
    page = summaries[start : start + limit]
    response: dict[str, Any] = {"ContributorInsightsSummaries": page}
    if start + limit < len(summaries):
        response["NextToken"] = str(start + limit)
    return response
