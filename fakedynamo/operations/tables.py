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
from datetime import datetime, timedelta, timezone
from typing import Any

from fakedynamo import streams
from fakedynamo.errors import DynamoDBError, resource_in_use, resource_not_found, validation
from fakedynamo.operations import operation, table_hooks
from fakedynamo.operations.tags import check_tag_limits, check_tags
from fakedynamo.region import ACCOUNT_MAX_CAPACITY_UNITS, TABLE_MAX_CAPACITY_UNITS, Region
from fakedynamo.storage import SecondaryIndex, Table, Throughput

PROVISIONED = "PROVISIONED"
PAY_PER_REQUEST = "PAY_PER_REQUEST"
STANDARD = "STANDARD"

MAX_LOCAL_INDEXES = 5
MAX_GLOBAL_INDEXES = 20
MAX_INDEX_KEY_ATTRIBUTES = 4  # per key type (HASH, RANGE) of a global index
MAX_CAPACITY_BOUND = 1_000_000_000_000  # beyond it a capacity is "out of bounds"
DAILY_FREE_DECREASES = 4
DECREASE_INTERVAL_SECONDS = 3600
# An on-demand table's (and index's) warm throughput before anything raises it.
ON_DEMAND_WARM_THROUGHPUT = (12000, 4000)
ON_DEMAND_INITIAL_THROUGHPUT_URL = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "on-demand-capacity-mode.html#on-demand-capacity-mode-initial"
)

_READ, _WRITE = "ReadCapacityUnits", "WriteCapacityUnits"
_ON_DEMAND_MEMBERS = ("MaxReadRequestUnits", "MaxWriteRequestUnits")
_WARM_MEMBERS = ("ReadUnitsPerSecond", "WriteUnitsPerSecond")


_NO_THROUGHPUT_ON_DEMAND = (
    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
)


def _index_throughput_on_demand(index: str) -> str:
    return f"ProvisionedThroughput should not be specified for index: {index} when BillingMode is PAY_PER_REQUEST"


def _invalid(message: str) -> DynamoDBError:
    return validation(f"One or more parameter values were invalid: {message}")


def _limit_exceeded(message: str) -> DynamoDBError:
    return DynamoDBError("LimitExceededException", message)


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
    _check_billing_mode(mode, request.get("ProvisionedThroughput"))
    defined = _defined_names(definitions)
    _check_table_key_schema(key_schema, defined)
    _check_index_lists(local_indexes, global_indexes)
    _check_index_keys_defined([*(local_indexes or ()), *(global_indexes or ())], defined)
    _check_definitions_used(key_schema, local_indexes, global_indexes, defined, _search_schema_names(request))
    if local_indexes:
        _check_local_indexes(local_indexes, key_schema)
    if global_indexes:
        _check_global_indexes(global_indexes, mode)
    _check_index_names_unique(local_indexes or [], global_indexes or [])
    _check_new_stream(request.get("StreamSpecification"))
    check_sse_specification(request.get("SSESpecification"))
    _check_new_on_demand(request, mode)
    _check_new_warm_throughput(request, mode)
    if "Tags" in request:
        check_tags(request["Tags"])
        check_tag_limits({tag["Key"]: tag["Value"] for tag in request["Tags"]})


# -- key schemas and attribute definitions ------------------------------------------


def _defined_names(definitions: list[dict]) -> list[str]:
    """The names AttributeDefinitions declares, in request order; a name declared twice is refused."""
    names: list[str] = []
    for definition in definitions:
        name = definition["AttributeName"]
        if name in names:
            raise validation(f"Attribute Name is duplicated: {name}")
        names.append(name)
    return names


def _check_table_key_schema(key_schema: list[dict], defined: list[str]) -> None:
    names = _names(key_schema)
    if len(names) > len(defined):
        raise validation("Invalid KeySchema: Some index key attribute have no definition")
    if any(name not in defined for name in names):
        raise _undefined_keys(names, defined)
    _check_hash_then_range(key_schema)


def _check_hash_then_range(key_schema: list[dict]) -> None:
    """A table or local index key: one HASH element, then optionally one RANGE element."""
    if len(key_schema) == 2 and key_schema[0]["AttributeName"] == key_schema[1]["AttributeName"]:
        raise validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
    if key_schema[0]["KeyType"] != "HASH":
        raise validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(key_schema) == 2 and key_schema[1]["KeyType"] != "RANGE":
        raise validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


def _check_global_key_schema(key_schema: list[dict]) -> None:
    """A global index key: one to four HASH elements, then up to four RANGE elements."""
    if key_schema[0]["KeyType"] != "HASH":
        raise validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    names = _names(key_schema)
    if len(set(names)) != len(names):
        raise validation("The KeySchema contains multiple key attributes with the same name")
    kinds = [e["KeyType"] for e in key_schema]
    if "RANGE" in kinds and "HASH" in kinds[kinds.index("RANGE") :]:
        raise _invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema")
    for kind in ("HASH", "RANGE"):
        if kinds.count(kind) > MAX_INDEX_KEY_ATTRIBUTES:
            raise _invalid(f"The KeySchema exceeds the maximum allowed number of {kind} key attributes")


def _undefined_keys(keys: list[str], defined: list[str]) -> DynamoDBError:
    return _invalid(
        "Some index key attributes are not defined in AttributeDefinitions. "
        f"Keys: [{', '.join(keys)}], AttributeDefinitions: [{', '.join(defined)}]"
    )


def _check_index_lists(local_indexes: list | None, global_indexes: list | None) -> None:
    if local_indexes is not None and not local_indexes:
        raise _invalid("List of LocalSecondaryIndexes is empty")
    if global_indexes is not None and not global_indexes:
        raise _invalid("List of GlobalSecondaryIndexes is empty")


def _check_index_keys_defined(indexes: list[dict], defined: list[str]) -> None:
    for index in indexes:
        keys = _names(index["KeySchema"])
        if any(key not in defined for key in keys):
            raise _undefined_keys(keys, defined)


def _search_schema_names(request: dict[str, Any]) -> tuple[str, ...]:
    """The attributes of the vector indexes' search schemas (declared in AttributeDefinitions, like index keys)."""
    indexes = request.get("VectorIndexes") or ()
    return tuple(e["AttributeName"] for index in indexes for e in index.get("SearchSchema") or ())


def _check_definitions_used(
    key_schema: list[dict],
    local_indexes: list | None,
    global_indexes: list | None,
    defined: list[str],
    searched: tuple[str, ...] = (),
) -> None:
    schemas = [key_schema, *(index["KeySchema"] for index in (*(local_indexes or ()), *(global_indexes or ())))]
    used = list(dict.fromkeys(name for schema in schemas for name in _names(schema)))
    if all(name in used or name in searched for name in defined):
        return
    if not local_indexes and not global_indexes:
        raise _invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in "
            "AttributeDefinitions"
        )
    raise _invalid(
        f"Some AttributeDefinitions are not used. AttributeDefinitions: [{', '.join(defined)}], "
        f"keys used: [{', '.join(_java_hash_set_order(used))}]"
    )


def _java_hash_set_order(names: list[str]) -> list[str]:
    """`names` in the order a Java HashSet iterates them, as DynamoDB prints its set of used keys."""
    capacity = 16
    while len(names) > capacity * 3 // 4:
        capacity *= 2

    def bucket(name: str) -> int:
        code = 0
        utf16 = name.encode("utf-16-be")
        for i in range(0, len(utf16), 2):
            code = (31 * code + int.from_bytes(utf16[i : i + 2], "big")) & 0xFFFFFFFF
        return (code ^ (code >> 16)) & (capacity - 1)

    return sorted(names, key=bucket)


def _names(key_schema: list[dict]) -> list[str]:
    return [element["AttributeName"] for element in key_schema]


# -- secondary indexes ---------------------------------------------------------------


def _check_local_indexes(local_indexes: list[dict], key_schema: list[dict]) -> None:
    if len(key_schema) != 2:
        raise _invalid(
            "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"
        )
    table_hash = key_schema[0]["AttributeName"]
    seen: set[str] = set()
    for index in local_indexes:
        name, index_schema = index["IndexName"], index["KeySchema"]
        _check_hash_then_range(index_schema)
        if len(index_schema) != 2:
            raise _invalid(f"Index KeySchema does not have a range key for index: {name}")
        index_hash = index_schema[0]["AttributeName"]
        if index_hash != table_hash:
            raise _invalid(
                "Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                f"{name}. index hash key: {index_hash}, table hash key: {table_hash}"
            )
        _check_projection(index["Projection"])
        _check_unseen(name, seen)
    if len(local_indexes) > MAX_LOCAL_INDEXES:
        raise _invalid(f"Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LOCAL_INDEXES}")


def _check_global_indexes(global_indexes: list[dict], mode: str) -> None:
    seen: set[str] = set()
    for index in global_indexes:
        name = index["IndexName"]
        _check_global_key_schema(index["KeySchema"])
        _check_projection(index["Projection"])
        _check_index_throughput_for_mode(index, mode)
        _check_unseen(name, seen)
    if len(global_indexes) > MAX_GLOBAL_INDEXES:
        raise _invalid(f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GLOBAL_INDEXES}")


def _check_index_throughput_for_mode(index: dict, mode: str) -> None:
    name, throughput = index["IndexName"], index.get("ProvisionedThroughput")
    if mode == PAY_PER_REQUEST and throughput is not None:
        raise _invalid(_index_throughput_on_demand(name))
    if mode == PROVISIONED and throughput is None:
        raise _invalid(f"ProvisionedThroughput is not specified for index: {name}")
    if throughput is not None:
        _check_capacity_bounds(throughput)


def _check_projection(projection: dict) -> None:
    kind = projection.get("ProjectionType")
    non_key = projection.get("NonKeyAttributes")
    if kind is None:
        raise _invalid("Unknown ProjectionType: null")
    if kind != "INCLUDE":
        if non_key is not None:
            raise _invalid(f"ProjectionType is {kind}, but NonKeyAttributes is specified")
        return
    if non_key is None:
        raise _invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
    seen: set[str] = set()
    for name in non_key:
        if name in seen:
            raise _invalid(f"Duplicate element in NonKeyAttributes: {name}")
        seen.add(name)


def _check_unseen(name: str, seen: set[str]) -> None:
    if name in seen:
        raise _invalid(f"Duplicate index name: {name}")
    seen.add(name)


def _check_index_names_unique(local_indexes: list[dict], global_indexes: list[dict]) -> None:
    local_names = {index["IndexName"] for index in local_indexes}
    for index in global_indexes:
        if index["IndexName"] in local_names:
            raise _invalid(f"Duplicate index name: {index['IndexName']}")


# -- billing, throughput, on-demand and warm throughput -------------------------------


def _check_billing_mode(mode: str, throughput: dict | None) -> None:
    if mode == PAY_PER_REQUEST and throughput is not None:
        raise _invalid(_NO_THROUGHPUT_ON_DEMAND)
    if mode == PROVISIONED and throughput is None:
        raise _invalid(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
        )
    if throughput is not None:
        _check_capacity_bounds(throughput)


def _check_capacity_bounds(throughput: dict) -> None:
    for member in (_READ, _WRITE):
        if throughput[member] > MAX_CAPACITY_BOUND:
            raise validation(f"Given value {throughput[member]} for {member} is out of bounds")


def _check_new_on_demand(request: dict[str, Any], mode: str) -> None:
    _check_on_demand_at_create(request.get("OnDemandThroughput") or {}, mode, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        _check_on_demand_at_create(index.get("OnDemandThroughput") or {}, mode, index["IndexName"])


def _check_on_demand_at_create(on_demand: dict, mode: str, index: str | None) -> None:
    present = [member for member in _ON_DEMAND_MEMBERS if member in on_demand]
    if not present:
        return
    if mode == PROVISIONED:
        where = "" if index is None else f" for index: {index}"
        raise _invalid(
            f"{present[0]} for OnDemandThroughput{where} cannot be specified when table BillingMode is PROVISIONED."
        )
    for member in present:
        if on_demand[member] < 1:
            raise _on_demand_out_of_range(member, index)


def _on_demand_out_of_range(member: str, index: str | None) -> DynamoDBError:
    where = "table" if index is None else f"index : {index}"
    return _invalid(f"Requested {member} for OnDemandThroughput for {where} is outside of valid range")


def _check_new_warm_throughput(request: dict[str, Any], mode: str) -> None:
    throughput = request.get("ProvisionedThroughput")
    _check_warm_at_create(request.get("WarmThroughput") or {}, mode, throughput, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        warm = index.get("WarmThroughput") or {}
        _check_warm_at_create(warm, mode, index.get("ProvisionedThroughput"), index["IndexName"])


def _check_warm_at_create(warm: dict, mode: str, throughput: dict | None, index: str | None) -> None:
    where = "table" if index is None else f"index {index}"
    for member, floor_member, on_demand_floor in zip(_WARM_MEMBERS, (_READ, _WRITE), ON_DEMAND_WARM_THROUGHPUT):
        if member not in warm:
            continue
        if mode == PAY_PER_REQUEST and warm[member] < on_demand_floor:
            raise _invalid(
                f"Requested {member} for WarmThroughput for {where} is lower than initial throughput for OnDemand. "
                f"See: {ON_DEMAND_INITIAL_THROUGHPUT_URL}"
            )
        if mode == PROVISIONED and throughput is not None and warm[member] < throughput[floor_member]:
            raise _invalid(
                f"Requested {member} for WarmThroughput for {where} is lower than {floor_member} "
                "of ProvisionedThroughput"
            )


# -- streams and encryption --------------------------------------------------------------


def _check_new_stream(spec: dict | None) -> None:
    if spec is None:
        return
    if spec["StreamEnabled"] and spec.get("StreamViewType") is None:
        raise _invalid("Table is being created with a stream enabled, UpdateViewType is required")
    if not spec["StreamEnabled"] and spec.get("StreamViewType") is not None:
        raise _invalid("Table is being created with a stream disabled, UpdateViewType should not be specified")


def check_sse_specification(spec: dict | None) -> None:
    """The rules an SSESpecification must meet, on CreateTable and UpdateTable alike."""
    if spec is None:
        return
    kind, key = spec.get("SSEType"), spec.get("KMSMasterKeyId")
    if spec.get("Enabled") is False:
        if kind is not None:
            raise _invalid("SSEType can not be specified if Enabled is false")
        if key is not None:
            raise _invalid("KMSMasterKeyId can not be specified if Enabled is false")
        return
    if kind == "AES256":
        raise _invalid("SSEType AES256 is not supported")
    if key is not None and kind != "KMS":
        raise _invalid("SSEType KMS is required if KMSMasterKeyId is specified")


def _wants_kms(spec: dict) -> bool:
    """Whether a (valid) SSESpecification asks for a KMS key; {} and Enabled=false leave the AWS owned key."""
    enabled = spec.get("Enabled")
    return enabled is True or (enabled is None and spec.get("SSEType") == "KMS")


# -- account and table limits ------------------------------------------------------------


def _check_create_limits(region: Region, request: dict[str, Any]) -> None:
    if request.get("BillingMode", PROVISIONED) == PROVISIONED:
        throughput = request["ProvisionedThroughput"]
        _check_table_capacity(region, throughput, None)
        requested = [throughput[_READ], throughput[_WRITE]]
        for index in request.get("GlobalSecondaryIndexes") or ():
            _check_table_capacity(region, index["ProvisionedThroughput"], index["IndexName"])
            requested[0] += index["ProvisionedThroughput"][_READ]
            requested[1] += index["ProvisionedThroughput"][_WRITE]
        _check_account_capacity(region, requested, exclude=None)
    _check_on_demand_limit(region, request.get("OnDemandThroughput") or {}, None)
    _check_warm_limit(region, request.get("WarmThroughput") or {}, None)
    for index in request.get("GlobalSecondaryIndexes") or ():
        _check_on_demand_limit(region, index.get("OnDemandThroughput") or {}, index["IndexName"])
        _check_warm_limit(region, index.get("WarmThroughput") or {}, index["IndexName"])


def _check_table_capacity(region: Region, throughput: dict, index: str | None) -> None:
    for member in (_READ, _WRITE):
        value = throughput[member]
        if value <= TABLE_MAX_CAPACITY_UNITS:
            continue
        if index is None:
            what, scope = f"{member}, {value}", "per table maximum"
        else:
            what, scope = f"{member} for index {index}, {value}", "per index maximum"
        raise _limit_exceeded(
            f"The requested {what}, is above the {scope} for the account in {region.name}. "
            f"Per table maximum: {TABLE_MAX_CAPACITY_UNITS}. Refer to the Amazon DynamoDB Developer Guide "
            "for current limits and how to request higher limits."
        )


def _check_account_capacity(region: Region, requested: list[int], exclude: Table | None) -> None:
    reserved = [0, 0]
    for table in region.tables.values():
        if table is exclude or table.billing_mode != PROVISIONED:
            continue
        for throughput in (table.throughput, *(i.throughput for i in table.global_indexes)):
            if throughput is not None:
                reserved[0] += throughput.read
                reserved[1] += throughput.write
    for position, member in enumerate((_READ, _WRITE)):
        if reserved[position] + requested[position] > ACCOUNT_MAX_CAPACITY_UNITS:
            raise _limit_exceeded(
                f"This request would have caused the {member} limit to be exceeded for the account in {region.name}. "
                f"Current {member} reserved by the account: {reserved[position]}. "
                f"Limit: {ACCOUNT_MAX_CAPACITY_UNITS}. Requested: {requested[position]}"
            )


def _check_on_demand_limit(region: Region, on_demand: dict, index: str | None) -> None:
    where = "table" if index is None else f"index : {index}"
    for member, quota in zip(_ON_DEMAND_MEMBERS, ("TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits")):
        if on_demand.get(member, 0) > TABLE_MAX_CAPACITY_UNITS:
            raise _limit_exceeded(
                f"Subscriber limit exceeded: Requested {member} for OnDemandThroughput for {where} exceeds "
                f"{quota} of the account in region {region.name}"
            )


def _check_warm_limit(region: Region, warm: dict, index: str | None) -> None:
    where = "table" if index is None else f"index {index}"
    for member, quota in zip(_WARM_MEMBERS, ("TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits")):
        if warm.get(member, 0) > TABLE_MAX_CAPACITY_UNITS:
            raise _limit_exceeded(
                f"Subscriber limit exceeded: Requested {member} for WarmThroughput for {where} exceeds "
                f"{quota} of the account in region {region.name}"
            )


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
        table.on_demand = _on_demand_members(request.get("OnDemandThroughput") or {})
        table.warm = ON_DEMAND_WARM_THROUGHPUT
    else:
        throughput = request["ProvisionedThroughput"]
        table.throughput = Throughput(throughput[_READ], throughput[_WRITE])
        table.warm = (throughput[_READ], throughput[_WRITE])
    table.warm = _raised_warm(table.warm, request.get("WarmThroughput") or {})
    global_indexes = [_new_global_index(table, spec, mode) for spec in request.get("GlobalSecondaryIndexes") or ()]
    local_indexes = [_new_index(table, spec, is_global=False) for spec in request.get("LocalSecondaryIndexes") or ()]
    table.set_schema(types, global_indexes, local_indexes)
    stream = request.get("StreamSpecification")
    if stream and stream["StreamEnabled"]:
        streams.enable(region, table, stream["StreamViewType"])
    sse = request.get("SSESpecification")
    if sse and _wants_kms(sse):
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
        index.on_demand = _on_demand_members(spec.get("OnDemandThroughput") or {})
        warm = ON_DEMAND_WARM_THROUGHPUT
    else:
        throughput = spec["ProvisionedThroughput"]
        index.throughput = Throughput(throughput[_READ], throughput[_WRITE])
        warm = (throughput[_READ], throughput[_WRITE])
    index.warm = _raised_warm(warm, spec.get("WarmThroughput") or {})
    return index


def _on_demand_members(on_demand: dict) -> dict[str, int]:
    return {member: on_demand[member] for member in _ON_DEMAND_MEMBERS if member in on_demand}


def _raised_warm(warm: tuple[int, int], requested: dict) -> tuple[int, int]:
    """A warm throughput raised to what `requested` asks for; it never goes down."""
    read = max(warm[0], requested.get("ReadUnitsPerSecond", 0))
    write = max(warm[1], requested.get("WriteUnitsPerSecond", 0))
    return (read, write)


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


@operation("DescribeTable")
def describe_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"Table": describe(region, region.table(request["TableName"]))}


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
# The TableDescription
# =====================================================================================


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
    description["NumberOfDecreasesToday"] = len(_decreases_today(throughput, now))
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


# -- the daily budget of throughput decreases --------------------------------------------


def _decreases_today(throughput: Throughput, now: float) -> list[float]:
    today = _utc(now).date()
    return [moment for moment in throughput.decreases if _utc(moment).date() == today]


def _utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, timezone.utc)


def _check_decrease_budget(throughput: Throughput, now: float) -> None:
    today = _decreases_today(throughput, now)
    if len(today) < DAILY_FREE_DECREASES or throughput.last_decrease is None:
        return
    last = throughput.last_decrease
    if now - last >= DECREASE_INTERVAL_SECONDS:
        return
    midnight = datetime.combine(_utc(now).date() + timedelta(days=1), datetime.min.time(), timezone.utc)
    following = min(_utc(last + DECREASE_INTERVAL_SECONDS), midnight)
    raise _limit_exceeded(
        "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. "
        f"After the first {DAILY_FREE_DECREASES} decreases, each subsequent decrease in the same UTC day can be "
        f"performed at most once every {DECREASE_INTERVAL_SECONDS} seconds. Number of decreases today: {len(today)}. "
        f"Last decrease at {_spelled_out(_utc(last))}. Next decrease can be made at {_spelled_out(following)}."
    )


def _spelled_out(moment: datetime) -> str:
    """A UTC time as DynamoDB spells it: 'Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time'."""
    hour = moment.hour % 12 or 12
    return (
        f"{moment:%A}, {moment:%B} {moment.day}, {moment.year} at "
        f"{hour}:{moment:%M:%S} {moment:%p} Coordinated Universal Time"
    )


def _record_capacity_change(throughput: Throughput, read: int, write: int, now: float) -> None:
    if read < throughput.read or write < throughput.write:
        throughput.decreases = [*_decreases_today(throughput, now), now]
        throughput.last_decrease = now
    if read > throughput.read or write > throughput.write:
        throughput.last_increase = now
    throughput.read, throughput.write = read, write


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
        raise _invalid("List of GlobalSecondaryIndexUpdates is empty")
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
            raise _invalid("Create global secondary index cannot be specified when updating WarmThroughput")
        if member in members and len(members) > 1:
            raise _invalid(message)
    if "OnDemandThroughput" in members and set(members) - {"OnDemandThroughput", "BillingMode"}:
        raise _invalid("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request")
    updating_iops = "ProvisionedThroughput" in members or request.get("BillingMode") == PROVISIONED
    if "StreamSpecification" in members and updating_iops:
        raise _invalid("You cannot modify stream status while updating table IOPS")
    if index_actions & {"Create", "Delete"}:
        if "ProvisionedThroughput" in members:
            raise _invalid("You cannot create or delete index while updating table IOPS")
        if "StreamSpecification" in members:
            raise _invalid("You cannot create or delete index while changing stream status")


def _check_update_request(request: dict[str, Any]) -> None:
    """The rules an UpdateTable request must meet whatever table it names."""
    stream = request.get("StreamSpecification")
    if stream is not None:
        if stream["StreamEnabled"] and stream.get("StreamViewType") is None:
            raise _invalid("If stream is being enabled then UpdateViewType is required")
        if not stream["StreamEnabled"] and stream.get("StreamViewType") is not None:
            raise _invalid("If stream is being disabled, then UpdateViewType must not be specified")
    check_sse_specification(request.get("SSESpecification"))
    if "ProvisionedThroughput" in request:
        _check_capacity_bounds(request["ProvisionedThroughput"])
    _check_index_update_entries(request.get("GlobalSecondaryIndexUpdates") or [])


def _check_index_update_entries(entries: list[dict]) -> None:
    names: set[str] = set()
    for entry in entries:
        actions = [action for action in ("Update", "Create", "Delete") if entry.get(action) is not None]
        if not actions:
            raise _invalid(
                "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null"
            )
        if len(actions) > 1:
            raise _invalid("Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object")
        action = entry[actions[0]]
        name = action["IndexName"]
        if name in names:
            raise _invalid(f"Only one global secondary index update per index is allowed simultaneously. Index: {name}")
        names.add(name)
        if actions[0] == "Update" and action.get("WarmThroughput") == {}:
            raise _invalid(
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
        _check_on_demand_update(request.get("OnDemandThroughput") or {}, self.mode, None)
        _check_warm_not_lowered(request.get("WarmThroughput") or {}, table.warm, "table")
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
                raise _invalid("ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST")
            if throughput is not None:
                raise _invalid(_NO_THROUGHPUT_ON_DEMAND)
            return
        if throughput is None:
            if "BillingMode" in self.request:
                raise _invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
            return
        if not self.switching:
            _check_throughput_changes(self.table.throughput, throughput, "the table", "table")
        for index in self.table.global_indexes:
            if self.switching and "ProvisionedThroughput" not in self.index_updates.get(index.name, {}):
                raise _invalid(f"ProvisionedThroughput must be specified for index: {index.name}")

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
        if not _wants_kms(spec):
            if self.table.sse is None:
                raise _invalid("Table is already encrypted by default")
            return None
        key = spec.get("KMSMasterKeyId")
        if self.table.sse is not None and key == self.table.sse["KMSMasterKeyArn"]:
            raise _invalid(
                "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want "
                "to change Master Key"
            )
        return {"SSEType": "KMS", "KMSMasterKeyArn": self.region.kms_key_arn(key)}

    def _check_index_changes(self) -> None:
        if len(self.index_creates) + len(self.index_deletes) > 1:
            raise _limit_exceeded(
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
            raise _invalid(
                f"The only Updates for index: {index.name} when TableThroughputMode is PAY_PER_REQUEST can be "
                "to OnDemandThroughput, WarmThroughput"
            )
        _check_on_demand_update(update.get("OnDemandThroughput") or {}, self.mode, index.name)
        if throughput is not None and not self.switching:
            _check_throughput_changes(index.throughput or Throughput(), throughput, f"the index {index.name}", "index")
        warm = update.get("WarmThroughput") or {}
        _check_warm_not_lowered(warm, index.warm or ON_DEMAND_WARM_THROUGHPUT, f"index {index.name}")

    def _check_index_create(self, create: dict) -> None:
        name = create["IndexName"]
        if self.table.index(name) is not None:
            raise validation("Attempting to create an index which already exists")
        definitions = self.request.get("AttributeDefinitions")
        if not definitions:
            raise _invalid(f"AttributeDefinitions is not specified for index: {name}")
        defined = [d["AttributeName"] for d in definitions]
        keys = _names(create["KeySchema"])
        if any(key not in defined and key not in self.table.attribute_types for key in keys):
            raise _undefined_keys(keys, defined)
        _check_global_key_schema(create["KeySchema"])
        _check_projection(create["Projection"])
        throughput = create.get("ProvisionedThroughput")
        if self.mode == PROVISIONED and throughput is None:
            raise _invalid(f"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {name}")
        if self.mode == PAY_PER_REQUEST and throughput is not None:
            raise _invalid(_index_throughput_on_demand(name))
        _check_on_demand_at_create(create.get("OnDemandThroughput") or {}, self.mode, name)
        _check_warm_at_create(create.get("WarmThroughput") or {}, self.mode, throughput, name)
        if len(self.table.global_indexes) >= MAX_GLOBAL_INDEXES:
            raise _limit_exceeded(
                "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of "
                f"{MAX_GLOBAL_INDEXES}"
            )

    def _check_limits(self) -> None:
        """The account's quotas and the daily budget of decreases (LimitExceededException)."""
        throughput = self.request.get("ProvisionedThroughput")
        if throughput is not None:
            _check_table_capacity(self.region, throughput, None)
            if not self.switching:
                _check_budget_for(self.table.throughput, throughput, self.now)
        for name, update in self.index_updates.items():
            index = self.table.index(name)
            if "ProvisionedThroughput" in update and index is not None and index.throughput is not None:
                _check_table_capacity(self.region, update["ProvisionedThroughput"], name)
                if not self.switching:
                    _check_budget_for(index.throughput, update["ProvisionedThroughput"], self.now)
            _check_on_demand_limit(self.region, update.get("OnDemandThroughput") or {}, name)
            _check_warm_limit(self.region, update.get("WarmThroughput") or {}, name)
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                _check_table_capacity(self.region, create["ProvisionedThroughput"], create["IndexName"])
        if self.mode == PROVISIONED:
            _check_account_capacity(self.region, self._provisioned_after(), exclude=self.table)
        _check_on_demand_limit(self.region, self.request.get("OnDemandThroughput") or {}, None)
        _check_warm_limit(self.region, self.request.get("WarmThroughput") or {}, None)

    def _provisioned_after(self) -> list[int]:
        """The read and write capacity the table and its global indexes will reserve after the update."""
        requested = self.request.get("ProvisionedThroughput")
        current = self.table.throughput
        total = [requested[_READ], requested[_WRITE]] if requested else [current.read, current.write]
        for index in self.table.global_indexes:
            if index.name in self.index_deletes:
                continue
            update = self.index_updates.get(index.name, {}).get("ProvisionedThroughput")
            capacity = index.throughput or Throughput()
            total[0] += update[_READ] if update else capacity.read
            total[1] += update[_WRITE] if update else capacity.write
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                total[0] += create["ProvisionedThroughput"][_READ]
                total[1] += create["ProvisionedThroughput"][_WRITE]
        return total

    # -- changes -------------------------------------------------------------------

    def apply(self) -> None:
        table, request = self.table, self.request
        if self.switching:
            self._switch_billing_mode()
        if "ProvisionedThroughput" in request:
            self._set_capacity(table.throughput, request["ProvisionedThroughput"])
            table.warm = _raised_warm(table.warm, _warm_for(request["ProvisionedThroughput"]))
        if request.get("OnDemandThroughput"):
            table.on_demand = _merged_on_demand(table.on_demand, request["OnDemandThroughput"])
        if request.get("WarmThroughput"):
            table.warm = _raised_warm(table.warm, request["WarmThroughput"])
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
            table.warm = _raised_warm(table.warm, _warm_members(ON_DEMAND_WARM_THROUGHPUT))
            for index in table.global_indexes:
                index.warm = _raised_warm(index.warm or (0, 0), _warm_members(ON_DEMAND_WARM_THROUGHPUT))
        else:
            # Provisioned capacity replaces the on-demand caps, of the table and of its indexes.
            table.on_demand = {}
            for index in table.global_indexes:
                index.on_demand = {}

    def _set_capacity(self, throughput: Throughput, requested: dict) -> None:
        if self.switching:
            # The capacity an on-demand table gets is no increase: DynamoDB stamps no time for it.
            throughput.read, throughput.write = requested[_READ], requested[_WRITE]
        else:
            _record_capacity_change(throughput, requested[_READ], requested[_WRITE], self.now)

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
            index.warm = _raised_warm(index.warm or (0, 0), _warm_for(update["ProvisionedThroughput"]))
        if update.get("OnDemandThroughput"):
            index.on_demand = _merged_on_demand(index.on_demand, update["OnDemandThroughput"])
        if update.get("WarmThroughput"):
            index.warm = _raised_warm(index.warm or (0, 0), update["WarmThroughput"])

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
            after["OnDemandThroughput"] = {m: echoed[m] for m in _ON_DEMAND_MEMBERS if m in echoed}
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


def _check_throughput_changes(current: Throughput, requested: dict, what: str, noun: str) -> None:
    """Refuse an update that leaves provisioned throughput as it is."""
    if (requested[_READ], requested[_WRITE]) != (current.read, current.write):
        return
    raise validation(
        f"The provisioned throughput for {what} will not change. The requested value equals the current value. "
        f"Current ReadCapacityUnits provisioned for the {noun}: {current.read}. Requested ReadCapacityUnits: "
        f"{requested[_READ]}. Current WriteCapacityUnits provisioned for the {noun}: {current.write}. Requested "
        f"WriteCapacityUnits: {requested[_WRITE]}. Refer to the Amazon DynamoDB Developer Guide for current limits "
        "and how to request higher limits."
    )


def _check_budget_for(current: Throughput, requested: dict, now: float) -> None:
    if requested[_READ] < current.read or requested[_WRITE] < current.write:
        _check_decrease_budget(current, now)


def _check_on_demand_update(on_demand: dict, mode: str, index: str | None) -> None:
    present = [member for member in _ON_DEMAND_MEMBERS if member in on_demand]
    if not present:
        return
    if mode == PROVISIONED:
        where = "" if index is None else f" for index : {index}"
        raise _invalid(
            f"{present[0]} for OnDemandThroughput{where} cannot be specified when the table BillingMode is PROVISIONED"
        )
    for member in present:
        # -1 removes a cap; 0 and anything below -1 are out of range.
        if on_demand[member] == 0 or on_demand[member] < -1:
            raise _on_demand_out_of_range(member, index)


def _merged_on_demand(current: dict[str, int], requested: dict) -> dict[str, int]:
    merged = dict(current)
    for member in _ON_DEMAND_MEMBERS:
        if member in requested:
            if requested[member] == -1:
                merged.pop(member, None)
            else:
                merged[member] = requested[member]
    return {member: merged[member] for member in _ON_DEMAND_MEMBERS if member in merged}


def _check_warm_not_lowered(requested: dict, current: tuple[int, int], where: str) -> None:
    for member, value in zip(_WARM_MEMBERS, current):
        if requested.get(member, value) < value:
            raise _invalid(
                f"Requested {member} for WarmThroughput for {where} is lower than current WarmThroughput, "
                "decreasing WarmThroughput is not supported"
            )


def _warm_members(warm: tuple[int, int]) -> dict[str, int]:
    return dict(zip(_WARM_MEMBERS, warm))


def _warm_for(throughput: dict) -> dict[str, int]:
    """The warm throughput provisioned capacity guarantees."""
    return _warm_members((throughput[_READ], throughput[_WRITE]))
