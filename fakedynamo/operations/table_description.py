"""DescribeTable, and the TableDescription every control-plane operation answers with.

`describe` shows a table as DescribeTable does, as of now; CreateTable,
UpdateTable and DeleteTable start from it and show the change under way.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.operations import operation, table_hooks
from fakedynamo.operations.capacity import ON_DEMAND_WARM_THROUGHPUT, PAY_PER_REQUEST
from fakedynamo.operations.capacity_limits import decreases_today
from fakedynamo.region import Region
from fakedynamo.storage import SecondaryIndex, Table, Throughput


@operation("DescribeTable")
def describe_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"Table": describe(region, region.table(request["TableName"]))}


def describe(region: Region, table: Table) -> dict[str, Any]:
    """The TableDescription DescribeTable returns for `table`, as of now."""
    now = region.now()
    on_demand = table.billing_mode == PAY_PER_REQUEST
    description: dict[str, Any] = {
        "AttributeDefinitions": [dict(d) for d in table.definition["AttributeDefinitions"]],
        "TableName": table.name,
        "KeySchema": [dict(e) for e in table.definition["KeySchema"]],
        "TableStatus": "ACTIVE",
        "CreationDateTime": table.created_at,
        "ProvisionedThroughput": _throughput_description(table.throughput, on_demand, now),
        "TableSizeBytes": table.size_bytes,
        "ItemCount": table.item_count,
        "TableArn": table.arn,
        "TableId": table.table_id,
    }
    if table.last_switch_to_on_demand is not None:
        description["BillingModeSummary"] = {
            "BillingMode": table.billing_mode,
            "LastUpdateToPayPerRequestDateTime": table.last_switch_to_on_demand,
        }
    statistics = _index_statistics(table)
    if table.local_indexes:
        description["LocalSecondaryIndexes"] = [_local_index_description(i, statistics) for i in table.local_indexes]
    if table.global_indexes:
        description["GlobalSecondaryIndexes"] = [
            _global_index_description(i, statistics, on_demand, now) for i in table.global_indexes
        ]
    if table.stream_view_type is not None:
        description["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": table.stream_view_type}
    if table.stream_label is not None:
        description["LatestStreamLabel"] = table.stream_label
        description["LatestStreamArn"] = table.stream_arn
    if table.sse is not None:
        description["SSEDescription"] = {"Status": "ENABLED", **table.sse}
    if table.table_class is not None:
        description["TableClassSummary"] = _table_class_summary(table)
    if table.restore_summary is not None:
        summary = dict(table.restore_summary)  # see operations/backups.py: "_until" ends the restore
        summary["RestoreInProgress"] = now < summary.pop("_until")
        description["RestoreSummary"] = summary
    description["DeletionProtectionEnabled"] = table.deletion_protection
    if table.on_demand:
        description["OnDemandThroughput"] = dict(table.on_demand)
    description["WarmThroughput"] = _warm_description(table.warm)
    if table.extras:
        table_hooks.describe(region, table, description)
    return description


def _throughput_description(throughput: Throughput, on_demand: bool, now: float) -> dict[str, Any]:
    description: dict[str, Any] = {}
    if throughput.last_increase is not None:
        description["LastIncreaseDateTime"] = throughput.last_increase
    if throughput.last_decrease is not None:
        description["LastDecreaseDateTime"] = throughput.last_decrease
    description["NumberOfDecreasesToday"] = len(decreases_today(throughput, now))
    description["ReadCapacityUnits"] = 0 if on_demand else throughput.read
    description["WriteCapacityUnits"] = 0 if on_demand else throughput.write
    return description


def _warm_description(warm: tuple[int, int]) -> dict[str, Any]:
    return {"ReadUnitsPerSecond": warm[0], "WriteUnitsPerSecond": warm[1], "Status": "ACTIVE"}


def _table_class_summary(table: Table) -> dict[str, Any]:
    summary: dict[str, Any] = {"TableClass": table.table_class}
    if table.table_class_changed_at is not None:
        summary["LastUpdateDateTime"] = table.table_class_changed_at
    return summary


def _local_index_description(index: SecondaryIndex, statistics: dict[str, list[int]]) -> dict[str, Any]:
    count, size = statistics[index.name]
    return {
        "IndexName": index.name,
        "KeySchema": [dict(e) for e in index.key_schema],
        "Projection": _copy_projection(index.projection),
        "IndexSizeBytes": size,
        "ItemCount": count,
        "IndexArn": index.arn,
    }


def _global_index_description(
    index: SecondaryIndex, statistics: dict[str, list[int]], on_demand: bool, now: float
) -> dict[str, Any]:
    count, size = statistics[index.name]
    description: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": [dict(e) for e in index.key_schema],
        "Projection": _copy_projection(index.projection),
        "IndexStatus": "ACTIVE",
        "ProvisionedThroughput": _throughput_description(index.throughput or Throughput(), on_demand, now),
        "IndexSizeBytes": size,
        "ItemCount": count,
        "IndexArn": index.arn,
    }
    if index.on_demand:
        description["OnDemandThroughput"] = dict(index.on_demand)
    description["WarmThroughput"] = _warm_description(index.warm or ON_DEMAND_WARM_THROUGHPUT)
    return description


def _copy_projection(projection: dict[str, Any]) -> dict[str, Any]:
    copy = dict(projection)
    if "NonKeyAttributes" in copy:
        copy["NonKeyAttributes"] = list(copy["NonKeyAttributes"])
    return copy


def _index_statistics(table: Table) -> dict[str, list[int]]:
    """Index name -> [item count, size in bytes] of what each index holds (kept by storage, O(1))."""
    return {name: [count, size] for name, (count, size) in table.index_statistics().items()}
