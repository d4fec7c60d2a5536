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

The index's vectors are cached per index and rebuilt when the table's items
changed (stored items are replaced, never edited in place, so a list
comparison that checks identity first finds changes fast), so repeated
searches pay only for the comparison. Indexes are ACTIVE
at once, like tables: the CreateTable and UpdateTable answers show them
CREATING.
"""

from __future__ import annotations

import heapq
import math
import operator
from typing import Any

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError, invalid_parameter, resource_not_found, validation
from fakedynamo.operations import operation
from fakedynamo.operations.items import find_table
from fakedynamo.region import Region
from fakedynamo.storage import Table

try:  # optional: an order of magnitude faster at 100k vectors
    import numpy
except ImportError:  # pragma: no cover - exercised by the benchmark with numpy hidden
    numpy = None  # type: ignore[assignment]

EXTRA = "vector_indexes"  # Table.extras key: index name -> VectorIndex
COSINE, EUCLIDEAN, DOT_PRODUCT = "COSINE", "EUCLIDEAN", "DOT_PRODUCT"


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
        items, sizes = table.read_maps()
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


def indexes_of(table: Table) -> dict[str, VectorIndex]:
    return table.extras.get(EXTRA) or {}


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


def check_create(region: Region, request: dict[str, Any]) -> None:
    specs = request.get("VectorIndexes")
    if not specs:
        return
    taken = {i["IndexName"] for i in (*(request.get("GlobalSecondaryIndexes") or ()), *(request.get("LocalSecondaryIndexes") or ()))}
    check_specs(specs, [e["AttributeName"] for e in request["KeySchema"]], taken, [])


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
    """Check and apply VectorIndexUpdates; return (index name, status to show) pairs for the answer."""
    entries = request["VectorIndexUpdates"]
    creates, deletes = [], []
    for entry in entries:
        actions = [a for a in ("Create", "Delete") if entry.get(a) is not None]
        if len(actions) != 1:
            raise invalid_parameter("Exactly one of VectorIndexUpdate.Create, VectorIndexUpdate.Delete must be specified")
        (creates if actions[0] == "Create" else deletes).append(entry[actions[0]])
    if len(creates) + len(deletes) > 1:
        raise DynamoDBError(
            "LimitExceededException",
            "Subscriber limit exceeded: Only 1 vector index can be created or deleted simultaneously per table",
        )  # inferred from the GSI message
    current = indexes_of(table)
    for delete in deletes:
        if delete["IndexName"] not in current:
            raise resource_not_found(f"Requested resource not found: Vector index: {delete['IndexName']} not found")
    taken = {i.name for i in table.indexes} | set(current)
    check_specs(creates, list(table.key_names), taken, list(current.values()))
    shown: list[tuple[str, str]] = []
    indexes = table.extras.setdefault(EXTRA, {})
    for create in creates:
        indexes[create["IndexName"]] = VectorIndex(create, f"{table.arn}/index/{create['IndexName']}")
        shown.append((create["IndexName"], "CREATING"))
    for delete in deletes:
        shown.append((delete["IndexName"], "DELETING"))
    return shown


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
        raise resource_not_found(
            f"Requested resource not found: Vector index: {request['IndexName']} not found for table: {table.name}"
        )  # inferred wording
    query = _search_vector(request["SearchVector"], index)
    if index.hash_attributes and not _names_hash(request, index):
        raise validation(
            f"SearchConditionExpression must specify an equality condition on the HASH attribute: "
            f"{index.hash_attributes[0]}"
        )  # inferred wording
    indexed = index.refresh(table)
    top = _top_k(index, query, indexed, request["TopK"], prepared.filter)
    projected = _projected_names(table, index)
    results = []
    for item, value in top:
        shown = item if projected is None else {k: v for k, v in item.items() if k in projected}
        if prepared.projection is not None:
            shown = ex.project(shown, prepared.projection)
        results.append({"Item": shown, "Score": value})
    response: dict[str, Any] = {"SearchResults": results}
    if request.get("ReturnConsumedCapacity", "NONE") != "NONE":
        # inferred: the vector bytes an exact search reads (4 bytes per dimension per vector compared)
        response["ConsumedCapacity"] = {"VectorSearchRequestBytes": float(4 * index.dimensions * max(len(indexed), 1))}
    return response


def _search_vector(values: list[dict[str, Any]], index: VectorIndex) -> list[float]:
    if len(values) != index.dimensions:
        raise validation(
            f"The number of dimensions of the SearchVector ({len(values)}) does not match the dimensions "
            f"of the vector index ({index.dimensions})"
        )  # inferred wording
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


def _names_hash(request: dict[str, Any], index: VectorIndex) -> bool:
    """Whether the condition names the HASH attribute (directly or by placeholder) and has an equality."""
    text = request.get("SearchConditionExpression") or ""
    wanted = index.hash_attributes[0]
    placeholders = [p for p, name in (request.get("ExpressionAttributeNames") or {}).items() if name == wanted]
    return "=" in text and any(name in text for name in (wanted, *placeholders))


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


def _projected_names(table: Table, index: VectorIndex) -> set[str] | None:
    """The attributes the index holds (None: all): keys, search schema, the vector, and what Projection adds."""
    if index.projection.get("ProjectionType") == "ALL":
        return None
    names = set(table.key_names) | {e["AttributeName"] for e in index.search_schema} | {index.attribute}
    names.update(index.projection.get("NonKeyAttributes") or ())
    return names
