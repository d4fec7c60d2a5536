"""The legacy conditional parameters, turned into the same trees as expressions.

- Expected (PutItem, UpdateItem, DeleteItem) and QueryFilter / ScanFilter
  become bound condition trees (`Condition`), joined by ConditionalOperator;
- KeyConditions becomes a `KeyCondition`;
- AttributeUpdates becomes a `BoundUpdate`;
- AttributesToGet becomes a list of projection paths.

Each is validated with DynamoDB's messages for the legacy parameters, and
`check_expression_params` refuses a request that mixes both styles.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from fakedynamo.errors import validation
from fakedynamo.expressions import keycondition
from fakedynamo.expressions.ast import (
    AddAction,
    And,
    Between,
    Compare,
    Const,
    DeleteAction,
    Func,
    In,
    Not,
    Or,
    Path,
    RemoveAction,
    SetAction,
)
from fakedynamo.expressions.evaluate import compile_condition, ordering_key, type_of
from fakedynamo.expressions.update import BoundUpdate
from fakedynamo.values import check_attribute_name

INVALID = "One or more parameter values were invalid: "

_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
_ARGUMENTS = {
    "EQ": (1, 1), "NE": (1, 1), "LE": (1, 1), "LT": (1, 1), "GE": (1, 1), "GT": (1, 1),
    "CONTAINS": (1, 1), "NOT_CONTAINS": (1, 1), "BEGINS_WITH": (1, 1),
    "NULL": (0, 0), "NOT_NULL": (0, 0), "IN": (1, None), "BETWEEN": (2, 2),
}
# The value types each operator takes in QueryFilter, ScanFilter and KeyConditions.
# EQ and NE take every type, lists, maps and booleans included (the API reference's Condition page;
# the deepRequests capture has EQ on a map refused only for its depth).
_FILTER_TYPES = {
    "LE": ("S", "N", "B"), "LT": ("S", "N", "B"), "GE": ("S", "N", "B"), "GT": ("S", "N", "B"),
    "CONTAINS": ("S", "N", "B"), "NOT_CONTAINS": ("S", "N", "B"),
    "BEGINS_WITH": ("S", "B"), "IN": ("S", "N", "B"), "BETWEEN": ("S", "N", "B"),
}


class Condition:
    """A bound condition tree and the predicate compiled from it."""

    __slots__ = ("tree", "matches")

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.matches = compile_condition(tree)

    def __repr__(self) -> str:
        return f"Condition({self.tree!r})"


# -- mixing ---------------------------------------------------------------------------


def check_expression_params(
    request: Mapping[str, Any],
    expression_params: Sequence[str],
    non_expression_params: Sequence[str],
) -> None:
    """Refuse a request that mixes expression and legacy parameters, or names/values without expressions.

    `expression_params` lists the operation's expression parameters (e.g.
    ``["UpdateExpression", "ConditionExpression"]``) and
    `non_expression_params` its legacy ones (``["AttributeUpdates", "Expected"]``).
    """
    used = [p for p in expression_params if request.get(p) is not None]
    if used:
        legacy = list(non_expression_params)
        # A Query may pair KeyConditions with a FilterExpression or ProjectionExpression.
        if request.get("KeyConditions") is not None and request.get("KeyConditionExpression") is None and "KeyConditions" in legacy:
            legacy.remove("KeyConditions")
        mixed = [p for p in legacy if request.get(p) is not None]
        if mixed:
            raise validation(
                "Can not use both expression and non-expression parameters in the same request: "
                f"Non-expression parameters: {{{', '.join(mixed)}}} Expression parameters: {{{', '.join(used)}}}"
            )
    if request.get("ExpressionAttributeNames") is not None and not used:
        raise validation("ExpressionAttributeNames can only be specified when using expressions")
    with_values = [p for p in expression_params if p != "ProjectionExpression"]
    if request.get("ExpressionAttributeValues") is not None and not any(request.get(p) is not None for p in with_values):
        raise validation("ExpressionAttributeValues can only be specified when using expressions")


# -- conditions -----------------------------------------------------------------------


def _operator_tree(name: str, operator: str, values: Sequence[dict[str, Any]]) -> Any:
    path = Path((name,))
    consts = [Const(v) for v in values]
    if operator in _COMPARATORS:
        return Compare(_COMPARATORS[operator], path, consts[0])
    if operator == "NULL":
        return Func("attribute_not_exists", (path,))
    if operator == "NOT_NULL":
        return Func("attribute_exists", (path,))
    if operator == "CONTAINS":
        return Func("contains", (path, consts[0]))
    if operator == "NOT_CONTAINS":
        # A missing attribute neither contains nor does not contain: both are
        # false (ScyllaDB's Alternator tests, test_expected.py, against DynamoDB).
        return And(Func("attribute_exists", (path,)), Not(Func("contains", (path, consts[0]))))
    if operator == "BEGINS_WITH":
        return Func("begins_with", (path, consts[0]))
    if operator == "IN":
        return In(path, tuple(consts))
    if operator == "BETWEEN":
        return Between(path, consts[0], consts[1])
    raise validation(f"{INVALID}Unsupported operator on ComparisonOperator: {operator}")


def _same_type(values: Sequence[dict[str, Any]]) -> None:
    if values and any(type_of(v) != type_of(values[0]) for v in values):
        raise validation(f"{INVALID}AttributeValues inside AttributeValueList must be of same type")


def _between_order(operator: str, values: Sequence[dict[str, Any]]) -> None:
    if operator == "BETWEEN" and len(values) == 2:
        low, high = ordering_key(values[0]), ordering_key(values[1])
        if low is not None and high is not None and low[0] == high[0] and low[1] > high[1]:
            raise validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")


def _value_types(operator: str, values: Sequence[dict[str, Any]]) -> None:
    """The value types an operator takes (Expected, QueryFilter, ScanFilter and KeyConditions alike)."""
    allowed = _FILTER_TYPES.get(operator)
    if allowed is not None:
        for value in values:
            type_ = type_of(value)
            if type_ not in allowed:
                raise validation(f"{INVALID}ComparisonOperator {operator} is not valid for {type_} AttributeValue type")


def _argument_count(operator: str, count: int) -> None:
    low, high = _ARGUMENTS.get(operator, (0, None))
    if count < low or (high is not None and count > high):
        raise validation(f"{INVALID}Invalid number of argument(s) for the {operator} ComparisonOperator")


def _join(parts: list[Any], conditional_operator: str | None) -> Any:
    tree = parts[0]
    for part in parts[1:]:
        tree = Or(tree, part) if conditional_operator == "OR" else And(tree, part)
    return tree


def _check_conditional_operator(conditions: Mapping[str, Any], conditional_operator: str | None) -> None:
    if conditional_operator is not None and len(conditions) < 2:
        raise validation("ConditionalOperator can only be used when Filter or Expected has two or more elements")


def expected_condition(expected: Mapping[str, Mapping[str, Any]], conditional_operator: str | None = None) -> Condition | None:
    """The condition an Expected map states, or None for an empty map."""
    parts = []
    for name, condition in expected.items():
        has_list = condition.get("AttributeValueList") is not None
        has_value = condition.get("Value") is not None
        if has_list and has_value:
            raise validation(f"{INVALID}Value and AttributeValueList cannot be used together for Attribute: {name}")
        operator = condition.get("ComparisonOperator")
        if operator is not None:
            if condition.get("Exists") is not None:
                raise validation(f"{INVALID}Exists and ComparisonOperator cannot be used together for Attribute: {name}")
            if operator not in ("NULL", "NOT_NULL") and not has_list and not has_value:
                raise validation(
                    f"{INVALID}Value or AttributeValueList must be used with ComparisonOperator: {operator} for Attribute: {name}"
                )
            values = list(condition["AttributeValueList"]) if has_list else ([condition["Value"]] if has_value else [])
            _argument_count(operator, len(values))
            _same_type(values)
            _value_types(operator, values)
            _between_order(operator, values)
            parts.append(_operator_tree(name, operator, values))
        elif has_list:
            raise validation(f"{INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}")
        else:
            exists = condition.get("Exists")
            if exists is None or exists:
                if not has_value:
                    spelled = "null" if exists is None else "true"
                    raise validation(f"{INVALID}Value must be provided when Exists is {spelled} for Attribute: {name}")
                parts.append(Compare("=", Path((name,)), Const(condition["Value"])))
            else:
                if has_value:
                    raise validation(f"{INVALID}Value cannot be used when Exists is false for Attribute: {name}")
                parts.append(Func("attribute_not_exists", (Path((name,)),)))
    _check_conditional_operator(expected, conditional_operator)
    return Condition(_join(parts, conditional_operator)) if parts else None


def _filter_parts(conditions: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    parts = []
    for name, condition in conditions.items():
        operator = condition.get("ComparisonOperator")
        values = list(condition.get("AttributeValueList") or [])
        _argument_count(operator, len(values))
        _same_type(values)
        _value_types(operator, values)
        _between_order(operator, values)
        parts.append((name, operator, values))
    return parts


def filter_condition(conditions: Mapping[str, Mapping[str, Any]], conditional_operator: str | None = None) -> Condition | None:
    """The condition a QueryFilter or ScanFilter states, or None for an empty map."""
    parts = _filter_parts(conditions)
    _check_conditional_operator(conditions, conditional_operator)
    trees = [_operator_tree(name, operator, values) for name, operator, values in parts]
    return Condition(_join(trees, conditional_operator)) if trees else None


def key_conditions(
    conditions: Mapping[str, Mapping[str, Any]],
    hash_key: str,
    range_key: str | None = None,
    key_types: dict[str, str] | None = None,
) -> keycondition.KeyCondition:
    """The KeyCondition a legacy KeyConditions map states for a key schema."""
    parts = _filter_parts(conditions)
    found = {}
    for name, operator, values in parts:
        if operator in ("NULL", "NOT_NULL", "CONTAINS", "NOT_CONTAINS", "IN", "NE"):
            raise validation("Attempted conditional constraint is not an indexable operation")
        op = _COMPARATORS.get(operator, operator)
        found[name] = (op, tuple(values))
    if not found:
        raise validation("Conditions can be of length 1 or 2 only")
    return keycondition.from_conditions(found, hash_key, range_key, key_types)


# -- updates and projections ------------------------------------------------------------------


def attribute_updates(updates: Mapping[str, Mapping[str, Any]]) -> BoundUpdate:
    """The update an AttributeUpdates map states."""
    actions = []
    for name, update in updates.items():
        check_attribute_name(name)
        action = update.get("Action") or "PUT"
        value = update.get("Value")
        path = Path((name,))
        if value is None:
            if action != "DELETE":
                raise validation(f"{INVALID}Only DELETE action is allowed when no attribute value is specified")
            actions.append(RemoveAction(path))
            continue
        type_ = type_of(value)
        if action == "PUT":
            actions.append(SetAction(path, Const(value)))
        elif action == "DELETE":
            if type_ not in ("SS", "NS", "BS"):
                raise validation(f"{INVALID}DELETE action with value is not supported for the type {type_}")
            actions.append(DeleteAction(path, Const(value)))
        elif action == "ADD":
            if type_ not in ("L", "SS", "NS", "BS", "N"):
                raise validation(f"{INVALID}ADD action is not supported for the type {type_}")
            actions.append(AddAction(path, Const(value)))
        else:
            raise validation(f"{INVALID}Unsupported action: {action}")
    return BoundUpdate(actions, legacy=True)


def attributes_to_get(names: Sequence[str]) -> list[tuple[str]]:
    seen: set[str] = set()
    for name in names:
        check_attribute_name(name)
        if name in seen:
            raise validation(f"{INVALID}Duplicate value in attribute name: {name}")
        seen.add(name)
    return [(name,) for name in names]
