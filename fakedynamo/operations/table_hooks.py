"""The newer families' part in the control plane.

CreateTable, DescribeTable, UpdateTable and DeleteTable (create_table.py,
table_description.py, update_table.py, delete_table.py) call these few hooks,
so that resource policies, vector indexes and global tables live in their own
modules (policies.py, vector_search.py, global_tables.py) and keep their state
in `Table.extras`.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import invalid_parameter
from fakedynamo.operations import global_tables, policies, vector_search
from fakedynamo.region import Region
from fakedynamo.storage import Table

VECTOR_MEMBER = "VectorIndexUpdates"
UPDATE_MEMBERS = (VECTOR_MEMBER, *global_tables.UPDATE_MEMBERS)


def check_create(region: Region, request: dict[str, Any]) -> None:
    """CreateTable's checks of the members these families own (after the table's own checks)."""
    vector_search.check_create(region, request)
    policies.check_create(region, request)
    global_tables.check_create(region, request)


def apply_create(region: Region, table: Table, request: dict[str, Any]) -> None:
    vector_search.apply_create(region, table, request)
    policies.apply_create(region, table, request)
    global_tables.apply_create(region, table, request)


def describe(region: Region, table: Table, description: dict[str, Any]) -> None:
    global_tables.describe(region, table, description)
    vector_search.describe(table, description)


def as_created(description: dict[str, Any]) -> None:
    vector_search.as_created(description)


def on_delete(region: Region, table: Table) -> None:
    global_tables.on_delete(region, table)


def update_table(region: Region, request: dict[str, Any], table_members: tuple[str, ...]) -> dict[str, Any] | None:
    """UpdateTable for a request that changes vector indexes or global table settings; None for any other."""
    members = [m for m in UPDATE_MEMBERS if m in request and request[m] not in ([], {})]
    if not members:
        return None
    others = [m for m in table_members if m in request and m not in UPDATE_MEMBERS and request[m] not in ([], {})]
    if others:
        # inferred wording: DynamoDB makes one kind of change per UpdateTable
        raise invalid_parameter(f"{members[0]} cannot be combined with {others[0]} in an UpdateTable request")
    if VECTOR_MEMBER in members and len(members) > 1:
        raise invalid_parameter("VectorIndexUpdates must be the only operation in the request")  # inferred wording
    from fakedynamo.operations.table_description import describe as describe_table

    table = region.table(request["TableName"])
    if VECTOR_MEMBER in members:
        shown = vector_search.update_table(region, table, request)
        description = describe_table(region, table)
        vectors = {i["IndexName"]: i for i in description.get("VectorIndexes", [])}
        for name, status in shown:
            if status == "DELETING":
                index = vector_search.indexes_of(table).pop(name)
                vectors[name] = index.describe(table, "DELETING")
            else:
                vectors[name]["IndexStatus"] = status
        if vectors:
            description["VectorIndexes"] = list(vectors.values())
        else:
            description.pop("VectorIndexes", None)
        description["TableStatus"] = "UPDATING"
        return {"TableDescription": description}
    changes = global_tables.update_table(region, table, request)
    description = describe_table(region, table)
    global_tables.show_replica_changes(region, table, changes, description)
    return {"TableDescription": description}
