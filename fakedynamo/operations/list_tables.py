"""ListTables: the region's table names in order, a page at a time."""

from __future__ import annotations

import bisect
from typing import Any

from fakedynamo.operations import operation
from fakedynamo.region import Region


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
