"""Key attributes: a table's storage key from a request's Key or Item, with DynamoDB's checks.

Every operation that addresses items by key goes through here, so that they
refuse a bad key with the same words: GetItem, DeleteItem and UpdateItem (a
``Key`` map), PutItem (an ``Item``), and later the batch and transaction
operations, which take either.

Two shapes, two families of messages, as DynamoDB has them:

- a **Key** map must hold exactly the table's key attributes with their
  declared types; any mismatch (an attribute missing or extra, a wrong type) is
  the one generic "The provided key element does not match the schema";
- an **Item** must hold the key attributes, each named in its own message
  ("Missing the key pk in the item", "Type mismatch for key pk expected: S
  actual: N"), and its secondary-index key attributes, where present, must have
  their declared type and not be empty.

Both refuse an empty string or binary key value and a key value over the size
limit (2048 bytes for a partition key, 1024 for a sort key), checked attribute
by attribute in key-schema order: everything about the partition key first,
then the sort key.

The attribute values themselves (well-formed numbers, one data type per value,
...) are checked before any of this, by `fakedynamo.values.check_item`.
"""

from __future__ import annotations

from typing import Any, Callable

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.indexes import oversized_key_part
from fakedynamo.storage import Item, Key, KeyPart, Table, key_part
from fakedynamo.values import (
    INVALID as _INVALID,
    MAX_PARTITION_KEY_BYTES,
    MAX_SORT_KEY_BYTES,
    PARTITION_KEY_TOO_LARGE,
    SORT_KEY_TOO_LARGE,
    empty_key_value_message,
)

SCHEMA_MISMATCH = "The provided key element does not match the schema"
_EMPTY_NAMES = {"S": "string", "B": "binary"}

# What to raise when a key attribute has the wrong type: (name, declared type, value) -> error.
KeyTypeError = Callable[[str, str, Any], DynamoDBError]


# -- messages -------------------------------------------------------------------


def schema_mismatch(*_: Any) -> DynamoDBError:
    return validation(SCHEMA_MISMATCH)


def item_type_mismatch(name: str, declared: str, value: Any) -> DynamoDBError:
    return validation(f"{_INVALID}Type mismatch for key {name} expected: {declared} actual: {type_of(value)}")


def missing_item_key(name: str) -> DynamoDBError:
    return validation(f"{_INVALID}Missing the key {name} in the item")


def empty_key_value(name: str, declared: str) -> DynamoDBError:
    return validation(empty_key_value_message(name, declared))


def index_type_mismatch(name: str, declared: str, value: Any, index: str) -> DynamoDBError:
    return validation(
        f"{_INVALID}Type mismatch for Index Key {name} Expected: {declared} Actual: {type_of(value)} IndexName: {index}"
    )


def empty_index_key_value(name: str, declared: str, index: str) -> DynamoDBError:
    return validation(
        "One or more parameter values are not valid. A value specified for a secondary index key is not "
        "supported. The AttributeValue for a key attribute cannot contain an empty "
        f"{_EMPTY_NAMES[declared]} value. IndexName: {index}, IndexKey: {name}"
    )


def type_of(value: Any) -> str:
    """The data type an attribute value was sent with ("S", "N", "L", ...)."""
    if isinstance(value, dict) and value:
        return next(iter(value))
    return "null"


# -- Key maps -------------------------------------------------------------------


def key_of_key(table: Table, key: dict[str, Any], on_type_error: KeyTypeError = schema_mismatch) -> Key:
    """The storage key addressed by a request's ``Key`` map, or DynamoDB's error for a bad one.

    The map must name exactly the table's key attributes. `on_type_error` makes
    the error for a key attribute of the wrong type (the generic schema
    mismatch, as GetItem, DeleteItem and UpdateItem report it).
    """
    range_name = table.range_key
    if range_name is None:
        if len(key) != 1:
            raise validation(SCHEMA_MISMATCH)
        value = key.get(table.hash_key)
        if value is None:
            raise validation(SCHEMA_MISMATCH)
        return _part(table.hash_key, value, table.hash_type, MAX_PARTITION_KEY_BYTES, on_type_error)
    if len(key) != 2:
        raise validation(SCHEMA_MISMATCH)
    value = key.get(table.hash_key)
    if value is None:
        raise validation(SCHEMA_MISMATCH)
    partition = _part(table.hash_key, value, table.hash_type, MAX_PARTITION_KEY_BYTES, on_type_error)
    value = key.get(range_name)
    if value is None:
        raise validation(SCHEMA_MISMATCH)
    return (partition, _part(range_name, value, table.range_type, MAX_SORT_KEY_BYTES, on_type_error))  # type: ignore[arg-type]


# -- Items ----------------------------------------------------------------------


def key_of_item(table: Table, item: Item, on_type_error: KeyTypeError = item_type_mismatch) -> Key:
    """The storage key of an item to be written, after checking its key and index-key attributes.

    `on_type_error` makes the error for a table key attribute of the wrong type:
    PutItem names the attribute and both types (the default).
    """
    value = item.get(table.hash_key)
    if value is None:
        raise missing_item_key(table.hash_key)
    partition = _part(table.hash_key, value, table.hash_type, MAX_PARTITION_KEY_BYTES, on_type_error)
    range_name = table.range_key
    if range_name is None:
        key: Key = partition
    else:
        value = item.get(range_name)
        if value is None:
            raise missing_item_key(range_name)
        key = (partition, _part(range_name, value, table.range_type, MAX_SORT_KEY_BYTES, on_type_error))  # type: ignore[arg-type]
    if table.index_keys:
        check_index_keys(table, item)
    return key


def check_index_keys(table: Table, item: Item) -> None:
    """Refuse an item whose secondary-index key attributes, where present, are of the wrong type or empty.

    An item without an index's key attributes is simply not in that index.
    """
    for name, (declared, _index) in table.index_keys.items():
        value = item.get(name)
        if value is None:
            continue
        raw = value.get(declared) if type(value) is dict else None
        if raw is None or len(value) != 1 or (raw == "" and declared != "N"):
            raise _first_index_key_error(table, item)
        if declared != "N" and len(raw) > MAX_SORT_KEY_BYTES // 4:  # long enough to be over a limit
            too_large = _index_key_size_error(table, name, value)
            if too_large is not None:
                raise too_large


def _index_key_size_error(table: Table, name: str, value: Any) -> DynamoDBError | None:
    """An index key value over its size limit: 2048 bytes as an index's partition key, 1024 as a
    sort key (the Developer Guide's index key limits). The words are the table key's, inferred:
    no capture of this refusal has been found."""
    part = key_part(value)
    for index in table.indexes:
        if name in index.hash_keys and oversized_key_part(part, MAX_PARTITION_KEY_BYTES):
            return validation(PARTITION_KEY_TOO_LARGE)
        if name in index.range_keys and oversized_key_part(part, MAX_SORT_KEY_BYTES):
            return validation(SORT_KEY_TOO_LARGE)
    return None


def _first_index_key_error(table: Table, item: Item) -> DynamoDBError:
    # Off the fast path: several attributes may be wrong; report the one whose
    # index name sorts first.
    errors: list[tuple[str, DynamoDBError]] = []
    for name, (declared, index) in table.index_keys.items():
        value = item.get(name)
        if value is None:
            continue
        raw = value.get(declared) if type(value) is dict else None
        if raw is None or len(value) != 1:
            errors.append((index, index_type_mismatch(name, declared, value, index)))
        elif raw == "" and declared != "N":
            errors.append((index, empty_index_key_value(name, declared, index)))
    errors.sort(key=lambda pair: pair[0])
    return errors[0][1]


# -- helpers --------------------------------------------------------------------


def key_attributes(table: Table, item: Item) -> Item:
    """The key attributes of a validated item or key, as a Key map."""
    if table.range_key is None:
        return {table.hash_key: item[table.hash_key]}
    return {table.hash_key: item[table.hash_key], table.range_key: item[table.range_key]}


def _part(name: str, value: Any, declared: str, limit: int, on_type_error: KeyTypeError) -> KeyPart:
    """One key attribute's comparable value, after checking its type, emptiness and size."""
    raw = value.get(declared) if type(value) is dict else None
    if raw is None or len(value) != 1:
        raise on_type_error(name, declared, value)
    if declared == "S":
        if not raw:
            raise empty_key_value(name, declared)
        # A character is at most 4 bytes of UTF-8: only long strings need encoding to measure.
        if len(raw) * 4 > limit and len(raw.encode("utf-8", "surrogatepass")) > limit:
            raise validation(PARTITION_KEY_TOO_LARGE if limit == MAX_PARTITION_KEY_BYTES else SORT_KEY_TOO_LARGE)
        return raw
    if declared == "B":
        if not raw:
            raise empty_key_value(name, declared)
        part = key_part(value)
        if len(part) > limit:
            raise validation(PARTITION_KEY_TOO_LARGE if limit == MAX_PARTITION_KEY_BYTES else SORT_KEY_TOO_LARGE)
        return part
    # Numbers are at most 38 digits: never over a size limit.
    return key_part(value)
