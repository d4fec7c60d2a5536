"""Table operations of `DynamoDBClient`: create, exists, delete, wait."""

from __future__ import annotations

from functools import partial

import time
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._vector import index_spec, merge_definitions
from pydynox.exceptions import ResourceNotFoundException, ValidationException

_KEY_TYPES = {"S": "S", "N": "N", "B": "B", "STRING": "S", "NUMBER": "N", "BINARY": "B"}
_BILLING_MODES = frozenset({"PAY_PER_REQUEST", "PROVISIONED"})
_TABLE_CLASSES = {
    "STANDARD": "STANDARD",
    "STANDARD_INFREQUENT_ACCESS": "STANDARD_INFREQUENT_ACCESS",
    "STANDARD_IA": "STANDARD_INFREQUENT_ACCESS",
}
_PROJECTIONS = frozenset({"ALL", "KEYS_ONLY", "INCLUDE"})
POLL_SECONDS = 0.5
DEFAULT_TIMEOUT_SECONDS = 60.0

KeySpec = tuple[str, str]


class TableOperations:
    """Mixed into `DynamoDBClient`, which provides ``_send``."""

    _send: Any

    # -- create -----------------------------------------------------------------

    def sync_create_table(
        self,
        table_name: str,
        partition_key: KeySpec,
        sort_key: KeySpec | None = None,
        billing_mode: str = "PAY_PER_REQUEST",
        read_capacity: int | None = None,
        write_capacity: int | None = None,
        table_class: str | None = None,
        encryption: str | None = None,
        kms_key_id: str | None = None,
        global_secondary_indexes: list[dict[str, Any]] | None = None,
        local_secondary_indexes: list[dict[str, Any]] | None = None,
        vector_indexes: list[dict[str, Any]] | None = None,
        wait: bool = False,
        timeout_seconds: float | None = None,
    ) -> None:
        """Create a table; keys are ``(name, type)`` with type "S", "N" or "B".

        `vector_indexes` are definitions as `create_vector_index` takes them.
        ``wait=True`` returns once the table and its vector indexes are ACTIVE.
        """
        request = create_table_request(
            table_name,
            partition_key,
            sort_key,
            billing_mode,
            read_capacity,
            write_capacity,
            table_class,
            encryption,
            kms_key_id,
            global_secondary_indexes,
            local_secondary_indexes,
            vector_indexes,
        )
        self._send("create_table", request)
        if wait:
            self.sync_wait_for_table_active(table_name, timeout_seconds)
            for index in request.get("VectorIndexes", ()):
                self._wait_for_vector_index(table_name, index["IndexName"], True, timeout_seconds)

    async def create_table(
        self,
        table_name: str,
        partition_key: KeySpec,
        sort_key: KeySpec | None = None,
        billing_mode: str = "PAY_PER_REQUEST",
        read_capacity: int | None = None,
        write_capacity: int | None = None,
        table_class: str | None = None,
        encryption: str | None = None,
        kms_key_id: str | None = None,
        global_secondary_indexes: list[dict[str, Any]] | None = None,
        local_secondary_indexes: list[dict[str, Any]] | None = None,
        vector_indexes: list[dict[str, Any]] | None = None,
        wait: bool = False,
        timeout_seconds: float | None = None,
    ) -> None:
        """Create a table; see `sync_create_table`."""
        await run_blocking(
            self.sync_create_table,
            table_name,
            partition_key,
            sort_key,
            billing_mode,
            read_capacity,
            write_capacity,
            table_class,
            encryption,
            kms_key_id,
            global_secondary_indexes,
            local_secondary_indexes,
            vector_indexes,
            wait,
            timeout_seconds,
        )

    # -- exists, delete, wait -----------------------------------------------------

    def _status(self, table_name: str) -> str | None:
        try:
            response, _ = self._send("describe_table", {"TableName": table_name})
        except ResourceNotFoundException:
            return None
        return response["Table"]["TableStatus"]  # type: ignore[no-any-return]

    def sync_table_exists(self, table_name: str) -> bool:
        """Whether the table exists (DescribeTable)."""
        return self._status(table_name) is not None

    async def table_exists(self, table_name: str) -> bool:
        """Whether the table exists (DescribeTable)."""
        return await run_blocking(self._status, table_name) is not None

    def sync_delete_table(self, table_name: str, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        """Delete the table; ``wait=True`` returns once it is gone."""
        self._send("delete_table", {"TableName": table_name})
        if wait:
            self.sync_wait_for_table_deleted(table_name, timeout_seconds)

    async def delete_table(self, table_name: str, *, wait: bool = False, timeout_seconds: float | None = None) -> None:
        """Delete the table; ``wait=True`` returns once it is gone."""
        await run_blocking(partial(self.sync_delete_table, table_name, wait=wait, timeout_seconds=timeout_seconds))

    def sync_wait_for_table_active(self, table_name: str, timeout_seconds: float | None = None) -> None:
        """Poll DescribeTable until the table is ACTIVE; TimeoutError after `timeout_seconds` (60)."""
        self._wait(table_name, lambda status: status == "ACTIVE", "to become ACTIVE", timeout_seconds)

    async def wait_for_table_active(self, table_name: str, timeout_seconds: float | None = None) -> None:
        await run_blocking(self.sync_wait_for_table_active, table_name, timeout_seconds)

    def sync_wait_for_table_deleted(self, table_name: str, timeout_seconds: float | None = None) -> None:
        """Poll DescribeTable until the table is gone; TimeoutError after `timeout_seconds` (60)."""
        self._wait(table_name, lambda status: status is None, "to be deleted", timeout_seconds)

    async def wait_for_table_deleted(self, table_name: str, timeout_seconds: float | None = None) -> None:
        await run_blocking(self.sync_wait_for_table_deleted, table_name, timeout_seconds)

    def _wait(self, table_name: str, done: Any, what: str, timeout_seconds: float | None) -> None:
        limit = DEFAULT_TIMEOUT_SECONDS if timeout_seconds is None else timeout_seconds
        deadline = time.monotonic() + limit
        while not done(self._status(table_name)):
            if time.monotonic() + POLL_SECONDS > deadline:
                raise TimeoutError(f"Timed out after {limit} s waiting for table '{table_name}' {what}")
            time.sleep(POLL_SECONDS)


def _key_type(spec: KeySpec, what: str) -> str:
    try:
        name, kind = spec
    except (TypeError, ValueError):
        raise ValidationException(f"{what} must be a (name, type) pair, got {spec!r}") from None
    key_type = _KEY_TYPES.get(str(kind).upper())
    if key_type is None:
        raise ValidationException(f"Invalid key type {kind!r} for {name!r}: use S, N or B")
    return key_type


def _choice(value: str, allowed: Any, what: str) -> str:
    chosen = str(value).upper()
    if chosen not in allowed:
        raise ValidationException(f"Invalid {what}: {value!r}. Expected one of {', '.join(sorted(allowed))}")
    return allowed[chosen] if isinstance(allowed, dict) else chosen


def _projection(spec: dict[str, Any]) -> dict[str, Any]:
    kind = _choice(spec.get("projection") or "ALL", _PROJECTIONS, "projection")
    projection: dict[str, Any] = {"ProjectionType": kind}
    if kind == "INCLUDE":
        projection["NonKeyAttributes"] = list(spec.get("non_key_attributes") or [])
    return projection


def _as_list(spec: dict[str, Any], one: str, many: str) -> list[KeySpec] | None:
    """A GSI key's attributes: `many` (a list) wins over `one` (a single spec); None when neither is given."""
    if spec.get(many) is not None:
        return list(spec[many])
    if spec.get(one) is not None:
        return [spec[one]]
    return None


def create_table_request(
    table_name: str,
    partition_key: KeySpec,
    sort_key: KeySpec | None = None,
    billing_mode: str = "PAY_PER_REQUEST",
    read_capacity: int | None = None,
    write_capacity: int | None = None,
    table_class: str | None = None,
    encryption: str | None = None,
    kms_key_id: str | None = None,
    global_secondary_indexes: list[dict[str, Any]] | None = None,
    local_secondary_indexes: list[dict[str, Any]] | None = None,
    vector_indexes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The CreateTable request for pydynox's arguments; ValidationException for a bad choice."""
    definitions: dict[str, str] = {}

    def key(spec: KeySpec, key_type: str, what: str) -> dict[str, str]:
        attribute_type = _key_type(spec, what)
        definitions.setdefault(spec[0], attribute_type)
        return {"AttributeName": spec[0], "KeyType": key_type}

    schema = [key(partition_key, "HASH", "partition_key")]
    if sort_key:
        schema.append(key(sort_key, "RANGE", "sort_key"))
    mode = _choice(billing_mode, _BILLING_MODES, "billing_mode")
    throughput = {"ReadCapacityUnits": read_capacity or 5, "WriteCapacityUnits": write_capacity or 5}
    request: dict[str, Any] = {"TableName": table_name, "KeySchema": schema, "BillingMode": mode}
    if mode == "PROVISIONED":
        request["ProvisionedThroughput"] = throughput

    gsis = []
    for spec in global_secondary_indexes or []:
        if "index_name" not in spec:
            raise ValidationException("GSI missing 'index_name'")
        hash_keys = _as_list(spec, "hash_key", "hash_keys")
        if hash_keys is None:
            raise ValidationException("GSI missing 'hash_key' or 'hash_keys'")
        range_keys = _as_list(spec, "range_key", "range_keys") or []
        name = spec["index_name"]
        if not 1 <= len(hash_keys) <= 4:
            raise ValidationException(f"GSI '{name}': hash_keys must have 1-4 attributes, got {len(hash_keys)}")
        if len(range_keys) > 4:
            raise ValidationException(f"GSI '{name}': range_keys must have 0-4 attributes, got {len(range_keys)}")
        index: dict[str, Any] = {
            "IndexName": spec["index_name"],
            "KeySchema": [key(k, "HASH", "hash_key") for k in hash_keys]
            + [key(k, "RANGE", "range_key") for k in range_keys],
            "Projection": _projection(spec),
        }
        if mode == "PROVISIONED":
            index["ProvisionedThroughput"] = dict(throughput)
        gsis.append(index)
    if gsis:
        request["GlobalSecondaryIndexes"] = gsis

    lsis = []
    for spec in local_secondary_indexes or []:
        if not spec.get("index_name") or not spec.get("range_key"):
            raise ValidationException("A local secondary index needs an index_name and a range_key")
        lsis.append(
            {
                "IndexName": spec["index_name"],
                "KeySchema": [
                    {"AttributeName": partition_key[0], "KeyType": "HASH"},
                    key(spec["range_key"], "RANGE", "range_key"),
                ],
                "Projection": _projection(spec),
            }
        )
    if lsis:
        request["LocalSecondaryIndexes"] = lsis

    if vector_indexes:
        if mode != "PAY_PER_REQUEST":
            raise ValidationException("Vector indexes require PAY_PER_REQUEST billing mode")
        specs = []
        for definition in vector_indexes:
            spec, types = index_spec(definition)
            merge_definitions(definitions, types)  # search schema attributes are declared like index keys
            specs.append(spec)
        request["VectorIndexes"] = specs

    request["AttributeDefinitions"] = [
        {"AttributeName": name, "AttributeType": kind} for name, kind in definitions.items()
    ]
    if table_class:
        request["TableClass"] = _choice(table_class, _TABLE_CLASSES, "table_class")
    if encryption:
        request["SSESpecification"] = _encryption(encryption, kms_key_id)
    return request


def _encryption(encryption: str, kms_key_id: str | None) -> dict[str, Any]:
    kind = _choice(encryption, frozenset({"AWS_OWNED", "AWS_MANAGED", "CUSTOMER_MANAGED"}), "encryption")
    if kind == "AWS_OWNED":
        return {"Enabled": False}
    if kind == "AWS_MANAGED":
        return {"Enabled": True, "SSEType": "KMS"}
    if not kms_key_id:
        raise ValidationException("encryption='CUSTOMER_MANAGED' needs kms_key_id")
    return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": kms_key_id}
