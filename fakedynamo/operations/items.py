"""Single-item reads and writes: PutItem, GetItem, DeleteItem, UpdateItem.

Each handler reads like the AWS API Reference page of its operation, and checks
in the order DynamoDB does (captured against real DynamoDB, see the conformance
tests):

1. the attribute values of the Item or Key (`values.check_item`);
2. what can be judged from the request alone: ReturnValues, the expressions
   (or their legacy forms), the 400 KB item size;
3. the table: "Requested resource not found" if there is none;
4. the key attributes against the table's key schema (`fakedynamo.keys`);
5. the condition against the stored item; then the write.

Nothing changes before the last step, so a refused request changes nothing.

UpdateItem adds, between 4 and 5, the checks of the update against the table
(no key attribute may be a target; an index key attribute may not be given a
value of the wrong type, nor be reached into as a document), and after the
condition the checks of the updated item: its size (the UpdateItem wording),
its nesting and its index keys. An update that only removes, applied to an
item that does not exist, creates nothing.

PutItem, DeleteItem and UpdateItem report request-validation errors
(ReturnValues, the attribute values, the expressions) inside the validation
framework's ``1 validation error detected: `` envelope, as DynamoDB has since
its 2026 rewording; GetItem reports the same errors bare. Key-schema errors,
the item size, a missing table and errors found while applying an update are
bare everywhere.

Stored items are the request's own dicts (freshly decoded JSON the engine
owns), never copied; a stored item is never mutated afterwards, and responses
hand stored items out to be encoded at once.
"""

from __future__ import annotations

from typing import Any

from fakedynamo import capacity
from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError, resource_not_found, validation
from fakedynamo.expressions.ast import Arith, Const, DeleteAction, Func, Path, RemoveAction, SetAction
from fakedynamo.expressions.compiler import walk
from fakedynamo.keys import check_index_keys, index_type_mismatch, key_of_item, key_of_key
from fakedynamo.operations import operation
from fakedynamo.region import Region
from fakedynamo.shapes import read_by_older_layer
from fakedynamo.storage import Item, Table
from fakedynamo.values import (
    CURRENT,
    ENVELOPE,
    ENVELOPED,
    MAX_ITEM_SIZE,
    MAX_NESTING_DEPTH,
    NESTING_TOO_DEEP,
    check_expression_values,
    check_item,
    check_key,
    check_value,
    item_size,
    item_to_update_too_large,
    item_too_large,
)

RETURN_VALUES_OLD_OR_NONE = "ReturnValues can only be ALL_OLD or NONE"

UPDATE_RETURN_VALUES = ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
CONDITION_FAILED = "The conditional request failed"


# -- PutItem --------------------------------------------------------------------


@operation("PutItem")
def put_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    item = request["Item"]
    size = check_item(item, ENVELOPED)  # measured on the way
    options = len(request) > 2  # anything beyond TableName and Item
    condition = None
    if options:
        check_return_values(request)
        condition = write_condition(request)
    if size > MAX_ITEM_SIZE:
        raise item_too_large()
    table = find_table(region, request["TableName"])
    key = key_of_item(table, item)
    if condition is not None:
        check_condition(condition, table.get(key), request)
    old = table.put(key, item, size)
    if not options:
        return {}
    return write_response(table, request, key, item, old, item, size)


# -- GetItem --------------------------------------------------------------------


@operation("GetItem")
def get_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    key = request["Key"]
    check_key(key, CURRENT)  # GetItem reports value errors bare
    options = len(request) > 2  # anything beyond TableName and Key
    projection = read_projection(request) if options else None
    table = find_table(region, request["TableName"])
    storage_key = key_of_key(table, key)
    item = table.get(storage_key)
    if not options:
        return {} if item is None else {"Item": item}
    response: dict[str, Any] = {}
    if item is not None:
        # A projection costs the same units as the whole item.
        response["Item"] = item if projection is None else ex.project(item, projection)
    mode = request.get("ReturnConsumedCapacity")
    if mode == "TOTAL" or mode == "INDEXES":
        # Storage keeps each stored item's size: no need to measure it again.
        size = 0 if item is None else table.size_of(storage_key)
        response["ConsumedCapacity"] = capacity.read_consumed(table, mode, size, request.get("ConsistentRead") is True)
    return response


# -- DeleteItem -----------------------------------------------------------------


@operation("DeleteItem")
def delete_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    key = request["Key"]
    check_key(key, ENVELOPED)
    options = len(request) > 2  # anything beyond TableName and Key
    condition = None
    if options:
        check_return_values(request)
        condition = write_condition(request)
    table = find_table(region, request["TableName"])
    storage_key = key_of_key(table, key)
    if condition is not None:
        check_condition(condition, table.get(storage_key), request)
    old = table.delete(storage_key)
    if not options:
        return {}
    return write_response(table, request, storage_key, key, old, None, None)


# -- UpdateItem -----------------------------------------------------------------


@operation("UpdateItem")
def update_item(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    key = request["Key"]
    check_key(key, ENVELOPED)
    return_values = request.get("ReturnValues") or "NONE"
    update, condition = update_expressions(request)
    table = find_table(region, request["TableName"])
    storage_key = key_of_key(table, key)
    if update is not None:
        ex.check_key_updates(update, table.key_names)
        if table.index_keys:
            check_index_key_updates(table, update)
    old = table.get(storage_key)
    if condition is not None:
        check_condition(condition, old, request)
    if update is None:
        new, paths = (old if old is not None else dict(key)), None
    elif old is None and update.actions and all(type(a) in _REMOVALS for a in update.actions):
        # Removing from an item that does not exist writes nothing, and creates nothing.
        return write_response(table, request, storage_key, key, None, None, None, return_old=False)
    else:
        # (the key attributes were checked above, before the condition)
        new, paths = ex.apply_update(update, old if old is not None else dict(key))
    size = item_size(new)
    if size > MAX_ITEM_SIZE:
        raise item_to_update_too_large()
    if update is not None:
        check_nesting(update, new)
    if table.index_keys:
        if update is not None:
            check_updated_index_keys(table, update, new)
        check_index_keys(table, new)
    table.put(storage_key, new, size)

    response = write_response(table, request, storage_key, key, old, new, size, return_old=False)
    if return_values != "NONE":
        attributes = returned_attributes(return_values, old, new, paths)
        if attributes:
            response["Attributes"] = attributes
    return response


_REMOVALS = (RemoveAction, DeleteAction)


def update_expressions(request: dict[str, Any]) -> tuple[Any, Any]:
    """UpdateItem's update and condition, from expressions or their legacy forms (enveloped errors)."""
    try:
        check_expression_values(request.get("ExpressionAttributeValues") or {}, ENVELOPED)
        ex.check_expression_params(request, ("UpdateExpression", "ConditionExpression"), ("AttributeUpdates", "Expected"))
        check_legacy_values(request.get("Expected"), request.get("AttributeUpdates"))
        prepared = ex.prepare_request(request, (ex.messages.UPDATE, ex.messages.CONDITION))
        update = prepared.update
        if update is None and request.get("AttributeUpdates") is not None:
            update = ex.attribute_updates(request["AttributeUpdates"])
        condition = prepared.condition
        if condition is None and request.get("Expected") is not None:
            condition = ex.expected_condition(request["Expected"], request.get("ConditionalOperator"))
    except DynamoDBError as error:
        raise enveloped(error) from None
    return update, condition


def check_legacy_values(expected: Any, attribute_updates: Any) -> None:
    """The attribute values of Expected and AttributeUpdates, checked (and numbers normalised) like any other."""
    if expected:
        for condition in expected.values():
            if type(condition) is not dict:
                continue
            value = condition.get("Value")
            if value is not None:
                check_value(value, ENVELOPED)
            for member in condition.get("AttributeValueList") or ():
                check_value(member, ENVELOPED)
    if attribute_updates:
        for action in attribute_updates.values():
            if type(action) is dict and action.get("Value") is not None:
                check_value(action["Value"], ENVELOPED)


def check_nesting(update: Any, new: Item) -> None:
    """Refuse an item that a SET into a nested path took past 32 levels of nesting.

    The values of a request are checked on their own (a value may hold 31
    levels under the attribute); only a document set below the top level can
    take the item deeper, so only the attributes such actions reach are walked.
    """
    names = {action.path.parts[0] for action in update.actions if type(action) is SetAction and len(action.path.parts) > 1}
    for name in names:
        value = new.get(name)
        if value is not None and _too_deep(value, 1):
            raise validation(NESTING_TOO_DEEP)


def _too_deep(value: Any, level: int) -> bool:
    """Whether a container holding anything sits at level 32 or below it (the top level is 1)."""
    members = value.get("M")
    if members is None:
        members = value.get("L")
        if not members:
            return False
        children = members
    elif not members:
        return False
    else:
        children = members.values()
    if level >= MAX_NESTING_DEPTH:
        return True
    return any(_too_deep(child, level + 1) for child in children)


# -- UpdateItem and secondary-index keys ----------------------------------------

SCALAR_INDEX_KEYS = (
    "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: {}"
)
INDEX_KEY_UNSUPPORTED_TYPE = "The update expression attempted to update the secondary index key to unsupported type"


def check_index_key_updates(table: Table, update: Any) -> None:
    """Refuse, before the item is read, an update that must give an index key attribute the wrong type,
    or that reaches into an index key attribute as if it were a document."""
    index_keys = table.index_keys
    for action in update.actions:
        parts = action.path.parts
        found = index_keys.get(parts[0])
        if found is None or len(parts) != 1 or type(action) is RemoveAction:
            continue
        declared, index = found
        written = _static_type(action)
        if written is not None and written != declared:
            raise index_type_mismatch(parts[0], declared, {written: None}, index)
    for action in update.actions:
        paths = [action.path.parts]
        if type(action) is SetAction:
            paths.extend(node.parts for node in walk(action.value) if type(node) is Path)
        for parts in paths:
            if len(parts) > 1 and parts[0] in index_keys:
                raise validation(SCALAR_INDEX_KEYS.format(parts[0]))


def _static_type(action: Any) -> str | None:
    """The data type an action writes, when the request alone says so."""
    if type(action) is SetAction:
        value = action.value
        if type(value) is Const:
            return next(iter(value.value))
        if type(value) is Arith:
            return "N"
        if type(value) is Func and value.name == "list_append":
            return "L"
        return None
    value = action.value.value  # ADD and DELETE take a value
    return next(iter(value))


def check_updated_index_keys(table: Table, update: Any, new: Item) -> None:
    """An index key attribute an update wrote from the item itself, of the wrong type."""
    index_keys = table.index_keys
    for action in update.actions:
        parts = action.path.parts
        found = index_keys.get(parts[0])
        if found is None or len(parts) != 1:
            continue
        value = new.get(parts[0])
        if value is not None and found[0] not in value:
            raise validation(INDEX_KEY_UNSUPPORTED_TYPE)


def returned_attributes(return_values: str, old: Item | None, new: Item, paths: Any) -> Item | None:
    """What UpdateItem's ReturnValues asks for."""
    if return_values == "ALL_NEW":
        return new
    if return_values == "ALL_OLD":
        return old
    if paths is None:
        return None
    updated_old, updated_new = ex.updated_attributes(old, new, paths)
    if return_values == "UPDATED_OLD":
        return updated_old
    if return_values == "UPDATED_NEW":
        return updated_new
    return None


# -- shared steps ---------------------------------------------------------------


def find_table(region: Region, name: str) -> Table:
    """The table an item operation addresses (by name or ARN).

    Unlike the control plane, item operations do not name a missing table.
    A missing table may be created on the spot by the engine's `table_factory`.
    """
    table = region.tables.get(name)
    if table is None:
        table = region.engine.create_missing_table(region, name)
        if table is not None:
            return table
        try:
            table = region.table(name)
        except DynamoDBError as error:
            if error.code == "ResourceNotFoundException":
                raise resource_not_found("Requested resource not found") from None
            raise
    return table


def write_condition(request: dict[str, Any]) -> ex.Condition | None:
    """PutItem's or DeleteItem's condition, from ConditionExpression or Expected (enveloped errors)."""
    try:
        check_expression_values(request.get("ExpressionAttributeValues") or {}, ENVELOPED)
        ex.check_expression_params(request, ("ConditionExpression",), ("Expected",))
        check_legacy_values(request.get("Expected"), None)
        condition = ex.prepare_request(request, (ex.messages.CONDITION,)).condition
        if condition is None and request.get("Expected") is not None:
            condition = ex.expected_condition(request["Expected"], request.get("ConditionalOperator"))
    except DynamoDBError as error:
        raise enveloped(error) from None
    return condition


def read_projection(request: dict[str, Any]) -> list[tuple[Any, ...]] | None:
    """GetItem's projection, from ProjectionExpression or AttributesToGet."""
    ex.check_expression_params(request, ("ProjectionExpression",), ("AttributesToGet",))
    projection = ex.prepare_request(request, (ex.messages.PROJECTION,)).projection
    if projection is None and request.get("AttributesToGet") is not None:
        projection = ex.attributes_to_get(request["AttributesToGet"])
    return projection


def check_condition(condition: ex.Condition, old: Item | None, request: dict[str, Any]) -> None:
    """Refuse the write if the stored item does not meet the condition, optionally returning it."""
    if condition.matches(old if old is not None else {}):
        return
    extra = {}
    if old is not None and request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
        extra["Item"] = old
    raise DynamoDBError("ConditionalCheckFailedException", CONDITION_FAILED, **extra)


def enveloped(error: DynamoDBError) -> DynamoDBError:
    """A request-validation error as the write operations report it since 2026."""
    if error.code != "ValidationException" or error.message is None or error.message.startswith(ENVELOPE):
        return error
    return DynamoDBError(error.code, ENVELOPE + error.message, **error.extra)


def check_return_values(request: dict[str, Any]) -> None:
    """PutItem and DeleteItem can return the old item or nothing (UpdateItem has more)."""
    return_values = request.get("ReturnValues")
    if return_values is not None and return_values != "NONE" and return_values != "ALL_OLD":
        # The older validation layer, which alone reads a very deep request, says it bare (deepRequests capture).
        raise validation(RETURN_VALUES_OLD_OR_NONE if read_by_older_layer(request) else ENVELOPE + RETURN_VALUES_OLD_OR_NONE)


def write_response(
    table: Table,
    request: dict[str, Any],
    key: Any,
    key_item: Item,
    old: Item | None,
    new: Item | None,
    new_size: int | None,
    return_old: bool = True,
) -> dict[str, Any]:
    """The optional parts of a write's response: Attributes, ConsumedCapacity, ItemCollectionMetrics."""
    response: dict[str, Any] = {}
    if return_old and old is not None and request.get("ReturnValues") == "ALL_OLD":
        response["Attributes"] = old
    mode = request.get("ReturnConsumedCapacity")
    if mode == "TOTAL" or mode == "INDEXES":
        response["ConsumedCapacity"] = capacity.write_consumed(table, mode, old, new, new_size)
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        metrics = capacity.item_collection_metrics(table, key, key_item)
        if metrics is not None:
            response["ItemCollectionMetrics"] = metrics
    return response
