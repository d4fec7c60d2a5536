"""DynamoDB's expression language: parse once, bind per request, evaluate per item.

The operations use it in three steps::

    from fakedynamo import expressions as ex

    # 1. request validation (before any table lookup)
    ex.check_expression_params(request, ["ConditionExpression"], ["Expected"])
    prepared = ex.prepare_request(request)            # compile + bind + unused check
    condition = prepared.condition or ex.expected_condition(
        request.get("Expected") or {}, request.get("ConditionalOperator"))

    # 2. under the lock, against the stored item
    if condition is not None and not condition.matches(old_item or {}):
        raise DynamoDBError("ConditionalCheckFailedException", "The conditional request failed")

UpdateItem::

    prepared = ex.prepare_request(request)            # UpdateExpression, ConditionExpression
    update = prepared.update or ex.attribute_updates(request.get("AttributeUpdates") or {})
    ex.check_key_updates(update, table.key_names)
    ...condition as above...
    new_item, paths = ex.apply_update(update, old_item, key_names=table.key_names)
    UPDATED_OLD -> ex.project(old_item, paths); UPDATED_NEW -> ex.project(new_item, paths.new)

Query::

    prepared = ex.prepare_request(request)            # KeyCondition, Filter, Projection
    key = prepared.key_condition.resolve(hash_key, range_key, {name: "S" | "N" | "B"})
    # key.partition, key.sort_op, key.sort_values, key.sort_matches(value)
    for item in candidates:
        if prepared.filter is None or prepared.filter.matches(item):
            out.append(ex.project(item, prepared.projection) if prepared.projection else item)

Errors are `DynamoDBError("ValidationException", ...)` with DynamoDB's text,
bare: PutItem, UpdateItem and DeleteItem report request-validation errors
inside a ``1 validation error detected: `` envelope in the 2026 wording, which
the operation adds (see the package README in the closing report).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from fakedynamo.errors import validation
from fakedynamo.expressions import messages
from fakedynamo.expressions.ast import to_text
from fakedynamo.expressions.binding import Scope, bind_condition, bind_projection, bind_update
from fakedynamo.expressions.compiler import KINDS, Compiled, clear_cache, compile_expression
from fakedynamo.expressions.evaluate import compare as compare_values
from fakedynamo.expressions.evaluate import get_path, values_equal
from fakedynamo.expressions.keycondition import KeyCondition, analyze
from fakedynamo.expressions.legacy import (
    Condition,
    attribute_updates,
    attributes_to_get,
    check_expression_params,
    expected_condition,
    filter_condition,
    key_conditions,
)
from fakedynamo.expressions.projection import project
from fakedynamo.expressions.reserved_words import RESERVED_WORDS, is_reserved
from fakedynamo.expressions.update import BoundUpdate, check_key_updates
from fakedynamo.expressions.update import apply_update as _apply_bound_update
from fakedynamo.values import MAX_ATTRIBUTE_NAME_SIZE, attribute_name_error

__all__ = [
    "KINDS",
    "RESERVED_WORDS",
    "BoundKeyCondition",
    "BoundUpdate",
    "Compiled",
    "Condition",
    "KeyCondition",
    "Prepared",
    "apply_update",
    "attribute_updates",
    "attributes_to_get",
    "check_attribute_maps",
    "check_expression_params",
    "check_key_updates",
    "clear_cache",
    "compare_values",
    "compile_expression",
    "expected_condition",
    "filter_condition",
    "get_path",
    "is_reserved",
    "key_conditions",
    "prepare",
    "prepare_request",
    "project",
    "to_text",
    "updated_attributes",
    "values_equal",
]

# The order DynamoDB checks a request's expressions in.
ORDER = (
    messages.UPDATE,
    messages.CONDITION,
    messages.KEY_CONDITION,
    messages.FILTER,
    messages.PROJECTION,
)


class BoundKeyCondition:
    """A bound KeyConditionExpression, waiting for the key schema of the table or index queried."""

    __slots__ = ("tree",)

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def resolve(
        self, hash_key: str, range_key: str | None = None, key_types: dict[str, str] | None = None
    ) -> KeyCondition:
        return analyze(self.tree, hash_key, range_key, key_types)


class Prepared:
    """A request's expressions, compiled and bound. Absent expressions are None.

    `projection` is a list of resolved paths (tuples of str and int).
    """

    __slots__ = ("update", "condition", "key_condition", "filter", "projection")

    def __init__(self) -> None:
        self.update: BoundUpdate | None = None
        self.condition: Condition | None = None
        self.key_condition: BoundKeyCondition | None = None
        self.filter: Condition | None = None
        self.projection: list[tuple[Any, ...]] | None = None


_VALID_KEYS: set[str] = set()  # placeholder keys seen to be well formed (bounded below)


def _valid_key(key: str, sigil: str) -> bool:
    if key in _VALID_KEYS:
        return key[0] == sigil
    valid = len(key) > 1 and key[0] == sigil and all(c.isascii() and (c.isalnum() or c == "_") for c in key[1:])
    if valid:
        if len(_VALID_KEYS) > 4096:
            _VALID_KEYS.clear()
        _VALID_KEYS.add(key)
    return valid


def check_attribute_maps(names: Mapping[str, str] | None, values: Mapping[str, Any] | None) -> None:
    """The checks on ExpressionAttributeNames/Values made before any expression is read."""
    if names is not None:
        if not names:
            raise validation("ExpressionAttributeNames must not be empty")
        for key, name in names.items():
            if not _valid_key(key, "#"):
                raise validation(f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{key}"')
            if not name or len(name) * 4 > MAX_ATTRIBUTE_NAME_SIZE:
                message = attribute_name_error(name)
                if message is not None:
                    # Captured (in the wild) for an empty name; the too-large reason is inferred.
                    raise validation(f"ExpressionAttributeNames contains invalid value: {message} for key {key}")
    if values is not None:
        if not values:
            raise validation("ExpressionAttributeValues must not be empty")
        for key in values:
            if not _valid_key(key, ":"):
                raise validation(f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{key}"')


_SCALARS = frozenset(("S", "N", "B", "BOOL", "NULL"))
_BOUND_PER_EXPRESSION = 64


def _fingerprint(compiled: Compiled, scope: Scope) -> Any:
    """A hashable key for the names and values `compiled` would be bound to, or None."""
    names = tuple(scope.names.get(ref) for ref in compiled.name_refs)
    values = []
    for ref in compiled.value_refs:
        value = scope.values.get(ref)
        if value is None or len(value) != 1:
            return None
        (type_, raw), = value.items()
        if type_ not in _SCALARS:
            return None
        values.append((type_, raw))
    return names, tuple(values)


def _bind_read_only(compiled: Compiled, scope: Scope, build: Any) -> Any:
    """Bind an expression, reusing an earlier binding of it to the same names and scalar values."""
    key = _fingerprint(compiled, scope)
    if key is not None:
        found = compiled.bound.get(key)
        if found is not None:
            scope.used_names.update(compiled.name_refs)
            scope.used_values.update(compiled.value_refs)
            return found
    result = build(compiled, scope)
    if key is not None:
        if len(compiled.bound) >= _BOUND_PER_EXPRESSION:
            compiled.bound.clear()
        compiled.bound[key] = result
    return result


def _condition(compiled: Compiled, scope: Scope) -> Condition:
    return Condition(bind_condition(compiled, scope))


def _update(compiled: Compiled, scope: Scope) -> BoundUpdate:
    # Bound updates are immutable too: their constants end up in stored items,
    # which are never mutated, so one binding serves every request alike.
    return BoundUpdate(bind_update(compiled, scope).actions())


def _key_condition(compiled: Compiled, scope: Scope) -> "BoundKeyCondition":
    return BoundKeyCondition(bind_condition(compiled, scope))


def prepare(
    expressions: Mapping[str, str | None],
    names: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Prepared:
    """Compile and bind the expressions of one request (by parameter name), in DynamoDB's order.

    Raises the first error DynamoDB would: the names/values maps, then each
    expression in turn (update, condition, key condition, filter, projection),
    then names and values that no expression used.
    """
    check_attribute_maps(names, values)
    scope = Scope(names, values)
    prepared = Prepared()
    for kind in ORDER:
        text = expressions.get(kind)
        if text is None:
            continue
        compiled = compile_expression(kind, text)
        if kind == messages.UPDATE:
            prepared.update = _bind_read_only(compiled, scope, _update)
        elif kind == messages.CONDITION:
            prepared.condition = _bind_read_only(compiled, scope, _condition)
        elif kind == messages.FILTER:
            prepared.filter = _bind_read_only(compiled, scope, _condition)
        elif kind == messages.KEY_CONDITION:
            prepared.key_condition = _bind_read_only(compiled, scope, _key_condition)
        else:
            prepared.projection = list(_bind_read_only(compiled, scope, bind_projection))
    scope.check_unused()
    return prepared


def prepare_request(request: Mapping[str, Any], kinds: Iterable[str] = KINDS) -> Prepared:
    """`prepare` with the expressions and maps taken from a request body."""
    return prepare(
        {kind: request.get(kind) for kind in kinds},
        request.get("ExpressionAttributeNames"),
        request.get("ExpressionAttributeValues"),
    )


def apply_update(
    update: BoundUpdate | Compiled,
    item: dict[str, Any] | None,
    names: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
    key_names: Iterable[str] = (),
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """The item after an update, and the paths it touched; the input item is left as it was.

    `update` is a bound update (from `prepare` or `attribute_updates`) or a
    compiled UpdateExpression, bound here with `names` and `values`.
    """
    if isinstance(update, Compiled):
        update = BoundUpdate(bind_update(update, Scope(names, values)).actions())
    return _apply_bound_update(update, item, key_names)


def updated_attributes(old_item: dict[str, Any] | None, new_item: dict[str, Any], paths: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """What UPDATED_OLD and UPDATED_NEW return, for the paths `apply_update` reported."""
    return project(old_item, paths), project(new_item, paths.new)
