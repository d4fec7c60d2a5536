"""Query and Scan, on tables and on their secondary indexes.

Both read a run of items in key order and page through it the same way:

- every item the key condition (Query) or the segment (Scan) reaches is
  *evaluated*: it counts in ScannedCount, towards Limit and towards the 1 MB
  page, and is charged for, before the filter and the projection apply;
- the page ends after Limit items were evaluated, or once the evaluated
  items reach 1 MB; either way LastEvaluatedKey names the last item
  evaluated (the table key, plus the index key for an index), even when no
  item follows it;
- ExclusiveStartKey resumes strictly after a key position, whether or not an
  item is still stored there.

A Query reads one partition, in sort-key order (ScanIndexForward=false
reverses it), found by bisection: O(log n + items read). A Scan visits
partitions in the order of their hash (see `fakedynamo.indexes`), which is
also what makes a parallel scan's segments: segment s of T holds the
partitions whose hash falls in the s-th T-th of the hash space.

Checks run in DynamoDB's order (dynalite's validations and actions, which
were written against DynamoDB; paritysuite/dynamodb-conformance and
dynoxide for the 2026 wording):

1. the request alone: the attribute values; expression and legacy
   parameters not mixed; the legacy filter and key conditions; AttributesToGet
   duplicates; ExclusiveStartKey's values; a key condition at all; Segment
   and TotalSegments; the expressions themselves; then Select against the
   projection (these last in the ``1 validation error detected: `` envelope,
   as the 2026 validation framework words them for both operations);
2. the table ("Requested resource not found") and the index ("The table
   does not have the specified index: x"), consistent reads on a GSI;
3. ExclusiveStartKey against the key schema, the key condition against the
   schema, the start key against the key condition (or the segment);
4. key attributes in the filter and the projection; ALL_ATTRIBUTES on a
   global index that does not project all of them.

Nothing here changes state.
"""

from __future__ import annotations

import bisect
from typing import Any, Iterable, Iterator

from fakedynamo import capacity
from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.expressions.ast import Path
from fakedynamo.expressions.compiler import walk
from fakedynamo.expressions.keycondition import conditions as key_condition_parts
from fakedynamo.expressions.keycondition import from_conditions
from fakedynamo.indexes import (
    IndexStore,
    key_digest,
    key_part,
    partition_digest,
    range_bounds,
    segment_bounds,
    segment_of,
)
from fakedynamo.keys import empty_key_value
from fakedynamo.operations import operation
from fakedynamo.operations.items import find_table
from fakedynamo.region import Region
from fakedynamo.storage import Item, SecondaryIndex, Table
from fakedynamo.values import (
    CURRENT,
    EMPTY_NUMBER_SET,
    ENVELOPE,
    NOT_NUMERIC,
    NUMBER_OVERFLOW,
    NUMBER_UNDERFLOW,
    TOO_MANY_DIGITS,
    check_expression_values,
    check_value,
)

MAX_PAGE_BYTES = 1024 * 1024

QUERY_EXPRESSIONS = ("ProjectionExpression", "FilterExpression", "KeyConditionExpression")
QUERY_LEGACY = ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions")
SCAN_EXPRESSIONS = ("ProjectionExpression", "FilterExpression")
SCAN_LEGACY = ("AttributesToGet", "ScanFilter", "ConditionalOperator")

# -- messages ---------------------------------------------------------------------------

INVALID_START = "The provided starting key is invalid"
START_OUTSIDE = "The provided starting key is outside query boundaries based on provided conditions"
START_NOT_IN_RANGE = "The provided starting key does not match the range key predicate"
START_ONE_ROW = "The query can return at most one row and cannot be restarted"
SCHEMA_MISMATCH = "The provided key element does not match the schema"
NO_KEY_CONDITION = "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
CONDITIONS_LENGTH = "Conditions can be of length 1 or 2 only"
NOT_INDEXABLE = "Attempted conditional constraint is not an indexable operation"
KEY_CONDITION_NOT_SUPPORTED = "Query key condition not supported"
TYPE_MISMATCH = "One or more parameter values were invalid: Condition parameter type does not match schema type"
GSI_CONSISTENT_READ = "Consistent reads are not supported on global secondary indexes"
TOTAL_SEGMENTS_MISSING = (
    "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
)
SEGMENT_MISSING = (
    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
)
SEGMENT_TOO_LARGE = "The Segment parameter is zero-based and must be less than parameter TotalSegments"
SPECIFIC_NEEDS_PROJECTION = (
    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
)
PROJECTED_NEEDS_INDEX = "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
NON_SCALAR_KEY = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: {}: {}"

# Value errors an ExclusiveStartKey reports without the starting-key prefix (dynoxide's captures).
_UNPREFIXED_VALUE_ERRORS = (NOT_NUMERIC, NUMBER_OVERFLOW, NUMBER_UNDERFLOW, TOO_MANY_DIGITS, EMPTY_NUMBER_SET)

_COMPARATORS = {"EQ": "=", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">", "BETWEEN": "BETWEEN", "BEGINS_WITH": "BEGINS_WITH"}


def no_index(name: str) -> DynamoDBError:
    return validation(f"The table does not have the specified index: {name}")


def all_attributes_on_gsi(name: str) -> DynamoDBError:
    return validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        f"secondary index {name} because its projection type is not ALL"
    )


def segment_mismatch(total: int, segment: int) -> DynamoDBError:
    return validation(
        f"{INVALID_START}: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
        f"TotalSegments: {total} Segment: {segment}"
    )


# =======================================================================================
# Query
# =======================================================================================


@operation("Query")
def query(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    read = _Read(request, QUERY_EXPRESSIONS, QUERY_LEGACY, "QueryFilter")
    read.check_key_condition_present()
    read.prepare()
    read.check_select()

    table = find_table(region, request["TableName"])
    target = _Target(table, request.get("IndexName"), read.consistent)
    start = request.get("ExclusiveStartKey")
    if start is not None:
        target.check_start_names(start)
    key = target.resolve_key_condition(read)
    if start is not None:
        target.check_start_types(start)
        key.check_start(start)
    target.check_paths(read, query=True)
    return target.respond(read, _query_run(target, key, read, start))


# =======================================================================================
# Scan
# =======================================================================================


@operation("Scan")
def scan(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    read = _Read(request, SCAN_EXPRESSIONS, SCAN_LEGACY, "ScanFilter")
    segment, total = _segments(request)
    read.prepare()
    read.check_select()

    table = find_table(region, request["TableName"])
    target = _Target(table, request.get("IndexName"), read.consistent)
    target.check_all_attributes(read)
    start = request.get("ExclusiveStartKey")
    if start is not None:
        target.check_start_names(start)
        target.check_start_types(start)
        if total is not None and total > 1 and segment_of(partition_digest(target.partition_of_start(start)), total) != segment:
            raise segment_mismatch(total, segment)  # type: ignore[arg-type]
    target.check_paths(read, query=False)
    return target.respond(read, _scan_run(target, read, start, segment, total))


def _segments(request: dict[str, Any]) -> tuple[int | None, int | None]:
    segment, total = request.get("Segment"), request.get("TotalSegments")
    if segment is not None and total is None:
        raise validation(TOTAL_SEGMENTS_MISSING)
    if total is not None and segment is None:
        raise validation(SEGMENT_MISSING)
    if segment is not None and total is not None and segment >= total:
        raise validation(SEGMENT_TOO_LARGE)
    return segment, total


# =======================================================================================
# The request
# =======================================================================================


class _Read:
    """What a Query or Scan request asks for, validated before the table is looked up."""

    def __init__(self, request: dict[str, Any], expressions: tuple[str, ...], legacy: tuple[str, ...], filter_param: str):
        self.request = request
        self.filter_param = filter_param
        values = request.get("ExpressionAttributeValues")
        if values is not None:
            check_expression_values(values, CURRENT)
        ex.check_expression_params(request, expressions, legacy)
        self.legacy_filter = False
        self.filter: ex.Condition | None = None
        legacy_filter = request.get(filter_param)
        operator = request.get("ConditionalOperator")
        if legacy_filter is not None or operator is not None:
            # eu-west-2 reads a misused ConditionalOperator before the filter's values (deepRequests capture).
            if operator is not None and len(legacy_filter or ()) < 2:
                ex.filter_condition(legacy_filter or {}, operator)
            _check_condition_values(legacy_filter)
            self.filter = ex.filter_condition(legacy_filter or {}, operator)
            self.legacy_filter = legacy_filter is not None
        self.projection: list[tuple[Any, ...]] | None = None
        names = request.get("AttributesToGet")
        if names is not None:
            self.projection = ex.attributes_to_get(names)
        start = request.get("ExclusiveStartKey")
        if start is not None:
            _check_start_values(start)
        self.key_condition_parts: dict[str, tuple[str, tuple[dict[str, Any], ...]]] | None = None
        self.legacy_key_conditions = request.get("KeyConditions") if filter_param == "QueryFilter" else None
        self.select: str | None = request.get("Select")
        self.consistent = request.get("ConsistentRead") is True
        self.forward = request.get("ScanIndexForward") is not False
        self.limit: int | None = request.get("Limit")
        self.mode = request.get("ReturnConsumedCapacity")

    def check_key_condition_present(self) -> None:
        request = self.request
        if request.get("KeyConditions") is None and request.get("KeyConditionExpression") is None:
            raise validation(NO_KEY_CONDITION)

    def prepare(self) -> None:
        request = self.request
        kinds = [ex.messages.FILTER, ex.messages.PROJECTION]
        if self.filter_param == "QueryFilter":
            kinds.insert(0, ex.messages.KEY_CONDITION)
        prepared = ex.prepare_request(request, kinds)
        if prepared.filter is not None:
            self.filter = prepared.filter
        if prepared.projection is not None:
            self.projection = prepared.projection
        if prepared.key_condition is not None:
            # The key condition's shape (no OR, one condition per key, ...) needs no schema.
            self.key_condition_parts = key_condition_parts(prepared.key_condition.tree)
        elif self.legacy_key_conditions is not None:
            conditions = self.legacy_key_conditions
            _check_condition_values(conditions)
            ex.filter_condition(conditions)  # argument counts and value types
            if len(conditions) not in (1, 2):
                raise validation(CONDITIONS_LENGTH)

    def check_select(self) -> None:
        select = self.select
        if select is None:
            return
        request = self.request
        if select != "SPECIFIC_ATTRIBUTES":
            what = "only the Count" if select == "COUNT" else select
            if request.get("ProjectionExpression") is not None:
                raise validation(f"{ENVELOPE}Cannot specify the ProjectionExpression when choosing to get {what}")
            if request.get("AttributesToGet") is not None:
                raise validation(f"{ENVELOPE}Cannot specify the AttributesToGet when choosing to get {what}")
            if select == "ALL_PROJECTED_ATTRIBUTES" and request.get("IndexName") is None:
                raise validation(ENVELOPE + PROJECTED_NEEDS_INDEX)
        elif request.get("ProjectionExpression") is None and request.get("AttributesToGet") is None:
            raise validation(ENVELOPE + SPECIFIC_NEEDS_PROJECTION)

    def filter_names(self) -> list[str]:
        """The top-level attributes the filter reads, in the order it names them."""
        if self.filter is None:
            return []
        if self.legacy_filter:
            return list(self.request[self.filter_param])
        names: list[str] = []
        for node in walk(self.filter.tree):
            if type(node) is Path and node.parts[0] not in names:
                names.append(node.parts[0])
        return names

    def nested_heads(self) -> tuple[set[str], set[str]]:
        """Top-level names the projection and the filter reach into (a.b, a[0])."""
        projection = {path[0] for path in self.projection or () if len(path) > 1}
        filtered: set[str] = set()
        if self.filter is not None and not self.legacy_filter:
            filtered = {node.parts[0] for node in walk(self.filter.tree) if type(node) is Path and len(node.parts) > 1}
        return projection, filtered


def _check_condition_values(conditions: Any) -> None:
    """The AttributeValueList values of a legacy filter or key conditions, normalised like any other."""
    if not conditions:
        return
    for condition in conditions.values():
        if type(condition) is dict:
            for value in condition.get("AttributeValueList") or ():
                check_value(value, CURRENT)


def _check_start_values(start: dict[str, Any]) -> None:
    for value in start.values():
        try:
            check_value(value, CURRENT)
        except DynamoDBError as error:
            message = error.message or ""
            if error.code != "ValidationException" or message.startswith(_UNPREFIXED_VALUE_ERRORS) or "duplicates" in message:
                raise
            raise validation(f"{INVALID_START}: {message}") from None


# =======================================================================================
# The table or index read
# =======================================================================================


class _Target:
    """The table or secondary index a request reads, with its key schema."""

    def __init__(self, table: Table, index_name: str | None, consistent: bool) -> None:
        self.table = table
        self.index: SecondaryIndex | None = None
        self.store: IndexStore | None = None
        if index_name is None:
            self.hash_names: tuple[str, ...] = (table.hash_key,)
            self.range_names: tuple[str, ...] = () if table.range_key is None else (table.range_key,)
        else:
            index = table.index(index_name)
            store = table.index_store(index_name)
            if index is None or store is None:
                raise no_index(index_name)
            if index.is_global and consistent:
                raise validation(GSI_CONSISTENT_READ)
            self.index, self.store = index, store
            self.hash_names, self.range_names = store.hash_names, store.range_names
        types = table.attribute_types
        self.key_types = {name: types[name] for name in (*self.hash_names, *self.range_names)}
        start_names = list(table.key_names)
        for name in (*self.hash_names, *self.range_names):
            if name not in start_names:
                start_names.append(name)
        self.start_names = start_names

    @property
    def projected(self) -> tuple[str, ...] | None:
        return None if self.store is None else self.store.projected

    # -- the start key ------------------------------------------------------------

    def check_start_names(self, start: dict[str, Any]) -> None:
        names = self.start_names
        if len(start) != len(names) or any(name not in start for name in names):
            raise validation(INVALID_START)

    def check_start_types(self, start: dict[str, Any]) -> None:
        table = self.table
        types = table.attribute_types
        if self.index is not None:
            for name in (*self.hash_names, *self.range_names):
                if name in table.key_names:
                    continue
                declared = types[name]
                value = start[name]
                if declared not in value or len(value) != 1:
                    raise validation(SCHEMA_MISMATCH)
                if declared != "N" and not value[declared]:
                    raise validation(f"{INVALID_START}: {empty_key_value(name, declared).message}")
        for name in table.key_names:
            declared = types[name]
            value = start[name]
            if declared not in value or len(value) != 1:
                raise validation(INVALID_START)
            if declared != "N" and not value[declared]:
                raise validation(f"{INVALID_START}: {empty_key_value(name, declared).message}")

    def partition_of_start(self, start: dict[str, Any]) -> Any:
        parts = tuple(key_part(start[name]) for name in self.hash_names)
        return parts[0] if len(parts) == 1 else parts

    def sort_of_start(self, start: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(key_part(start[name]) for name in self.range_names)

    def start_position(self, start: dict[str, Any]) -> Any:
        """Where a start key sits among its partition's entries (a sort value, or an index position)."""
        if self.store is None:
            return key_part(start[self.range_names[0]]) if self.range_names else None
        table_key = self.table.key_of(start)
        return (*self.sort_of_start(start), key_digest(table_key), table_key)

    # -- the key condition --------------------------------------------------------

    def resolve_key_condition(self, read: _Read) -> _KeyRange:
        found = read.key_condition_parts
        legacy = read.legacy_key_conditions or {}
        if len(self.hash_names) == 1 and len(self.range_names) <= 1:
            hash_name = self.hash_names[0]
            range_name = self.range_names[0] if self.range_names else None
            if found is None:
                condition = ex.key_conditions(legacy, hash_name, range_name, self.key_types)
            else:
                condition = from_conditions(found, hash_name, range_name, self.key_types)
            partition = key_part(condition.partition)
            if condition.sort_op is None:
                return _KeyRange(self, partition, (), None, ())
            values = tuple(key_part(value) for value in condition.sort_values)
            return _KeyRange(self, partition, (), condition.sort_op, values)
        if found is None:
            return self._resolve_multi(_legacy_parts(legacy), True)
        return self._resolve_multi(found, False)

    def _resolve_multi(self, found: dict[str, tuple[str, tuple[dict[str, Any], ...]]], legacy: bool) -> _KeyRange:
        """A key condition on a multi-attribute key: every HASH attribute by equality, RANGE ones left to right."""
        hash_names, range_names = self.hash_names, self.range_names
        key_count = len(hash_names) + len(range_names)
        if len(found) > key_count:
            raise validation(
                f"The number of query conditions ({len(found)}) exceeds the number of key attributes "
                f"defined in the schema ({key_count})"
            )
        for name in hash_names:
            if name not in found:
                raise validation(f"Query condition missed key schema element: {name}")
        if legacy and any(op not in _COMPARATORS.values() for op, _ in found.values()):
            raise validation(NOT_INDEXABLE)
        for name in hash_names:
            if found[name][0] != "=":
                raise validation(KEY_CONDITION_NOT_SUPPORTED)
        for name in found:
            if name not in self.key_types:
                missing = next((n for n in range_names if n not in found), name)
                raise validation(f"Query condition missed key schema element: {missing}")
        for name, (_, values) in found.items():
            declared = self.key_types[name]
            if any(declared not in value for value in values):
                raise validation(TYPE_MISMATCH)
        for later_index, later in enumerate(range_names):
            if later not in found:
                continue
            for prior in range_names[:later_index]:
                if prior not in found or found[prior][0] != "=":
                    raise validation(
                        f"RANGE key attributes {prior} must have equality conditions specified in the query "
                        f"because a condition is present on key attribute {later}"
                    )
        parts = tuple(key_part(found[name][1][0]) for name in hash_names)
        partition = parts[0] if len(parts) == 1 else parts
        named = [name for name in range_names if name in found]
        if not named:
            return _KeyRange(self, partition, (), None, ())
        prefix = tuple(key_part(found[name][1][0]) for name in named[:-1])
        op, values = found[named[-1]]
        return _KeyRange(self, partition, prefix, op, tuple(key_part(value) for value in values))

    # -- other checks -------------------------------------------------------------

    def check_paths(self, read: _Read, query: bool) -> None:
        """Key attributes in the projection and the filter."""
        table = self.table
        projection_heads, filter_heads = read.nested_heads()
        index_keys = table.index_keys
        _check_scalar_keys(projection_heads, table.key_names, index_keys)
        if query and read.filter is not None:
            names = read.filter_names()
            for key_name in (*self.hash_names, *self.range_names):
                if key_name in names:
                    what = "QueryFilter" if read.legacy_filter else "Filter Expression"
                    raise validation(f"{what} can only contain non-primary key attributes: Primary key attribute: {key_name}")
        if query:
            self.check_all_attributes(read)
        _check_scalar_keys(filter_heads, table.key_names, index_keys)

    def check_all_attributes(self, read: _Read) -> None:
        index = self.index
        if index is not None and index.is_global and read.select == "ALL_ATTRIBUTES" and self.projected is not None:
            raise all_attributes_on_gsi(index.name)

    # -- the response -------------------------------------------------------------

    def needs_fetch(self, read: _Read) -> bool:
        """Whether a local index read must fetch items from the table (attributes it does not project)."""
        projected = self.projected
        if projected is None or self.index is None or self.index.is_global:
            return False
        if read.select == "ALL_ATTRIBUTES":
            return True
        wanted = {path[0] for path in read.projection or ()}
        wanted.update(read.filter_names())
        return any(name not in projected for name in wanted)

    def last_key(self, item: Item) -> Item:
        key = {}
        for name in self.start_names:
            key[name] = item[name]
        return key

    def respond(self, read: _Read, run: _Run) -> dict[str, Any]:
        response: dict[str, Any] = {}
        if read.select != "COUNT":
            response["Items"] = run.items
        response["Count"] = run.count
        response["ScannedCount"] = run.scanned
        if run.last is not None:
            response["LastEvaluatedKey"] = self.last_key(run.last)
        mode = read.mode
        if mode == "TOTAL" or mode == "INDEXES":
            response["ConsumedCapacity"] = capacity.range_read_consumed(
                self.table, mode, run.read_bytes, read.consistent, self.index, run.fetched_bytes
            )
        return response


def _check_scalar_keys(heads: Iterable[str], table_keys: tuple[str, ...], index_keys: dict[str, Any]) -> None:
    heads = set(heads)
    if not heads:
        return
    for name in table_keys:
        if name in heads:
            raise validation(NON_SCALAR_KEY.format("Key", name))
    for name in index_keys:
        if name in heads:
            raise validation(NON_SCALAR_KEY.format("IndexKey", name))


def _legacy_parts(conditions: dict[str, Any]) -> dict[str, tuple[str, tuple[dict[str, Any], ...]]]:
    found = {}
    for name, condition in conditions.items():
        operator = condition.get("ComparisonOperator")
        found[name] = (_COMPARATORS.get(operator, operator), tuple(condition.get("AttributeValueList") or ()))
    return found


class _KeyRange:
    """A resolved key condition: a partition, the sort values fixed by equality, one more test."""

    __slots__ = ("target", "partition", "prefix", "op", "values")

    def __init__(self, target: _Target, partition: Any, prefix: tuple, op: str | None, values: tuple) -> None:
        self.target = target
        self.partition = partition
        self.prefix = prefix
        self.op = op
        self.values = values

    def matches(self, sort: tuple[Any, ...]) -> bool:
        """Whether sort values (one per RANGE attribute) meet the condition."""
        prefix = self.prefix
        if tuple(sort[: len(prefix)]) != prefix:
            return False
        op = self.op
        if op is None:
            return True
        value = sort[len(prefix)]
        bound = self.values[0]
        if type(value) is not type(bound):
            return False
        if op == "=":
            return value == bound
        if op == "<":
            return value < bound
        if op == "<=":
            return value <= bound
        if op == ">":
            return value > bound
        if op == ">=":
            return value >= bound
        if op == "BETWEEN":
            return bound <= value <= self.values[1]
        return value[: len(bound)] == bound

    def check_start(self, start: dict[str, Any]) -> None:
        target = self.target
        same_partition = target.partition_of_start(start) == self.partition
        if self.op is None and not self.prefix:
            if not same_partition:
                raise validation(START_OUTSIDE)
            return
        if not self.matches(target.sort_of_start(start)):
            raise validation(START_NOT_IN_RANGE)
        if not same_partition:
            raise validation(START_ONE_ROW)


# =======================================================================================
# Reading
# =======================================================================================


class _Run:
    """One page: the items returned, the counts, where it stopped and what it read."""

    __slots__ = ("items", "count", "scanned", "last", "read_bytes", "fetched_bytes")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.count = 0
        self.scanned = 0
        self.last: Item | None = None
        self.read_bytes = 0
        self.fetched_bytes = 0


def _page(target: _Target, read: _Read, entries: Iterator[tuple[Item, int, Any]]) -> _Run:
    """Evaluate (item, size, table key) in order until the range ends, Limit, or 1 MB."""
    run = _Run()
    limit = read.limit
    matches = None if read.filter is None else read.filter.matches
    projection = read.projection
    count_only = read.select == "COUNT"
    fetch = target.needs_fetch(read)
    table = target.table
    items = run.items
    scanned = 0
    read_bytes = 0
    fetched_bytes = 0
    last = None
    for entry, size, table_key in entries:
        scanned += 1
        read_bytes += size
        last = entry
        item = entry
        if fetch:
            stored = table.get(table_key)
            if stored is not None:
                item = stored
                fetched_bytes += table.size_of(table_key)
        if matches is None or matches(item):
            run.count += 1
            if not count_only:
                items.append(item if projection is None else ex.project(item, projection))
        if scanned == limit or read_bytes >= MAX_PAGE_BYTES:
            run.last = last
            break
    run.scanned = scanned
    run.read_bytes = read_bytes
    run.fetched_bytes = fetched_bytes
    return run


def _query_run(target: _Target, key: _KeyRange, read: _Read, start: dict[str, Any] | None) -> _Run:
    table, store = target.table, target.store
    forward = read.forward
    if store is None:
        if not target.range_names:
            item = table.get(key.partition) if start is None else None
            entries = [] if item is None else [(item, table.size_of(key.partition), key.partition)]
            return _page(target, read, iter(entries))
        sorts = table.partition(key.partition)
        lo, hi = range_bounds(sorts, key.op, key.values)
        if start is not None:
            position = target.start_position(start)
            if forward:
                lo = max(lo, bisect.bisect_right(sorts, position))
            else:
                hi = min(hi, bisect.bisect_left(sorts, position))
        return _page(target, read, _table_entries(table, key.partition, sorts, lo, hi, forward))
    positions = store.partition(key.partition)
    lo, hi = range_bounds(positions, key.op, key.values, key.prefix)
    if start is not None:
        position = target.start_position(start)
        if forward:
            lo = max(lo, bisect.bisect_right(positions, position))
        else:
            hi = min(hi, bisect.bisect_left(positions, position))
    return _page(target, read, _index_entries(store, positions, lo, hi, forward))


def _table_entries(table: Table, partition: Any, sorts: list[Any], lo: int, hi: int, forward: bool) -> Iterator[tuple[Item, int, Any]]:
    items, sizes = table.read_maps()
    span = range(lo, hi) if forward else range(hi - 1, lo - 1, -1)
    for i in span:
        key = (partition, sorts[i])
        yield items[key], sizes[key], key


def _index_entries(store: IndexStore, positions: list[tuple], lo: int, hi: int, forward: bool) -> Iterator[tuple[Item, int, Any]]:
    entry = store.entry
    span = range(lo, hi) if forward else range(hi - 1, lo - 1, -1)
    for i in span:
        position = positions[i]
        item, size = entry(position)
        yield item, size, position[-1]


def _scan_run(
    target: _Target, read: _Read, start: dict[str, Any] | None, segment: int | None, total: int | None
) -> _Run:
    table, store = target.table, target.store
    order = table.partitions_in_order() if store is None else store.partitions_in_order()
    first, end = 0, len(order)
    if total is not None and total > 1:
        low, high = segment_bounds(segment, total)  # type: ignore[arg-type]
        first = bisect.bisect_left(order, (low,))
        if high is not None:
            end = bisect.bisect_left(order, (high,))
    resume: Any = None  # the start key's position inside its own partition, if it is stored
    if start is not None:
        partition = target.partition_of_start(start)
        here = (partition_digest(partition), partition)
        at = bisect.bisect_left(order, here, first, end)
        if at < end and order[at] == here and (store is not None or target.range_names):
            resume = target.start_position(start)
            first = at
        else:
            first = bisect.bisect_right(order, here, first, end)
    return _page(target, read, _scan_entries(target, order, first, end, resume))


def _scan_entries(target: _Target, order: list[tuple[bytes, Any]], first: int, end: int, resume: Any) -> Iterator[tuple[Item, int, Any]]:
    table, store = target.table, target.store
    if store is None:
        items, sizes = table.read_maps()
        if not target.range_names:
            for i in range(first, end):
                key = order[i][1]
                yield items[key], sizes[key], key
            return
        for i in range(first, end):
            partition = order[i][1]
            sorts = table.partition(partition)
            lo = 0
            if resume is not None and i == first:
                lo = bisect.bisect_right(sorts, resume)
            for j in range(lo, len(sorts)):
                key = (partition, sorts[j])
                yield items[key], sizes[key], key
        return
    entry = store.entry
    for i in range(first, end):
        positions = store.partition(order[i][1])
        lo = 0
        if resume is not None and i == first:
            lo = bisect.bisect_right(positions, resume)
        for j in range(lo, len(positions)):
            position = positions[j]
            item, size = entry(position)
            yield item, size, position[-1]
