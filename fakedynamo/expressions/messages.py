"""DynamoDB's wording for every expression error, in one place.

Each function returns the text after the ``Invalid <Parameter>: `` prefix
(`invalid` adds it). Sources are noted where the wording was captured from
real DynamoDB; see the package docstring for the list.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError, validation

CONDITION = "ConditionExpression"
FILTER = "FilterExpression"
KEY_CONDITION = "KeyConditionExpression"
PROJECTION = "ProjectionExpression"
UPDATE = "UpdateExpression"


def invalid(kind: str, message: str) -> DynamoDBError:
    return validation(f"Invalid {kind}: {message}")


EMPTY = "The expression can not be empty;"
REDUNDANT_PARENS = "The expression has redundant parentheses;"
INVALID_UPDATE_PATH = "The document path provided in the update expression is invalid for update"
INCORRECT_DATA_TYPE = "An operand in the update expression has an incorrect data type"
MISSING_OPERAND = "The provided expression refers to an attribute that does not exist in the item"
LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update"
VALID_TYPE_NAMES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"

# Type names as the ADD/DELETE operand check spells them (sets have none: they are allowed).
LONG_TYPE_NAMES = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "NULL": "NULL",
    "BOOL": "BOOLEAN",
    "L": "LIST",
    "M": "MAP",
}


def syntax(token: str, near: str) -> str:
    return f'Syntax error; token: "{token}", near: "{near}"'


def size_exceeded(kind: str, size: int) -> str:
    # Captured: the UpdateExpression form has no size tail, the others do.
    if kind == UPDATE:
        return "Expression size has exceeded the maximum allowed size;"
    return f"Expression size has exceeded the maximum allowed size; expression size: {size}"


def too_many_operators(count: int) -> str:
    return f"The expression contains too many operators; operator count: {count}"


def too_many_in_operands(count: int) -> str:
    return f"The IN operator is provided with too many operands; number of operands: {count}"


def too_deep(levels: int) -> str:
    return f"The document path has too many nesting levels; nesting levels: {levels}"


def reserved(name: str) -> str:
    return f"Attribute name is a reserved keyword; reserved keyword: {name}"


def unknown_function(name: str) -> str:
    return f"Invalid function name; function: {name}"


def function_not_allowed(kind: str, name: str) -> str:
    """A function of the other grammar: `kind` is "a condition" or "an update"."""
    return f"The function is not allowed in {kind} expression; function: {name}"


def misused_function(name: str) -> str:
    return f"The function is not allowed to be used this way in an expression; function: {name}"


def undefined_name(name: str) -> str:
    return f"An expression attribute name used in the document path is not defined; attribute name: {name}"


def undefined_value(name: str) -> str:
    return f"An expression attribute value used in expression is not defined; attribute value: {name}"


def operand_count(name: str, count: int) -> str:
    return (
        "Incorrect number of operands for operator or function; "
        f"operator or function: {name}, number of operands: {count}"
    )


def operand_type(name: str, type_: str) -> str:
    return f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {type_}"


def update_operand_type(operator: str, type_: str) -> str:
    return f"Incorrect operand type for operator or function; operator: {operator}, operand type: {type_}"


def requires_path(name: str) -> str:
    return f"Operator or function requires a document path; operator or function: {name}"


def not_distinct(operator: str, path: str) -> str:
    return (
        "The first operand must be distinct from the remaining operands for this operator or function; "
        f"operator: {operator}, first operand: {path}"
    )


def invalid_type_name(type_: str) -> str:
    return f"Invalid attribute type name found; type: {type_}, valid types: {VALID_TYPE_NAMES}"


def value_display(value: dict[str, Any]) -> str:
    (type_, raw), = value.items()
    return f"AttributeValue: {{{type_}:{raw}}}"


def between_types(low: dict[str, Any], high: dict[str, Any]) -> str:
    return (
        "The BETWEEN operator requires same data type for lower and upper bounds; "
        f"lower bound operand: {value_display(low)}, upper bound operand: {value_display(high)}"
    )


def between_order(low: dict[str, Any], high: dict[str, Any]) -> str:
    return (
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
        f"lower bound operand: {value_display(low)}, upper bound operand: {value_display(high)}"
    )


def section_twice(keyword: str) -> str:
    return f'The "{keyword}" section can only be used once in an update expression;'


def paths_overlap(one: str, two: str) -> str:
    return (
        "Two document paths overlap with each other; must remove or rewrite one of these paths; "
        f"path one: {one}, path two: {two}"
    )


def paths_conflict(one: str, two: str) -> str:
    return (
        "Two document paths conflict with each other; must remove or rewrite one of these paths; "
        f"path one: {one}, path two: {two}"
    )


def key_attribute_update(name: str) -> str:
    return f"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"


def unused(parameter: str, keys: list[str]) -> str:
    return f"Value provided in {parameter} unused in expressions: keys: {{{', '.join(keys)}}}"


validation_error = validation
