"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup.

A backup is a copy of its table as CreateBackup found it: the definition
(keys, indexes, billing, encryption) and the items. Stored items are never
mutated (see `fakedynamo.storage`), so the copy holds the same dicts and costs
one list per backup. Backups belong to the region and outlive their table.

Status on the engine clock: a backup is CREATING for the "backup" status
delay (`mock_dynamodb(status_delays={"backup": s})`, default 0) and
AVAILABLE after it; CreateBackup itself answers CREATING, as AWS does. A
restored table reports ``RestoreInProgress`` for the same delay. While a
backup is CREATING, deleting or restoring it is BackupInUseException. Deleting a table with PITR enabled
makes a SYSTEM backup of it (``<table>$DeletedTableBackup``), as AWS does.

`restore` (shared with point-in-time recovery, `fakedynamo.operations.pitr`)
makes the target table through CreateTable's own checks, with the request's
overrides applied, then loads the items.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.operations import operation
from fakedynamo.operations.capacity import PAY_PER_REQUEST, PROVISIONED
from fakedynamo.operations.create_table import check_create_table, create_table
from fakedynamo.operations.table_description import describe
from fakedynamo.region import Region
from fakedynamo.storage import Item, Table

BACKUP_TYPES_LISTED: dict[str, tuple[str, ...]] = {
    "USER": ("USER",), "SYSTEM": ("SYSTEM",), "AWS_BACKUP": ("AWS_BACKUP",), "ALL": ("USER", "SYSTEM", "AWS_BACKUP"),
}
SYSTEM_BACKUP_DAYS = 35  # how long DynamoDB keeps the backup of a deleted PITR table


def delay(region: Region, kind: str) -> float:
    """The status delay of `kind` ("backup", "export") configured on the engine; 0 without one."""
    transitions = region.engine.transitions
    return 0.0 if transitions is None else transitions.delays.get(kind, 0.0)


@dataclass
class Snapshot:
    """A table's definition and items at one moment: what a backup keeps and what PITR rebuilds."""

    definition: dict[str, Any]  # a CreateTable request without TableName
    items: list[tuple[Item, int]]  # (item, size in bytes)


@dataclass
class Backup:
    arn: str
    name: str
    table_name: str
    table_id: str
    table_arn: str
    created_at: float
    ready_at: float
    source: dict[str, Any]  # SourceTableDetails
    features: dict[str, Any]  # SourceTableFeatureDetails
    snapshot: Snapshot
    backup_type: str = "USER"
    expires_at: float | None = None  # SYSTEM backups only
    restoring_until: list[float] = field(default_factory=list)  # end times of restores from it

    def status(self, now: float) -> str:
        return "CREATING" if now < self.ready_at else "AVAILABLE"

    def details(self, now: float) -> dict[str, Any]:
        return {
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupSizeBytes": self.source["TableSizeBytes"],
            "BackupStatus": self.status(now),
            "BackupType": self.backup_type,
            "BackupCreationDateTime": self.created_at,
            **({} if self.expires_at is None else {"BackupExpiryDateTime": self.expires_at}),
        }

    def description(self, now: float) -> dict[str, Any]:
        return {
            "BackupDetails": self.details(now),
            "SourceTableDetails": copy.deepcopy(self.source),
            "SourceTableFeatureDetails": copy.deepcopy(self.features),
        }

    def summary(self, now: float) -> dict[str, Any]:
        details = self.details(now)
        return {
            "TableName": self.table_name,
            "TableId": self.table_id,
            "TableArn": self.table_arn,
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupCreationDateTime": self.created_at,
            "BackupStatus": details["BackupStatus"],
            "BackupType": self.backup_type,
            "BackupSizeBytes": details["BackupSizeBytes"],
            **({} if self.expires_at is None else {"BackupExpiryDateTime": self.expires_at}),
        }


# =====================================================================================
# CreateBackup
# =====================================================================================


@operation("CreateBackup")
def create_backup(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = find_table(region, request["TableName"])
    if table is None:
        raise table_not_found(request["TableName"])
    backup = _make_backup(region, table, request["BackupName"], "USER")
    details = backup.details(region.now())
    details["BackupStatus"] = "CREATING"  # AWS answers CREATING even for a backup that is quick
    return {"BackupDetails": details}


def system_backup(region: Region, table: Table) -> None:
    """The SYSTEM backup DynamoDB makes when a table with PITR enabled is deleted, kept 35 days."""
    backup = _make_backup(region, table, f"{table.name}$DeletedTableBackup", "SYSTEM")
    backup.expires_at = backup.created_at + SYSTEM_BACKUP_DAYS * 86400


def _make_backup(region: Region, table: Table, name: str, backup_type: str) -> Backup:
    now = region.now()
    millis = int(round(now * 1000))
    arn = f"{table.arn}/backup/{millis:014d}-{region.engine.new_uuid()[:8]}"
    backup = Backup(
        arn=arn,
        name=name,
        table_name=table.name,
        table_id=table.table_id,
        table_arn=table.arn,
        created_at=millis / 1000,
        ready_at=now + delay(region, "backup"),
        source=_source_details(table),
        features=_feature_details(region, table),
        snapshot=snapshot_of(table),
        backup_type=backup_type,
    )
    region.backups[arn] = backup
    return backup


def snapshot_of(table: Table) -> Snapshot:
    items, sizes = table.read_maps()
    return Snapshot(table_definition(table), [(item, sizes[key]) for key, item in items.items()])


def table_definition(table: Table) -> dict[str, Any]:
    """The CreateTable request (without TableName) that makes a table defined like `table`."""
    provisioned = table.billing_mode == PROVISIONED
    definition: dict[str, Any] = {
        "KeySchema": copy.deepcopy(table.definition["KeySchema"]),
        "AttributeDefinitions": copy.deepcopy(table.definition["AttributeDefinitions"]),
        "BillingMode": table.billing_mode,
    }
    if provisioned:
        definition["ProvisionedThroughput"] = _throughput(table.throughput.read, table.throughput.write)
    if table.on_demand:
        definition["OnDemandThroughput"] = dict(table.on_demand)
    if table.global_indexes:
        definition["GlobalSecondaryIndexes"] = []
        for index in table.global_indexes:
            spec: dict[str, Any] = {
                "IndexName": index.name,
                "KeySchema": copy.deepcopy(index.key_schema),
                "Projection": copy.deepcopy(index.projection),
            }
            if provisioned and index.throughput is not None:
                spec["ProvisionedThroughput"] = _throughput(index.throughput.read, index.throughput.write)
            if index.on_demand:
                spec["OnDemandThroughput"] = dict(index.on_demand)
            definition["GlobalSecondaryIndexes"].append(spec)
    if table.local_indexes:
        definition["LocalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": copy.deepcopy(i.key_schema), "Projection": copy.deepcopy(i.projection)}
            for i in table.local_indexes
        ]
    if table.sse is not None:
        definition["SSESpecification"] = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": table.sse["KMSMasterKeyArn"]}
    return definition


def _throughput(read: int, write: int) -> dict[str, int]:
    return {"ReadCapacityUnits": read, "WriteCapacityUnits": write}


def _source_details(table: Table) -> dict[str, Any]:
    details: dict[str, Any] = {
        "TableName": table.name,
        "TableId": table.table_id,
        "TableArn": table.arn,
        "TableSizeBytes": table.size_bytes,
        "KeySchema": copy.deepcopy(table.definition["KeySchema"]),
        "TableCreationDateTime": table.created_at,
        "ProvisionedThroughput": _throughput(table.throughput.read, table.throughput.write),
        "ItemCount": table.item_count,
        "BillingMode": table.billing_mode,
    }
    if table.on_demand:
        details["OnDemandThroughput"] = dict(table.on_demand)
    return details


def _feature_details(region: Region, table: Table) -> dict[str, Any]:
    features: dict[str, Any] = {}
    if table.local_indexes:
        features["LocalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": copy.deepcopy(i.key_schema), "Projection": copy.deepcopy(i.projection)}
            for i in table.local_indexes
        ]
    if table.global_indexes:
        features["GlobalSecondaryIndexes"] = [
            {
                "IndexName": i.name,
                "KeySchema": copy.deepcopy(i.key_schema),
                "Projection": copy.deepcopy(i.projection),
                "ProvisionedThroughput": _throughput(
                    i.throughput.read if i.throughput else 0, i.throughput.write if i.throughput else 0
                ),
            }
            for i in table.global_indexes
        ]
    if table.stream_view_type is not None:
        features["StreamDescription"] = {"StreamEnabled": True, "StreamViewType": table.stream_view_type}
    if table.ttl_attribute is not None:
        features["TimeToLiveDescription"] = {"TimeToLiveStatus": "ENABLED", "AttributeName": table.ttl_attribute}
    if table.sse is not None:
        features["SSEDescription"] = {"Status": "ENABLED", **table.sse}
    return features


# =====================================================================================
# DescribeBackup, DeleteBackup, ListBackups
# =====================================================================================


@operation("DescribeBackup")
def describe_backup(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    backup = _backup(region, request["BackupArn"])
    return {"BackupDescription": backup.description(region.now())}


@operation("DeleteBackup")
def delete_backup(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    backup = _backup(region, request["BackupArn"])
    now = region.now()
    _check_not_in_use(backup, now)
    del region.backups[backup.arn]
    description = backup.description(now)
    description["BackupDetails"]["BackupStatus"] = "DELETED"
    return {"BackupDescription": description}


@operation("ListBackups")
def list_backups(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    lower = request.get("TimeRangeLowerBound")
    upper = request.get("TimeRangeUpperBound")
    if lower is not None and upper is not None and lower > upper:
        # inferred wording: AWS refuses an inverted range, its message is not captured
        raise validation("TimeRangeUpperBound must be greater than or equal to TimeRangeLowerBound")
    name = request.get("TableName")
    if name is not None and name.startswith("arn:") and ":table/" in name:
        name = name.split(":table/", 1)[1]
    types = BACKUP_TYPES_LISTED[request.get("BackupType", "USER")]
    chosen = [
        b
        for b in sorted(region.backups.values(), key=lambda b: (b.created_at, b.arn))
        if (name is None or b.table_name == name)
        and b.backup_type in types
        and (lower is None or b.created_at >= lower)  # the lower bound is inclusive
        and (upper is None or b.created_at < upper)  # the upper bound is exclusive
    ]
    start = request.get("ExclusiveStartBackupArn")
    if start is not None:
        arns = [b.arn for b in chosen]
        if start in arns:
            chosen = chosen[arns.index(start) + 1 :]
        else:
            # inferred: a start key of no listed backup lists those created after it (AWS pages by time)
            started = region.backups.get(start)
            chosen = [b for b in chosen if started is not None and b.created_at > started.created_at]
    limit = request.get("Limit")
    response: dict[str, Any] = {}
    if limit is not None and len(chosen) > limit:
        chosen = chosen[:limit]
        response["LastEvaluatedBackupArn"] = chosen[-1].arn
    now = region.now()
    response["BackupSummaries"] = [b.summary(now) for b in chosen]
    return response


def _backup(region: Region, arn: str) -> Backup:
    backup = region.backups.get(arn)
    if backup is None:
        raise DynamoDBError("BackupNotFoundException", f"Backup not found: {arn}")  # moto's wording
    return backup


def _check_not_in_use(backup: Backup, now: float) -> None:
    if backup.status(now) == "CREATING":
        # inferred wording, after the API reference's description of BackupInUseException
        raise DynamoDBError("BackupInUseException", f"Backup is being created: {backup.arn}")
    if any(now < until for until in backup.restoring_until):
        raise DynamoDBError("BackupInUseException", f"Backup is being restored: {backup.arn}")  # inferred wording


# =====================================================================================
# RestoreTableFromBackup
# =====================================================================================


@operation("RestoreTableFromBackup")
def restore_table_from_backup(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    target = request["TargetTableName"]
    backup = _backup(region, request["BackupArn"])
    if target in region.tables:
        raise table_already_exists(target)
    now = region.now()
    if backup.status(now) == "CREATING":
        raise DynamoDBError("BackupInUseException", f"Backup is being created: {backup.arn}")  # inferred wording
    until = now + delay(region, "backup")
    summary = {"SourceBackupArn": backup.arn, "SourceTableArn": backup.table_arn, "RestoreDateTime": now}
    response = restore(region, target, backup.snapshot, request, summary, until)
    backup.restoring_until.append(until)
    return response


# -- the restore both kinds share ------------------------------------------------------


def restore(
    region: Region, target: str, snapshot: Snapshot, request: dict[str, Any], summary: dict[str, Any], until: float
) -> dict[str, Any]:
    """Make table `target` from `snapshot` with the request's overrides; the restore response.

    Validates the whole new definition (CreateTable's rules and messages)
    before anything is made, so a refused restore leaves nothing behind.
    """
    definition = _with_overrides(snapshot.definition, request)
    definition["TableName"] = target
    check_create_table(definition)
    create_table(region, definition)
    table = region.tables[target]
    for item, size in snapshot.items:
        table.put(table.key_of(item), item, size)
    table.restore_summary = {**summary, "_until": until}
    description = describe(region, table)
    description["TableStatus"] = "CREATING"
    description["RestoreSummary"] = {**summary, "RestoreInProgress": True}
    for index in description.get("GlobalSecondaryIndexes", ()):
        index["IndexStatus"] = "CREATING"
    return {"TableDescription": description}


def _with_overrides(source: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    definition = copy.deepcopy(source)
    mode = request.get("BillingModeOverride", definition["BillingMode"])
    if "GlobalSecondaryIndexOverride" in request:
        definition["GlobalSecondaryIndexes"] = copy.deepcopy(request["GlobalSecondaryIndexOverride"])
    if "LocalSecondaryIndexOverride" in request:
        definition["LocalSecondaryIndexes"] = copy.deepcopy(request["LocalSecondaryIndexOverride"])
    if "SSESpecificationOverride" in request:
        definition["SSESpecification"] = copy.deepcopy(request["SSESpecificationOverride"])
    if "VectorIndexOverride" in request:
        definition["VectorIndexes"] = copy.deepcopy(request["VectorIndexOverride"])
    if "OnDemandThroughputOverride" in request:
        definition["OnDemandThroughput"] = dict(request["OnDemandThroughputOverride"])
    override = request.get("ProvisionedThroughputOverride")
    definition["BillingMode"] = mode
    if mode == PAY_PER_REQUEST:
        definition.pop("ProvisionedThroughput", None)
        for index in definition.get("GlobalSecondaryIndexes") or ():
            index.pop("ProvisionedThroughput", None)
    else:
        if override is not None:
            definition["ProvisionedThroughput"] = dict(override)
        definition.pop("OnDemandThroughput", None)
        # inferred: indexes restored into provisioned mode without their own capacity take the table's
        for index in definition.get("GlobalSecondaryIndexes") or ():
            if "ProvisionedThroughput" not in index and "ProvisionedThroughput" in definition:
                index["ProvisionedThroughput"] = dict(definition["ProvisionedThroughput"])
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if member in definition and not definition[member]:
            del definition[member]
    # Only the attributes the new keys use are defined (CreateTable refuses unused definitions).
    used = {e["AttributeName"] for e in definition["KeySchema"]}
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for index in definition.get(member) or ():
            used.update(e["AttributeName"] for e in index.get("KeySchema") or ())
    definition["AttributeDefinitions"] = [d for d in definition["AttributeDefinitions"] if d["AttributeName"] in used]
    return definition


# -- shared lookups and errors -----------------------------------------------------------


def find_table(region: Region, name: str) -> Table | None:
    """The table `name` (or a table ARN of this region) names, or None."""
    if name.startswith("arn:") and ":table/" in name:
        name = name.split(":table/", 1)[1]
    return region.tables.get(name)


def table_not_found(name: str) -> DynamoDBError:
    return DynamoDBError("TableNotFoundException", f"Table not found: {name}")  # moto's wording


def table_already_exists(name: str) -> DynamoDBError:
    return DynamoDBError("TableAlreadyExistsException", f"Table already exists: {name}")  # moto's wording
