"""Vector indexes and SearchVectors: exact nearest neighbours over a table's vectors.

A vector index (CreateTable `VectorIndexes`, UpdateTable `VectorIndexUpdates`)
holds the items whose vector attribute is a list of `Dimensions` numbers (and
which have every HASH attribute of its search schema; an item without them is
left out, as a global index leaves out items without its keys). SearchVectors
compares the search vector with every indexed vector (exact search, no
approximation) and returns the TopK best, scored as the API Reference says:
COSINE 1 - cosine similarity (0 identical .. 2 opposite, smallest first),
EUCLIDEAN the distance (smallest first), DOT_PRODUCT the dot product (largest
first). numpy is used when it is installed; pure Python otherwise.

A search returns what the index holds of each item (its projection: the
table's keys, the search schema, the vector and the projected attributes)
without the vector unless ProjectionExpression asks for it; an attribute the
index does not hold is never returned, and asking for one is no error (AWS's
DynamoDB skill, aws/agent-toolkit-for-aws references/vector-search.md, "What
comes back"; the API Reference: "Only attributes projected into the vector
index can be retrieved"). What searches and writes cost: vector_capacity.py.

The index's vectors are cached per index and rebuilt when the table's items
changed (stored items are replaced, never edited in place, so a list
comparison that checks identity first finds changes fast), so repeated
searches pay only for the comparison. Indexes are ACTIVE
at once, like tables: the CreateTable and UpdateTable answers show them
CREATING.

Error messages marked "AWS skill" are quoted from that skill, which gives them
verbatim from the service.
"""

from __future__ import annotations

import heapq
import math
import operator
from typing import Any

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError, invalid_parameter, resource_not_found, validation
from fakedynamo.expressions.ast import And, Compare, Const, Path
from fakedynamo.expressions.evaluate import values_equal
from fakedynamo.operations import operation
from fakedynamo.operations.items import find_table
from fakedynamo.operations.vector_capacity import EXTRA, indexes_of, search_bytes
from fakedynamo.region import Region
from fakedynamo.storage import Table

try:  # optional: an order of magnitude faster at 100k vectors
    import numpy
except ImportError:  # pragma: no cover - exercised by the benchmark with numpy hidden
    numpy = None  # type: ignore[assignment]

COSINE, EUCLIDEAN, DOT_PRODUCT = "COSINE", "EUCLIDEAN", "DOT_PRODUCT"
MAX_TOP_K = 100
ONE_INDEX_CHANGE = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
SCHEMA_NOT_DEFINED = "One element in SearchSchema is not defined in attribute definitions"  # AWS skill


class VectorIndex:
    """One vector index: its definition (as requested) and a cache of its vectors."""

    def __init__(self, spec: dict[str, Any], arn: str) -> None:
        self.name: str = spec["IndexName"]
        self.attribute: str = spec["VectorAttribute"]["AttributeName"]
        self.dimensions: int = spec["Dimensions"]
        self.distance: str = spec["DistanceFunction"]
        self.search_schema: list[dict[str, str]] = [dict(e) for e in spec.get("SearchSchema") or ()]
        self.projection: dict[str, Any] = dict(spec["Projection"])
        self.arn = arn
        self.hash_attributes = [e["AttributeName"] for e in self.search_schema if e["SearchSchemaElementType"] == "HASH"]
        # Cache: the items it was built from (by identity), their vectors, and a matrix for numpy.
        self._items: list[dict[str, Any]] = []
        self._indexed: list[dict[str, Any]] = []
        self._vectors: list[list[float]] = []
        self._matrix: Any = None
        self._norms: Any = None

    def __deepcopy__(self, memo: dict[int, Any]) -> VectorIndex:
        # A fork's copy starts with an empty cache (rebuilt from the fork's items on first use).
        twin = VectorIndex.__new__(VectorIndex)
        twin.__dict__.update(self.__dict__)
        twin.search_schema = [dict(e) for e in self.search_schema]
        twin.projection = dict(self.projection)
        twin._items, twin._indexed, twin._vectors, twin._matrix, twin._norms = [], [], [], None, None
        return twin

    def describe(self, table: Table, status: str = "ACTIVE") -> dict[str, Any]:
        description: dict[str, Any] = {"IndexName": self.name}
        if self.search_schema:
            description["SearchSchema"] = [dict(e) for e in self.search_schema]
        description["Projection"] = dict(self.projection)
        description["VectorAttribute"] = {"AttributeName": self.attribute}
        description["Dimensions"] = self.dimensions
        description["DistanceFunction"] = self.distance
        description["IndexStatus"] = status
        if status == "CREATING":
            description["Backfilling"] = False
        indexed = self.refresh(table)
        _, sizes = table.read_maps()
        size = sum(sizes[table.key_of(item)] for item in indexed)  # inferred: the items' sizes
        description["IndexSizeBytes"] = size
        description["ItemCount"] = len(indexed)
        description["IndexArn"] = self.arn
        return description

    # -- the vectors ------------------------------------------------------------

    def _vector(self, item: dict[str, Any]) -> list[float] | None:
        value = item.get(self.attribute)
        if value is None or "L" not in value:
            return None
        elements = value["L"]
        if len(elements) != self.dimensions:
            return None
        try:
            return [float(element["N"]) for element in elements]
        except (KeyError, TypeError):
            return None

    def indexes(self, item: dict[str, Any]) -> bool:
        """Whether the index holds `item`: it has every HASH attribute and a vector of `dimensions` numbers."""
        return all(name in item for name in self.hash_attributes) and self._vector(item) is not None

    def projected_names(self, table_key_names: tuple[str, ...]) -> set[str] | None:
        """The attributes the index holds (None: all): the table's keys, the search schema, the vector, NonKeyAttributes."""
        if self.projection.get("ProjectionType") == "ALL":
            return None
        names = set(table_key_names) | {e["AttributeName"] for e in self.search_schema} | {self.attribute}
        names.update(self.projection.get("NonKeyAttributes") or ())
        return names

    def entry(self, table_key_names: tuple[str, ...], item: dict[str, Any]) -> dict[str, Any] | None:
        """What the index holds of `item`, or None when it does not hold it."""
        if not self.indexes(item):
            return None
        names = self.projected_names(table_key_names)
        return dict(item) if names is None else {k: v for k, v in item.items() if k in names}

    def refresh(self, table: Table) -> list[dict[str, Any]]:
        """The indexed items, rebuilding the cache if the table's items changed since it was built."""
        items = list(table.read_maps()[0].values())
        # List equality compares by identity first, in C: unchanged items cost almost nothing,
        # and an item replaced by an equal one leaves the cache valid.
        if items == self._items:
            return self._indexed
        indexed, vectors = [], []
        for item in items:
            if any(name not in item for name in self.hash_attributes):
                continue
            vector = self._vector(item)
            if vector is not None:
                indexed.append(item)
                vectors.append(vector)
        self._items, self._indexed, self._vectors = items, indexed, vectors
        self._matrix = self._norms = None
        if numpy is not None and vectors:
            self._matrix = numpy.asarray(vectors, dtype=numpy.float32)
            self._norms = numpy.linalg.norm(self._matrix, axis=1)
        return indexed

    def scores(self, query: list[float]) -> Any:
        """The score of every indexed vector against `query`, in the order of the indexed items."""
        if self._matrix is not None:
            q = numpy.asarray(query, dtype=numpy.float32)
            if self.distance == DOT_PRODUCT:
                return self._matrix @ q
            if self.distance == EUCLIDEAN:
                return numpy.linalg.norm(self._matrix - q, axis=1)
            denominator = self._norms * numpy.linalg.norm(q)
            with numpy.errstate(divide="ignore", invalid="ignore"):
                similarity = numpy.where(denominator > 0, (self._matrix @ q) / denominator, 0.0)
            return 1.0 - similarity
        # Pure Python: C-level helpers (math.dist, sum over map) rather than a loop per dimension.
        vectors = self._vectors
        if self.distance == EUCLIDEAN:
            return [math.dist(query, vector) for vector in vectors]
        dots = [sum(map(operator.mul, query, vector)) for vector in vectors]
        if self.distance == DOT_PRODUCT:
            return dots
        if self._norms is None:
            self._norms = [math.hypot(*vector) for vector in vectors]
        q_norm = math.hypot(*query)
        return [1.0 - (d / (q_norm * n) if q_norm and n else 0.0) for d, n in zip(dots, self._norms)]


def score(distance: str, query: list[float], vector: list[float]) -> float:
    """One score, in pure Python (the reference the numpy path is tested against)."""
    if distance == DOT_PRODUCT:
        return math.fsum(a * b for a, b in zip(query, vector))
    if distance == EUCLIDEAN:
        return math.sqrt(math.fsum((a - b) * (a - b) for a, b in zip(query, vector)))
    dot = math.fsum(a * b for a, b in zip(query, vector))
    norms = math.sqrt(math.fsum(a * a for a in query)) * math.sqrt(math.fsum(b * b for b in vector))
    return 1.0 - (dot / norms if norms else 0.0)


# -- CreateTable and UpdateTable ----------------------------------------------------------


def check_specs(specs: list[dict[str, Any]], key_names: list[str], taken: set[str], existing: list[VectorIndex]) -> None:
    """The rules vector index definitions must meet (all inferred wording: no capture yet)."""
    dimensions = {index.attribute: index.dimensions for index in existing}
    names = set(taken)
    for spec in specs:
        name = spec["IndexName"]
        if name in names:
            raise invalid_parameter(f"Duplicate index name: {name}")
        names.add(name)
        attribute = spec["VectorAttribute"]["AttributeName"]
        if attribute in key_names:
            raise invalid_parameter(f"The vector attribute of index {name} cannot be a key attribute of the table: {attribute}")
        if dimensions.setdefault(attribute, spec["Dimensions"]) != spec["Dimensions"]:
            raise invalid_parameter(
                f"Vector indexes on the same attribute must use the same number of dimensions: {attribute}"
            )
        schema = spec.get("SearchSchema") or []
        hashes = [e for e in schema if e["SearchSchemaElementType"] == "HASH"]
        if len(hashes) > 1:
            raise invalid_parameter(f"A vector index can have at most one HASH search schema element: {name}")
        seen: set[str] = set()
        for element in schema:
            if element["AttributeName"] in seen or element["AttributeName"] == attribute:
                raise invalid_parameter(f"Duplicate attribute in the search schema of index {name}: {element['AttributeName']}")
            seen.add(element["AttributeName"])
        projection = spec["Projection"]
        kind = projection.get("ProjectionType")
        if kind is None:
            raise invalid_parameter(f"Unknown ProjectionType: null for index: {name}")
        if kind == "INCLUDE" and not projection.get("NonKeyAttributes"):
            raise invalid_parameter(f"ProjectionType is INCLUDE, but NonKeyAttributes is not specified for index: {name}")
        if kind != "INCLUDE" and projection.get("NonKeyAttributes"):
            raise invalid_parameter(f"ProjectionType is {kind}, but NonKeyAttributes is specified for index: {name}")


def check_schema_defined(specs: list[dict[str, Any]], defined: set[str]) -> None:
    """Every SearchSchema attribute must be declared in AttributeDefinitions, as a global index's keys are.

    The API Reference's SearchSchemaElement: "This attribute must also be
    declared in the table's AttributeDefinitions"; the message is the AWS skill's.
    """
    for spec in specs:
        if any(e["AttributeName"] not in defined for e in spec.get("SearchSchema") or ()):
            raise invalid_parameter(SCHEMA_NOT_DEFINED)


def search_schema_names(indexes: Any) -> set[str]:
    """The attributes the search schemas of `indexes` (VectorIndex objects) use."""
    return {e["AttributeName"] for index in indexes for e in index.search_schema}


def check_create(region: Region, request: dict[str, Any]) -> None:
    specs = request.get("VectorIndexes")
    if not specs:
        return
    taken = {i["IndexName"] for i in (*(request.get("GlobalSecondaryIndexes") or ()), *(request.get("LocalSecondaryIndexes") or ()))}
    check_specs(specs, [e["AttributeName"] for e in request["KeySchema"]], taken, [])
    check_schema_defined(specs, {d["AttributeName"] for d in request["AttributeDefinitions"]})


def apply_create(region: Region, table: Table, request: dict[str, Any]) -> None:
    specs = request.get("VectorIndexes")
    if specs:
        table.extras[EXTRA] = {s["IndexName"]: VectorIndex(s, f"{table.arn}/index/{s['IndexName']}") for s in specs}


def describe(table: Table, description: dict[str, Any]) -> None:
    indexes = indexes_of(table)
    if indexes:
        description["VectorIndexes"] = [index.describe(table) for index in indexes.values()]


def as_created(description: dict[str, Any]) -> None:
    for index in description.get("VectorIndexes", ()):
        index["IndexStatus"] = "CREATING"


def update_table(region: Region, table: Table, request: dict[str, Any]) -> list[tuple[str, str]]:
    """Check and apply VectorIndexUpdates; return (index name, status to show) pairs for the answer.

    A new index's search schema attributes are declared in the request's
    AttributeDefinitions (or already in the table's), and recorded with the
    table's, as UpdateTable does for a new global index. Definitions no key
    or search schema uses any more are dropped, as when a global index goes
    (inferred for vector indexes).
    """
    entries = request["VectorIndexUpdates"]
    creates, deletes = [], []
    for entry in entries:
        actions = [a for a in ("Create", "Delete") if entry.get(a) is not None]
        if len(actions) != 1:
            raise invalid_parameter("Exactly one of VectorIndexUpdate.Create, VectorIndexUpdate.Delete must be specified")
        (creates if actions[0] == "Create" else deletes).append(entry[actions[0]])
    if len(creates) + len(deletes) > 1:
        raise DynamoDBError("LimitExceededException", ONE_INDEX_CHANGE)  # AWS skill
    current = indexes_of(table)
    for delete in deletes:
        if delete["IndexName"] not in current:
            raise resource_not_found(f"Requested resource not found: Vector index: {delete['IndexName']} not found")
    taken = {i.name for i in table.indexes} | set(current)
    check_specs(creates, list(table.key_names), taken, list(current.values()))
    requested = {d["AttributeName"]: d["AttributeType"] for d in request.get("AttributeDefinitions") or ()}
    check_schema_defined(creates, set(requested) | set(table.attribute_types))
    shown: list[tuple[str, str]] = []
    indexes = table.extras.setdefault(EXTRA, {})
    for create in creates:
        indexes[create["IndexName"]] = VectorIndex(create, f"{table.arn}/index/{create['IndexName']}")
        shown.append((create["IndexName"], "CREATING"))
    deleted = {delete["IndexName"] for delete in deletes}
    shown += [(name, "DELETING") for name in deleted]
    _record_definitions(table, requested, [index for name, index in indexes.items() if name not in deleted])
    return shown


def _record_definitions(table: Table, requested: dict[str, str], remaining: list[VectorIndex]) -> None:
    """The table's AttributeDefinitions after a vector index change: those some key or search schema uses."""
    types = dict(table.attribute_types)
    for name, kind in requested.items():
        types.setdefault(name, kind)
    used = set(table.key_names).union(*(i.key_names for i in table.indexes), search_schema_names(remaining))
    kept = {name: kind for name, kind in types.items() if name in used}
    if kept != table.attribute_types:
        table.set_schema(kept, table.global_indexes, table.local_indexes)


# -- SearchVectors ----------------------------------------------------------------------------


@operation("SearchVectors")
def search_vectors(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    prepared = ex.prepare(
        {
            ex.messages.FILTER: request.get("SearchConditionExpression"),
            ex.messages.PROJECTION: request.get("ProjectionExpression"),
        },
        request.get("ExpressionAttributeNames"),
        request.get("ExpressionAttributeValues"),
    )
    table = find_table(region, request["TableName"])
    index = indexes_of(table).get(request["IndexName"])
    if index is None:
        raise validation(f"The table does not have the specified index: {request['IndexName']}")  # AWS skill
    top_k = request["TopK"]
    if not 1 <= top_k <= MAX_TOP_K:
        raise validation(
            f"Provided TopK value '{top_k}' is out of valid range. The value must be between 1 and {MAX_TOP_K} inclusive"
        )  # AWS skill
    query = _search_vector(request["SearchVector"], index)
    partition = _partition_value(prepared.filter, index)
    indexed = index.refresh(table)
    top = _top_k(index, query, indexed, top_k, prepared.filter)
    projected = index.projected_names(table.key_names)
    results = []
    returned_vectors = 0
    for item, value in top:
        held = item if projected is None else {k: v for k, v in item.items() if k in projected}
        if prepared.projection is None:  # by default, what the index holds but the vector
            shown = {k: v for k, v in held.items() if k != index.attribute}
        else:
            shown = ex.project(held, prepared.projection)
        returned_vectors += index.attribute in shown
        results.append({"Item": shown, "Score": value})
    response: dict[str, Any] = {"SearchResults": results}
    if request.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        compared = len(indexed) if partition is None else _partition_size(indexed, index, partition)
        response["ConsumedCapacity"] = {"VectorSearchRequestBytes": search_bytes(index, compared, returned_vectors)}
    return response


def _partition_value(condition: Any, index: VectorIndex) -> dict[str, Any] | None:
    """The value the condition gives the index's HASH attribute (None for an index without one).

    SearchVectors requires it, as an equality ANDed with the rest of the condition.
    """
    if not index.hash_attributes:
        return None
    if condition is None:
        raise validation("SearchConditionExpression must be provided when SearchSchema has a HASH key")  # AWS skill
    wanted = (index.hash_attributes[0],)
    pending = [condition.tree]
    while pending:
        node = pending.pop()
        if isinstance(node, And):
            pending += (node.left, node.right)
        elif isinstance(node, Compare) and node.op == "=":
            for path, const in ((node.left, node.right), (node.right, node.left)):
                if isinstance(path, Path) and path.parts == wanted and isinstance(const, Const):
                    return const.value  # type: ignore[no-any-return]
    raise validation(
        f"SearchConditionExpression must specify an equality condition on the HASH attribute: {wanted[0]}"
    )  # inferred wording


def _partition_size(indexed: list[dict[str, Any]], index: VectorIndex, value: dict[str, Any]) -> int:
    name = index.hash_attributes[0]
    return sum(1 for item in indexed if values_equal(item[name], value))


def _search_vector(values: list[dict[str, Any]], index: VectorIndex) -> list[float]:
    if len(values) != index.dimensions:
        raise validation(
            f"Input search vector dimension {len(values)} does not match vector index dimension {index.dimensions}"
        )  # AWS skill
    query = []
    for value in values:
        number = value.get("N") if isinstance(value, dict) else None
        if number is None:
            raise validation("Each element of the SearchVector must be a number (N)")  # inferred wording
        try:
            query.append(float(number))
        except ValueError:
            raise validation("Each element of the SearchVector must be a number (N)") from None
    return query


def _top_k(index: VectorIndex, query: list[float], indexed: list[dict[str, Any]], k: int, condition: Any) -> list[tuple[dict[str, Any], float]]:
    if not indexed:
        return []
    scores = index.scores(query)
    descending = index.distance == DOT_PRODUCT
    if condition is None and numpy is not None and not isinstance(scores, list):
        order = numpy.argsort(-scores if descending else scores, kind="stable")[:k]
        return [(indexed[i], float(scores[i])) for i in order]
    if condition is None:
        key = (lambda i: -scores[i]) if descending else (lambda i: scores[i])
        order = heapq.nsmallest(k, range(len(indexed)), key=key)
        return [(indexed[i], float(scores[i])) for i in order]
    # With a filter: best first, keeping the first k that match.
    if isinstance(scores, list):
        order = sorted(range(len(indexed)), key=(lambda i: -scores[i]) if descending else (lambda i: scores[i]))
    else:
        order = list(numpy.argsort(-scores if descending else scores, kind="stable"))
    found = []
    for i in order:
        if condition.matches(indexed[i]):
            found.append((indexed[i], float(scores[i])))
            if len(found) == k:
                break
    return found
