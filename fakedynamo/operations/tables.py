"""The control plane: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable.

Each operation checks its request in the order DynamoDB does and answers with
DynamoDB's messages, as captured against the service in 2026 (the ack-api-quirks
lab's DynamoDB findings and the paritysuite conformance suite; dynalite and
Dynoxide for the order of the checks). The generic constraints of the service
model (required members, lengths, ranges, enums, patterns) are checked before
a handler runs, by `fakedynamo.shapes`; the checks here are DynamoDB's own.

Tables become ACTIVE at once, so that boto3 waiters return immediately, but
every response shows what DynamoDB would show at that moment: CreateTable
answers CREATING, DeleteTable DELETING, UpdateTable UPDATING (with the old
throughput, as DynamoDB echoes it) while the next DescribeTable already
reports the result.
"""

from __future__ import annotations

import bisect
from typing import Any

from fakedynamo import streams
from fakedynamo.errors import (
    DynamoDBError,
    invalid_parameter,
    limit_exceeded,
    resource_in_use,
    resource_not_found,
    validation,
)
from fakedynamo.operations import operation, table_hooks
from fakedynamo.operations.capacity import (
    NO_THROUGHPUT_ON_DEMAND,
    ON_DEMAND_MEMBERS,
    ON_DEMAND_WARM_THROUGHPUT,
    PAY_PER_REQUEST,
    PROVISIONED,
    READ,
    WRITE,
    check_billing_mode,
    check_capacity_bounds,
    check_on_demand_at_create,
    check_on_demand_update,
    check_throughput_changes,
    check_warm_at_create,
    check_warm_not_lowered,
    index_throughput_on_demand,
    merged_on_demand,
    on_demand_members,
    raised_warm,
    warm_for,
    warm_members,
)
from fakedynamo.operations.capacity_limits import (
    check_account_capacity,
    check_budget_for,
    check_on_demand_limit,
    check_table_capacity,
    check_warm_limit,
    record_capacity_change,
)
from fakedynamo.operations.table_description import describe
from fakedynamo.operations.table_validation import (
    MAX_GLOBAL_INDEXES,
    check_definitions_used,
    check_global_indexes,
    check_global_key_schema,
    check_index_keys_defined,
    check_index_lists,
    check_index_names_unique,
    check_local_indexes,
    check_new_stream,
    check_projection,
    check_sse_specification,
    check_table_key_schema,
    defined_names,
    key_names,
    undefined_keys,
    wants_kms,
)
from fakedynamo.operations.tags import check_tag_limits, check_tags
from fakedynamo.region import Region
from fakedynamo.storage import SecondaryIndex, Table, Throughput

STANDARD = "STANDARD"


# =====================================================================================
# CreateTable
# =====================================================================================


@operation("CreateTable")
def create_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    check_create_table(request)
    name = request["TableName"]
    if name in region.tables:
        raise resource_in_use(f"Table already exists: {name}")
    table_hooks.check_create(region, request)
    _check_create_limits(region, request)
    table = _new_table(region, request)
    table_hooks.apply_create(region, table, request)
    region.tables[name] = table
    return {"TableDescription": _as_created(describe(region, table), request)}


def check_create_table(request: dict[str, Any]) -> None:
    """Every DynamoDB rule a CreateTable request must meet, in the order DynamoDB applies them."""
    key_schema = request["KeySchema"]
    definitions = request["AttributeDefinitions"]
    local_indexes = request.get("LocalSecondaryIndexes")
    global_indexes = request.get("GlobalSecondaryIndexes")
    mode = request.get("BillingMode", PROVISIONED)
    check_billing_mode(mode, request.get("ProvisionedThroughput"))
    defined = defined_names(definitions)
    check_table_key_schema(key_schema, defined)
    check_index_lists(local_indexes, global_indexes)
    check_index_keys_defined([*(local_indexes or ()), *(global_indexes or ())], defined)
    check_definitions_used(key_schema, local_indexes, global_indexes, defined)
    if local_indexes:
        check_local_indexes(local_indexes, key_schema)
    if global_indexes:
        check_global_indexes(global_indexes, mode)
    check_index_names_unique(local_indexes or [], global_indexes or [])
    check_new_stream(request.get("StreamSpecification"))
    check_sse_specification(request.get("SSESpecification"))
    _check_new_on_demand(request, mode)
    _check_new_warm_throughput(request, mode)
    if "Tags" in request:
        check_tags(request["Tags"])
        check_tag_limits({tag["Key"]: tag["Value"] for tag in request["Tags"]})


# -- billing, throughput, on-demand and warm throughput -------------------------------


def _check_new_on_demand(request: dict[str, Any], mode: str) -> None:
    check_on_demand_at_create(request.get("OnDemandThroughput") or {}, mode, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        check_on_demand_at_create(index.get("OnDemandThroughput") or {}, mode, index["IndexName"])


def _check_new_warm_throughput(request: dict[str, Any], mode: str) -> None:
    throughput = request.get("ProvisionedThroughput")
    check_warm_at_create(request.get("WarmThroughput") or {}, mode, throughput, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        warm = index.get("WarmThroughput") or {}
        check_warm_at_create(warm, mode, index.get("ProvisionedThroughput"), index["IndexName"])


# -- account and table limits ------------------------------------------------------------


def _check_create_limits(region: Region, request: dict[str, Any]) -> None:
    if request.get("BillingMode", PROVISIONED) == PROVISIONED:
        throughput = request["ProvisionedThroughput"]
        check_table_capacity(region, throughput, None)
        requested = [throughput[READ], throughput[WRITE]]
        for index in request.get("GlobalSecondaryIndexes") or ():
            check_table_capacity(region, index["ProvisionedThroughput"], index["IndexName"])
            requested[0] += index["ProvisionedThroughput"][READ]
            requested[1] += index["ProvisionedThroughput"][WRITE]
        check_account_capacity(region, requested, exclude=None)
    check_on_demand_limit(region, request.get("OnDemandThroughput") or {}, None)
    check_warm_limit(region, request.get("WarmThroughput") or {}, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        check_on_demand_limit(region, index.get("OnDemandThroughput") or {}, index["IndexName"])
        check_warm_limit(region, index.get("WarmThroughput") or {}, index["IndexName"])


# -- the new table ---------------------------------------------------------------------


def _new_table(region: Region, request: dict[str, Any]) -> Table:
    name, key_schema = request["TableName"], request["KeySchema"]
    types = {d["AttributeName"]: d["AttributeType"] for d in request["AttributeDefinitions"]}
    hash_key = key_schema[0]["AttributeName"]
    range_key = key_schema[1]["AttributeName"] if len(key_schema) == 2 else None
    table = Table(name, hash_key, types[hash_key], range_key, types[range_key] if range_key else None)
    now = region.now()
    table.arn = region.arn(f"table/{name}")
    table.table_id = region.engine.new_uuid()
    table.created_at = now
    mode = request.get("BillingMode", PROVISIONED)
    table.billing_mode = mode
    if mode == PAY_PER_REQUEST:
        table.last_switch_to_on_demand = now
        table.on_demand = on_demand_members(request.get("OnDemandThroughput") or {})
        table.warm = ON_DEMAND_WARM_THROUGHPUT
    else:
        throughput = request["ProvisionedThroughput"]
        table.throughput = Throughput(throughput[READ], throughput[WRITE])
        table.warm = (throughput[READ], throughput[WRITE])
    table.warm = raised_warm(table.warm, request.get("WarmThroughput") or {})
    global_indexes = [_new_global_index(table, spec, mode) for spec in request.get("GlobalSecondaryIndexes") or ()]
    local_indexes = [_new_index(table, spec, is_global=False) for spec in request.get("LocalSecondaryIndexes") or ()]
    table.set_schema(types, global_indexes, local_indexes)
    stream = request.get("StreamSpecification")
    if stream and stream["StreamEnabled"]:
        streams.enable(region, table, stream["StreamViewType"])
    sse = request.get("SSESpecification")
    if sse and wants_kms(sse):
        table.sse = {"SSEType": "KMS", "KMSMasterKeyArn": region.kms_key_arn(sse.get("KMSMasterKeyId"))}
    if request.get("TableClass", STANDARD) != STANDARD:
        table.table_class = request["TableClass"]
    table.deletion_protection = request.get("DeletionProtectionEnabled", False)
    table.tags = {tag["Key"]: tag["Value"] for tag in request.get("Tags") or ()}
    return table


def _new_index(table: Table, spec: dict, is_global: bool) -> SecondaryIndex:
    projection = {"ProjectionType": spec["Projection"]["ProjectionType"]}
    if "NonKeyAttributes" in spec["Projection"]:
        projection["NonKeyAttributes"] = sorted(spec["Projection"]["NonKeyAttributes"])
    return SecondaryIndex(
        name=spec["IndexName"],
        is_global=is_global,
        key_schema=[{"AttributeName": e["AttributeName"], "KeyType": e["KeyType"]} for e in spec["KeySchema"]],
        projection=projection,
        arn=f"{table.arn}/index/{spec['IndexName']}",
    )


def _new_global_index(table: Table, spec: dict, mode: str) -> SecondaryIndex:
    index = _new_index(table, spec, is_global=True)
    if mode == PAY_PER_REQUEST:
        index.throughput = Throughput()
        index.on_demand = on_demand_members(spec.get("OnDemandThroughput") or {})
        warm = ON_DEMAND_WARM_THROUGHPUT
    else:
        throughput = spec["ProvisionedThroughput"]
        index.throughput = Throughput(throughput[READ], throughput[WRITE])
        warm = (throughput[READ], throughput[WRITE])
    index.warm = raised_warm(warm, spec.get("WarmThroughput") or {})
    return index


def _as_created(description: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """What CreateTable answers: the table CREATING, without what DynamoDB only fills in once it is ACTIVE."""
    description["TableStatus"] = "CREATING"
    if "WarmThroughput" in request:
        description["WarmThroughput"]["Status"] = "UPDATING"
    else:
        del description["WarmThroughput"]
    summary = description.get("BillingModeSummary")
    if summary is not None:
        summary.pop("LastUpdateToPayPerRequestDateTime", None)
    for index in description.get("GlobalSecondaryIndexes", ()):
        index["IndexStatus"] = "CREATING"
        del index["WarmThroughput"]
    table_hooks.as_created(description)
    return description


# =====================================================================================
# DescribeTable, DeleteTable, ListTables
# =====================================================================================


@operation("DeleteTable")
def delete_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    if table.deletion_protection:
        raise validation(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first."
        )
    description = describe(region, table)
    description["TableStatus"] = "DELETING"
    # A deleting table is described without its schema, its creation time or its indexes (the API
    # reference's TableDescription: "If the table is in the DELETING state, no information about
    # indexes will be returned"; the CLI reference's DeleteTable example).
    for member in _NOT_DESCRIBED_WHILE_DELETING:
        description.pop(member, None)
    table_hooks.on_delete(region, table)
    if table.pitr is not None:
        from fakedynamo.operations.backups import system_backup  # (backups imports this module)

        system_backup(region, table)
    del region.tables[table.name]
    streams.table_deleted(region, table)
    return {"TableDescription": description}


_NOT_DESCRIBED_WHILE_DELETING = (
    "AttributeDefinitions", "KeySchema", "CreationDateTime", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
)


@operation("ListTables")
def list_tables(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    names = sorted(region.tables)
    start = request.get("ExclusiveStartTableName")
    first = 0 if start is None else bisect.bisect_right(names, start)
    limit = request.get("Limit", 100)
    page = names[first : first + limit]
    response: dict[str, Any] = {"TableNames": page}
    if first + limit < len(names):
        response["LastEvaluatedTableName"] = page[-1]
    return response


# =====================================================================================
# UpdateTable
# =====================================================================================

# The members that make an UpdateTable request do something, as DynamoDB lists
# them when a request has none (some of them belong to DynamoDB's internal model).
_UPDATE_MEMBERS_LISTED = (
    "ProvisionedThroughput",
    "BillingMode",
    "UpdateStreamEnabled",
    "GlobalSecondaryIndexUpdates",
    "SSESpecification",
    "ReplicaUpdates",
    "MultiAccountReplicaReady",
    "ReplicaTransitRoleArn",
    "MultiRegionConsistency",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
    "WarmThroughput",
    "TableClass",
)
_UPDATE_MEMBERS = (
    "ProvisionedThroughput",
    "BillingMode",
    "StreamSpecification",
    "GlobalSecondaryIndexUpdates",
    "SSESpecification",
    "ReplicaUpdates",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
    "WarmThroughput",
    "TableClass",
)
# Members that must be alone in a request, in the order DynamoDB names them.
_EXCLUSIVE_MEMBERS = (
    ("SSESpecification", "Server-Side Encryption modification must be the only operation in the request"),
    ("TableClass", "TableClass modification must be the only operation in the request"),
    ("DeletionProtectionEnabled", "DeletionProtection modification must be the only operation in the request"),
    ("WarmThroughput", "WarmThroughput must be the only operation in the request"),
)
# Changes that put the table in UPDATING (the others apply with the table ACTIVE).
_ASYNCHRONOUS_MEMBERS = ("BillingMode", "ProvisionedThroughput", "StreamSpecification", "TableClass")


@operation("UpdateTable")
def update_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    extended = table_hooks.update_table(region, request, _UPDATE_MEMBERS)
    if extended is not None:
        return extended
    members = _update_members(request)
    _check_update_combinations(request, members)
    _check_update_request(request)
    table = region.table(request["TableName"])
    update = _TableUpdate(region, table, request)
    update.apply()
    return {"TableDescription": update.response()}


def _update_members(request: dict[str, Any]) -> list[str]:
    """The members of an UpdateTable request that ask for a change; refuse a request with none."""
    members = [member for member in _UPDATE_MEMBERS if member in request]
    if request.get("GlobalSecondaryIndexUpdates") == [] and len(members) > 1:
        raise invalid_parameter("List of GlobalSecondaryIndexUpdates is empty")
    empty = [m for m in members if request[m] in ([], {})]
    effective = [member for member in members if member not in empty]
    if effective:
        return effective
    if "WarmThroughput" in empty or "OnDemandThroughput" in empty:
        # DynamoDB fails this shape with an internal error and no message.
        raise DynamoDBError("InternalFailure")
    # The list leaves out what the request sent (an empty list counts as not sent).
    listed = [m for m in _UPDATE_MEMBERS_LISTED if request.get(m) in (None, [])]
    raise validation(f"At least one of {', '.join(listed[:-1])} or {listed[-1]} is required")


def _check_update_combinations(request: dict[str, Any], members: list[str]) -> None:
    """UpdateTable makes one kind of change per call; refuse the combinations DynamoDB refuses."""
    index_actions = {action for entry in request.get("GlobalSecondaryIndexUpdates") or () for action in entry}
    for member, message in _EXCLUSIVE_MEMBERS:
        if member == "WarmThroughput" and "Create" in index_actions and member in members:
            raise invalid_parameter("Create global secondary index cannot be specified when updating WarmThroughput")
        if member in members and len(members) > 1:
            raise invalid_parameter(message)
    if "OnDemandThroughput" in members and set(members) - {"OnDemandThroughput", "BillingMode"}:
        raise invalid_parameter("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request")
    updating_iops = "ProvisionedThroughput" in members or request.get("BillingMode") == PROVISIONED
    if "StreamSpecification" in members and updating_iops:
        raise invalid_parameter("You cannot modify stream status while updating table IOPS")
    if index_actions & {"Create", "Delete"}:
        if "ProvisionedThroughput" in members:
            raise invalid_parameter("You cannot create or delete index while updating table IOPS")
        if "StreamSpecification" in members:
            raise invalid_parameter("You cannot create or delete index while changing stream status")


def _check_update_request(request: dict[str, Any]) -> None:
    """The rules an UpdateTable request must meet whatever table it names."""
    stream = request.get("StreamSpecification")
    if stream is not None:
        if stream["StreamEnabled"] and stream.get("StreamViewType") is None:
            raise invalid_parameter("If stream is being enabled then UpdateViewType is required")
        if not stream["StreamEnabled"] and stream.get("StreamViewType") is not None:
            raise invalid_parameter("If stream is being disabled, then UpdateViewType must not be specified")
    check_sse_specification(request.get("SSESpecification"))
    if "ProvisionedThroughput" in request:
        check_capacity_bounds(request["ProvisionedThroughput"])
    _check_index_update_entries(request.get("GlobalSecondaryIndexUpdates") or [])


def _check_index_update_entries(entries: list[dict]) -> None:
    names: set[str] = set()
    for entry in entries:
        actions = [action for action in ("Update", "Create", "Delete") if entry.get(action) is not None]
        if not actions:
            raise invalid_parameter(
                "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null"
            )
        if len(actions) > 1:
            raise invalid_parameter("Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object")
        action = entry[actions[0]]
        name = action["IndexName"]
        if name in names:
            raise invalid_parameter(f"Only one global secondary index update per index is allowed simultaneously. Index: {name}")
        names.add(name)
        if actions[0] == "Update" and action.get("WarmThroughput") == {}:
            raise invalid_parameter(
                "WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified "
                f"for index: {name}"
            )


class _TableUpdate:
    """One UpdateTable request against one table: checked entirely on creation, then applied.

    The constructor raises DynamoDB's error for the first rule the request
    breaks, and changes nothing; `apply` then makes every change, and
    `response` describes the table as DynamoDB's UpdateTable answer shows it.
    """

    def __init__(self, region: Region, table: Table, request: dict[str, Any]) -> None:
        self.region, self.table, self.request = region, table, request
        self.now = region.now()
        self.mode = request.get("BillingMode", table.billing_mode)
        self.switching = self.mode != table.billing_mode
        self.index_updates: dict[str, dict] = {}  # index name -> its Update action
        self.index_creates: list[dict] = []
        self.index_deletes: list[str] = []
        for entry in request.get("GlobalSecondaryIndexUpdates") or ():
            for action, body in entry.items():
                if action == "Update":
                    self.index_updates[body["IndexName"]] = body
                elif action == "Create":
                    self.index_creates.append(body)
                elif action == "Delete":
                    self.index_deletes.append(body["IndexName"])
        self._check_throughput()
        check_on_demand_update(request.get("OnDemandThroughput") or {}, self.mode, None)
        check_warm_not_lowered(request.get("WarmThroughput") or {}, table.warm, "table")
        self._check_stream()
        self.new_sse = self._checked_sse()
        self._check_index_changes()
        self._check_limits()
        self.before = describe(region, table)

    # -- checks ----------------------------------------------------------------

    def _check_throughput(self) -> None:
        throughput = self.request.get("ProvisionedThroughput")
        if self.mode == PAY_PER_REQUEST:
            if throughput is not None and "BillingMode" in self.request:
                raise invalid_parameter("ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST")
            if throughput is not None:
                raise invalid_parameter(NO_THROUGHPUT_ON_DEMAND)
            return
        if throughput is None:
            if "BillingMode" in self.request:
                raise invalid_parameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
            return
        if not self.switching:
            check_throughput_changes(self.table.throughput, throughput, "the table", "table")
        for index in self.table.global_indexes:
            if self.switching and "ProvisionedThroughput" not in self.index_updates.get(index.name, {}):
                raise invalid_parameter(f"ProvisionedThroughput must be specified for index: {index.name}")

    def _check_stream(self) -> None:
        stream = self.request.get("StreamSpecification")
        if stream is None:
            return
        if stream["StreamEnabled"] and self.table.stream_view_type is not None:
            raise validation(f"Table already has an enabled stream: TableName: {self.table.name}")
        if not stream["StreamEnabled"] and self.table.stream_view_type is None:
            raise validation(f"Table has no stream to disable: TableName: {self.table.name}")

    def _checked_sse(self) -> dict[str, str] | None:
        """The table's encryption after the update."""
        spec = self.request.get("SSESpecification")
        if spec is None:
            return self.table.sse
        if not wants_kms(spec):
            if self.table.sse is None:
                raise invalid_parameter("Table is already encrypted by default")
            return None
        key = spec.get("KMSMasterKeyId")
        if self.table.sse is not None and key == self.table.sse["KMSMasterKeyArn"]:
            raise invalid_parameter(
                "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want "
                "to change Master Key"
            )
        return {"SSEType": "KMS", "KMSMasterKeyArn": self.region.kms_key_arn(key)}

    def _check_index_changes(self) -> None:
        if len(self.index_creates) + len(self.index_deletes) > 1:
            raise limit_exceeded(
                "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
            )
        for name, update in self.index_updates.items():
            self._check_index_update(self._global_index(name, "update"), update)
        for name in self.index_deletes:
            self._global_index(name, "delete")
        for create in self.index_creates:
            self._check_index_create(create)

    def _global_index(self, name: str, verb: str) -> SecondaryIndex:
        index = self.table.index(name)
        if index is None:
            raise resource_not_found(f"Requested resource not found: Index {name} for table {self.table.name}")
        if not index.is_global:
            raise validation(f"Cannot {verb} an index that is not a GlobalSecondaryIndex: {name}")
        return index

    def _check_index_update(self, index: SecondaryIndex, update: dict) -> None:
        throughput = update.get("ProvisionedThroughput")
        on_demand_changes = update.get("OnDemandThroughput") or update.get("WarmThroughput")
        if self.mode == PAY_PER_REQUEST and (throughput is not None or not on_demand_changes):
            raise invalid_parameter(
                f"The only Updates for index: {index.name} when TableThroughputMode is PAY_PER_REQUEST can be "
                "to OnDemandThroughput, WarmThroughput"
            )
        check_on_demand_update(update.get("OnDemandThroughput") or {}, self.mode, index.name)
        if throughput is not None and not self.switching:
            check_throughput_changes(index.throughput or Throughput(), throughput, f"the index {index.name}", "index")
        warm = update.get("WarmThroughput") or {}
        check_warm_not_lowered(warm, index.warm or ON_DEMAND_WARM_THROUGHPUT, f"index {index.name}")

    def _check_index_create(self, create: dict) -> None:
        name = create["IndexName"]
        if self.table.index(name) is not None:
            raise validation("Attempting to create an index which already exists")
        definitions = self.request.get("AttributeDefinitions")
        if not definitions:
            raise invalid_parameter(f"AttributeDefinitions is not specified for index: {name}")
        defined = [d["AttributeName"] for d in definitions]
        keys = key_names(create["KeySchema"])
        if any(key not in defined and key not in self.table.attribute_types for key in keys):
            raise undefined_keys(keys, defined)
        check_global_key_schema(create["KeySchema"])
        check_projection(create["Projection"])
        throughput = create.get("ProvisionedThroughput")
        if self.mode == PROVISIONED and throughput is None:
            raise invalid_parameter(f"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {name}")
        if self.mode == PAY_PER_REQUEST and throughput is not None:
            raise invalid_parameter(index_throughput_on_demand(name))
        check_on_demand_at_create(create.get("OnDemandThroughput") or {}, self.mode, name)
        check_warm_at_create(create.get("WarmThroughput") or {}, self.mode, throughput, name)
        if len(self.table.global_indexes) >= MAX_GLOBAL_INDEXES:
            raise limit_exceeded(
                "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of "
                f"{MAX_GLOBAL_INDEXES}"
            )

    def _check_limits(self) -> None:
        """The account's quotas and the daily budget of decreases (LimitExceededException)."""
        throughput = self.request.get("ProvisionedThroughput")
        if throughput is not None:
            check_table_capacity(self.region, throughput, None)
            if not self.switching:
                check_budget_for(self.table.throughput, throughput, self.now)
        for name, update in self.index_updates.items():
            index = self.table.index(name)
            if "ProvisionedThroughput" in update and index is not None and index.throughput is not None:
                check_table_capacity(self.region, update["ProvisionedThroughput"], name)
                if not self.switching:
                    check_budget_for(index.throughput, update["ProvisionedThroughput"], self.now)
            check_on_demand_limit(self.region, update.get("OnDemandThroughput") or {}, name)
            check_warm_limit(self.region, update.get("WarmThroughput") or {}, name)
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                check_table_capacity(self.region, create["ProvisionedThroughput"], create["IndexName"])
        if self.mode == PROVISIONED:
            check_account_capacity(self.region, self._provisioned_after(), exclude=self.table)
        check_on_demand_limit(self.region, self.request.get("OnDemandThroughput") or {}, None)
        check_warm_limit(self.region, self.request.get("WarmThroughput") or {}, None)

    def _provisioned_after(self) -> list[int]:
        """The read and write capacity the table and its global indexes will reserve after the update."""
        requested = self.request.get("ProvisionedThroughput")
        current = self.table.throughput
        total = [requested[READ], requested[WRITE]] if requested else [current.read, current.write]
        for index in self.table.global_indexes:
            if index.name in self.index_deletes:
                continue
            update = self.index_updates.get(index.name, {}).get("ProvisionedThroughput")
            capacity = index.throughput or Throughput()
            total[0] += update[READ] if update else capacity.read
            total[1] += update[WRITE] if update else capacity.write
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                total[0] += create["ProvisionedThroughput"][READ]
                total[1] += create["ProvisionedThroughput"][WRITE]
        return total

    # -- changes -------------------------------------------------------------------

    def apply(self) -> None:
        table, request = self.table, self.request
        if self.switching:
            self._switch_billing_mode()
        if "ProvisionedThroughput" in request:
            self._set_capacity(table.throughput, request["ProvisionedThroughput"])
            table.warm = raised_warm(table.warm, warm_for(request["ProvisionedThroughput"]))
        if request.get("OnDemandThroughput"):
            table.on_demand = merged_on_demand(table.on_demand, request["OnDemandThroughput"])
        if request.get("WarmThroughput"):
            table.warm = raised_warm(table.warm, request["WarmThroughput"])
        self._apply_stream()
        table.sse = self.new_sse
        if "TableClass" in request and request["TableClass"] != (table.table_class or STANDARD):
            table.table_class = request["TableClass"]
            table.table_class_changed_at = self.now
        if "DeletionProtectionEnabled" in request:
            table.deletion_protection = request["DeletionProtectionEnabled"]
        for name, update in self.index_updates.items():
            self._update_index(name, update)
        if self.index_creates or self.index_deletes:
            self._replace_indexes()

    def _switch_billing_mode(self) -> None:
        table = self.table
        table.billing_mode = self.mode
        if self.mode == PAY_PER_REQUEST:
            table.last_switch_to_on_demand = self.now
            table.warm = raised_warm(table.warm, warm_members(ON_DEMAND_WARM_THROUGHPUT))
            for index in table.global_indexes:
                index.warm = raised_warm(index.warm or (0, 0), warm_members(ON_DEMAND_WARM_THROUGHPUT))
        else:
            # Provisioned capacity replaces the on-demand caps, of the table and of its indexes.
            table.on_demand = {}
            for index in table.global_indexes:
                index.on_demand = {}

    def _set_capacity(self, throughput: Throughput, requested: dict) -> None:
        if self.switching:
            # The capacity an on-demand table gets is no increase: DynamoDB stamps no time for it.
            throughput.read, throughput.write = requested[READ], requested[WRITE]
        else:
            record_capacity_change(throughput, requested[READ], requested[WRITE], self.now)

    def _apply_stream(self) -> None:
        stream = self.request.get("StreamSpecification")
        if stream is None:
            return
        if stream["StreamEnabled"]:
            streams.enable(self.region, self.table, stream["StreamViewType"])
        else:
            streams.disable(self.region, self.table)  # the latest stream's label and ARN stay

    def _update_index(self, name: str, update: dict) -> None:
        index = self.table.index(name)
        assert index is not None and index.throughput is not None
        if "ProvisionedThroughput" in update:
            self._set_capacity(index.throughput, update["ProvisionedThroughput"])
            index.warm = raised_warm(index.warm or (0, 0), warm_for(update["ProvisionedThroughput"]))
        if update.get("OnDemandThroughput"):
            index.on_demand = merged_on_demand(index.on_demand, update["OnDemandThroughput"])
        if update.get("WarmThroughput"):
            index.warm = raised_warm(index.warm or (0, 0), update["WarmThroughput"])

    def _replace_indexes(self) -> None:
        """Create and delete global indexes; AttributeDefinitions keeps only the attributes a key still uses."""
        table = self.table
        types = dict(table.attribute_types)
        for definition in self.request.get("AttributeDefinitions") or ():
            types.setdefault(definition["AttributeName"], definition["AttributeType"])
        global_indexes = [i for i in table.global_indexes if i.name not in self.index_deletes]
        global_indexes.extend(_new_global_index(table, create, self.mode) for create in self.index_creates)
        used = set(table.key_names).union(*(i.key_names for i in (*global_indexes, *table.local_indexes)))
        table.set_schema({n: t for n, t in types.items() if n in used}, global_indexes, table.local_indexes)

    # -- the answer ------------------------------------------------------------------

    def response(self) -> dict[str, Any]:
        """What UpdateTable answers: the change under way (old values where DynamoDB echoes them)."""
        before, after, request = self.before, describe(self.region, self.table), self.request
        asynchronous = any(m in request for m in _ASYNCHRONOUS_MEMBERS) or self.index_creates or self.index_deletes
        after["TableStatus"] = "UPDATING" if asynchronous else "ACTIVE"
        if "ProvisionedThroughput" in request and not self.switching:
            capacity = _old_capacity_new_times(before["ProvisionedThroughput"], after["ProvisionedThroughput"])
            after["ProvisionedThroughput"] = capacity
        if self.switching:
            after["BillingModeSummary"].pop("LastUpdateToPayPerRequestDateTime", None)
        if "TableClass" in request:
            _copy_member(before, after, "TableClassSummary")
        if request.get("OnDemandThroughput"):
            # The answer echoes a cleared cap as -1; DescribeTable then leaves it out.
            echoed = {**before.get("OnDemandThroughput", {}), **request["OnDemandThroughput"]}
            after["OnDemandThroughput"] = {m: echoed[m] for m in ON_DEMAND_MEMBERS if m in echoed}
        if request.get("WarmThroughput"):
            after["WarmThroughput"] = {**before["WarmThroughput"], "Status": "UPDATING"}
        if "SSESpecification" in request:
            shown = before.get("SSEDescription") or after.get("SSEDescription") or {}
            after["SSEDescription"] = {**shown, "Status": "UPDATING"}
        self._show_index_changes(before, after)
        return after

    def _show_index_changes(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        old = {index["IndexName"]: index for index in before.get("GlobalSecondaryIndexes", ())}
        shown = after.get("GlobalSecondaryIndexes", [])
        new = {index["IndexName"]: index for index in shown}
        for name, update in self.index_updates.items():
            new[name]["IndexStatus"] = "UPDATING"
            if "ProvisionedThroughput" in update and not self.switching:
                new[name]["ProvisionedThroughput"] = _old_capacity_new_times(
                    old[name]["ProvisionedThroughput"], new[name]["ProvisionedThroughput"]
                )
        for create in self.index_creates:
            created = new[create["IndexName"]]
            created.update(IndexStatus="CREATING", Backfilling=False)
            del created["WarmThroughput"]
        for name in self.index_deletes:
            shown.append({**old[name], "IndexStatus": "DELETING"})
        if shown:
            after["GlobalSecondaryIndexes"] = shown


def _old_capacity_new_times(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB's answer to a capacity change: the old units and count, the new change times."""
    shown = {key: value for key, value in new.items() if key.endswith("DateTime")}
    shown.update((key, value) for key, value in old.items() if not key.endswith("DateTime"))
    return shown


def _copy_member(source: dict[str, Any], target: dict[str, Any], member: str) -> None:
    if member in source:
        target[member] = source[member]
    else:
        target.pop(member, None)


