"""Vector search: `VectorIndex` on models, and the wire shapes of DynamoDB's vector operations.

A vector index is declared on a model next to a `VectorAttribute`::

    class Product(Model):
        embedding = VectorAttribute(dimensions=3)
        tenant_id = StringAttribute()
        semantic = VectorIndex("semantic-index", "embedding", partition_key="tenant_id")

``Model.create_table()`` creates it with the table (CreateTable ``VectorIndexes``);
``Product.semantic.create()`` adds it to an existing table (UpdateTable
``VectorIndexUpdates``) and ``Product.semantic.search(vector, partition_key=...)``
runs SearchVectors. The client-level methods (`DynamoDBClient.search_vectors`,
``create_vector_index``...) take the index as a definition dict, the form
``VectorIndex.to_create_table_definition`` returns; `index_spec` checks one and
turns it into DynamoDB's shape.
"""

from __future__ import annotations

import enum
import math
import struct
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydynox.conditions import ConditionAnd, ConditionComparison
from pydynox.exceptions import ValidationException

if TYPE_CHECKING:
    from pydynox._metrics import OperationMetrics
    from pydynox.conditions import Condition

__all__ = [
    "VectorDistance",
    "VectorIndex",
    "VectorIndexInfo",
    "VectorMatch",
    "VectorSearchResult",
]

M = TypeVar("M")
T = TypeVar("T")

MAX_DIMENSIONS = 4096
MAX_INLINE_FILTERS = 18
MAX_TOP_K = 100
SEARCH_SCHEMA_TYPES = frozenset({"S", "N", "B"})
INDEX_WAIT_SECONDS = 900.0  # an index backfills its items before it is ACTIVE: minutes on a large table


if sys.version_info >= (3, 11):
    _StrEnum = enum.StrEnum
else:  # 3.10: what enum.StrEnum is, members that are their own string value

    class _StrEnum(str, enum.Enum):
        def __str__(self) -> str:
            return str(self.value)


class VectorDistance(_StrEnum):
    """How a vector index compares vectors: smaller is closer for COSINE and EUCLIDEAN, larger for DOT_PRODUCT."""

    COSINE = "COSINE"
    EUCLIDEAN = "EUCLIDEAN"
    DOT_PRODUCT = "DOT_PRODUCT"


@dataclass(frozen=True)
class VectorMatch(Generic[T]):
    """One search result: the item (a model instance or a dict) and its score."""

    item: T
    score: float


class VectorSearchResult(list[VectorMatch[T]], Generic[T]):
    """The matches of one search, best first, with the call's ``metrics``."""

    def __init__(self, matches: list[VectorMatch[T]], metrics: OperationMetrics) -> None:
        super().__init__(matches)
        self.metrics = metrics


@dataclass(frozen=True)
class VectorIndexInfo:
    """A vector index as DescribeTable shows it."""

    index_name: str
    status: str | None
    backfilling: bool | None
    item_count: int | None
    size_bytes: int | None
    index_arn: str | None
    dimensions: int | None
    distance: VectorDistance | None

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> VectorIndexInfo:
        """From what ``describe_vector_index`` returns."""
        distance = value.get("distance")
        return cls(
            index_name=value["index_name"],
            status=value.get("status"),
            backfilling=value.get("backfilling"),
            item_count=value.get("item_count"),
            size_bytes=value.get("size_bytes"),
            index_arn=value.get("index_arn"),
            dimensions=value.get("dimensions"),
            distance=VectorDistance(distance) if distance else None,
        )


# -- vectors --------------------------------------------------------------------------------


def as_float32(value: float, what: str, index: int) -> float:
    """`value` rounded to the nearest float32 (what DynamoDB keeps); ValueError if it is not finite or too large."""
    if not math.isfinite(value):
        raise ValueError(f"{what} contains a non-finite value at index {index}")
    try:
        return struct.unpack("!f", struct.pack("!f", value))[0]  # type: ignore[no-any-return]
    except OverflowError:
        raise ValueError(f"{what} contains a value outside float32 range at index {index}") from None


def search_vector(vector: list[float]) -> list[dict[str, str]]:
    """The SearchVector of a request: each number as float32, in DynamoDB's list form."""
    if not 1 <= len(vector) <= MAX_DIMENSIONS:
        raise ValueError(f"vector must contain between 1 and {MAX_DIMENSIONS} dimensions")
    return [{"N": repr(as_float32(float(x), "vector", i))} for i, x in enumerate(vector)]


def check_top_k(top_k: Any) -> None:
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise ValueError(f"top_k must be between 1 and {MAX_TOP_K}")


# -- index definitions (the client-level form) and DynamoDB's shape -----------------------------


def _required(definition: dict[str, Any], field: str) -> Any:
    if definition.get(field) is None:
        raise ValidationException(f"Vector index missing '{field}'")
    return definition[field]


def index_spec(definition: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A definition dict checked and turned into (DynamoDB's vector index, its search schema's (name, type) pairs).

    The definition names ``index_name``, ``vector_attribute``, ``dimensions``,
    ``distance_function``, optionally ``partition_key``, ``inline_filters``,
    ``attribute_definitions`` (the S/N/B type of each of those) and
    ``projection`` ("ALL", "KEYS_ONLY" or "INCLUDE" with ``non_key_attributes``).
    """
    name, vector = str(_required(definition, "index_name")), str(_required(definition, "vector_attribute"))
    if not name:
        raise ValidationException("Vector index name cannot be empty")
    if not vector:
        raise ValidationException("Vector attribute name cannot be empty")
    dimensions = _required(definition, "dimensions")
    if isinstance(dimensions, bool) or not isinstance(dimensions, int) or not 1 <= dimensions <= MAX_DIMENSIONS:
        raise ValidationException(f"Vector index dimensions must be between 1 and {MAX_DIMENSIONS}")
    distance = str(_required(definition, "distance_function"))
    if distance not in VectorDistance.__members__:
        raise ValidationException(f"Invalid vector distance function '{distance}'")
    partition_key = definition.get("partition_key")
    filters = list(definition.get("inline_filters") or [])
    if len(filters) > MAX_INLINE_FILTERS:
        raise ValidationException(f"Vector indexes support at most {MAX_INLINE_FILTERS} inline filters")
    if len(set(filters)) != len(filters):
        raise ValidationException("Vector index contains duplicate inline filters")
    if partition_key == vector:
        raise ValidationException("Vector attribute cannot also be the vector partition key")
    if vector in filters:
        raise ValidationException("Vector attribute cannot also be an inline filter")
    if partition_key is not None and partition_key in filters:
        raise ValidationException("Vector partition key cannot also be an inline filter")
    types = _search_schema_types(definition, [*([partition_key] if partition_key else []), *filters])
    schema = [{"AttributeName": partition_key, "SearchSchemaElementType": "HASH"}] if partition_key else []
    schema += [{"AttributeName": f, "SearchSchemaElementType": "INLINE_FILTER"} for f in filters]
    spec: dict[str, Any] = {
        "IndexName": name,
        "VectorAttribute": {"AttributeName": vector},
        "Projection": _projection(definition),
        "Dimensions": dimensions,
        "DistanceFunction": distance,
    }
    if schema:
        spec["SearchSchema"] = schema
    return spec, types


def _search_schema_types(definition: dict[str, Any], names: list[str]) -> list[tuple[str, str]]:
    """The (name, type) pairs of ``attribute_definitions``: one per search schema attribute, each S, N or B."""
    types: dict[str, str] = {}
    for name, kind in definition.get("attribute_definitions") or []:
        if not name:
            raise ValidationException("Vector search schema attribute name cannot be empty")
        if kind not in SEARCH_SCHEMA_TYPES:
            raise ValidationException(f"Invalid vector search schema attribute type '{kind}'. Must be S, N, or B")
        if name not in names:
            raise ValidationException(f"Attribute definition '{name}' is not used by the vector search schema")
        if name in types:
            detail = "is duplicated" if types[name] == kind else "has conflicting types"
            raise ValidationException(f"Vector search schema attribute '{name}' {detail}")
        types[name] = kind
    for name in names:
        if name not in types:
            raise ValidationException(f"Vector search schema attribute '{name}' is missing from attribute_definitions")
    return list(types.items())


def _projection(definition: dict[str, Any]) -> dict[str, Any]:
    kind = definition.get("projection") or "ALL"
    if kind in ("ALL", "KEYS_ONLY"):
        return {"ProjectionType": kind}
    if kind != "INCLUDE":
        raise ValidationException(f"Invalid vector projection '{kind}'")
    attributes = definition.get("non_key_attributes")
    if attributes is None:
        raise ValidationException("non_key_attributes required when vector projection is 'INCLUDE'")
    if not attributes:
        raise ValidationException("non_key_attributes cannot be empty for vector projection 'INCLUDE'")
    return {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(attributes)}


def merge_definitions(existing: dict[str, str], added: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (name, type) pairs of `added` not yet in `existing` ({name: type}); ValidationException on a type clash."""
    new = []
    for name, kind in added:
        known = existing.get(name)
        if known is None:
            existing[name] = kind
            new.append((name, kind))
        elif known != kind:
            raise ValidationException(f"Attribute '{name}' has conflicting DynamoDB types '{known}' and '{kind}'")
    return new


def index_info(description: dict[str, Any]) -> dict[str, Any]:
    """A VectorIndexes entry of DescribeTable as ``describe_vector_index`` returns it."""
    return {
        "index_name": description.get("IndexName"),
        "status": description.get("IndexStatus"),
        "backfilling": description.get("Backfilling"),
        "item_count": description.get("ItemCount"),
        "size_bytes": description.get("IndexSizeBytes"),
        "index_arn": description.get("IndexArn"),
        "dimensions": description.get("Dimensions"),
        "distance": description.get("DistanceFunction"),
    }


# -- VectorIndex ----------------------------------------------------------------------------------


class VectorIndex(Generic[M]):
    """A vector index over a model's `VectorAttribute`, declared as a class attribute of the model.

    ``partition_key`` names an attribute every search must give a value for
    (it partitions the index); ``inline_filters`` the attributes ``where=``
    may test with ``==``; ``projection`` what the index holds ("ALL",
    "KEYS_ONLY" or a list of attribute names). Names are the model's Python
    names; aliases are applied in requests.
    """

    def __init__(
        self,
        index_name: str,
        vector_attribute: str,
        *,
        distance: VectorDistance | str = VectorDistance.COSINE,
        partition_key: str | None = None,
        inline_filters: list[str] | None = None,
        projection: str | list[str] = "ALL",
    ) -> None:
        if not index_name:
            raise ValueError("index_name is required")
        if not vector_attribute:
            raise ValueError("vector_attribute is required")
        self.index_name = index_name
        self.vector_attribute = vector_attribute
        self.distance = VectorDistance(distance)
        self.partition_key = partition_key
        self.inline_filters = list(inline_filters or [])
        self.projection = projection
        filters = self.inline_filters
        if len(filters) > MAX_INLINE_FILTERS:
            raise ValueError(f"Vector index '{index_name}' supports at most {MAX_INLINE_FILTERS} inline filters")
        if len(set(filters)) != len(filters):
            raise ValueError(f"Vector index '{index_name}' contains duplicate inline filters")
        if partition_key is not None and partition_key in filters:
            raise ValueError(
                f"Vector index '{index_name}' cannot use '{partition_key}' as both partition key and inline filter"
            )
        if not (projection in ("ALL", "KEYS_ONLY") or isinstance(projection, list)):
            raise ValueError("projection must be 'ALL', 'KEYS_ONLY', or a list of attributes")
        if isinstance(projection, list) and not projection:
            raise ValueError("projection attribute list cannot be empty")
        if isinstance(projection, list) and len(set(projection)) != len(projection):
            raise ValueError(f"Vector index '{index_name}' contains duplicate projection attributes")
        self._model_class: type[M] | None = None
        self._attr_name: str | None = None

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._attr_name = name

    def __repr__(self) -> str:
        return f"VectorIndex({self.index_name!r}, {self.vector_attribute!r}, distance={self.distance.value})"

    # -- binding to the model (by the model's metaclass) ----------------------------------------

    def _clone_unbound(self) -> VectorIndex[M]:
        """A copy for a subclass of the model this index is bound to."""
        projection = list(self.projection) if isinstance(self.projection, list) else self.projection
        clone: VectorIndex[M] = VectorIndex(
            self.index_name,
            self.vector_attribute,
            distance=self.distance,
            partition_key=self.partition_key,
            inline_filters=self.inline_filters,
            projection=projection,
        )
        clone._attr_name = self._attr_name
        return clone

    def _bind_to_model(self, model_class: type[Any]) -> None:
        """Check the index against the model's attributes and remember the model."""
        from pydynox.attributes.vector import VectorAttribute

        attributes = model_class._attributes
        vector = attributes.get(self.vector_attribute)
        name = self.index_name
        if vector is None:
            raise ValueError(f"Vector index '{name}' references unknown attribute '{self.vector_attribute}'")
        if not isinstance(vector, VectorAttribute):
            raise ValueError(f"Vector index '{name}' attribute '{self.vector_attribute}' must be a VectorAttribute")
        if self.partition_key == self.vector_attribute:
            raise ValueError(f"Vector index '{name}' cannot use its vector attribute as the partition key")
        if self.vector_attribute in self.inline_filters:
            raise ValueError(f"Vector index '{name}' cannot use its vector attribute as an inline filter")
        searched = self._search_schema()
        referenced = [*searched, *(self.projection if isinstance(self.projection, list) else [])]
        for attribute in referenced:
            if attribute not in attributes:
                raise ValueError(f"Vector index '{name}' references unknown attribute '{attribute}'")
        for attribute in searched:
            if attributes[attribute].attr_type not in SEARCH_SCHEMA_TYPES:
                raise ValueError(
                    f"Vector index '{name}' search schema attribute '{attribute}' must use scalar DynamoDB type S, N, or B"
                )
        self._model_class = model_class

    def _get_model_class(self) -> type[Any]:
        if self._model_class is None:
            raise RuntimeError(f"Vector index '{self.index_name}' is not bound to a model")
        return self._model_class

    def _search_schema(self) -> list[str]:
        return [name for name in (self.partition_key, *self.inline_filters) if name is not None]

    # -- the definition ---------------------------------------------------------------------------

    def to_create_table_definition(self, model_class: type[Any]) -> dict[str, Any]:
        """The index as ``create_table(vector_indexes=[...])`` and ``create_vector_index`` take it."""
        dynamo = model_class._py_to_dynamo
        attributes = model_class._attributes

        def alias(name: str) -> str:
            return dynamo.get(name, name)  # type: ignore[no-any-return]

        definition: dict[str, Any] = {
            "index_name": self.index_name,
            "vector_attribute": alias(self.vector_attribute),
            "dimensions": attributes[self.vector_attribute].dimensions,
            "distance_function": self.distance.value,
            "attribute_definitions": [(alias(name), attributes[name].attr_type) for name in self._search_schema()],
            "table_key_attributes": [
                alias(name) for name in (model_class._partition_key, model_class._sort_key) if name is not None
            ],
        }
        if self.partition_key is not None:
            definition["partition_key"] = alias(self.partition_key)
        if self.inline_filters:
            definition["inline_filters"] = [alias(name) for name in self.inline_filters]
        if isinstance(self.projection, list):
            definition["projection"] = "INCLUDE"
            definition["non_key_attributes"] = [alias(name) for name in self.projection]
        else:
            definition["projection"] = self.projection
        return definition

    # -- search -------------------------------------------------------------------------------------

    def _check_filter(self, condition: Any) -> None:
        """``where=`` may only AND equalities on top-level inline filter attributes."""
        model = self._get_model_class()
        allowed = {model._py_to_dynamo.get(name, name) for name in self.inline_filters}
        if isinstance(condition, ConditionAnd):
            self._check_filter(condition.left)
            self._check_filter(condition.right)
            return
        if not isinstance(condition, ConditionComparison) or condition.operator != "=":
            raise ValueError("Vector search filters support equality comparisons joined by AND")
        segments = condition.operand._segments()
        if len(segments) != 1 or segments[0] not in allowed:
            name = segments[0] if segments else "<unknown>"
            raise ValueError(f"Filter attribute '{name}' is not declared as an inline filter")

    def _render_filter(self, condition: Any, names: dict[str, str], values: dict[str, Any]) -> str:
        if isinstance(condition, ConditionAnd):
            left = self._render_filter(condition.left, names, values)
            return f"({left} AND {self._render_filter(condition.right, names, values)})"
        operand = condition.operand
        name = operand._segments()[0]
        placeholder = names.setdefault(name, f"#n{len(names)}")
        value = f":v{len(values)}"
        values[value] = operand.serialize(condition.value)
        return f"{placeholder} = {value}"

    def _projection_expression(self, names: dict[str, str], as_dict: bool) -> str | None:
        """The model's attributes the index holds, requested by name (the vector too); None for dicts."""
        if as_dict:
            return None
        model = self._get_model_class()
        if self.projection == "ALL":
            selected = set(model._attributes)
        else:
            keys = (model._partition_key, model._sort_key, self.vector_attribute, *self._search_schema())
            selected = {name for name in keys if name is not None}
            if isinstance(self.projection, list):
                selected.update(self.projection)
        missing = sorted(name for name, a in model._attributes.items() if a.required and name not in selected)
        if missing:
            raise ValueError(
                f"Vector index '{self.index_name}' projection does not include required model attributes: "
                f"{', '.join(missing)}. Use as_dict=True or include them in the projection"
            )
        placeholders = []
        for position, name in enumerate(name for name in model._attributes if name in selected):
            dynamo_name = model._py_to_dynamo.get(name, name)
            placeholders.append(names.setdefault(dynamo_name, f"#vector_projection_{position}"))
        return ", ".join(placeholders)

    def _prepare_search(
        self, query_vector: Any, partition_key: Any, where: Condition | None, top_k: int, as_dict: bool = False
    ) -> tuple[list[float], str | None, dict[str, str] | None, dict[str, Any] | None, str | None]:
        """One search's (vector, condition expression, names, values, projection), checked before anything is sent."""
        model = self._get_model_class()
        vector = model._attributes[self.vector_attribute].serialize(query_vector)
        check_top_k(top_k)
        if self.partition_key is not None and partition_key is None:
            raise ValueError(f"Vector index '{self.index_name}' requires partition_key='{self.partition_key}'")
        if self.partition_key is None and partition_key is not None:
            raise ValueError(f"Vector index '{self.index_name}' does not define a partition key")
        names: dict[str, str] = {}  # DynamoDB name -> placeholder
        values: dict[str, Any] = {}
        conditions = []
        if self.partition_key is not None:
            names[model._py_to_dynamo.get(self.partition_key, self.partition_key)] = "#vector_pk"
            values[":vector_pk"] = model._attributes[self.partition_key].serialize(partition_key)
            conditions.append("#vector_pk = :vector_pk")
        if where is not None:
            self._check_filter(where)
            conditions.append(self._render_filter(where, names, values))
        projection = self._projection_expression(names, as_dict)
        placeholders = {placeholder: name for name, placeholder in names.items()}
        return vector, " AND ".join(conditions) or None, placeholders or None, values or None, projection

    def _search_arguments(
        self, query_vector: Any, partition_key: Any, where: Condition | None, top_k: int, as_dict: bool
    ) -> dict[str, Any]:
        """The keyword arguments of the client's ``search_vectors`` for one search."""
        vector, expression, names, values, projection = self._prepare_search(
            query_vector, partition_key, where, top_k, as_dict
        )
        return {
            "vector": vector,
            "top_k": top_k,
            "search_condition_expression": expression,
            "expression_attribute_names": names,
            "expression_attribute_values": values,
            "projection_expression": projection,
        }

    def _as_models(self, result: VectorSearchResult[dict[str, Any]], as_dict: bool) -> VectorSearchResult[Any]:
        if as_dict:
            return result
        model = self._get_model_class()
        return VectorSearchResult([VectorMatch(model.from_dict(m.item), m.score) for m in result], result.metrics)

    async def search(
        self,
        query_vector: Any,
        *,
        partition_key: Any = None,
        where: Condition | None = None,
        top_k: int = 10,
        as_dict: bool = False,
    ) -> VectorSearchResult[Any]:
        """The `top_k` items closest to `query_vector` (model instances, or dicts with ``as_dict=True``)."""
        model = self._get_model_class()
        request = self._search_arguments(query_vector, partition_key, where, top_k, as_dict)
        result = await model._get_client().search_vectors(model._table_name(), self.index_name, **request)
        return self._as_models(result, as_dict)

    def sync_search(
        self,
        query_vector: Any,
        *,
        partition_key: Any = None,
        where: Condition | None = None,
        top_k: int = 10,
        as_dict: bool = False,
    ) -> VectorSearchResult[Any]:
        """The `top_k` items closest to `query_vector`; see `search`."""
        model = self._get_model_class()
        request = self._search_arguments(query_vector, partition_key, where, top_k, as_dict)
        result = model._get_client().sync_search_vectors(model._table_name(), self.index_name, **request)
        return self._as_models(result, as_dict)

    # -- lifecycle on an existing table ---------------------------------------------------------------

    async def create(self, *, wait: bool = False, timeout_seconds: int | None = None) -> None:
        """Add the index to the model's existing table; ``wait=True`` returns once it is ACTIVE."""
        model = self._get_model_class()
        definition = self.to_create_table_definition(model)
        await model._get_client().create_vector_index(
            model._table_name(), definition, wait=wait, timeout_seconds=timeout_seconds
        )

    def sync_create(self, *, wait: bool = False, timeout_seconds: int | None = None) -> None:
        """Add the index to the model's existing table; see `create`."""
        model = self._get_model_class()
        definition = self.to_create_table_definition(model)
        model._get_client().sync_create_vector_index(
            model._table_name(), definition, wait=wait, timeout_seconds=timeout_seconds
        )

    async def delete(self, *, wait: bool = False, timeout_seconds: int | None = None) -> None:
        """Remove the index from the table; ``wait=True`` returns once it is gone."""
        model = self._get_model_class()
        await model._get_client().delete_vector_index(
            model._table_name(), self.index_name, wait=wait, timeout_seconds=timeout_seconds
        )

    def sync_delete(self, *, wait: bool = False, timeout_seconds: int | None = None) -> None:
        """Remove the index from the table; see `delete`."""
        model = self._get_model_class()
        model._get_client().sync_delete_vector_index(
            model._table_name(), self.index_name, wait=wait, timeout_seconds=timeout_seconds
        )

    async def describe(self) -> VectorIndexInfo:
        """The index's status, size and settings (DescribeTable)."""
        model = self._get_model_class()
        return VectorIndexInfo.from_dict(
            await model._get_client().describe_vector_index(model._table_name(), self.index_name)
        )

    def sync_describe(self) -> VectorIndexInfo:
        """The index's status, size and settings; see `describe`."""
        model = self._get_model_class()
        return VectorIndexInfo.from_dict(model._get_client().sync_describe_vector_index(model._table_name(), self.index_name))
