"""The control plane: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable."""

from __future__ import annotations

from typing import Any

from fakedynamo.region import Region
from fakedynamo.errors import resource_in_use
from fakedynamo.operations import operation
from fakedynamo.storage import Table


@operation("CreateTable")
def create_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    name = request["TableName"]
    if name in region.tables:
        raise resource_in_use(f"Table already exists: {name}")
    types = {d["AttributeName"]: d["AttributeType"] for d in request["AttributeDefinitions"]}
    keys = {k["KeyType"]: k["AttributeName"] for k in request["KeySchema"]}
    hash_key, range_key = keys["HASH"], keys.get("RANGE")
    table = Table(name, hash_key, types[hash_key], range_key, types.get(range_key) if range_key else None)
    table.definition = {
        "TableName": name,
        "KeySchema": request["KeySchema"],
        "AttributeDefinitions": request["AttributeDefinitions"],
        "TableArn": region.arn(f"table/{name}"),
        "TableId": region.engine.new_uuid(),
        "CreationDateTime": region.now(),
        "TableStatus": "ACTIVE",
    }
    region.tables[name] = table
    return {"TableDescription": describe(table)}


@operation("DescribeTable")
def describe_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"Table": describe(region.table(request["TableName"]))}


@operation("DeleteTable")
def delete_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    del region.tables[table.name]
    description = describe(table)
    description["TableStatus"] = "DELETING"
    return {"TableDescription": description}


@operation("ListTables")
def list_tables(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    return {"TableNames": sorted(region.tables)}


def describe(table: Table) -> dict[str, Any]:
    description = dict(table.definition)
    description["ItemCount"] = table.item_count
    description["TableSizeBytes"] = table.size_bytes
    return description
