"""Request shape checks that AWS's service framework makes before DynamoDB sees a request.

`check_request(operation, request)` runs on every request, before the
operation's handler. It applies, from botocore's service model of each
operation's input (patched where DynamoDB's own model differs, see below), the
two layers AWS's framework (Coral) applies:

1. Deserialisation. A JSON value of the wrong type is refused with a
   SerializationException naming the Java conversion that failed, the first
   one met in the order of the document (the parser streams it). Members the
   model does not know are ignored, and a JSON null is an absent member.
2. Constraints: required members, string/list/map lengths, number ranges,
   enums and patterns, refused with one ValidationException.

Everything AttributeValue-semantic (empty sets, number syntax, one type per
value) belongs to `fakedynamo.values`; here AttributeValues are only checked
for their JSON types, which the deserialiser does.

How DynamoDB words layer 2 is mid-migration (2026): its validation framework
is being replaced operation by operation and region by region. This module
answers what the newest captures of eu-west-2, the region the paritysuite
conformance suite pins, answer (paritysuite/dynamodb-conformance
registry/splits.json, captures/*.json and tests/tier3, captured 2026-06 to
2026-10-09):

- If any required member is missing (null), every violation is reported in
  the framework's older form, all together:
  ``2 validation errors detected: Value '' at 'tableName' failed to satisfy
  constraint: Member must have length greater than or equal to 1; Value null
  at 'key' failed to satisfy constraint: Member must not be null``.
- Otherwise the operations already moved (see `_NEW_FORM_OPERATIONS`) check
  lengths and ranges first, in the newer form, and stop at the first:
  ``1 validation error detected: Value at 'TableName' failed to satisfy
  constraint: Member must have length greater than or equal to 1`` (member
  path in the request's own PascalCase, value not echoed). Two enums moved to
  bespoke checks at the same step: ConditionalOperator (``Failed to satisfy
  constraint: Member must satisfy enum value set: [ALL, OR]``, bare) and
  UpdateItem's ReturnValues.
- Then all remaining violations in the older form, in one message:
  ``Value 'x' at 'lowerCamel.1.member.path' failed to satisfy constraint:
  ...``, values echoed Java-style, at most ten listed (Coral's cap; the count
  says how many are listed).

The order of that list is not the model's member order. Every 2026 capture of
a multi-error message (UpdateItem: returnConsumedCapacity, tableName,
returnValues, conditionalOperator, key; PutItem: returnConsumedCapacity,
returnValues, returnItemCollectionMetrics; CreateTable: globalSecondaryIndexes
before localSecondaryIndexes; BatchWriteItem and TransactWriteItems:
returnConsumedCapacity before returnItemCollectionMetrics; BatchGetItem:
requestItems before returnConsumedCapacity) is the iteration order of a Java 8
HashMap of 32 buckets keyed by the lowerCamel member names, ties in model
order, so that is the order used for the members of every structure (see
`_member_order`). Nested structures have no 2026 capture; dynalite's older
captures (projection, indexName, keySchema inside an index; attributeName
before attributeType) are what Java 7's HashMap gave, so they are taken as
superseded by the same rule under Java 8. Elements of a list are in index
order, entries of a map in request order. Within one member: pattern, then
minimum, then maximum length (dynalite's captures: 'h;' reports the pattern
before the length).

Deliberately not applied from botocore's model, and why:

- `TableArn` (min 1, max 1024) on TableName members: DynamoDB checks a name
  that is not an ARN against the classic table-name rules (pattern
  [a-zA-Z0-9_.-]+, 3 to 255 characters, old-form messages) once it is not
  empty; an ARN only against 1024. Captured: '' -> ">= 1", 'a'*256 ->
  "<= 255", 'bad table!@#' -> pattern.
- `BatchGetRequestMap` max 100 and `BatchWriteItemRequestMap` max 25 count
  tables in botocore but DynamoDB limits keys and requests (a handler's check,
  and the "Map value must satisfy constraint" below). Their keys are checked
  as table names, reported once for the map as "Map keys must satisfy
  constraint: [...]"; BatchWriteItem's request lists as "Map value must
  satisfy constraint: [...]", and only when nothing else is wrong (captured:
  an unknown ReturnConsumedCapacity is reported alone over a bad table name).
- `KeySchema` has no maximum in botocore; DynamoDB's is 2 for a table and a
  local index (captured), none at this layer for a global index (up to four
  HASH and four RANGE attributes; the handler checks those).
- `AttributeName` max 65535 on the keys of items, keys and expression maps:
  name lengths are checked by the handlers with DynamoDB's own sentences.
- Enum values are listed in DynamoDB's order where it differs from
  botocore's (`_ENUM_ORDER`, from captured messages and dynalite).
- Patterns Python's `re` cannot express are translated (\\p{Print},
  surrogate pairs) or, failing that, skipped.
- AttributeValue members are type-checked only; blobs are not base64-checked
  here (botocore always sends valid base64; values.py decodes).

Not evidenced, chosen for consistency and flagged as such: the newer form for
GetItem (same layer as PutItem), for TableName on Query/Scan and for nested
paths inside TransactWriteItems; ConditionalOperator's newer form on
DeleteItem and Scan; SerializationException wording for blobs and timestamps
(Java types ByteBuffer and Date); null list elements and map values reported
as "Member must not be null".
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
from decimal import Decimal
from typing import Any, Callable

from fakedynamo.errors import DynamoDBError, constraint_errors, serialization, validation

__all__ = ["check_request", "top_level_error"]

_CLASS_PREFIX = "com.amazonaws.dynamodb.v20120810."

# Jackson's ClassCastException, which Coral lets through when a collection
# sits where another parameterised collection was expected (BatchWriteItem's
# request lists, BatchGetItem's keys). Captured by dynoxide against DynamoDB.
_PARAMETERIZED_CAST = (
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
    "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
    "java.lang.Class are in module java.base of loader 'bootstrap')"
)

# Operations whose length and range constraints DynamoDB reports in the newer,
# short-circuiting form (eu-west-2, 2026-10). PutItem/DeleteItem/UpdateItem
# (empty TableName), Scan (Limit, Segment), Query (Limit), BatchGetItem
# (RequestItems, Keys), TransactWriteItems (TransactItems, ClientRequestToken)
# are captured; GetItem runs the same validation layer as PutItem.
_NEW_FORM_OPERATIONS = frozenset(
    {"GetItem", "PutItem", "DeleteItem", "UpdateItem", "Query", "Scan", "BatchGetItem", "TransactWriteItems"}
)
# Single members that moved in otherwise unmoved operations. BatchWriteItem's
# empty RequestItems answers the generic message in eu-west-2 since 2026-10-03
# (the rollout's direction; it had flapped with the bespoke sentence
# "The requestItems parameter is required for BatchWriteItem").
_NEW_FORM_MEMBERS = frozenset({("BatchWriteItem", "RequestItems")})

# ConditionalOperator outside its enum: a bare sentence in the newer form.
_CONDITIONAL_OPERATOR_OPERATIONS = frozenset({"PutItem", "UpdateItem", "DeleteItem", "Query", "Scan"})
_CONDITIONAL_OPERATOR_MESSAGE = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]"
# ReturnValues outside its enum on the single-item writes: this exact sentence
# (its enum list is DynamoDB's, UPDATE_NEW included). UpdateItem reports it
# first and alone; PutItem and DeleteItem inside the list of violations.
_RETURN_VALUES_SENTENCE = (
    "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
)
_RETURN_VALUES_OPERATIONS = frozenset({"PutItem", "DeleteItem", "UpdateItem"})

# The enum order DynamoDB prints, where it differs from botocore's.
_ENUM_ORDER: dict[str, list[str]] = {
    "ReturnValue": ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
    "ConditionalOperator": ["OR", "AND"],
    "ScalarAttributeType": ["B", "N", "S"],
    "ProjectionType": ["ALL", "INCLUDE", "KEYS_ONLY"],
    "Select": ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
    "ComparisonOperator": [
        "IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
        "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS",
    ],
}

# Constraints DynamoDB has and botocore lacks, by (structure, member): a table's
# key schema and a local index's have at most two elements (captured: "Member
# must have length less than or equal to 2" at 'keySchema'). A global index's
# may have up to four HASH and four RANGE attributes (multi-attribute keys,
# paritysuite tests/tier1/query/multiAttributeGsiKey.test.ts); its limits are
# the handler's.
_MEMBER_CONSTRAINTS: dict[tuple[str, str], dict[str, Any]] = {
    ("CreateTableInput", "KeySchema"): {"max": 2},
    ("LocalSecondaryIndex", "KeySchema"): {"max": 2},
}
# Constraints botocore has and DynamoDB does not apply as such (see above).
_DROPPED_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "BatchGetRequestMap": ("max",),
    "BatchWriteItemRequestMap": ("max",),
    "AttributeName": ("max",),
}

_TABLE_NAME_PATTERN = "[a-zA-Z0-9_.-]+"
_TABLE_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_TABLE_NAME_RULES = (
    "Member must have length less than or equal to 255",
    "Member must have length greater than or equal to 3",
    f"Member must satisfy regular expression pattern: {_TABLE_NAME_PATTERN}",
)
_WRITE_REQUESTS_RULES = (
    "Member must have length less than or equal to 25",
    "Member must have length greater than or equal to 1",
)

# Fields of DynamoDB's Java classes that botocore's model does not have; they
# appear (as null) when a value is echoed in a message. Captured in
# BatchWriteItem's over-25 message.
_HIDDEN_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "AttributeValue": {"B": ("iNT", "dECIMAL", "dOUBLE"), "BS": ("iNTSET", "dECIMALSET", "dOUBLESET")},
    "PutRequest": {"": ("workloadProfileName",)},
    "DeleteRequest": {"": ("workloadProfileName",)},
}

_MAX_LISTED = 10  # Coral lists at most ten violations.


class _Invalid(Exception):
    """Raised by the fast checks: something may be wrong; let the exact checks decide."""


_INVALID = _Invalid()


# -- the model ------------------------------------------------------------------------------


class _Node:
    """One shape of an operation's input, as DynamoDB validates it."""

    __slots__ = (
        "kind", "name", "members", "order", "required", "element", "value",
        "min", "max", "pattern", "regex", "enum", "enum_text", "table_name",
        "key_rules", "value_rules", "echo_json", "fast",
    )

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind  # structure, list, map, string, integer, long, double, boolean, blob, timestamp
        self.name = name
        self.members: dict[str, _Node] = {}
        self.order: tuple[str, ...] = ()
        self.required: frozenset[str] = frozenset()
        self.element: _Node | None = None
        self.value: _Node | None = None
        self.min: int | None = None
        self.max: int | None = None
        self.pattern: str | None = None
        self.regex: re.Pattern[str] | None = None
        self.enum: frozenset[str] | None = None
        self.enum_text = ""
        self.table_name = False  # a TableArn: table-name rules unless an ARN
        self.key_rules: tuple[str, ...] = ()  # map keys must be table names
        self.value_rules: tuple[str, ...] = ()  # map values must be 1 to 25 write requests
        self.echo_json = False  # echoed as JSON rather than Java's toString
        self.fast: Callable[[Any], None] | None = None


_models: dict[str, Any] = {}
_nodes: dict[tuple[str, str], _Node] = {}
_validators: dict[str, Callable[[dict[str, Any]], None]] = {}
_lock = threading.Lock()


def _service_model(service: str) -> Any:
    model = _models.get(service)
    if model is None:
        import botocore.session

        model = _models[service] = botocore.session.get_session().get_service_model(service)
    return model


def _operation_input(operation: str) -> tuple[str, Any]:
    for service in ("dynamodb", "dynamodbstreams"):
        model = _service_model(service)
        if operation in model.operation_names:
            return service, model.operation_model(operation).input_shape
    raise KeyError(operation)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _java_hash(text: str) -> int:
    """Java's String.hashCode (member names are ASCII, so code points are UTF-16 units)."""
    h = 0
    for char in text:
        h = (31 * h + ord(char)) & 0xFFFFFFFF
    return h


def _member_order(names: list[str]) -> tuple[str, ...]:
    """The order DynamoDB lists a structure's members in (see the module docstring)."""

    def bucket(name: str) -> tuple[int, int]:
        h = _java_hash(_lower_first(name))
        return ((h ^ (h >> 16)) & 31, names.index(name))

    return tuple(sorted(names, key=bucket))


def _translate_pattern(pattern: str) -> re.Pattern[str] | None:
    """Java's regular expression in Python's dialect, or None if it has no equivalent."""
    text = pattern.replace("\\p{Print}", "\\x20-\\x7e" if "[" in pattern else "[\\x20-\\x7e]")
    text = text.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    try:
        return re.compile(text, re.ASCII)
    except re.error:
        return None


# Members DynamoDB still requires where newer botocore models made them optional.
_REQUIRED_MEMBERS = {
    "CreateTableInput": frozenset({"AttributeDefinitions", "KeySchema"}),
}


def _node(service: str, shape: Any) -> _Node:
    key = (service, shape.name)
    node = _nodes.get(key)
    if node is not None:
        return node
    node = _Node(shape.type_name, shape.name)
    _nodes[key] = node  # before the members: AttributeValue contains itself
    meta = dict(shape.metadata)
    for dropped in _DROPPED_CONSTRAINTS.get(shape.name, ()):
        meta.pop(dropped, None)
    node.min = meta.get("min")
    node.max = meta.get("max")
    if shape.type_name == "structure":
        names = list(shape.members)
        node.members = {name: _node(service, member) for name, member in shape.members.items()}
        for name in names:
            extra = _MEMBER_CONSTRAINTS.get((shape.name, name))
            if extra:
                node.members[name] = _with_constraints(node.members[name], extra)
        node.order = _member_order(names)
        node.required = frozenset(shape.required_members) | _REQUIRED_MEMBERS.get(shape.name, frozenset())
    elif shape.type_name == "list":
        node.element = _node(service, shape.member)
    elif shape.type_name == "map":
        node.value = _node(service, shape.value)
        if shape.key.name == "TableArn":
            node.key_rules = _TABLE_NAME_RULES
            node.echo_json = shape.name == "BatchGetRequestMap"
        if shape.name == "BatchWriteItemRequestMap":
            node.value_rules = _WRITE_REQUESTS_RULES
    elif shape.type_name == "string":
        if shape.name == "TableArn":
            node.table_name = True
        if "enum" in meta:
            values = list(meta["enum"])
            shown = [v for v in _ENUM_ORDER.get(shape.name, values) if v in values]
            shown += [v for v in values if v not in shown]
            node.enum = frozenset(values)
            node.enum_text = f"Member must satisfy enum value set: [{', '.join(shown)}]"
        if "pattern" in meta:
            node.regex = _translate_pattern(meta["pattern"])
            node.pattern = meta["pattern"] if node.regex is not None else None
    return node


def _with_constraints(node: _Node, extra: dict[str, Any]) -> _Node:
    """A copy of `node` with more length limits, for one member that has them."""
    copy = _Node(node.kind, node.name)
    for slot in _Node.__slots__:
        setattr(copy, slot, getattr(node, slot))
    copy.fast = None
    copy.min = extra.get("min", node.min)
    copy.max = extra.get("max", node.max)
    return copy


# -- SerializationException: JSON types -----------------------------------------------------

_JAVA_SCALAR = {
    "string": "java.lang.String",
    "integer": "java.lang.Integer",
    "long": "java.lang.Long",
    "double": "java.lang.Double",
    "boolean": "java.lang.Boolean",
    "blob": "java.nio.ByteBuffer",
    "timestamp": "java.util.Date",
}


def _java_type(node: _Node) -> str:
    if node.kind == "structure":
        return _CLASS_PREFIX + node.name
    if node.kind == "list":
        assert node.element is not None
        return f"java.util.List<{_java_type(node.element)}>"
    if node.kind == "map":
        assert node.value is not None
        return f"java.util.Map<java.lang.String, {_java_type(node.value)}>"
    return _JAVA_SCALAR[node.kind]


def _token(value: Any) -> str:
    if value is True:
        return "TRUE_VALUE"
    if value is False:
        return "FALSE_VALUE"
    if isinstance(value, int):
        return "NUMBER_VALUE"
    if isinstance(value, float):
        return "DECIMAL_VALUE"
    return "STRING_VALUE"


def _type_error(node: _Node, value: Any, in_collection: bool) -> str | None:
    """DynamoDB's message for `value` deserialised as `node`, or None if it fits."""
    kind = node.kind
    t = type(value)
    if kind == "structure":
        if t is dict:
            return None
        if t is list:
            return f"Unrecognized collection type class {_CLASS_PREFIX}{node.name}"
        return "Unexpected value type in payload" if in_collection else "Unexpected field type"
    if kind == "list":
        if t is list:
            return None
        if in_collection:
            return _PARAMETERIZED_CAST
        return "Start of structure or map found where not expected" if t is dict else "Unexpected field type"
    if kind == "map":
        if t is dict:
            return None
        if in_collection:
            return _PARAMETERIZED_CAST
        if t is list:
            return f"Unrecognized collection type {_java_type(node)}"
        return "Unexpected field type"
    java = _JAVA_SCALAR[kind]
    if t is dict:
        return "Start of structure or map found where not expected"
    if t is list:
        return f"Unrecognized collection type class {java}"
    short = java.rsplit(".", 1)[1]
    if kind in ("string", "blob"):
        return None if t is str else f"{_token(value)} cannot be converted to {short}"
    if kind == "boolean":
        if t is bool:
            return None
        if t is str:
            return "Unexpected token received from parser"
        return f"{_token(value)} cannot be converted to {short}"
    if kind == "timestamp":
        return None if t in (int, float, str) else f"{_token(value)} cannot be converted to {short}"
    # integer, long, double
    return None if t in (int, float) else f"{_token(value)} cannot be converted to {short}"


# Java's int and long: what an Integer or Long member holds once deserialised.
_JAVA_BITS = {"integer": 32, "long": 64}


def _java_integer(kind: str, value: int | float) -> int:
    """`value` as Coral hands it to DynamoDB in an Integer or Long member.

    Inferred, no capture found: Coral reads every JSON number as a
    TruncatingBigNumber (its class name in DynamoDB's older messages, dynalite
    test/helpers.js history) and narrows it the way Java's Number.intValue and
    longValue do: the fraction truncated toward zero, then the low 32 or 64
    bits kept. dynalite likewise accepts 1.5 for an Integer member as 1.
    """
    if isinstance(value, float):
        # repr is the JSON text's shortest form, so 1e308 is read as 10**308 like Java's BigDecimal;
        # a number too large for a double has at least 64 factors of two, so its low bits are 0.
        value = int(Decimal(repr(value))) if math.isfinite(value) else 0
    bits = _JAVA_BITS[kind]
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _check_types(node: _Node, value: Any, in_collection: bool) -> None:
    """Raise the SerializationException for the first value, in document order, of a wrong type.

    Numbers in Integer and Long members are narrowed in place as Java narrows them.
    """
    message = _type_error(node, value, in_collection)
    if message is not None:
        raise serialization(message)
    kind = node.kind
    if kind == "structure":
        members = node.members
        for name, item in value.items():
            child = members.get(name)
            if child is not None and item is not None:
                if child.kind in _JAVA_BITS and _type_error(child, item, False) is None:
                    value[name] = _java_integer(child.kind, item)
                else:
                    _check_types(child, item, False)
    elif kind == "list":
        assert node.element is not None
        for index, item in enumerate(value):
            if item is not None:
                _check_types(node.element, item, True)
                if node.element.kind in _JAVA_BITS:
                    value[index] = _java_integer(node.element.kind, item)
    elif kind == "map":
        assert node.value is not None
        for key, item in value.items():
            if item is not None:
                _check_types(node.value, item, True)
                if node.value.kind in _JAVA_BITS:
                    value[key] = _java_integer(node.value.kind, item)


def top_level_error(operation: str, body: Any) -> DynamoDBError:
    """The SerializationException for a JSON body that is not an object."""
    try:
        _, shape = _operation_input(operation)
        name = shape.name
    except KeyError:
        name = f"{operation}Input"
    if isinstance(body, list):
        return serialization(f"Unrecognized collection type class {_CLASS_PREFIX}{name}")
    return serialization("Unexpected field type")


# -- ValidationException: constraints -------------------------------------------------------


class _Violation:
    __slots__ = ("path", "value", "rule", "null", "sizing", "node", "late", "echo")

    def __init__(self, path: tuple[tuple[str, bool], ...], value: Any, rule: str, node: _Node | None,
                 null: bool = False, sizing: bool = False, late: bool = False, echo: _Node | None = None) -> None:
        self.path = path  # (part, is_member_name) pairs
        self.value = value
        self.rule = rule
        self.node = node
        self.null = null
        self.sizing = sizing  # a length or range: may be reported in the newer form
        self.late = late  # reported only when nothing else is wrong
        self.echo = echo  # the node that renders the echoed value

    def old_form(self) -> str:
        path = ".".join(_lower_first(part) if is_name else part for part, is_name in self.path)
        if self.value is None:
            return f"Value null at '{path}' failed to satisfy constraint: {self.rule}"
        return f"Value '{_echo(self.echo or self.node, self.value)}' at '{path}' failed to satisfy constraint: {self.rule}"

    def new_form(self) -> str:
        path = ".".join(part for part, _ in self.path)
        return f"Value at '{path}' failed to satisfy constraint: {self.rule}"


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _size(value: Any) -> int:
    return _utf16_length(value) if isinstance(value, str) else len(value)


def _collect(node: _Node, value: Any, path: tuple[tuple[str, bool], ...], out: list[_Violation]) -> None:
    """Append the violations of `value` (not None) and everything inside it, in DynamoDB's order."""
    kind = node.kind
    if kind == "string":
        if node.table_name:
            _collect_table_name(node, value, path, out)
            return
        if node.regex is not None and node.regex.fullmatch(value) is None:
            out.append(_Violation(path, value, f"Member must satisfy regular expression pattern: {node.pattern}", node))
        _collect_length(node, value, path, out)
        if node.enum is not None and value not in node.enum:
            out.append(_Violation(path, value, node.enum_text, node))
        return
    if kind in ("integer", "long", "double"):
        if node.min is not None and value < node.min:
            out.append(_Violation(path, value, f"Member must have value greater than or equal to {node.min}", node, sizing=True))
        if node.max is not None and value > node.max:
            out.append(_Violation(path, value, f"Member must have value less than or equal to {node.max}", node, sizing=True))
        return
    if kind == "structure":
        members = node.members
        required = node.required
        for name in node.order:
            item = value.get(name)
            child_path = path + ((name, True),)
            if item is None:
                if name in required:
                    out.append(_Violation(child_path, None, "Member must not be null", None, null=True))
                continue
            _collect(members[name], item, child_path, out)
        return
    if kind == "list":
        _collect_length(node, value, path, out)
        element = node.element
        assert element is not None
        for index, item in enumerate(value, 1):
            item_path = path + ((str(index), False), ("member", False))
            if item is None:
                out.append(_Violation(item_path, None, "Member must not be null", None, null=True))
            else:
                _collect(element, item, item_path, out)
        return
    if kind == "map":
        _collect_length(node, value, path, out)
        if node.key_rules and any(not _is_table_name(key) for key in value):
            rule = f"Map keys must satisfy constraint: [{', '.join(node.key_rules)}]"
            out.append(_Violation(path, value, rule, node, late=bool(node.value_rules)))
        if node.value_rules and any(isinstance(v, list) and not 1 <= len(v) <= 25 for v in value.values()):
            rule = f"Map value must satisfy constraint: [{', '.join(node.value_rules)}]"
            out.append(_Violation(path, value, rule, node, late=True))
        child = node.value
        assert child is not None
        lists_checked_above = bool(node.value_rules)
        for key, item in value.items():
            item_path = path + ((key, False), ("member", False))
            if item is None:
                out.append(_Violation(item_path, None, "Member must not be null", None, null=True))
            elif lists_checked_above and child.kind == "list":
                assert child.element is not None
                for index, element in enumerate(item, 1):
                    element_path = item_path + ((str(index), False), ("member", False))
                    if element is None:
                        out.append(_Violation(element_path, None, "Member must not be null", None, null=True))
                    else:
                        _collect(child.element, element, element_path, out)
            else:
                _collect(child, item, item_path, out)


def _collect_length(node: _Node, value: Any, path: tuple[tuple[str, bool], ...], out: list[_Violation]) -> None:
    if node.min is None and node.max is None:
        return
    size = _size(value)
    if node.min is not None and size < node.min:
        out.append(_Violation(path, value, f"Member must have length greater than or equal to {node.min}", node, sizing=True))
    if node.max is not None and size > node.max:
        out.append(_Violation(path, value, f"Member must have length less than or equal to {node.max}", node, sizing=True))


def _is_table_name(name: str) -> bool:
    if name.startswith("arn:"):
        return 1 <= len(name) <= 1024
    return 3 <= len(name) <= 255 and _TABLE_NAME_CHARS.issuperset(name)


def _collect_table_name(node: _Node, value: str, path: tuple[tuple[str, bool], ...], out: list[_Violation]) -> None:
    size = _utf16_length(value)
    if size < 1:
        out.append(_Violation(path, value, "Member must have length greater than or equal to 1", node, sizing=True))
    elif value.startswith("arn:"):
        if size > 1024:
            out.append(_Violation(path, value, "Member must have length less than or equal to 1024", node, sizing=True))
    else:
        # DynamoDB's own table-name rules, always in the older form.
        if not _TABLE_NAME_CHARS.issuperset(value):
            out.append(_Violation(path, value, f"Member must satisfy regular expression pattern: {_TABLE_NAME_PATTERN}", node))
        if size < 3:
            out.append(_Violation(path, value, "Member must have length greater than or equal to 3", node))
        if size > 255:
            out.append(_Violation(path, value, "Member must have length less than or equal to 255", node))


# -- echoing values the way Java prints them --------------------------------------------------


def _echo(node: _Node | None, value: Any) -> str:
    if node is not None and node.echo_json:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _java_string(node, value)


def _java_string(node: _Node | None, value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if node is None:
        return str(value)
    kind = node.kind
    if kind == "structure":
        hidden = _HIDDEN_FIELDS.get(node.name, {})
        fields: list[str] = []
        for name, child in node.members.items():
            fields.append(f"{_lower_first(name)}={_java_string(child, value.get(name))}")
            fields.extend(f"{extra}=null" for extra in hidden.get(name, ()))
        fields.extend(f"{extra}=null" for extra in hidden.get("", ()))
        return f"{node.name}({', '.join(fields)})"
    if kind == "list":
        return "[" + ", ".join(_java_string(node.element, item) for item in value) + "]"
    if kind == "map":
        return "{" + ", ".join(f"{key}={_java_string(node.value, item)}" for key, item in value.items()) + "}"
    if kind == "blob":
        try:
            size = len(base64.b64decode(value, validate=False))
        except (binascii.Error, ValueError):
            size = 0
        return f"java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]"
    if kind == "double" or isinstance(value, float):
        return repr(float(value))
    return str(value)


# -- putting the message together -----------------------------------------------------------


def _listed(violations: list[str]) -> DynamoDBError:
    return constraint_errors(violations[:_MAX_LISTED])


def _strip_nulls(node: _Node, value: Any) -> None:
    """Drop members that are JSON null: to DynamoDB they are absent."""
    kind = node.kind
    if kind == "structure":
        absent = [name for name, item in value.items() if item is None]
        for name in absent:
            del value[name]
        for name, item in value.items():
            child = node.members.get(name)
            if child is not None and child.kind in ("structure", "list", "map"):
                _strip_nulls(child, item)
    elif kind == "list":
        assert node.element is not None
        if node.element.kind in ("structure", "list", "map"):
            for item in value:
                _strip_nulls(node.element, item)
    elif kind == "map":
        assert node.value is not None
        if node.value.kind in ("structure", "list", "map"):
            for item in value.values():
                _strip_nulls(node.value, item)


# How deep a request's JSON may nest for the newer validation layer to read it. Past it the older
# layer answers alone, in the older form (paritysuite deepRequests capture, 2026-10-09: values 33
# and 40 maps deep get the newer form, 63 and 100 the older, "about 62" the turn; 62 maps under a
# Key or ExpressionAttributeValues reach 127 levels, 63 reach 129, so the limit is inferred as 128).
_NEWER_LAYER_DEPTH = 128


def read_by_older_layer(request: dict[str, Any]) -> bool:
    """Whether DynamoDB's older validation layer alone reads `request` (it nests past the newer's)."""
    return _nested_deeper_than(request, _NEWER_LAYER_DEPTH)


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests (dicts and lists, itself level 1) deeper than `limit` levels."""
    level = [value]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        following: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                following.extend(v for v in node.values() if isinstance(v, (dict, list)))
            elif isinstance(node, list):
                following.extend(v for v in node if isinstance(v, (dict, list)))
        level = following
    return False


class _Operation:
    """Everything needed to check one operation's requests."""

    __slots__ = ("name", "root", "new_form", "new_form_members", "conditional_operator", "return_values")

    def __init__(self, name: str, root: _Node) -> None:
        self.name = name
        self.root = root
        self.new_form = name in _NEW_FORM_OPERATIONS
        self.new_form_members = {member for op, member in _NEW_FORM_MEMBERS if op == name}
        self.conditional_operator = name in _CONDITIONAL_OPERATOR_OPERATIONS
        self.return_values = name in _RETURN_VALUES_OPERATIONS

    def check(self, request: dict[str, Any]) -> None:
        """The exact checks, in DynamoDB's order; raise its error or return if the request fits."""
        root = self.root
        _check_types(root, request, False)
        if self.name == "CreateTable" and request.get("TableName") is None:
            raise validation("The parameter 'TableName' is required but was not present in the request")
        violations: list[_Violation] = []
        _collect(root, request, (), violations)
        if violations:
            raise self._error(violations, request)
        _strip_nulls(root, request)

    def _error(self, violations: list[_Violation], request: dict[str, Any]) -> DynamoDBError:
        if any(v.null for v in violations) or _nested_deeper_than(request, _NEWER_LAYER_DEPTH):
            return _listed([v.old_form() for v in violations])
        listed: list[str] = []
        for v in violations:
            top = v.path[0][0] if v.path else ""
            top_level = len(v.path) == 1
            if top_level and self.conditional_operator and top == "ConditionalOperator":
                return validation(_CONDITIONAL_OPERATOR_MESSAGE)
            if top_level and self.return_values and top == "ReturnValues":
                if self.name == "UpdateItem":
                    return constraint_errors([_RETURN_VALUES_SENTENCE])
                continue
            if v.sizing and (self.new_form or (top_level and top in self.new_form_members)):
                return constraint_errors([v.new_form()])
        for v in violations:
            if v.late:
                continue
            if self.return_values and len(v.path) == 1 and v.path[0][0] == "ReturnValues":
                listed.append(_RETURN_VALUES_SENTENCE)
            else:
                listed.append(v.old_form())
        if listed:
            return _listed(listed)
        return _listed([v.old_form() for v in violations])


# -- the fast path: compiled checks that only say "certainly fine" ---------------------------


def _fast_check(node: _Node) -> Callable[[Any], None]:
    """A function that returns if `value` certainly fits `node`, or raises _Invalid."""
    if node.fast is not None:
        return node.fast
    if node.name == "AttributeValue" and node.kind == "structure":
        node.fast = _fast_attribute_value
        return node.fast

    def deferred(value: Any) -> None:  # what a recursive shape's own members call
        assert node.fast is not None
        node.fast(value)

    node.fast = deferred
    node.fast = _build_fast(node)
    return node.fast


def _build_fast(node: _Node) -> Callable[[Any], None]:
    kind = node.kind
    lo = node.min
    hi = node.max
    if kind == "string":
        if node.table_name:
            return _fast_table_name
        enum = node.enum
        if enum is not None:
            def check_enum(value: Any) -> None:
                if type(value) is not str or value not in enum:
                    raise _INVALID
            return check_enum
        regex = node.regex
        if regex is None and lo is None and hi is None:
            def check_string(value: Any) -> None:
                if type(value) is not str:
                    raise _INVALID
            return check_string
        good: set[str] = set()
        low = lo or 0
        high = hi if hi is not None else 1 << 62

        def check_constrained(value: Any) -> None:
            if type(value) is not str:
                raise _INVALID
            if value in good:
                return
            size = _utf16_length(value)
            if size < low or size > high or (regex is not None and regex.fullmatch(value) is None):
                raise _INVALID
            if len(good) < 4096:
                good.add(value)
        return check_constrained
    if kind in ("integer", "long"):
        bits = _JAVA_BITS[kind]  # outside Java's range: the exact checks narrow it
        low_n = max(lo, -(1 << (bits - 1))) if lo is not None else -(1 << (bits - 1))
        high_n = min(hi, (1 << (bits - 1)) - 1) if hi is not None else (1 << (bits - 1)) - 1

        def check_integer(value: Any) -> None:
            if type(value) is not int or value < low_n or value > high_n:
                raise _INVALID
        return check_integer
    if kind == "double":
        low_d = lo if lo is not None else float("-inf")
        high_d = hi if hi is not None else float("inf")

        def check_double(value: Any) -> None:
            if type(value) not in (int, float) or value < low_d or value > high_d:
                raise _INVALID
        return check_double
    if kind == "boolean":
        def check_boolean(value: Any) -> None:
            if type(value) is not bool:
                raise _INVALID
        return check_boolean
    if kind == "blob":
        def check_blob(value: Any) -> None:
            if type(value) is not str:
                raise _INVALID
        return check_blob
    if kind == "timestamp":
        def check_timestamp(value: Any) -> None:
            if type(value) not in (int, float, str):
                raise _INVALID
        return check_timestamp
    if kind == "structure":
        members = {name: _fast_check(child) for name, child in node.members.items()}
        required = tuple(node.required)
        get_member = members.get

        def check_structure(value: Any) -> None:
            if type(value) is not dict:
                raise _INVALID
            for name, item in value.items():
                check = get_member(name)
                if check is not None:
                    if item is None:
                        raise _INVALID
                    check(item)
            for name in required:
                if name not in value:
                    raise _INVALID
        return check_structure
    low_len = lo or 0
    high_len = hi if hi is not None else 1 << 62
    if kind == "list":
        assert node.element is not None
        check_element = _fast_check(node.element)

        def check_list(value: Any) -> None:
            if type(value) is not list or not low_len <= len(value) <= high_len:
                raise _INVALID
            for item in value:
                check_element(item)
        return check_list
    assert kind == "map" and node.value is not None
    check_value = _fast_check(node.value)
    if node.key_rules or node.value_rules:
        def check_table_map(value: Any) -> None:
            if type(value) is not dict or not low_len <= len(value) <= high_len:
                raise _INVALID
            for key, item in value.items():
                if key not in _good_table_names:
                    _fast_table_name(key)
                if node.value_rules and (type(item) is not list or not 1 <= len(item) <= 25):
                    raise _INVALID
                check_value(item)
        return check_table_map

    def check_map(value: Any) -> None:
        if type(value) is not dict or not low_len <= len(value) <= high_len:
            raise _INVALID
        for item in value.values():
            check_value(item)
    return check_map


_good_table_names: set[str] = set()


def _fast_table_name(value: Any) -> None:
    if type(value) is not str:
        raise _INVALID
    if value in _good_table_names:
        return
    if not value or not _is_table_name(value):
        raise _INVALID
    if len(_good_table_names) < 4096:
        _good_table_names.add(value)


# AttributeValue members by kind: 0 string or blob, 1 list of strings or blobs,
# 2 map of values, 3 list of values, 4 boolean.
_AV_KIND = {"S": 0, "N": 0, "B": 0, "SS": 1, "NS": 1, "BS": 1, "M": 2, "L": 3, "NULL": 4, "BOOL": 4}
_av_kind = _AV_KIND.get


def _fast_attribute_value(value: Any) -> None:
    if type(value) is not dict:
        raise _INVALID
    for kind_name, item in value.items():
        kind = _av_kind(kind_name)
        if kind == 0:
            if type(item) is not str:
                raise _INVALID
        elif kind is None:
            continue  # members the model does not know are ignored
        elif kind == 4:
            if type(item) is not bool:
                raise _INVALID
        elif kind == 1:
            if type(item) is not list:
                raise _INVALID
            for element in item:
                if type(element) is not str:
                    raise _INVALID
        elif kind == 2:
            if type(item) is not dict:
                raise _INVALID
            for element in item.values():
                _fast_attribute_value(element)
        else:
            if type(item) is not list:
                raise _INVALID
            for element in item:
                _fast_attribute_value(element)


# -- the entry point ------------------------------------------------------------------------


def _compile(operation: str) -> Callable[[dict[str, Any]], None]:
    with _lock:
        validator = _validators.get(operation)
        if validator is not None:
            return validator
        try:
            service, shape = _operation_input(operation)
        except KeyError:
            def validator(request: dict[str, Any]) -> None:
                return None
        else:
            if shape is None:
                def validator(request: dict[str, Any]) -> None:
                    return None
            else:
                op = _Operation(operation, _node(service, shape))
                fast = _fast_check(op.root)
                exact = op.check

                def validator(request: dict[str, Any]) -> None:
                    try:
                        fast(request)
                    except _Invalid:
                        exact(request)
                    except (TypeError, ValueError, RecursionError):
                        exact(request)
        _validators[operation] = validator
        return validator


def check_request(operation: str, request: dict[str, Any]) -> None:
    """Raise DynamoDB's error if `request` does not fit the shape of `operation`'s input."""
    validator = _validators.get(operation)
    if validator is None:
        validator = _compile(operation)
    validator(request)
