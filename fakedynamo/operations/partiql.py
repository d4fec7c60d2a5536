"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.

A statement is parsed (`fakedynamo.partiql`), its ``?`` parameters checked
(counted, then each value in the older wording, as DynamoDB reads PartiQL
parameters) and then run the way DynamoDB runs it, through the same pieces as
the item operations:

- ``SELECT`` runs the key reads its WHERE clause decomposes into (one per
  partition and sort-key range the partition-key equalities and INs, and the
  sort-key conditions, of the table or of the index named as
  ``"table"."index"`` give; operations/partiql_reads.py) and scans otherwise;
  the whole WHERE clause filters what is read. ``ORDER BY`` the keys,
  ``Limit`` (items evaluated) and ``NextToken`` apply.
- ``INSERT`` is a put that must not replace an item: DuplicateItemException
  "Duplicate primary key exists in table".
- ``UPDATE`` is an update of the item the WHERE clause's key equalities name,
  which must exist (ConditionalCheckFailedException otherwise); the rest of
  the WHERE clause is its condition.
- ``DELETE`` deletes the item the key equalities name (nothing, quietly, if
  there is none); the rest of the WHERE clause is its condition.

WHERE clauses and SET values are turned into DynamoDB's condition and update
expressions with placeholders, so evaluation is the expression engine's.

ExecuteTransaction runs its statements as TransactGetItems (all SELECTs) or
TransactWriteItems (all writes) would, with the same cancellation reasons
(an INSERT over an existing item is "DuplicateItem"). BatchExecuteStatement
runs each statement on its own and reports each failure in its slot.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fakedynamo import capacity
from fakedynamo import expressions as ex
from fakedynamo import partiql as pq
from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.indexes import typed_part
from fakedynamo.operations import operation
from fakedynamo.expressions.messages import operand_count
from fakedynamo.operations.items import CONDITION_FAILED, find_table
from fakedynamo.operations.partiql_reads import KeyRead, ReadKeys, plan_reads, read_order, span
from fakedynamo.operations.transactions import (
    IDEMPOTENT_MISMATCH,
    TRANSACTIONAL,
    GetAction,
    WriteAction,
    run_read_transaction,
    run_write_transaction,
    token_store,
    transactional_capacity,
)
from fakedynamo.region import Region
from fakedynamo.storage import Item, Table
from fakedynamo.values import CURRENT, OLDER, check_item, check_value, item_size

DUPLICATE_ITEM = "Duplicate primary key exists in table"
PARAMETER_COUNT = "Number of parameters in request and statement don't match."
MISSING_KEY_EQUALITY = "Where clause does not contain a mandatory equality on all key attributes"
BATCH_SELECT_KEY = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
TRANSACTION_SELECT_KEY = "Select statements within ExecuteTransaction must specify the primary key in the where clause."
MIXED_TRANSACTION = "Transaction statements must be all reads or all writes"
NO_INDEX = "The table does not have the specified index"  # no ": <name>" tail in PartiQL (indexReads capture)
MULTI_ATTRIBUTE_KEYS = (
    "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys."
)
GSI_CONSISTENT = "Strongly consistent read is not supported on Global Secondary Indexes"
EXISTS_CONDITION = "EXISTS() must contain a single item read with additional condition"
COLUMN_CALL = "Unexpected path component at {}"
UNSUPPORTED_TYPE_TEST = "Unsupported operation: IsType"  # inferred: as DynamoDB refuses a bare `x IS INT4`
GSI_NOT_PROJECTED = "One or more parameter values were invalid: Global secondary index {} does not project [{}]"
BAD_TOKEN = "Invalid NextToken"
EMPTY_BAG = "Empty bags are not supported"
IN_TRANSACTION = "Validation failed in TransactStatements[{}]: {}"
DELETE_RETURNING = (
    "Invalid returning clause: RETURNING {} *. Only RETURNING ALL OLD * is allowed in DELETE statements."
)

# The short codes BatchExecuteStatement reports a failed statement with.
_BATCH_CODES = {
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "DuplicateItemException": "DuplicateItem",
    "ValidationException": "ValidationError",
    "ResourceNotFoundException": "ResourceNotFound",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
    "ProvisionedThroughputExceededException": "ProvisionedThroughputExceeded",
    "TransactionConflictException": "TransactionConflict",
    "RequestLimitExceeded": "RequestLimitExceeded",
    "AccessDeniedException": "AccessDenied",
    "InternalServerError": "InternalServerError",
}


_CONDITION_FUNCTIONS = frozenset({"attribute_exists", "attribute_not_exists", "begins_with", "contains", "attribute_type"})
_EXPRESSION_PREFIXES = ("Invalid ConditionExpression: ", "Invalid UpdateExpression: ")

# -- from the AST to expressions ------------------------------------------------------------------


class Binder:
    """Turns a statement's paths and values into placeholders, the way a client builds expressions."""

    def __init__(self, params: list[dict[str, Any]]) -> None:
        self.params = params
        self.names: dict[str, str] = {}
        self._name_keys: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, name: str) -> str:
        key = self._name_keys.get(name)
        if key is None:
            key = self._name_keys[name] = f"#n{len(self._name_keys)}"
            self.names[key] = name
        return key

    def value(self, value: dict[str, Any]) -> str:
        key = f":v{len(self.values)}"
        self.values[key] = value
        return key

    def path(self, path: tuple) -> str:
        text = self.name(path[0])
        for part in path[1:]:
            text += f"[{part}]" if isinstance(part, int) else "." + self.name(part)
        return text

    def operand(self, node: Any) -> str:
        if isinstance(node, pq.PathRef):
            return self.path(node.path)
        if isinstance(node, pq.Arith):
            return f"{self.operand(node.left)} {node.op} {self.operand(node.right)}"
        if isinstance(node, pq.Call):
            return self.call(node)
        return self.value(resolve(node, self.params))

    def call(self, node: pq.Call) -> str:
        if not node.args:  # the expression parser cannot read `f()`; DynamoDB counts the operands
            raise validation(operand_count(node.name, 0))
        return f"{node.name}({', '.join(self.operand(arg) for arg in node.args)})"

    def condition(self, node: Any) -> str:
        if isinstance(node, pq.Logic):
            return f"({self.condition(node.left)}) {node.op} ({self.condition(node.right)})"
        if isinstance(node, pq.Not):
            return f"NOT ({self.condition(node.operand)})"
        if isinstance(node, pq.Compare):
            for call, other in ((node.left, node.right), (node.right, node.left)):
                # A condition function compared with a boolean: `attribute_exists(a) = true`.
                if isinstance(call, pq.Call) and call.name in _CONDITION_FUNCTIONS and isinstance(other, pq.Literal):
                    truth = other.value.get("BOOL")
                    if truth is not None and node.op in ("=", "<>"):
                        text = self.condition(call)
                        return text if truth == (node.op == "=") else f"NOT ({text})"
            return f"{self.operand(node.left)} {node.op} {self.operand(node.right)}"
        if isinstance(node, pq.Between):
            return f"{self.operand(node.operand)} BETWEEN {self.operand(node.low)} AND {self.operand(node.high)}"
        if isinstance(node, pq.In):
            return f"{self.operand(node.operand)} IN ({', '.join(self.operand(v) for v in node.values)})"
        if isinstance(node, pq.Missing):
            function = "attribute_exists" if node.negated else "attribute_not_exists"
            return f"{function}({self.path(node.path)})"
        if isinstance(node, pq.IsType):
            if node.type is None:
                raise validation(UNSUPPORTED_TYPE_TEST)
            text = f"attribute_type({self.operand(node.operand)}, {self.value({'S': node.type})})"
            return f"NOT ({text})" if node.negated else text
        if isinstance(node, pq.IsNull):
            text = f"attribute_type({self.operand(node.operand)}, {self.value({'S': 'NULL'})})"
            return f"NOT ({text})" if node.negated else text
        if isinstance(node, pq.Call):
            return self.call(node)
        if isinstance(node, pq.Literal) and node.value == {"BOOL": True}:
            return f"{self.value({'N': '1'})} = {self.value({'N': '1'})}"
        raise validation(pq.NOT_WELL_FORMED + "Unsupported condition")

    def compile(self, condition_text: str | None, update_text: str | None = None) -> ex.Prepared:
        expressions = {"ConditionExpression": condition_text, "UpdateExpression": update_text}
        try:
            return ex.prepare(expressions, self.names or None, self.values or None)
        except DynamoDBError as error:
            raise bare(error) from None


def bare(error: DynamoDBError) -> DynamoDBError:
    """An expression error as PartiQL words it: without the ``Invalid <Parameter>: `` prefix."""
    message = error.message or ""
    for prefix in _EXPRESSION_PREFIXES:
        if message.startswith(prefix):
            return DynamoDBError(error.code, message[len(prefix) :], **error.extra)
    return error


def resolve(node: Any, params: list[dict[str, Any]]) -> dict[str, Any]:
    """The AttributeValue a value node stands for."""
    if isinstance(node, pq.Literal):
        return node.value
    if isinstance(node, pq.Param):
        return params[node.index]
    if isinstance(node, pq.MapValue):
        return {"M": {name: resolve(value, params) for name, value in node.entries}}
    if isinstance(node, pq.ListValue):
        return {"L": [resolve(value, params) for value in node.items]}
    if isinstance(node, pq.SetValue):
        if not node.items:
            raise validation(EMPTY_BAG)
        members = [resolve(value, params) for value in node.items]
        kinds = {next(iter(m)) for m in members}
        if len(kinds) != 1 or next(iter(kinds)) not in ("S", "N", "B"):
            raise validation(pq.NOT_WELL_FORMED + "A set must hold strings, numbers or binaries of one type")
        kind = kinds.pop()
        value = {kind + "S": [m[kind] for m in members]}
        check_value(value, OLDER)
        return value
    raise validation(pq.NOT_WELL_FORMED + "Expected a value")


def conjuncts(node: Any) -> list[Any]:
    if isinstance(node, pq.Logic) and node.op == "AND":
        return conjuncts(node.left) + conjuncts(node.right)
    return [] if node is None else [node]


def joined(nodes: list[Any]) -> Any:
    result = None
    for node in nodes:
        result = node if result is None else pq.Logic("AND", result, node)
    return result


def key_equalities(where: Any, names: list[str], params: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Any]]:
    """The values the WHERE clause pins `names` to with ``=`` at its top level, and its other conjuncts."""
    found: dict[str, Any] = {}
    rest: list[Any] = []
    for node in conjuncts(where):
        if isinstance(node, pq.Compare) and node.op == "=":
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if (
                    isinstance(side, pq.PathRef)
                    and len(side.path) == 1
                    and side.path[0] in names
                    and side.path[0] not in found
                    and isinstance(other, (pq.Literal, pq.Param))
                ):
                    found[side.path[0]] = resolve(other, params)
                    break
            else:
                rest.append(node)
            continue
        rest.append(node)
    return found, rest


# -- one statement ------------------------------------------------------------------------------


class Statement:
    """A parsed statement with its parameters checked, ready to run against a region."""

    def __init__(self, text: str, parameters: list[dict[str, Any]] | None, ast: Any = None) -> None:
        self.ast = pq.parse(text) if ast is None else ast
        params = list(parameters or ())
        if len(params) != self.ast.params:
            raise validation(PARAMETER_COUNT)
        for value in params:
            check_value(value, OLDER)
        self.params = params

    @property
    def is_read(self) -> bool:
        return isinstance(self.ast, pq.Select)

    @property
    def table_name(self) -> str:
        return self.ast.target.table


def _table(region: Region, name: str) -> Table:
    return find_table(region, name)


# -- SELECT


def target_index(table: Table, ast: pq.Select) -> tuple[Any, Any]:
    """The (index, index store) a SELECT names, or (None, None) for the table; checked as DynamoDB
    checks them, ahead of everything about the WHERE clause (partiqlMultiAttributeIndex capture)."""
    name = ast.target.index
    if name is None:
        return None, None
    index = table.index(name)
    store = table.index_store(name)
    if index is None or store is None:
        raise validation(NO_INDEX)
    if len(store.hash_names) > 1 or len(store.range_names) > 1:
        raise validation(MULTI_ATTRIBUTE_KEYS)
    return index, store


def check_columns(table: Table, ast: pq.Select) -> tuple[Any, Any]:
    """The index a SELECT names, checked, and its SELECT list: a function there is refused
    (captured for attribute_exists; inferred for COUNT(*) and the others)."""
    index, store = target_index(table, ast)
    if ast.column_call:
        raise validation(COLUMN_CALL.format(ast.column_call))
    return index, store


def check_select(table: Table, ast: pq.Select, consistent: bool) -> tuple[Any, Any]:
    """What DynamoDB refuses in a SELECT's target and columns; the (index, store) it reads."""
    index, _ = target_index(table, ast)
    if consistent and index is not None and index.is_global:
        raise validation(GSI_CONSISTENT)
    return check_columns(table, ast)


def read_keys(table: Table, store: Any) -> ReadKeys:
    """The key attributes a SELECT reads by: the table's, or those of the index it names."""
    if store is None:
        return ReadKeys(table.hash_key, table.hash_type, table.range_key, table.range_type)
    hash_name = store.hash_names[0]
    range_name = store.range_names[0] if store.range_names else None
    types = table.attribute_types
    return ReadKeys(hash_name, types[hash_name], range_name, None if range_name is None else types[range_name])


def check_projection(index: Any, store: Any, ast: pq.Select) -> None:
    """A GSI cannot serve a column it does not project (a local index reaches its table)."""
    if not index.is_global or ast.projection is None or store.projected is None:
        return
    missing: list[str] = []
    for path in ast.projection:
        if path[0] not in store.projected and path[0] not in missing:
            missing.append(path[0])
    if missing:
        raise validation(GSI_NOT_PROJECTED.format(index.name, ", ".join(missing)))


def select_candidates(
    table: Table, ast: pq.Select, params: list[dict[str, Any]], index: Any, store: Any, reads: list[KeyRead] | None
) -> list[Item]:
    """The items a SELECT evaluates, in order: its key reads (`reads`, from plan_reads), or without
    them, as before key reads were planned: one partition when the WHERE clause pins the partition
    key with ``=`` at its top level, the whole table or index otherwise, backwards for a DESC first
    ORDER BY term."""
    keys = read_keys(table, store)
    ordered: list[KeyRead] | None
    if reads is not None:
        ordered, backwards = read_order(reads, ast.order, keys)
    else:
        ordered, backwards = None, bool(ast.order) and ast.order[0][1]
        found, _ = key_equalities(ast.where, [keys.hash_name], params)
        value = found.get(keys.hash_name)
        if value is not None:
            part = typed_part(value, keys.hash_type)
            ordered = [] if part is None else [KeyRead(part)]
    if store is not None:
        check_projection(index, store, ast)
    if ordered is None:  # a scan
        items = list(table.scan_items()) if store is None else _index_items(table, index, store, ast, _all_positions(store))
        if backwards:
            items.reverse()
        return items
    if store is None:
        return _table_items(table, ordered, backwards)
    positions = [p for read in ordered for p in _in_order(store.partition(read.partition), read, True, backwards)]
    return _index_items(table, index, store, ast, positions)


def _in_order(keys: list[Any], read: KeyRead, positions: bool, backwards: bool) -> list[Any]:
    """The sorted `keys` of one partition that a key read covers, in the order it reads them."""
    lo, hi = span(keys, read.bounds, positions)
    return keys[lo:hi][::-1] if backwards else keys[lo:hi]


def _table_items(table: Table, reads: list[KeyRead], backwards: bool) -> list[Item]:
    items: list[Item] = []
    for read in reads:
        if table.range_key is None:
            item = table.get(read.partition)
            if item is not None:
                items.append(item)
            continue
        for sort in _in_order(table.partition(read.partition), read, False, backwards):
            items.append(table.get((read.partition, sort)))  # type: ignore[arg-type]
    return items


def _all_positions(store: Any) -> list[tuple]:
    return [p for _, partition in store.partitions_in_order() for p in store.partition(partition)]


def _index_items(table: Table, index: Any, store: Any, ast: pq.Select, positions: list[tuple]) -> list[Item]:
    """The index entries at `positions`. A local index reaches its co-located base items for
    attributes it does not project, as Query does for SPECIFIC_ATTRIBUTES (an index position
    ends with the table key)."""
    fetch = (
        not index.is_global
        and ast.projection is not None
        and store.projected is not None
        and any(path[0] not in store.projected for path in ast.projection)
    )
    items = []
    for position in positions:
        entry, _ = store.entry(position)
        if fetch:
            base = table.get(position[-1])
            entry = base if base is not None else entry
        items.append(entry)
    return items


def run_select(
    region: Region,
    statement: Statement,
    limit: int | None = None,
    next_token: str | None = None,
    consistent: bool = False,
) -> tuple[list[Item], str | None, Table, int]:
    """(items, next token, table, bytes read) of a SELECT.

    ``Limit`` counts the items evaluated, which are those the key reads reach
    (see operations/partiql_reads.py); every one of them is sized, whether the
    WHERE clause keeps it or not."""
    ast = statement.ast
    table = _table(region, ast.target.table)
    index, store = check_select(table, ast, consistent)
    binder = Binder(statement.params)
    condition_text = None if ast.where is None else binder.condition(ast.where)
    condition = binder.compile(condition_text).condition
    reads = plan_reads(ast.where, read_keys(table, store), statement.params)
    candidates = select_candidates(table, ast, statement.params, index, store, reads)
    start = 0
    if next_token is not None:
        start = _read_token(next_token)
    end = len(candidates) if limit is None else min(len(candidates), start + limit)
    read = 0
    items = []
    for item in candidates[start:end]:
        read += item_size(item)
        if condition is None or condition.matches(item):
            items.append(item if ast.projection is None else project(item, ast.projection))
    # NextToken only while items remain, as before: whether DynamoDB also answers one when
    # Limit ends exactly at the last item a key read reaches is not established.
    token = _make_token(end) if end < len(candidates) else None
    return items, token, table, read


def project(item: Item, paths: list[tuple]) -> Item:
    """A SELECT's columns: each found value under its path's last name."""
    result: Item = {}
    for path in paths:
        value = ex.get_path(item, path)
        if value is None:
            continue
        names = [p for p in path if isinstance(p, str)]
        label = names[-1]
        if isinstance(path[-1], int):
            label += "".join(f"[{p}]" for p in path[path.index(names[-1]) + 1 :])
        result[label] = value
    return result


def _make_token(offset: int) -> str:
    return base64.b64encode(json.dumps({"offset": offset}).encode()).decode()


def _read_token(token: str) -> int:
    try:
        offset = json.loads(base64.b64decode(token, validate=True))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise validation(BAD_TOKEN) from None
    if type(offset) is not int or offset < 0:
        raise validation(BAD_TOKEN)
    return offset


def select_key(table: Table, statement: Statement, message: str) -> dict[str, Any]:
    """The full primary key a SELECT in a batch or a transaction must name."""
    ast = statement.ast
    if ast.target.index is not None:
        raise validation(message)
    found, rest = key_equalities(ast.where, list(table.key_names), statement.params)
    if len(found) != len(table.key_names) or rest:
        raise validation(message)
    return {name: found[name] for name in table.key_names}


# -- writes


def write_action(region: Region, statement: Statement, return_old: bool = False) -> WriteAction:
    """The WriteAction a write statement is, validated (the table located)."""
    ast = statement.ast
    params = statement.params
    table = _table(region, ast.target.table)
    binder = Binder(params)
    if isinstance(ast, pq.Insert):
        value = resolve(ast.item, params)
        if "M" not in value:
            raise validation(pq.NOT_WELL_FORMED + "Expected a tuple value")
        item = value["M"]
        check_item(item, CURRENT)
        body: dict[str, Any] = {
            "TableName": table.name,
            "Item": item,
            "ConditionExpression": f"attribute_not_exists({binder.name(table.hash_key)})",
            "ExpressionAttributeNames": binder.names,
        }
        action = WriteAction("Put", body)
        action.failure_code, action.failure_message = "DuplicateItem", DUPLICATE_ITEM
    else:
        found, rest = key_equalities(ast.where, list(table.key_names), params)
        if len(found) != len(table.key_names):
            raise validation(MISSING_KEY_EQUALITY)
        key = {name: found[name] for name in table.key_names}
        if isinstance(ast, pq.Update):
            parts = [f"attribute_exists({binder.name(table.hash_key)})"]
            if rest:
                parts.append(f"({binder.condition(joined(rest))})")
            update_text = _update_text(binder, ast)
            body = {"TableName": table.name, "Key": key, "UpdateExpression": update_text, "ConditionExpression": " AND ".join(parts)}
            kind = "Update"
        else:
            if ast.returning is not None and ast.returning != "ALL OLD":
                raise validation(DELETE_RETURNING.format(ast.returning))
            body = {"TableName": table.name, "Key": key}
            if rest:
                body["ConditionExpression"] = binder.condition(joined(rest))
            kind = "Delete"
        if binder.names:
            body["ExpressionAttributeNames"] = binder.names
        if binder.values:
            body["ExpressionAttributeValues"] = binder.values
        action = WriteAction(kind, body)
    action.return_old = return_old
    action.validate()
    action.table = table
    return action


def exists_action(region: Region, statement: Statement, place: int) -> WriteAction:
    """``EXISTS(SELECT ...)`` in a transaction: a ConditionCheck of one item, which must add a condition."""
    select = statement.ast.select
    table = _table(region, select.target.table)
    found, rest = key_equalities(select.where, list(table.key_names), statement.params)
    if select.target.index is not None or len(found) != len(table.key_names) or not rest:
        raise validation(IN_TRANSACTION.format(place, EXISTS_CONDITION))
    binder = Binder(statement.params)
    body: dict[str, Any] = {
        "TableName": table.name,
        "Key": {name: found[name] for name in table.key_names},
        "ConditionExpression": binder.condition(joined(rest)),
    }
    if binder.names:
        body["ExpressionAttributeNames"] = binder.names
    if binder.values:
        body["ExpressionAttributeValues"] = binder.values
    action = WriteAction("ConditionCheck", body)
    action.validate()
    action.table = table
    return action


def _update_text(binder: Binder, ast: pq.Update) -> str:
    sets: list[str] = []
    removes: list[str] = []
    adds: list[str] = []
    deletes: list[str] = []
    for kind, path, value in ast.actions:
        target = binder.path(path)
        if kind == "REMOVE":
            removes.append(target)
        elif isinstance(value, pq.Call) and value.name in ("set_add", "set_delete"):
            operand = _set_operand(value, path, binder)
            (adds if value.name == "set_add" else deletes).append(f"{target} {operand}")
        else:
            sets.append(f"{target} = {binder.operand(value)}")
    text = []
    for keyword, clauses in (("SET", sets), ("REMOVE", removes), ("ADD", adds), ("DELETE", deletes)):
        if clauses:
            text.append(f"{keyword} {', '.join(clauses)}")
    return " ".join(text)


def _set_operand(call: pq.Call, path: tuple, binder: Binder) -> str:
    """The value set_add / set_delete adds or removes, after DynamoDB's checks of its arguments."""
    name = call.name.upper()
    if len(call.args) != 2:
        raise validation(f"{name} must have exactly two arguments at {call.at}")
    first, second = call.args
    if not isinstance(first, pq.PathRef) or first.path != path:
        raise validation(f"The first argument to {name} must equal the assignment value at {call.at}")
    if not isinstance(second, (pq.SetValue, pq.Param)) or (
        isinstance(second, pq.Param) and next(iter(binder.params[second.index]), "") not in ("SS", "NS", "BS")
    ):
        raise validation(f"The second argument to {name} must be a value with type SET at {first.at}")
    return binder.operand(second)


def run_write(region: Region, statement: Statement, return_old: bool = False) -> tuple[WriteAction, list[Item]]:
    """Run one write statement on its own; return the action and the items its RETURNING clause asks for."""
    if isinstance(statement.ast, pq.Exists):
        # Inferred: EXISTS is a condition check only a transaction can hold; alone it is refused
        # as the bare expression (a call) it is, like any expression that is not a statement.
        raise validation("Unsupported operation: Call")
    action = write_action(region, statement, return_old)
    action.resolve_key()
    action.evaluate()
    reason = action.reason
    if reason is not None:
        code = reason["Code"]
        extra = {"Item": reason["Item"]} if "Item" in reason else {}
        if code == "ConditionalCheckFailed":
            raise DynamoDBError("ConditionalCheckFailedException", CONDITION_FAILED, **extra)
        if code == "DuplicateItem":
            raise DynamoDBError("DuplicateItemException", DUPLICATE_ITEM)
        raise validation(reason.get("Message") or "")
    action.apply()
    return action, _returning(statement.ast, action)


def _returning(ast: Any, action: WriteAction) -> list[Item]:
    returning = getattr(ast, "returning", None)
    if returning is None:
        return []
    if returning == "ALL OLD":
        return [] if action.old is None else [action.old]
    if returning == "ALL NEW":
        return [] if action.new is None else [action.new]
    if action.paths is None or action.new is None:
        return []
    old, new = ex.updated_attributes(action.old, action.new, action.paths)
    chosen = old if returning == "MODIFIED OLD" else new
    return [chosen] if chosen else []


def _write_capacity(action: WriteAction, mode: str) -> dict[str, Any] | None:
    units, global_units, local_units = action.write_units()
    half = 1 / TRANSACTIONAL  # write_units() counts transactional units
    return capacity.consumed(
        action.table.name,  # type: ignore[union-attr]
        mode,
        units * half,
        {n: u * half for n, u in global_units.items()},
        {n: u * half for n, u in local_units.items()},
    )


# -- ExecuteStatement ---------------------------------------------------------------------------


@operation("ExecuteStatement")
def execute_statement(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    statement = Statement(request["Statement"], request.get("Parameters"))
    mode = request.get("ReturnConsumedCapacity")
    report = mode == "TOTAL" or mode == "INDEXES"
    response: dict[str, Any]
    if statement.is_read:
        consistent = request.get("ConsistentRead") is True
        items, token, table, read = run_select(region, statement, request.get("Limit"), request.get("NextToken"), consistent)
        response = {"Items": items}
        if token is not None:
            response["NextToken"] = token
        if report:
            response["ConsumedCapacity"] = capacity.consumed(table.name, mode, capacity.read_units(read, consistent))  # type: ignore[arg-type]
        return response
    return_old = request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
    action, items = run_write(region, statement, return_old)
    response = {"Items": items}
    if report:
        response["ConsumedCapacity"] = _write_capacity(action, mode)  # type: ignore[arg-type]
    return response


# -- BatchExecuteStatement ----------------------------------------------------------------------


@operation("BatchExecuteStatement")
def batch_execute_statement(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    mode = request.get("ReturnConsumedCapacity")
    report = mode == "TOTAL" or mode == "INDEXES"
    responses: list[dict[str, Any]] = []
    usage: dict[str, float] = {}
    for entry in request["Statements"]:
        slot: dict[str, Any] = {}
        try:
            statement = Statement(entry["Statement"], entry.get("Parameters"))
            if statement.is_read:
                table = _table(region, statement.table_name)
                check_columns(table, statement.ast)
                key = select_key(table, statement, BATCH_SELECT_KEY)
                item = table.get(table.key_of(key)) if _key_fits(table, key) else None
                slot["TableName"] = table.name
                binder = Binder(statement.params)
                where = statement.ast.where
                condition = binder.compile(None if where is None else binder.condition(where)).condition
                if item is not None and (condition is None or condition.matches(item)):
                    ast = statement.ast
                    slot["Item"] = item if ast.projection is None else project(item, ast.projection)
                consistent = entry.get("ConsistentRead") is True
                usage[table.name] = usage.get(table.name, 0.0) + capacity.read_units(0 if item is None else item_size(item), consistent)
            else:
                return_old = entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
                action, _ = run_write(region, statement, return_old)
                slot["TableName"] = action.table.name  # type: ignore[union-attr]
                units, global_units, local_units = action.write_units()
                total = (units + sum(global_units.values()) + sum(local_units.values())) / TRANSACTIONAL
                usage[action.table.name] = usage.get(action.table.name, 0.0) + total  # type: ignore[union-attr]
        except DynamoDBError as error:
            failure: dict[str, Any] = {"Code": _BATCH_CODES.get(error.code, error.code), "Message": error.message or ""}
            if "Item" in error.extra:
                failure["Item"] = error.extra["Item"]
            slot = {"Error": failure}
        responses.append(slot)
    response: dict[str, Any] = {"Responses": responses}
    if report:
        response["ConsumedCapacity"] = [capacity.consumed(name, mode, units) for name, units in usage.items()]  # type: ignore[arg-type]
    return response


def _key_fits(table: Table, key: dict[str, Any]) -> bool:
    """Whether a key's values have the table's key types (else no item can match)."""
    for name in table.key_names:
        value = key[name]
        if typed_part(value, table.attribute_types[name]) is None:
            return False
    return True


# -- ExecuteTransaction -------------------------------------------------------------------------

@operation("ExecuteTransaction")
def execute_transaction(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    entries = request["TransactStatements"]
    statements = []
    for index, entry in enumerate(entries):
        try:
            ast = pq.parse(entry["Statement"])
        except DynamoDBError as error:  # a statement that does not parse is named by its place
            raise validation(IN_TRANSACTION.format(index, error.message)) from None
        statements.append(Statement(entry["Statement"], entry.get("Parameters"), ast))
    reads = [statement.is_read for statement in statements]
    if any(reads) and not all(reads):
        raise validation(MIXED_TRANSACTION)
    mode = request.get("ReturnConsumedCapacity")
    report = mode == "TOTAL" or mode == "INDEXES"

    if all(reads):
        actions = []
        for index, statement in enumerate(statements):
            table = _table(region, statement.table_name)
            try:
                check_columns(table, statement.ast)  # inferred: reported with the statement's place, as the key rule is
                key = select_key(table, statement, TRANSACTION_SELECT_KEY)
            except DynamoDBError as error:
                raise validation(IN_TRANSACTION.format(index, error.message)) from None
            body: dict[str, Any] = {"TableName": table.name, "Key": key}
            action = GetAction(body)
            action.validate()
            actions.append(action)
        items = run_read_transaction(region, actions, [a.body["TableName"] for a in actions])
        responses = []
        for statement, item in zip(statements, items):
            binder = Binder(statement.params)
            where = statement.ast.where
            condition = binder.compile(None if where is None else binder.condition(where)).condition
            if item is None or (condition is not None and not condition.matches(item)):
                responses.append({})
            else:
                ast = statement.ast
                responses.append({"Item": item if ast.projection is None else project(item, ast.projection)})
        response: dict[str, Any] = {"Responses": responses}
        if report:
            parts = [
                (a.table, TRANSACTIONAL * capacity.read_units(0 if i is None else item_size(i), True), {}, {})
                for a, i in zip(actions, items)
            ]
            response["ConsumedCapacity"] = transactional_capacity(mode, parts, "ReadCapacityUnits")  # type: ignore[arg-type]
        return response

    write_actions = []
    for index, (statement, entry) in enumerate(zip(statements, entries)):
        try:
            if isinstance(statement.ast, pq.Exists):
                action = exists_action(region, statement, index)
            else:
                action = write_action(region, statement, entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD")
        except DynamoDBError as error:
            if error.message == MISSING_KEY_EQUALITY:
                raise validation(IN_TRANSACTION.format(index, error.message)) from None
            raise
        write_actions.append(action)
    token = request.get("ClientRequestToken")
    if token is not None:
        seen = token_store(region, "ExecuteTransaction").find(region.now(), token)
        if seen is not None:
            if seen[0] != entries:
                raise DynamoDBError("IdempotentParameterMismatchException", IDEMPOTENT_MISMATCH)
            return {"Responses": []}
    run_write_transaction(region, write_actions, [a.body["TableName"] for a in write_actions])
    response = {"Responses": []}
    if report:
        response["ConsumedCapacity"] = transactional_capacity(
            mode, ((a.table, *a.write_units()) for a in write_actions), "WriteCapacityUnits"  # type: ignore[misc]
        )
    if token is not None:
        token_store(region, "ExecuteTransaction").record(region.now(), token, entries, None)
    return response

