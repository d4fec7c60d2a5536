"""Transactions: TransactWriteItems and TransactGetItems, all or nothing.

DynamoDB runs a transaction in two halves, and which half refuses a problem
decides how it is reported:

1. The request is validated before the transaction opens. Anything wrong here
   is an ordinary ValidationException (or ResourceNotFoundException), bare,
   and nothing is written. In order: every action's own parameters, action by
   action in request order (exactly one of Put, Update, Delete and
   ConditionCheck; the attribute values of its item or key and of its
   ExpressionAttributeValues, nesting depth included; its expressions; a Put
   item's 400 KB), then the 4 MB aggregate, then every table, then every key
   (an empty or oversized key value; two actions on one item).
2. The transaction runs. Each action is checked against the stored item:
   a key of the wrong type or shape, a condition that does not hold, an update
   that cannot be applied or makes the item too large, a secondary-index key
   of the wrong type. Any of these cancels the whole transaction with a
   TransactionCanceledException whose CancellationReasons name, in request
   order, what became of each action ("None" for an action that would have
   succeeded).

This is the newest behaviour (eu-west-2, eu-north-1 and ap-northeast-2 since
2026-10-08, paritysuite/dynamodb-conformance captures/2026-10-08-transact-
write-rollout.json): the value checks use the current wording, bare (the
older regions still use the older wording, see `fakedynamo.values`), and the
nesting depth of every ExpressionAttributeValue is checked up front, where the
older regions cancel an Update that writes a too-deep value and never check a
condition's values.

Nothing is written before every action has passed, and the engine lock is held
for the whole request, so no reader ever sees part of a transaction.

ClientRequestToken makes TransactWriteItems idempotent for ten minutes: the
same token with the same TransactItems succeeds again without writing
(reporting read capacity, as DynamoDB does for a replay); the same token with
different TransactItems is an IdempotentParameterMismatchException. A
transaction that failed leaves no token behind.
"""

from __future__ import annotations

import weakref
from typing import Any, Iterable

from fakedynamo import capacity
from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.expressions.ast import DeleteAction, RemoveAction
from fakedynamo.keys import (
    SCHEMA_MISMATCH,
    check_index_keys,
    key_of_item,
    key_of_key,
)
from fakedynamo.operations import operation
from fakedynamo.operations.items import (
    CONDITION_FAILED,
    check_index_key_updates,
    check_updated_index_keys,
    find_table,
)
from fakedynamo.operations.vector_capacity import add_write_capacity
from fakedynamo.region import Region
from fakedynamo.storage import Item, Table
from fakedynamo.values import (
    CURRENT,
    ITEM_TO_UPDATE_TOO_LARGE,
    MAX_ITEM_SIZE,
    PARTITION_KEY_TOO_LARGE,
    SORT_KEY_TOO_LARGE,
    check_expression_values,
    check_item,
    check_key,
    item_size,
    item_too_large,
)

MULTIPLE_OPERATIONS = "Transaction request cannot include multiple operations on one item"
NOT_ONE_ACTION = "TransactItems can only contain one of Check, Put, Update or Delete"
# An action with none of the four (eu-west-2, paritysuite transactWriteItems capture, 2026-10).
NO_ACTION = (
    "1 validation error detected: Value '' at 'transactItems' failed to satisfy constraint: "
    "TransactWriteRequest should contain Delete or Put or Update or ConditionCheck"
)
# nubo-db/dynoxide's wording for the 4 MB aggregate (not captured by paritysuite).
TOO_LARGE = (
    "Collection size of items exceeded, which can also be caused by the aggregate size of the items "
    "in the transaction exceeding the 4MB limit"
)
# The API Reference's description of the error (no capture of the message is published).
IDEMPOTENT_MISMATCH = (
    "DynamoDB rejected the request because you retried a request with a different payload "
    "but with an idempotent token that was already used."
)
CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]"

MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
TOKEN_LIFETIME = 600.0  # seconds
TRANSACTIONAL = 2.0  # a transactional read or write costs twice the plain one

WRITE_KINDS = ("ConditionCheck", "Put", "Delete", "Update")
_EMPTY_KEY_PREFIX = "One or more parameter values are not valid. The AttributeValue for a key attribute"
_REMOVALS = (RemoveAction, DeleteAction)


# -- errors ---------------------------------------------------------------------


def cancelled(reasons: list[dict[str, Any]]) -> DynamoDBError:
    """The TransactionCanceledException for these per-action reasons (request order)."""
    codes = ", ".join(reason["Code"] for reason in reasons)
    return DynamoDBError("TransactionCanceledException", CANCELLED.format(codes), CancellationReasons=reasons)


def reason_of(error: DynamoDBError) -> dict[str, Any]:
    """A cancellation reason for an error found while the transaction ran."""
    if error.code == "ConditionalCheckFailedException":
        reason: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": error.message or CONDITION_FAILED}
        if "Item" in error.extra:
            reason["Item"] = error.extra["Item"]
        return reason
    if error.code == "ValidationException":
        return {"Code": "ValidationError", "Message": error.message}
    code = error.code.removesuffix("Exception")
    return {"Code": code, "Message": error.message}


def _is_request_error(error: DynamoDBError) -> bool:
    """Whether a key error is refused before the transaction runs (empty or oversized key values)."""
    message = error.message or ""
    return message.startswith(_EMPTY_KEY_PREFIX) or message in (PARTITION_KEY_TOO_LARGE, SORT_KEY_TOO_LARGE)


# -- one write action -----------------------------------------------------------


class WriteAction:
    """One action of a write transaction, from validation to the write.

    Also what PartiQL's ExecuteTransaction builds from its statements (with a
    condition object and the code to report when it fails).
    """

    __slots__ = (
        "body",
        "condition",
        "failure_code",
        "failure_message",
        "item",
        "key",
        "key_item",
        "kind",
        "new",
        "new_size",
        "old",
        "paths",
        "reason",
        "return_old",
        "size",
        "table",
        "update",
        "writes",
    )

    def __init__(self, kind: str, body: dict[str, Any]) -> None:
        self.kind = kind  # Put, Update, Delete or ConditionCheck
        self.body = body
        self.table: Table | None = None
        self.key: Any = None  # the storage key, once known
        self.key_item: Item = body.get("Item") if kind == "Put" else body.get("Key")  # type: ignore[assignment]
        self.item: Item | None = body.get("Item") if kind == "Put" else None
        self.size = 0
        self.condition: ex.Condition | None = None
        self.update: Any = None
        # What a failed condition is reported as (PartiQL's INSERT says DuplicateItem).
        self.failure_code = "ConditionalCheckFailed"
        self.failure_message = CONDITION_FAILED
        self.return_old = body.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
        self.reason: dict[str, Any] | None = None
        self.old: Item | None = None
        self.new: Item | None = None
        self.new_size = 0
        self.writes = kind != "ConditionCheck"
        self.paths: Any = None  # what an update wrote or removed

    # 1. the request alone
    def validate(self) -> None:
        body = self.body
        # An action's expressions are read before its item or key: a malformed or oversized
        # condition is reported ahead of a key nested too deep (deepRequests capture, 2026-10-09).
        kinds = (ex.messages.UPDATE, ex.messages.CONDITION) if self.kind == "Update" else (ex.messages.CONDITION,)
        prepared = None
        if any(body.get(kind) is not None for kind in kinds):
            prepared = ex.prepare_request(body, kinds)
        if self.kind == "Put":
            self.size = check_item(body["Item"], CURRENT)
        else:
            check_key(body["Key"], CURRENT)
        values = body.get("ExpressionAttributeValues")
        if values is not None:
            check_expression_values(values, CURRENT)
        if prepared is not None:
            self.update = prepared.update
            self.condition = prepared.condition
        if self.kind == "Put" and self.size > MAX_ITEM_SIZE:
            raise item_too_large()

    @property
    def request_bytes(self) -> int:
        """What the action adds to the transaction's 4 MB: a Put's item, another action's key."""
        return self.size if self.kind == "Put" else item_size(self.key_item)

    # 2. the table and the key
    def locate(self, region: Region, table_name: str | None = None) -> None:
        self.table = find_table(region, table_name or self.body["TableName"])

    def resolve_key(self) -> None:
        """The storage key; a key error found only by the transaction becomes this action's reason."""
        table = self.table
        assert table is not None
        try:
            if self.kind == "Put":
                self.key = key_of_item(table, self.key_item)
            else:
                self.key = key_of_key(table, self.key_item)
            if self.update is not None:
                ex.check_key_updates(self.update, table.key_names)
        except DynamoDBError as error:
            if error.code != "ValidationException" or _is_request_error(error):
                raise
            if error.message and "Cannot update attribute" in error.message:
                raise
            self.key = None
            self.reason = reason_of(error)
            return
        if self.update is not None and table.index_keys:
            try:
                check_index_key_updates(table, self.update)
            except DynamoDBError as error:
                self.reason = reason_of(error)

    # 3. against the stored item
    def evaluate(self) -> None:
        if self.reason is not None:
            return
        table = self.table
        assert table is not None
        old = self.old = table.get(self.key)
        if self.condition is not None and not self.condition.matches(old if old is not None else {}):
            self.reason = {"Code": self.failure_code, "Message": self.failure_message}
            if old is not None and self.return_old:
                self.reason["Item"] = old
            return
        try:
            if self.kind == "Put":
                self.new, self.new_size = self.item, self.size
            elif self.kind == "Update":
                self._apply_update(table, old)
        except DynamoDBError as error:
            self.reason = reason_of(error)

    def _apply_update(self, table: Table, old: Item | None) -> None:
        update = self.update
        if old is None and update.actions and all(type(a) in _REMOVALS for a in update.actions):
            self.writes = False  # removing from nothing writes nothing
            return
        new, self.paths = ex.apply_update(update, old if old is not None else dict(self.key_item))
        size = item_size(new)
        if size > MAX_ITEM_SIZE:
            raise validation(ITEM_TO_UPDATE_TOO_LARGE)
        if table.index_keys:
            check_updated_index_keys(table, update, new)
            check_index_keys(table, new)
        self.new, self.new_size = new, size

    # 4. the write
    def apply(self) -> None:
        table = self.table
        assert table is not None
        if not self.writes:
            return
        if self.kind == "Delete":
            table.delete(self.key)
        else:
            table.put(self.key, self.new, self.new_size)  # type: ignore[arg-type]

    def write_units(self) -> tuple[float, dict[str, float], dict[str, float]]:
        """Transactional write units: (table, per global index, per local index)."""
        table = self.table
        assert table is not None
        old_size = None if self.old is None else item_size(self.old)
        if self.kind == "ConditionCheck" or not self.writes:
            units = capacity.write_units(old_size or 0)
            return TRANSACTIONAL * units, {}, {}
        if self.kind == "Delete":
            units = capacity.write_units(old_size or 0)
            new = None
        else:
            units = capacity.replace_units(old_size, self.new_size)
            new = self.new
        global_units: dict[str, float] = {}
        local_units: dict[str, float] = {}
        if capacity.has_secondary_indexes(table):
            global_units, local_units = capacity.index_write_units(table, self.old, new)
        return (
            TRANSACTIONAL * units,
            {name: TRANSACTIONAL * u for name, u in global_units.items()},
            {name: TRANSACTIONAL * u for name, u in local_units.items()},
        )


def write_action(entry: dict[str, Any]) -> WriteAction:
    """The one action a TransactWriteItem holds."""
    kinds = [kind for kind in WRITE_KINDS if entry.get(kind) is not None]
    if len(kinds) != 1:
        raise validation(NO_ACTION if not kinds else NOT_ONE_ACTION)
    return WriteAction(kinds[0], entry[kinds[0]])


def run_write_transaction(region: Region, actions: list[WriteAction], table_names: list[str] | None = None) -> None:
    """Locate, key, evaluate and apply validated actions, all or nothing.

    Raises ResourceNotFoundException or ValidationException for a problem found
    before the transaction runs, TransactionCanceledException for one found
    while it runs; writes nothing in either case.
    """
    total = 0
    for action in actions:
        total += action.request_bytes
    if total > MAX_TRANSACTION_BYTES:
        raise validation(TOO_LARGE)
    for index, action in enumerate(actions):
        action.locate(region, None if table_names is None else table_names[index])
    resolve_keys(actions)
    for action in actions:
        action.evaluate()
    cancel_if_any_failed(actions)
    for action in actions:
        action.apply()


# -- TransactWriteItems ---------------------------------------------------------


class TokenStore:
    """The ClientRequestTokens one region saw in the last ten minutes, oldest first.

    botocore gives every TransactWriteItems and ExecuteTransaction call a fresh
    token, so this is on the hot path: recording is O(1), expiry pops from the
    old end, and a request is compared with the one it repeats only when a token
    comes back. At most MAX_TOKENS are kept (the oldest go first).
    """

    MAX_TOKENS = 20_000

    def __init__(self) -> None:
        self._seen: dict[str, tuple[float, Any, Any]] = {}  # token -> (when, request, what to replay)

    def find(self, now: float, token: str) -> tuple[Any, Any] | None:
        """(request, replay data) recorded under `token`, if it is still live."""
        seen = self._seen
        while seen:
            oldest = next(iter(seen))
            if now - seen[oldest][0] < TOKEN_LIFETIME and len(seen) <= self.MAX_TOKENS:
                break
            del seen[oldest]
        found = seen.get(token)
        return None if found is None else (found[1], found[2])

    def record(self, now: float, token: str, request: Any, replay: Any) -> None:
        self._seen.pop(token, None)
        self._seen[token] = (now, request, replay)


# Client request tokens seen, per region (an account's state in one region) and operation.
_tokens: weakref.WeakKeyDictionary[Region, dict[str, TokenStore]] = weakref.WeakKeyDictionary()


def token_store(region: Region, operation_name: str) -> TokenStore:
    stores = _tokens.get(region)
    if stores is None:
        stores = _tokens[region] = {}
    store = stores.get(operation_name)
    if store is None:
        store = stores[operation_name] = TokenStore()
    return store


@operation("TransactWriteItems")
def transact_write_items(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    actions = [write_action(entry) for entry in request["TransactItems"]]
    for action in actions:
        action.validate()

    token = request.get("ClientRequestToken")
    if token is not None:
        seen = token_store(region, "TransactWriteItems").find(region.now(), token)
        if seen is not None:
            # The items were normalised in place by validate(), as the first call's were.
            if seen[0] != request["TransactItems"]:
                raise DynamoDBError("IdempotentParameterMismatchException", IDEMPOTENT_MISMATCH)
            return _replay(request, seen[1])

    run_write_transaction(region, actions)

    response: dict[str, Any] = {}
    mode = request.get("ReturnConsumedCapacity")
    if mode == "TOTAL" or mode == "INDEXES":
        response["ConsumedCapacity"] = transactional_capacity(
            mode, ((a.table, *a.write_units()) for a in actions), "WriteCapacityUnits"  # type: ignore[misc]
        )
        if mode == "INDEXES":
            _add_vector_capacity(response["ConsumedCapacity"], actions)
    metrics = None
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        metrics = _collection_metrics(actions)
        if metrics:
            response["ItemCollectionMetrics"] = metrics
    if token is not None:
        targets = [(a.table, a.key) for a in actions]
        token_store(region, "TransactWriteItems").record(region.now(), token, request["TransactItems"], (targets, metrics))
    return response


def _replay(request: dict[str, Any], seen: Any) -> dict[str, Any]:
    """A repeated transaction: success, nothing written; capacity reported as reading the items."""
    targets, metrics = seen
    response: dict[str, Any] = {}
    mode = request.get("ReturnConsumedCapacity")
    if mode == "TOTAL" or mode == "INDEXES":
        parts = []
        for table, key in targets:
            size = 0 if table.get(key) is None else table.size_of(key)
            units = TRANSACTIONAL * capacity.read_units(size, True)
            parts.append((table, units, {}, {}))
        response["ConsumedCapacity"] = transactional_capacity(mode, parts, "ReadCapacityUnits")
    if metrics and request.get("ReturnItemCollectionMetrics") == "SIZE":
        response["ItemCollectionMetrics"] = metrics
    return response


def _collection_metrics(actions: list[WriteAction]) -> dict[str, list[dict[str, Any]]]:
    metrics: dict[str, list[dict[str, Any]]] = {}
    for action in actions:
        table = action.table
        if action.kind == "ConditionCheck" or table is None or not table.local_indexes:
            continue
        found = capacity.item_collection_metrics(table, action.key, action.key_item)
        if found is not None:
            metrics.setdefault(table.name, []).append(found)
    return metrics


def _add_vector_capacity(entries: list[dict[str, Any]], actions: list[WriteAction]) -> None:
    """Each write's VectorIndexes bytes, into its table's entry (operations/vector_capacity.py; not doubled)."""
    by_table = {entry["TableName"]: entry for entry in entries}
    for action in actions:
        if action.table is None or action.kind == "ConditionCheck" or not action.writes:
            continue
        new = None if action.kind == "Delete" else action.new
        add_write_capacity(by_table[action.table.name], action.table, action.old, new)


def transactional_capacity(
    mode: str,
    parts: Iterable[tuple[Table, float, dict[str, float], dict[str, float]]],
    split: str,
) -> list[dict[str, Any]]:
    """ConsumedCapacity of a transaction, one entry per table in order of first use.

    Transactions report the read/write split (`split` is ReadCapacityUnits or
    WriteCapacityUnits) beside CapacityUnits, which single-item operations do not.
    """
    tables: dict[str, list[Any]] = {}
    for table, units, global_units, local_units in parts:
        entry = tables.get(table.name)
        if entry is None:
            entry = tables[table.name] = [0.0, {}, {}]
        entry[0] += units
        for name, u in global_units.items():
            entry[1][name] = entry[1].get(name, 0.0) + u
        for name, u in local_units.items():
            entry[2][name] = entry[2].get(name, 0.0) + u
    result = []
    for name, (units, global_units, local_units) in tables.items():
        total = units + sum(global_units.values()) + sum(local_units.values())
        consumed: dict[str, Any] = {"TableName": name, "CapacityUnits": total, split: total}
        if mode == "INDEXES":
            consumed["Table"] = {"CapacityUnits": units, split: units}
            if global_units:
                consumed["GlobalSecondaryIndexes"] = {n: {"CapacityUnits": u, split: u} for n, u in global_units.items()}
            if local_units:
                consumed["LocalSecondaryIndexes"] = {n: {"CapacityUnits": u, split: u} for n, u in local_units.items()}
        result.append(consumed)
    return result


# -- TransactGetItems -----------------------------------------------------------


class GetAction:
    """One Get of a read transaction (also built by PartiQL's ExecuteTransaction)."""

    __slots__ = ("body", "key", "projection", "reason", "table")

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.table: Table | None = None
        self.key: Any = None
        self.projection: list[tuple[Any, ...]] | None = None
        self.reason: dict[str, Any] | None = None

    def validate(self) -> None:
        check_key(self.body["Key"], CURRENT)
        body = self.body
        if body.get("ProjectionExpression") is not None or body.get("ExpressionAttributeNames") is not None:
            ex.check_expression_params(body, ("ProjectionExpression",), ())
            self.projection = ex.prepare_request(body, (ex.messages.PROJECTION,)).projection

    def resolve_key(self) -> None:
        assert self.table is not None
        try:
            self.key = key_of_key(self.table, self.body["Key"])
        except DynamoDBError as error:
            if error.code != "ValidationException" or _is_request_error(error):
                raise
            self.reason = {"Code": "ValidationError", "Message": error.message or SCHEMA_MISMATCH}


def resolve_keys(actions: list[Any]) -> None:
    """Work out each action's storage key; two actions on one item refuse the transaction."""
    seen: set[tuple[int, Any]] = set()
    for action in actions:
        action.resolve_key()
        if action.key is not None:
            target = (id(action.table), action.key)
            if target in seen:
                raise validation(MULTIPLE_OPERATIONS)
            seen.add(target)


def cancel_if_any_failed(actions: list[Any]) -> None:
    """Cancel the transaction, with a reason per action in request order, if any action failed."""
    if any(action.reason is not None for action in actions):
        raise cancelled([action.reason or {"Code": "None"} for action in actions])


def run_read_transaction(region: Region, actions: list[GetAction], table_names: list[str]) -> list[Item | None]:
    """Locate and key validated Gets, then read every item at once (None where there is none)."""
    for action, name in zip(actions, table_names):
        action.table = find_table(region, name)
    resolve_keys(actions)
    cancel_if_any_failed(actions)
    return [action.table.get(action.key) for action in actions]  # type: ignore[union-attr]


@operation("TransactGetItems")
def transact_get_items(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    actions = [GetAction(entry["Get"]) for entry in request["TransactItems"]]
    for action in actions:
        action.validate()
    items = run_read_transaction(region, actions, [action.body["TableName"] for action in actions])
    responses = []
    for action, item in zip(actions, items):
        if item is None:
            responses.append({})
        else:
            responses.append({"Item": item if action.projection is None else ex.project(item, action.projection)})
    response: dict[str, Any] = {"Responses": responses}
    mode = request.get("ReturnConsumedCapacity")
    if mode == "TOTAL" or mode == "INDEXES":
        parts = [
            (action.table, TRANSACTIONAL * capacity.read_units(0 if item is None else item_size(item), True), {}, {})
            for action, item in zip(actions, items)
        ]
        response["ConsumedCapacity"] = transactional_capacity(mode, parts, "ReadCapacityUnits")  # type: ignore[arg-type]
    return response
