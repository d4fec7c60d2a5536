"""CreateTable: every rule of the request, in DynamoDB's order, then the new table.

The table operations (this module, update_table.py, delete_table.py,
table_description.py, list_tables.py) check their requests in the order
DynamoDB does and answer with DynamoDB's messages, as captured against the
service in 2026 (the ack-api-quirks lab's DynamoDB findings and the
paritysuite conformance suite; dynalite and Dynoxide for the order of the
checks). The generic constraints of the service model (required members,
lengths, ranges, enums, patterns) are checked before a handler runs, by
`fakedynamo.shapes`; the checks here are DynamoDB's own.

Tables become ACTIVE at once, so that boto3 waiters return immediately, but
every response shows what DynamoDB would show at that moment: CreateTable
answers CREATING, DeleteTable DELETING, UpdateTable UPDATING (with the old
throughput, as DynamoDB echoes it) while the next DescribeTable already
reports the result.
"""

from __future__ import annotations

from typing import Any

from fakedynamo import streams
from fakedynamo.errors import resource_in_use
from fakedynamo.operations import operation, table_hooks
from fakedynamo.operations.capacity import (
    ON_DEMAND_WARM_THROUGHPUT,
    PAY_PER_REQUEST,
    PROVISIONED,
    READ,
    WRITE,
    check_billing_mode,
    check_on_demand_at_create,
    check_warm_at_create,
    on_demand_members,
    raised_warm,
)
from fakedynamo.operations.capacity_limits import (
    check_account_capacity,
    check_on_demand_limit,
    check_table_capacity,
    check_warm_limit,
)
from fakedynamo.operations.table_description import describe
from fakedynamo.operations.table_validation import (
    check_definitions_used,
    check_global_indexes,
    check_index_keys_defined,
    check_index_lists,
    check_index_names_unique,
    check_local_indexes,
    check_new_stream,
    check_sse_specification,
    check_table_key_schema,
    defined_names,
    search_schema_names,
    wants_kms,
)
from fakedynamo.operations.tags import check_tag_limits, check_tags
from fakedynamo.region import Region
from fakedynamo.storage import SecondaryIndex, Table, Throughput

STANDARD = "STANDARD"


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
    check_definitions_used(key_schema, local_indexes, global_indexes, defined, search_schema_names(request))
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
    global_indexes = [new_global_index(table, spec, mode) for spec in request.get("GlobalSecondaryIndexes") or ()]
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


def new_global_index(table: Table, spec: dict, mode: str) -> SecondaryIndex:
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
