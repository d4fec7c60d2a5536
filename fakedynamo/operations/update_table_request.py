"""The rules an UpdateTable request must meet whatever table it names.

Which of its members ask for a change, which changes may go together in one
call, and the shape of a stream, encryption or index change; update_table.py
then checks the request against the table.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError, invalid_parameter, validation
from fakedynamo.operations.capacity import PROVISIONED, check_capacity_bounds
from fakedynamo.operations.table_validation import check_sse_specification

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
UPDATE_MEMBERS = (
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


def update_members(request: dict[str, Any]) -> list[str]:
    """The members of an UpdateTable request that ask for a change; refuse a request with none."""
    members = [member for member in UPDATE_MEMBERS if member in request]
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


def check_update_combinations(request: dict[str, Any], members: list[str]) -> None:
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


def check_update_request(request: dict[str, Any]) -> None:
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
