"""The rules of a table's definition: key schemas, attribute definitions, secondary indexes, stream and encryption.

CreateTable applies them all, in check_create_table's order; UpdateTable
applies those that fit a new global index or a new encryption setting.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError, invalid_parameter, validation
from fakedynamo.operations.capacity import (
    PAY_PER_REQUEST,
    PROVISIONED,
    check_capacity_bounds,
    index_throughput_on_demand,
)

MAX_LOCAL_INDEXES = 5
MAX_GLOBAL_INDEXES = 20
MAX_INDEX_KEY_ATTRIBUTES = 4  # per key type (HASH, RANGE) of a global index


# -- key schemas and attribute definitions --------------------------------------------


def defined_names(definitions: list[dict]) -> list[str]:
    """The names AttributeDefinitions declares, in request order; a name declared twice is refused."""
    names: list[str] = []
    for definition in definitions:
        name = definition["AttributeName"]
        if name in names:
            raise validation(f"Attribute Name is duplicated: {name}")
        names.append(name)
    return names


def check_table_key_schema(key_schema: list[dict], defined: list[str]) -> None:
    names = key_names(key_schema)
    if len(names) > len(defined):
        raise validation("Invalid KeySchema: Some index key attribute have no definition")
    if any(name not in defined for name in names):
        raise undefined_keys(names, defined)
    _check_hash_then_range(key_schema)


def _check_hash_then_range(key_schema: list[dict]) -> None:
    """A table or local index key: one HASH element, then optionally one RANGE element."""
    if len(key_schema) == 2 and key_schema[0]["AttributeName"] == key_schema[1]["AttributeName"]:
        raise validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
    if key_schema[0]["KeyType"] != "HASH":
        raise validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(key_schema) == 2 and key_schema[1]["KeyType"] != "RANGE":
        raise validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


def check_global_key_schema(key_schema: list[dict]) -> None:
    """A global index key: one to four HASH elements, then up to four RANGE elements."""
    if key_schema[0]["KeyType"] != "HASH":
        raise validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    names = key_names(key_schema)
    if len(set(names)) != len(names):
        raise validation("The KeySchema contains multiple key attributes with the same name")
    kinds = [e["KeyType"] for e in key_schema]
    if "RANGE" in kinds and "HASH" in kinds[kinds.index("RANGE") :]:
        raise invalid_parameter("All HASH key attributes must precede RANGE key attributes in the KeySchema")
    for kind in ("HASH", "RANGE"):
        if kinds.count(kind) > MAX_INDEX_KEY_ATTRIBUTES:
            raise invalid_parameter(f"The KeySchema exceeds the maximum allowed number of {kind} key attributes")


def undefined_keys(keys: list[str], defined: list[str]) -> DynamoDBError:
    return invalid_parameter(
        "Some index key attributes are not defined in AttributeDefinitions. "
        f"Keys: [{', '.join(keys)}], AttributeDefinitions: [{', '.join(defined)}]"
    )


def check_index_lists(local_indexes: list | None, global_indexes: list | None) -> None:
    if local_indexes is not None and not local_indexes:
        raise invalid_parameter("List of LocalSecondaryIndexes is empty")
    if global_indexes is not None and not global_indexes:
        raise invalid_parameter("List of GlobalSecondaryIndexes is empty")


def check_index_keys_defined(indexes: list[dict], defined: list[str]) -> None:
    for index in indexes:
        keys = key_names(index["KeySchema"])
        if any(key not in defined for key in keys):
            raise undefined_keys(keys, defined)


def search_schema_names(request: dict[str, Any]) -> tuple[str, ...]:
    """The attributes of the vector indexes' search schemas (declared in AttributeDefinitions, like index keys)."""
    indexes = request.get("VectorIndexes") or ()
    return tuple(e["AttributeName"] for index in indexes for e in index.get("SearchSchema") or ())


def check_definitions_used(
    key_schema: list[dict],
    local_indexes: list | None,
    global_indexes: list | None,
    defined: list[str],
    searched: tuple[str, ...] = (),
) -> None:
    schemas = [key_schema, *(index["KeySchema"] for index in (*(local_indexes or ()), *(global_indexes or ())))]
    used = list(dict.fromkeys(name for schema in schemas for name in key_names(schema)))
    if all(name in used or name in searched for name in defined):
        return
    if not local_indexes and not global_indexes:
        raise invalid_parameter(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in "
            "AttributeDefinitions"
        )
    raise invalid_parameter(
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


def key_names(key_schema: list[dict]) -> list[str]:
    return [element["AttributeName"] for element in key_schema]


# -- secondary indexes ----------------------------------------------------------------


def check_local_indexes(local_indexes: list[dict], key_schema: list[dict]) -> None:
    if len(key_schema) != 2:
        raise invalid_parameter(
            "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"
        )
    table_hash = key_schema[0]["AttributeName"]
    seen: set[str] = set()
    for index in local_indexes:
        name, index_schema = index["IndexName"], index["KeySchema"]
        _check_hash_then_range(index_schema)
        if len(index_schema) != 2:
            raise invalid_parameter(f"Index KeySchema does not have a range key for index: {name}")
        index_hash = index_schema[0]["AttributeName"]
        if index_hash != table_hash:
            raise invalid_parameter(
                "Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                f"{name}. index hash key: {index_hash}, table hash key: {table_hash}"
            )
        check_projection(index["Projection"])
        _check_unseen(name, seen)
    if len(local_indexes) > MAX_LOCAL_INDEXES:
        raise invalid_parameter(f"Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LOCAL_INDEXES}")


def check_global_indexes(global_indexes: list[dict], mode: str) -> None:
    seen: set[str] = set()
    for index in global_indexes:
        name = index["IndexName"]
        check_global_key_schema(index["KeySchema"])
        check_projection(index["Projection"])
        _check_index_throughput_for_mode(index, mode)
        _check_unseen(name, seen)
    if len(global_indexes) > MAX_GLOBAL_INDEXES:
        raise invalid_parameter(f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GLOBAL_INDEXES}")


def _check_index_throughput_for_mode(index: dict, mode: str) -> None:
    name, throughput = index["IndexName"], index.get("ProvisionedThroughput")
    if mode == PAY_PER_REQUEST and throughput is not None:
        raise invalid_parameter(index_throughput_on_demand(name))
    if mode == PROVISIONED and throughput is None:
        raise invalid_parameter(f"ProvisionedThroughput is not specified for index: {name}")
    if throughput is not None:
        check_capacity_bounds(throughput)


def check_projection(projection: dict) -> None:
    kind = projection.get("ProjectionType")
    non_key = projection.get("NonKeyAttributes")
    if kind is None:
        raise invalid_parameter("Unknown ProjectionType: null")
    if kind != "INCLUDE":
        if non_key is not None:
            raise invalid_parameter(f"ProjectionType is {kind}, but NonKeyAttributes is specified")
        return
    if non_key is None:
        raise invalid_parameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
    seen: set[str] = set()
    for name in non_key:
        if name in seen:
            raise invalid_parameter(f"Duplicate element in NonKeyAttributes: {name}")
        seen.add(name)


def _check_unseen(name: str, seen: set[str]) -> None:
    if name in seen:
        raise invalid_parameter(f"Duplicate index name: {name}")
    seen.add(name)


def check_index_names_unique(local_indexes: list[dict], global_indexes: list[dict]) -> None:
    local_names = {index["IndexName"] for index in local_indexes}
    for index in global_indexes:
        if index["IndexName"] in local_names:
            raise invalid_parameter(f"Duplicate index name: {index['IndexName']}")


# -- streams and encryption -----------------------------------------------------------


def check_new_stream(spec: dict | None) -> None:
    if spec is None:
        return
    if spec["StreamEnabled"] and spec.get("StreamViewType") is None:
        raise invalid_parameter("Table is being created with a stream enabled, UpdateViewType is required")
    if not spec["StreamEnabled"] and spec.get("StreamViewType") is not None:
        raise invalid_parameter("Table is being created with a stream disabled, UpdateViewType should not be specified")


def check_sse_specification(spec: dict | None) -> None:
    """The rules an SSESpecification must meet, on CreateTable and UpdateTable alike."""
    if spec is None:
        return
    kind, key = spec.get("SSEType"), spec.get("KMSMasterKeyId")
    if spec.get("Enabled") is False:
        if kind is not None:
            raise invalid_parameter("SSEType can not be specified if Enabled is false")
        if key is not None:
            raise invalid_parameter("KMSMasterKeyId can not be specified if Enabled is false")
        return
    if kind == "AES256":
        raise invalid_parameter("SSEType AES256 is not supported")
    if key is not None and kind != "KMS":
        raise invalid_parameter("SSEType KMS is required if KMSMasterKeyId is specified")


def wants_kms(spec: dict) -> bool:
    """Whether a (valid) SSESpecification asks for a KMS key; {} and Enabled=false leave the AWS owned key."""
    enabled = spec.get("Enabled")
    return enabled is True or (enabled is None and spec.get("SSEType") == "KMS")
