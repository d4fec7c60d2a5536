"""Single-item reads and writes: PutItem, GetItem, DeleteItem."""

from __future__ import annotations

from typing import Any

from fakedynamo.region import Region
from fakedynamo.operations import operation
from fakedynamo.values import check_item, item_size


@operation("PutItem")
def put_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    item = request["Item"]
    check_item(item)
    old = table.put(table.key_of(item), item, item_size(item))
    if old is not None and request.get("ReturnValues") == "ALL_OLD":
        return {"Attributes": old}
    return {}


@operation("GetItem")
def get_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    item = table.get(table.key_of(request["Key"]))
    return {} if item is None else {"Item": item}


@operation("DeleteItem")
def delete_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    old = table.delete(table.key_of(request["Key"]))
    if old is not None and request.get("ReturnValues") == "ALL_OLD":
        return {"Attributes": old}
    return {}
