"""DeleteTable: the table goes at once; the answer shows it DELETING.

Deletion protection refuses it; a table with point-in-time recovery leaves a
system backup behind, as DynamoDB keeps one for 35 days.
"""

from __future__ import annotations

from typing import Any

from fakedynamo import streams
from fakedynamo.errors import validation
from fakedynamo.operations import operation, table_hooks
from fakedynamo.operations.backups import system_backup
from fakedynamo.operations.table_description import describe
from fakedynamo.region import Region


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
        system_backup(region, table)
    del region.tables[table.name]
    streams.table_deleted(region, table)
    return {"TableDescription": description}


_NOT_DESCRIBED_WHILE_DELETING = (
    "AttributeDefinitions", "KeySchema", "CreationDateTime", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
)
