"""Global tables: UpdateTable's ReplicaUpdates (version 2019.11.21) and the 2017.11.29 operations.

A global table is a set of tables of the same name in regions of one engine,
kept identical by `fakedynamo.replication` (every write is applied to every
replica at once, under the engine lock: the last writer wins). Each member
table holds the same `GlobalTable` in its extras. The current version is
driven by UpdateTable (`ReplicaUpdates`, `GlobalTableWitnessUpdates`,
`MultiRegionConsistency`, `GlobalTableSettingsReplicationMode`,
`DisassociationProtectionEnabled`) and CreateTable's `GlobalTableSourceArn`;
the legacy version by Create/Describe/List/UpdateGlobalTable and the settings
and auto scaling operations. Replicas are ACTIVE at once, like tables; the
answers show them CREATING or DELETING.

Where no capture of DynamoDB's wording was found, a message is marked inferred.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from fakedynamo import replication
from fakedynamo.errors import DynamoDBError, invalid_parameter, resource_not_found, validation
from fakedynamo.operations import OPERATIONS, operation
from fakedynamo.region import Region
from fakedynamo.storage import Table

EXTRA = "global_table"  # Table.extras key: the GlobalTable the table belongs to
AUTOSCALING = "autoscaling"  # Table.extras key: the table's auto scaling settings
CURRENT_VERSION = "2019.11.21"
LEGACY_VERSION = "2017.11.29"
# The form of an AWS region name (as fakedynamo/wire/http.py reads them from signatures).
_REGION_FORM = re.compile(r"[a-z]{2,4}(?:-[a-z]+){1,3}-[0-9]{1,2}")
_AUTOSCALING_ROLE = (
    "arn:aws:iam::{account}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
    "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable"
)


class GlobalTable:
    """The replicas of one global table and its global settings."""

    def __init__(self, name: str, version: str, created_at: float) -> None:
        self.name = name
        self.version = version
        self.created_at = created_at
        self.members: dict[str, Table] = {}  # region name -> replica table
        self.witnesses: list[str] = []
        self.consistency = "EVENTUAL"
        self.overrides: dict[str, dict[str, Any]] = {}  # region name -> ReplicaUpdates.Update members

    def add(self, region_name: str, table: Table) -> None:
        self.members[region_name] = table
        table.extras[EXTRA] = self
        replication.link(list(self.members.values()))

    def remove(self, region_name: str) -> None:
        table = self.members.pop(region_name)
        table.extras.pop(EXTRA, None)
        table.replicas = None
        replication.link(list(self.members.values()))


    def __deepcopy__(self, memo: dict[int, Any]) -> GlobalTable:
        # A fork copies region by region: keep the member regions' names, and let
        # `relink_forked` point them at the fork's tables once every region is copied.
        twin = GlobalTable(self.name, self.version, self.created_at)
        twin.witnesses = list(self.witnesses)
        twin.consistency = self.consistency
        twin.overrides = copy.deepcopy(self.overrides, memo)
        twin.members = dict.fromkeys(self.members)  # type: ignore[arg-type]
        twin.original = self  # type: ignore[attr-defined]
        return twin


def relink_forked(regions: dict[str, Any]) -> None:
    """After a fork: one GlobalTable per original, its members the fork's tables, replicating to each other."""
    groups: dict[int, GlobalTable] = {}
    for region_name, region in regions.items():
        for table in region.tables.values():
            copied = table.extras.get(EXTRA)
            if copied is None or not hasattr(copied, "original"):
                continue
            group = groups.setdefault(id(copied.original), copied)
            group.members[region_name] = table
            table.extras[EXTRA] = group
    for group in groups.values():
        del group.original  # type: ignore[attr-defined]
        group.members = {name: table for name, table in group.members.items() if table is not None}
        replication.link(list(group.members.values()))


def group_of(table: Table) -> GlobalTable | None:
    return table.extras.get(EXTRA)


def _check_region_name(name: str) -> None:
    if not _REGION_FORM.fullmatch(name):
        raise invalid_parameter(f"Invalid region name: {name}")  # inferred wording


# -- DescribeTable ---------------------------------------------------------------------------


def describe(region: Region, table: Table, description: dict[str, Any]) -> None:
    group = group_of(table)
    if group is not None:
        description["GlobalTableVersion"] = group.version
        # The other replicas (inferred: DynamoDB lists the replicas in the other regions).
        description["Replicas"] = [
            _replica_description(name, other, group) for name, other in group.members.items() if name != region.name
        ]
        if group.witnesses:
            description["GlobalTableWitnesses"] = [{"RegionName": w, "WitnessStatus": "ACTIVE"} for w in group.witnesses]
        description["MultiRegionConsistency"] = group.consistency
    mode = table.extras.get("settings_replication_mode")
    if mode is not None:
        description["GlobalTableSettingsReplicationMode"] = mode
    if "disassociation_protection" in table.extras:
        description["DisassociationProtectionEnabled"] = table.extras["disassociation_protection"]


def _replica_description(region_name: str, table: Table, group: GlobalTable, status: str = "ACTIVE") -> dict[str, Any]:
    replica: dict[str, Any] = {"RegionName": region_name, "ReplicaStatus": status}
    if table.arn:
        replica["ReplicaArn"] = table.arn
    override = group.overrides.get(region_name, {})
    for member in ("ProvisionedThroughputOverride", "OnDemandThroughputOverride"):
        if member in override:
            replica[member] = dict(override[member])
    if table.sse is not None:
        replica["KMSMasterKeyId"] = table.sse["KMSMasterKeyArn"]
    if table.table_class is not None:
        replica["ReplicaTableClassSummary"] = {"TableClass": table.table_class}
    mode = table.extras.get("settings_replication_mode")
    if mode is not None:
        replica["GlobalTableSettingsReplicationMode"] = mode
    return replica


# -- CreateTable ------------------------------------------------------------------------------


def check_create(region: Region, request: dict[str, Any]) -> None:
    source = request.get("GlobalTableSourceArn")
    if source is not None:
        _source_table(region, source, request["TableName"])


def _source_table(region: Region, arn: str, name: str) -> tuple[str, Table]:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
        raise invalid_parameter(f"Invalid GlobalTableSourceArn: {arn}")  # inferred wording
    source_region = region.engine.regions.get(parts[3])
    table = source_region.tables.get(parts[5][len("table/") :]) if source_region is not None else None
    if table is None or parts[4] != region.account_id:
        raise resource_not_found(f"Requested resource not found: Table: {arn} not found")  # inferred wording
    if table.name != name or parts[3] == region.name:
        raise invalid_parameter("A replica must have the name of its source table and be in another region")  # inferred
    return parts[3], table


def apply_create(region: Region, table: Table, request: dict[str, Any]) -> None:
    if "GlobalTableSettingsReplicationMode" in request:
        table.extras["settings_replication_mode"] = request["GlobalTableSettingsReplicationMode"]
    source = request.get("GlobalTableSourceArn")
    if source is not None:
        source_region, source_table = _source_table(region, source, table.name)
        group = group_of(source_table)
        if group is None:
            group = GlobalTable(table.name, CURRENT_VERSION, region.now())
            group.add(source_region, source_table)
        replication.copy_items(source_table, table)
        group.add(region.name, table)


# -- UpdateTable ---------------------------------------------------------------------------------

UPDATE_MEMBERS = (
    "ReplicaUpdates",
    "GlobalTableWitnessUpdates",
    "MultiRegionConsistency",
    "GlobalTableSettingsReplicationMode",
    "DisassociationProtectionEnabled",
)


def update_table(region: Region, table: Table, request: dict[str, Any]) -> list[tuple[str, str]]:
    """Check, then apply, the global table members of an UpdateTable; return (region, status) to show."""
    group = group_of(table)
    creates, updates, deletes, disassociates = [], [], [], []
    for entry in request.get("ReplicaUpdates") or ():
        actions = [a for a in ("Create", "Update", "Delete", "Disassociate") if entry.get(a) is not None]
        if len(actions) != 1:
            raise invalid_parameter("Exactly one of Create, Update, Delete or Disassociate must be specified in ReplicaUpdates")  # inferred
        {"Create": creates, "Update": updates, "Delete": deletes, "Disassociate": disassociates}[actions[0]].append(
            entry[actions[0]]
        )
    members = dict(group.members) if group else {region.name: table}
    for create in creates:
        name = create["RegionName"]
        _check_region_name(name)
        if name in members:
            raise invalid_parameter(f"Failed to create a new replica of table with name: '{table.name}' because one or more replicas already existed as tables.")  # inferred
        target = region.engine.regions.get(name)
        if target is not None and table.name in target.tables:
            raise invalid_parameter(f"Failed to create a new replica of table with name: '{table.name}' because one or more replicas already existed as tables.")  # inferred
        members[name] = table
    if creates and table.billing_mode == "PROVISIONED" and not _write_autoscaled(table):
        raise validation("Table write capacity should either be Pay-Per-Request or AutoScaled.")
    if creates and table.stream_view_type not in (None, "NEW_AND_OLD_IMAGES"):
        raise invalid_parameter("Replication requires a stream with the NEW_AND_OLD_IMAGES view type")  # inferred wording
    for entry in (*updates, *deletes, *disassociates):
        name = entry["RegionName"]
        if group is None or name not in group.members:
            raise invalid_parameter(f"Update global table operation failed because one or more replicas were not part of the global table.")  # inferred
        if entry in deletes or entry in disassociates:
            if name == region.name:
                raise invalid_parameter("Cannot remove the replica in the region of the request; delete the table instead")  # inferred
    for entry in disassociates:
        if group is not None and group.members[entry["RegionName"]].extras.get("disassociation_protection"):
            raise validation("Replica cannot be disassociated as it is protected against disassociation")  # inferred
    witnesses = list(group.witnesses) if group else []
    for entry in request.get("GlobalTableWitnessUpdates") or ():
        if entry.get("Create"):
            _check_region_name(entry["Create"]["RegionName"])
            witnesses.append(entry["Create"]["RegionName"])
        elif entry.get("Delete"):
            if entry["Delete"]["RegionName"] not in witnesses:
                raise invalid_parameter(f"Witness not found in region: {entry['Delete']['RegionName']}")  # inferred
            witnesses.remove(entry["Delete"]["RegionName"])
    consistency = request.get("MultiRegionConsistency", group.consistency if group else "EVENTUAL")
    if group is not None and "MultiRegionConsistency" in request and consistency != group.consistency:
        raise invalid_parameter("MultiRegionConsistency can only be set when the global table is created")  # inferred
    remaining = len(members) - len(deletes) - len(disassociates)
    if consistency == "STRONG" and remaining > 1 and remaining + len(witnesses) != 3:
        raise invalid_parameter(
            "A global table with strong consistency must have three replicas, or two replicas and a witness"
        )  # inferred wording
    if witnesses and consistency != "STRONG":
        raise invalid_parameter("Witnesses are only supported for global tables with MultiRegionConsistency STRONG")  # inferred
    # -- every check passed: apply.
    for member in ("GlobalTableSettingsReplicationMode",):
        if member in request:
            table.extras["settings_replication_mode"] = request[member]
    if "DisassociationProtectionEnabled" in request:
        table.extras["disassociation_protection"] = request["DisassociationProtectionEnabled"]
    if group is None and (creates or witnesses):
        group = GlobalTable(table.name, CURRENT_VERSION, region.now())
        group.add(region.name, table)
    shown: list[tuple[str, str]] = []
    if group is None:
        return shown
    group.consistency = consistency
    group.witnesses = witnesses
    if creates and table.stream_view_type is None:
        _enable_stream(region, table)
    for create in creates:
        replica = _create_replica(region, table, create["RegionName"])
        group.add(create["RegionName"], replica)
        if create.get("ProvisionedThroughputOverride") or create.get("OnDemandThroughputOverride"):
            group.overrides[create["RegionName"]] = dict(create)
        shown.append((create["RegionName"], "CREATING"))
    for update in updates:
        group.overrides[update["RegionName"]] = {**group.overrides.get(update["RegionName"], {}), **update}
        shown.append((update["RegionName"], "UPDATING"))
    for delete in deletes:
        name = delete["RegionName"]
        replica = group.members[name]
        group.remove(name)
        region.engine.region(name).tables.pop(replica.name, None)
        shown.append((name, "DELETING"))
    for disassociate in disassociates:
        group.remove(disassociate["RegionName"])
    if len(group.members) == 1 and not group.witnesses:
        group.remove(region.name)  # a single table is no longer a global table
    return shown


def _write_autoscaled(table: Table) -> bool:
    write = table.extras.get(AUTOSCALING, {}).get("write")
    return bool(write) and not write.get("AutoScalingDisabled", False)


def _enable_stream(region: Region, table: Table) -> None:
    from fakedynamo import streams  # the one place streams start

    streams.enable(region, table, "NEW_AND_OLD_IMAGES")


def _create_replica(region: Region, source: Table, region_name: str) -> Table:
    """A table like `source` in `region_name`, holding its items."""
    from fakedynamo.operations.table_description import describe as describe_table

    described = describe_table(region, source)
    request: dict[str, Any] = {
        "TableName": source.name,
        "AttributeDefinitions": described["AttributeDefinitions"],
        "KeySchema": described["KeySchema"],
        "BillingMode": source.billing_mode,
    }
    if source.billing_mode == "PROVISIONED":
        request["ProvisionedThroughput"] = {
            "ReadCapacityUnits": source.throughput.read,
            "WriteCapacityUnits": source.throughput.write,
        }
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if kind in described:
            request[kind] = [_index_request(i, source.billing_mode, kind) for i in described[kind]]
    if source.stream_view_type is not None:
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": source.stream_view_type}
    if source.table_class is not None:
        request["TableClass"] = source.table_class
    if "VectorIndexes" in described:
        request["VectorIndexes"] = [
            {k: v for k, v in i.items() if k in ("IndexName", "VectorAttribute", "SearchSchema", "Projection", "Dimensions", "DistanceFunction")}
            for i in described["VectorIndexes"]
        ]
    target = region.engine.region(region_name)
    OPERATIONS["CreateTable"](target, request)
    replica = target.tables[source.name]
    replication.copy_items(source, replica)
    return replica


def _index_request(index: dict[str, Any], mode: str, kind: str) -> dict[str, Any]:
    request = {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
    if kind == "GlobalSecondaryIndexes" and mode == "PROVISIONED":
        throughput = index["ProvisionedThroughput"]
        request["ProvisionedThroughput"] = {
            "ReadCapacityUnits": throughput["ReadCapacityUnits"],
            "WriteCapacityUnits": throughput["WriteCapacityUnits"],
        }
    return request


def show_replica_changes(region: Region, table: Table, shown: list[tuple[str, str]], description: dict[str, Any]) -> None:
    """UpdateTable's answer: the replicas being created, updated or deleted, with their statuses."""
    if not shown:
        return
    replicas = {r["RegionName"]: r for r in description.get("Replicas", [])}
    group = group_of(table)
    for name, status in shown:
        if name in replicas:
            replicas[name]["ReplicaStatus"] = status
        else:
            replicas[name] = {"RegionName": name, "ReplicaStatus": status}
    description["Replicas"] = list(replicas.values())
    description["TableStatus"] = "UPDATING"
    if group is None:
        description.setdefault("GlobalTableVersion", CURRENT_VERSION)


def on_delete(region: Region, table: Table) -> None:
    """DeleteTable of a replica leaves the global table (the other replicas stay)."""
    group = group_of(table)
    if group is not None and region.name in group.members:
        group.remove(region.name)
        if len(group.members) == 1 and not group.witnesses:
            group.remove(next(iter(group.members)))


# =====================================================================================================
# Version 2017.11.29
# =====================================================================================================


def _global_table_not_found() -> DynamoDBError:
    return DynamoDBError("GlobalTableNotFoundException", "Global table not found")  # inferred wording


def _legacy_groups(region: Region) -> dict[str, GlobalTable]:
    groups: dict[str, GlobalTable] = {}
    for other in region.engine.regions.values():
        for table in other.tables.values():
            group = group_of(table)
            if group is not None and group.version == LEGACY_VERSION:
                groups[group.name] = group
    return groups


def _legacy_group(region: Region, name: str) -> GlobalTable:
    group = _legacy_groups(region).get(name)
    if group is None:
        raise _global_table_not_found()
    return group


def _global_description(region: Region, group: GlobalTable, status: str = "ACTIVE") -> dict[str, Any]:
    return {
        "ReplicationGroup": [{"RegionName": name} for name in sorted(group.members)],
        "GlobalTableArn": f"arn:aws:dynamodb::{region.account_id}:global-table/{group.name}",
        "CreationDateTime": group.created_at,
        "GlobalTableStatus": status,
        "GlobalTableName": group.name,
    }


def _legacy_member(region: Region, name: str, region_name: str) -> Table:
    """The table `name` in `region_name`, ready to join a 2017.11.29 global table."""
    other = region.engine.regions.get(region_name)
    table = other.tables.get(name) if other is not None else None
    if table is None:
        raise DynamoDBError("TableNotFoundException", f"Table: {name} not found in region: {region_name}")  # inferred
    if table.stream_view_type != "NEW_AND_OLD_IMAGES":
        raise invalid_parameter(
            f"Table: {name} in region: {region_name} must have DynamoDB Streams enabled with NEW_AND_OLD_IMAGES"
        )  # inferred wording
    if len(table):
        raise invalid_parameter(f"Table: {name} in region: {region_name} must be empty")  # inferred wording
    return table


@operation("CreateGlobalTable")
def create_global_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    name = request["GlobalTableName"]
    regions = [r["RegionName"] for r in request["ReplicationGroup"] if "RegionName" in r]
    if not regions:
        raise invalid_parameter("ReplicationGroup must name at least one region")  # inferred wording
    if name in _legacy_groups(region):
        raise DynamoDBError("GlobalTableAlreadyExistsException", "Global table with this name already exists")
    tables = {r: _legacy_member(region, name, r) for r in regions}
    if any(group_of(t) is not None for t in tables.values()):
        raise DynamoDBError("GlobalTableAlreadyExistsException", "Global table with this name already exists")
    group = GlobalTable(name, LEGACY_VERSION, region.now())
    for region_name, table in tables.items():
        group.add(region_name, table)
    return {"GlobalTableDescription": _global_description(region, group, "CREATING")}


@operation("DescribeGlobalTable")
def describe_global_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"GlobalTableDescription": _global_description(region, _legacy_group(region, request["GlobalTableName"]))}


@operation("ListGlobalTables")
def list_global_tables(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    wanted = request.get("RegionName")
    groups = [g for g in _legacy_groups(region).values() if wanted is None or wanted in g.members]
    groups.sort(key=lambda g: g.name)
    start = request.get("ExclusiveStartGlobalTableName")
    if start is not None:
        groups = [g for g in groups if g.name > start]
    limit = request.get("Limit", 100)
    page = groups[:limit]
    response: dict[str, Any] = {
        "GlobalTables": [
            {"GlobalTableName": g.name, "ReplicationGroup": [{"RegionName": r} for r in sorted(g.members)]} for g in page
        ]
    }
    if len(groups) > limit:
        response["LastEvaluatedGlobalTableName"] = page[-1].name
    return response


@operation("UpdateGlobalTable")
def update_global_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    group = _legacy_group(region, request["GlobalTableName"])
    joining: dict[str, Table] = {}
    leaving: list[str] = []
    for entry in request["ReplicaUpdates"]:
        if entry.get("Create"):
            name = entry["Create"]["RegionName"]
            if name in group.members or name in joining:
                raise DynamoDBError("ReplicaAlreadyExistsException", f"Replica already exists in region: {name}")  # inferred
            joining[name] = _legacy_member(region, group.name, name)
        elif entry.get("Delete"):
            name = entry["Delete"]["RegionName"]
            if name not in group.members or name in leaving:
                raise DynamoDBError("ReplicaNotFoundException", f"Replica not found in region: {name}")  # inferred
            leaving.append(name)
    for name, table in joining.items():
        group.add(name, table)
    for name in leaving:
        group.remove(name)  # the table itself stays, no longer replicated
    return {"GlobalTableDescription": _global_description(region, group, "UPDATING")}


# -- settings -----------------------------------------------------------------------------------------


def _settings(region: Region, group: GlobalTable) -> dict[str, Any]:
    replicas = []
    for region_name in sorted(group.members):
        table = group.members[region_name]
        scaling = table.extras.get(AUTOSCALING, {})
        settings: dict[str, Any] = {"RegionName": region_name, "ReplicaStatus": "ACTIVE"}
        settings["ReplicaBillingModeSummary"] = {"BillingMode": table.billing_mode}
        if table.last_switch_to_on_demand is not None:
            settings["ReplicaBillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = table.last_switch_to_on_demand
        settings["ReplicaProvisionedReadCapacityUnits"] = table.throughput.read
        if "read" in scaling:
            settings["ReplicaProvisionedReadCapacityAutoScalingSettings"] = scaling["read"]
        settings["ReplicaProvisionedWriteCapacityUnits"] = table.throughput.write
        if "write" in scaling:
            settings["ReplicaProvisionedWriteCapacityAutoScalingSettings"] = scaling["write"]
        indexes = []
        for index in table.global_indexes:
            entry: dict[str, Any] = {"IndexName": index.name, "IndexStatus": "ACTIVE"}
            if index.throughput is not None and table.billing_mode == "PROVISIONED":
                entry["ProvisionedReadCapacityUnits"] = index.throughput.read
                entry["ProvisionedWriteCapacityUnits"] = index.throughput.write
            indexes.append(entry)
        settings["ReplicaGlobalSecondaryIndexSettings"] = indexes
        replicas.append(settings)
    return {"GlobalTableName": group.name, "ReplicaSettings": replicas}


@operation("DescribeGlobalTableSettings")
def describe_global_table_settings(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return _settings(region, _legacy_group(region, request["GlobalTableName"]))


@operation("UpdateGlobalTableSettings")
def update_global_table_settings(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    group = _legacy_group(region, request["GlobalTableName"])
    tables = list(group.members.values())
    mode = request.get("GlobalTableBillingMode")
    for update in request.get("ReplicaSettingsUpdate") or ():
        if update["RegionName"] not in group.members:
            raise DynamoDBError("ReplicaNotFoundException", f"Replica not found in region: {update['RegionName']}")  # inferred
    for update in request.get("GlobalTableGlobalSecondaryIndexSettingsUpdate") or ():
        if tables[0].index(update["IndexName"]) is None:
            raise DynamoDBError("IndexNotFoundException", f"Index not found: {update['IndexName']}")  # inferred
    on_demand = (mode or tables[0].billing_mode) == "PAY_PER_REQUEST"
    if on_demand and (request.get("GlobalTableProvisionedWriteCapacityUnits") or request.get("ReplicaSettingsUpdate")):
        raise invalid_parameter("Provisioned capacity cannot be specified when BillingMode is PAY_PER_REQUEST")  # inferred
    now = region.now()
    for table in tables:
        if mode is not None and mode != table.billing_mode:
            table.billing_mode = mode
            if mode == "PAY_PER_REQUEST":
                table.last_switch_to_on_demand = now
        if "GlobalTableProvisionedWriteCapacityUnits" in request:
            table.throughput.write = request["GlobalTableProvisionedWriteCapacityUnits"]
        if "GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate" in request:
            _scaling(region, table)["write"] = _scaling_settings(
                region, request["GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate"]
            )
        for update in request.get("GlobalTableGlobalSecondaryIndexSettingsUpdate") or ():
            index = table.index(update["IndexName"])
            if index is not None and index.throughput is not None and "ProvisionedWriteCapacityUnits" in update:
                index.throughput.write = update["ProvisionedWriteCapacityUnits"]
    for update in request.get("ReplicaSettingsUpdate") or ():
        table = group.members[update["RegionName"]]
        if "ReplicaProvisionedReadCapacityUnits" in update:
            table.throughput.read = update["ReplicaProvisionedReadCapacityUnits"]
        for index_update in update.get("ReplicaGlobalSecondaryIndexSettingsUpdate") or ():
            index = table.index(index_update["IndexName"])
            if index is not None and index.throughput is not None and "ProvisionedReadCapacityUnits" in index_update:
                index.throughput.read = index_update["ProvisionedReadCapacityUnits"]
    return _settings(region, group)


# -- auto scaling -----------------------------------------------------------------------------------


def _scaling(region: Region, table: Table) -> dict[str, Any]:
    return table.extras.setdefault(AUTOSCALING, {})


def _scaling_settings(region: Region, update: dict[str, Any]) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "MinimumUnits": update.get("MinimumUnits", 1),
        "MaximumUnits": update.get("MaximumUnits", update.get("MinimumUnits", 1)),
        "AutoScalingDisabled": update.get("AutoScalingDisabled", False),
        "AutoScalingRoleArn": update.get("AutoScalingRoleArn") or _AUTOSCALING_ROLE.format(account=region.account_id),
    }
    if settings["MinimumUnits"] > settings["MaximumUnits"]:
        raise invalid_parameter("MinimumUnits must be less than or equal to MaximumUnits")  # inferred wording
    policy = update.get("ScalingPolicyUpdate")
    if policy is not None:
        settings["ScalingPolicies"] = [
            {
                "PolicyName": policy.get("PolicyName", "DynamoDBWriteCapacityUtilization"),
                "TargetTrackingScalingPolicyConfiguration": dict(policy["TargetTrackingScalingPolicyConfiguration"]),
            }
        ]
    return settings


def _autoscaling_description(region: Region, table: Table) -> dict[str, Any]:
    group = group_of(table)
    members = group.members if group is not None else {region.name: table}
    replicas = []
    for region_name in sorted(members):
        member = members[region_name]
        scaling = member.extras.get(AUTOSCALING, {})
        replica: dict[str, Any] = {"RegionName": region_name}
        indexes = []
        for index in member.global_indexes:
            entry: dict[str, Any] = {"IndexName": index.name, "IndexStatus": "ACTIVE"}
            index_scaling = scaling.get("indexes", {}).get(index.name, {})
            if "read" in index_scaling:
                entry["ProvisionedReadCapacityAutoScalingSettings"] = index_scaling["read"]
            if "write" in index_scaling:
                entry["ProvisionedWriteCapacityAutoScalingSettings"] = index_scaling["write"]
            indexes.append(entry)
        replica["GlobalSecondaryIndexes"] = indexes
        if "read" in scaling:
            replica["ReplicaProvisionedReadCapacityAutoScalingSettings"] = scaling["read"]
        if "write" in scaling:
            replica["ReplicaProvisionedWriteCapacityAutoScalingSettings"] = scaling["write"]
        replica["ReplicaStatus"] = "ACTIVE"
        replicas.append(replica)
    return {"TableName": table.name, "TableStatus": "ACTIVE", "Replicas": replicas}


@operation("DescribeTableReplicaAutoScaling")
def describe_table_replica_auto_scaling(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    return {"TableAutoScalingDescription": _autoscaling_description(region, table)}


@operation("UpdateTableReplicaAutoScaling")
def update_table_replica_auto_scaling(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    group = group_of(table)
    members = group.members if group is not None else {region.name: table}
    if table.billing_mode == "PAY_PER_REQUEST":
        raise invalid_parameter("Auto scaling cannot be configured for a table whose BillingMode is PAY_PER_REQUEST")  # inferred
    for update in request.get("GlobalSecondaryIndexUpdates") or ():
        if update.get("IndexName") is None or table.index(update["IndexName"]) is None:
            raise resource_not_found(f"Requested resource not found: Index: {update.get('IndexName')} not found")  # inferred
    for update in request.get("ReplicaUpdates") or ():
        if update["RegionName"] not in members:
            raise resource_not_found(f"Requested resource not found: Replica: {update['RegionName']} not found")  # inferred
    # Build every setting first (they check their own bounds), then store them.
    write = request.get("ProvisionedWriteCapacityAutoScalingUpdate")
    write_settings = _scaling_settings(region, write) if write is not None else None
    index_writes = {
        u["IndexName"]: _scaling_settings(region, u["ProvisionedWriteCapacityAutoScalingUpdate"])
        for u in request.get("GlobalSecondaryIndexUpdates") or ()
        if u.get("ProvisionedWriteCapacityAutoScalingUpdate")
    }
    reads = {}
    for update in request.get("ReplicaUpdates") or ():
        read = update.get("ReplicaProvisionedReadCapacityAutoScalingUpdate")
        index_reads = {
            u["IndexName"]: _scaling_settings(region, u["ProvisionedReadCapacityAutoScalingUpdate"])
            for u in update.get("ReplicaGlobalSecondaryIndexUpdates") or ()
            if u.get("IndexName") and u.get("ProvisionedReadCapacityAutoScalingUpdate")
        }
        reads[update["RegionName"]] = (_scaling_settings(region, read) if read else None, index_reads)
    for region_name, member in members.items():
        scaling = _scaling(region, member)
        if write_settings is not None:
            scaling["write"] = write_settings  # write capacity is the same in every replica
        for name, settings in index_writes.items():
            scaling.setdefault("indexes", {}).setdefault(name, {})["write"] = settings
        if region_name in reads:
            read_settings, index_reads = reads[region_name]
            if read_settings is not None:
                scaling["read"] = read_settings
            for name, settings in index_reads.items():
                scaling.setdefault("indexes", {}).setdefault(name, {})["read"] = settings
    description = _autoscaling_description(region, table)
    description["TableStatus"] = "UPDATING"
    return {"TableAutoScalingDescription": description}
