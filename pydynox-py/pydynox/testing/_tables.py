"""Which table to create when a test first touches one: from its model, or from the data.

fakedynamo asks `define_table` (its ``table_factory``) for a CreateTable
request whenever an item operation addresses a table that does not exist:

- a table named by some model's ``model_config.table`` is created from that
  model's own definition: its keys (alias names, attribute types), its GSIs
  and its LSIs. Several models of one table (single-table design) with the
  same keys contribute all their indexes. Models of one table with
  *different* keys (two test modules that each define a ``users`` model) are
  told apart by the request: the key attributes it names, the item it writes,
  the index it queries;
- a table no model names is created only for a call made through a
  ``MemoryClient`` (the low-level client of a `MemoryBackend`), with its keys
  inferred from the request the way seeds are (`seed_definition`). boto3 and
  other clients get DynamoDB's ResourceNotFoundException, as on AWS.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydynox._client_tables import create_table_request
from pydynox.model import Model

# The names tried, in order, for the partition key of a table no model defines.
PARTITION_KEY_NAMES = ("pk", "PK", "partition_key", "id", "short_code")
SORT_KEY_NAME = "sk"

Request = dict[str, Any]
KeyNames = tuple[tuple[str, str], ...]  # ((name, type) of the partition key[, of the sort key])

# Set (per thread) while a MemoryClient's request is on its way to the fake:
# tables no model defines may then be created from the request itself.
_implicit = threading.local()


def implicit_tables() -> bool:
    """Whether the request being answered on this thread came from a MemoryClient."""
    return getattr(_implicit, "on", False)


# -- models ---------------------------------------------------------------------------


def all_models(base: type = Model) -> Iterator[type]:
    """Every subclass of `base`, at any depth, in definition order (each once)."""
    seen: set[int] = set()
    stack = list(reversed(base.__subclasses__()))
    while stack:
        model = stack.pop()
        if id(model) in seen:
            continue
        seen.add(id(model))
        yield model
        stack.extend(reversed(model.__subclasses__()))


def table_of(model: type) -> str | None:
    config = getattr(model, "model_config", None)
    table = getattr(config, "table", None)
    return table if isinstance(table, str) else None


class _Schema:
    """One key schema of a table, with the indexes of every model that uses it."""

    def __init__(self, keys: KeyNames) -> None:
        self.keys = keys
        self.models: list[type] = []
        self.global_indexes: dict[str, dict[str, Any]] = {}
        self.local_indexes: dict[str, dict[str, Any]] = {}
        self.attribute_names: set[str] = set()

    def add(self, model: type, definition: dict[str, Any]) -> None:
        self.models.append(model)
        for index in definition.get("global_secondary_indexes") or ():
            self.global_indexes.setdefault(index["index_name"], index)
        for index in definition.get("local_secondary_indexes") or ():
            self.local_indexes.setdefault(index["index_name"], index)
        self.attribute_names.update(model._py_to_dynamo.values())

    @property
    def key_names(self) -> set[str]:
        return {name for name, _ in self.keys}

    def request(self, table: str) -> Request:
        return create_table_request(
            table,
            self.keys[0],
            self.keys[1] if len(self.keys) > 1 else None,
            global_secondary_indexes=list(self.global_indexes.values()) or None,
            local_secondary_indexes=list(self.local_indexes.values()) or None,
        )


def model_schemas(table: str) -> list[_Schema]:
    """The key schemas the models of `table` declare, in the order their first model was defined."""
    schemas: dict[KeyNames, _Schema] = {}
    for model in all_models():
        if table_of(model) != table or model._partition_key is None:
            continue
        try:
            definition = model._table_definition()
            keys: KeyNames = (tuple(definition["partition_key"]),)  # type: ignore[assignment]
            if definition.get("sort_key"):
                keys += (tuple(definition["sort_key"]),)  # type: ignore[assignment]
        except Exception:  # noqa: BLE001 - a model DynamoDB could not key (say, a list partition key)
            continue
        schema = schemas.get(keys)
        if schema is None:
            schema = schemas[keys] = _Schema(keys)
        schema.add(model, definition)
    return list(schemas.values())


def model_definition(table: str, request: Request | None = None) -> Request | None:
    """The CreateTable request the models of `table` give, or None if no model names it.

    With several key schemas, the one `request` (the first request to touch the
    table) fits; the last defined when it fits several or none.
    """
    schemas = model_schemas(table)
    if not schemas:
        return None
    if len(schemas) == 1:
        return schemas[0].request(table)
    return _best_fit(schemas, _evidence(table, request or {})).request(table)


# -- what a request says about its table's keys ---------------------------------------------


class _Evidence:
    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []  # Key maps: exactly the key attributes
        self.items: list[dict[str, Any]] = []  # whole items: the key attributes and more
        self.index: str | None = None
        self.key_condition_names: set[str] = set()


_WORD = re.compile(r"[#A-Za-z_][A-Za-z0-9_\-.]*")


def _evidence(table: str, request: Request) -> _Evidence:
    found = _Evidence()
    if request.get("TableName") == table:
        if isinstance(request.get("Key"), dict):
            found.keys.append(request["Key"])
        if isinstance(request.get("Item"), dict):
            found.items.append(request["Item"])
        found.index = request.get("IndexName")
        condition = request.get("KeyConditionExpression")
        if isinstance(condition, str):
            names = request.get("ExpressionAttributeNames") or {}
            for word in _WORD.findall(condition):
                found.key_condition_names.add(names.get(word, word))
        for legacy in request.get("KeyConditions") or {}:
            found.key_condition_names.add(legacy)
    requested = (request.get("RequestItems") or {}).get(table)
    if isinstance(requested, dict):  # BatchGetItem
        found.keys.extend(key for key in requested.get("Keys") or () if isinstance(key, dict))
    elif isinstance(requested, list):  # BatchWriteItem
        for entry in requested:
            if "PutRequest" in entry:
                found.items.append(entry["PutRequest"].get("Item") or {})
            elif "DeleteRequest" in entry:
                found.keys.append(entry["DeleteRequest"].get("Key") or {})
    for action in request.get("TransactItems") or ():
        for body in action.values():
            if isinstance(body, dict) and body.get("TableName") == table:
                if isinstance(body.get("Key"), dict):
                    found.keys.append(body["Key"])
                if isinstance(body.get("Item"), dict):
                    found.items.append(body["Item"])
    return found


def _fits(schema: _Schema, evidence: _Evidence) -> int:
    """How well `schema` fits what the request shows: -1 not at all, higher is better."""
    score = 0
    key_types = dict(schema.keys)
    for key in evidence.keys:
        if set(key) != set(key_types) or not _types_match(key, key_types):
            return -1
        score += 1
    for item in evidence.items:
        if not set(key_types) <= set(item) or not _types_match(item, key_types):
            return -1
        score += 1 + len(set(item) & schema.attribute_names)
    if evidence.index is not None:
        if evidence.index not in schema.global_indexes and evidence.index not in schema.local_indexes:
            return -1
        score += 1
    elif evidence.key_condition_names:
        if schema.keys[0][0] not in evidence.key_condition_names:
            return -1
        score += 1
    return score


def _types_match(values: dict[str, Any], key_types: dict[str, str]) -> bool:
    for name, kind in key_types.items():
        value = values.get(name)
        if not isinstance(value, dict) or kind not in value:
            return False
    return True


def _best_fit(schemas: list[_Schema], evidence: _Evidence) -> _Schema:
    best, best_score = schemas[-1], -1
    for schema in schemas:  # the later of equally good fits wins: >=
        score = _fits(schema, evidence)
        if score >= 0 and score >= best_score:
            best, best_score = schema, score
    return best


# -- tables no model defines ------------------------------------------------------------------


def _wire_type(value: Any) -> str | None:
    """The key type of a value, native (seeds) or in wire form (requests)."""
    if isinstance(value, dict) and len(value) == 1:
        tag = next(iter(value))
        return tag if tag in ("S", "N", "B") else None
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return "S"
    if isinstance(value, (int, float)):
        return "N"
    if isinstance(value, (bytes, bytearray)):
        return "B"
    if isinstance(value, Decimal):
        return "N"
    return None


def inferred_keys(items: Iterable[dict[str, Any]]) -> KeyNames | None:
    """Keys for a table no model defines, from its items (native or wire form).

    The partition key is the first of ``pk``, ``PK``, ``partition_key``, ``id``,
    ``short_code`` that every item has; the sort key is ``sk`` if any item has
    one. With no items at all: a string ``pk``. None if no name fits.
    """
    items = [item for item in items if isinstance(item, dict)]
    if not items:
        return (("pk", "S"),)
    partition = next((name for name in PARTITION_KEY_NAMES if all(name in item for item in items)), None)
    if partition is None:
        return None
    partition_type = _wire_type(items[0][partition])
    if partition_type is None:
        return None
    keys: KeyNames = ((partition, partition_type),)
    with_sort = [item for item in items if SORT_KEY_NAME in item]
    if with_sort and SORT_KEY_NAME != partition:
        sort_type = _wire_type(with_sort[0][SORT_KEY_NAME])
        if sort_type is not None:
            keys += ((SORT_KEY_NAME, sort_type),)
    return keys


def _keys_of_key_maps(keys: list[dict[str, Any]]) -> KeyNames | None:
    """The key schema a Key map shows: its one or two attributes (the partition key first)."""
    key = keys[0]
    names = list(key)
    if not 1 <= len(names) <= 2:
        return None
    if len(names) == 2:
        partition = next((name for name in PARTITION_KEY_NAMES if name in key), names[0])
        names = [partition, names[1] if names[0] == partition else names[0]]
    types = [_wire_type(key[name]) for name in names]
    if None in types:
        return None
    return tuple(zip(names, types))  # type: ignore[arg-type,return-value]


def _keys_of_key_condition(request: Request) -> KeyNames | None:
    values = request.get("ExpressionAttributeValues") or {}
    names = request.get("ExpressionAttributeNames") or {}
    condition = request.get("KeyConditionExpression") or ""
    match = re.match(r"\s*\(?\s*([#A-Za-z_][A-Za-z0-9_\-]*)\s*=\s*(:[A-Za-z0-9_]+)", condition)
    if not match:
        return None
    kind = _wire_type(values.get(match.group(2)))
    if kind is None:
        return None
    return ((names.get(match.group(1), match.group(1)), kind),)


def implicit_definition(table: str, request: Request) -> Request | None:
    """A CreateTable request for a table no model defines, from the first request to touch it."""
    evidence = _evidence(table, request)
    keys: KeyNames | None = None
    if evidence.keys:
        keys = _keys_of_key_maps(evidence.keys)
    elif evidence.items:
        keys = inferred_keys(evidence.items)
    elif evidence.key_condition_names:
        keys = _keys_of_key_condition(request)
    elif request.get("TableName") == table and evidence.index is None:
        keys = (("pk", "S"),)  # a Scan: any table reads as empty
    if keys is None:
        return None
    return create_table_request(table, keys[0], keys[1] if len(keys) > 1 else None)


def seed_definition(table: str, items: list[dict[str, Any]]) -> Request:
    """The CreateTable request for a seeded table: its model's, else keys inferred from the items."""
    put = {"RequestItems": {table: [{"PutRequest": {"Item": _wire_keys(item)}} for item in items]}}
    definition = model_definition(table, put)
    if definition is not None:
        return definition
    keys = inferred_keys(items)
    if keys is None:
        raise ValueError(
            f"Cannot tell the key of seeded table {table!r}: no model has model_config.table={table!r} "
            f"and its items have none of {', '.join(PARTITION_KEY_NAMES)}"
        )
    return create_table_request(table, keys[0], keys[1] if len(keys) > 1 else None)


def _wire_keys(item: dict[str, Any]) -> dict[str, Any]:
    """Enough of `item` in wire form to match it against key schemas: each value's type tag."""
    out: dict[str, Any] = {}
    for name, value in item.items():
        kind = _wire_type(value)
        out[name] = {kind: None} if kind else {"NULL": True}
    return out


# -- the factory ---------------------------------------------------------------------------------


def table_factory(home_region: str) -> Callable[[str, str, str, Request], Request | None]:
    """fakedynamo's ``table_factory`` for a backend whose tables live in `home_region`.

    Tables are made on first use there only: elsewhere a request gets
    ResourceNotFoundException, as from DynamoDB, so a client pointed at the
    wrong region fails loudly instead of reading a fresh, empty table.
    """

    def factory(table: str, region: str, operation: str, request: Request) -> Request | None:
        return define_table(table, region, operation, request) if region == home_region else None

    return factory


def define_table(table: str, region: str, operation: str, request: Request) -> Request | None:
    """fakedynamo's ``table_factory``: the table its models define, or one inferred for a MemoryClient."""
    try:
        definition = model_definition(table, request)
        if definition is None and implicit_tables():
            definition = implicit_definition(table, request)
    except Exception:  # noqa: BLE001 - never break the request: DynamoDB's ResourceNotFound instead
        return None
    return definition
