"""Secondary indexes declared on a model, and queried through it.

    class User(Model):
        ...
        by_email = GlobalSecondaryIndex("email-index", partition_key="email")

    async for user in User.by_email.query(email="a@example.com"): ...

Index keys name the model's attributes by their Python names. A GSI key may
be made of up to 4 attributes (a list of names: DynamoDB's multi-attribute
keys); its query then needs every partition-key attribute::

    by_place = GlobalSecondaryIndex("place-index", partition_key=["tenant_id", "region"])
    User.by_place.query(tenant_id="acme", region="eu")

A partition-key attribute built from a template (``template="ORDER#{order_id}"``)
can also be given by its placeholders: ``by_order.query(order_id="42")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydynox._model_query import Expressions, key_condition, paging
from pydynox._vector import VectorDistance, VectorIndex, VectorIndexInfo, VectorMatch, VectorSearchResult
from pydynox.conditions import Condition
from pydynox.query import _AsyncRequestResult, _SyncRequestResult

if TYPE_CHECKING:
    from pydynox.model import Model

M = TypeVar("M", bound="Model")
_Owner = TypeVar("_Owner", bound="Model")

__all__ = [
    "AsyncGSIQueryResult",
    "AsyncLSIQueryResult",
    "GSIQueryResult",
    "GlobalSecondaryIndex",
    "LSIQueryResult",
    "LocalSecondaryIndex",
    "VectorDistance",
    "VectorIndex",
    "VectorIndexInfo",
    "VectorMatch",
    "VectorSearchResult",
]

_PROJECTIONS = ("ALL", "KEYS_ONLY")


class GSIQueryResult(_SyncRequestResult[M]):
    """Items of a GSI query (``for``)."""

    __slots__ = ()


class AsyncGSIQueryResult(_AsyncRequestResult[M]):
    """Items of a GSI query (``async for``)."""

    __slots__ = ()


class LSIQueryResult(_SyncRequestResult[M]):
    """Items of an LSI query (``for``)."""

    __slots__ = ()


class AsyncLSIQueryResult(_AsyncRequestResult[M]):
    """Items of an LSI query (``async for``)."""

    __slots__ = ()


_MAX_KEY_ATTRIBUTES = 4  # DynamoDB's limit per partition key and per sort key of a GSI


def _key_names(names: str | list[str] | None, index_name: str, what: str) -> list[str]:
    """An index key's attribute names: one name or a list of up to 4."""
    listed = [] if names is None or names == "" else [names] if isinstance(names, str) else list(names)
    if len(listed) > _MAX_KEY_ATTRIBUTES:
        raise ValueError(
            f"GSI '{index_name}': {what} can have at most {_MAX_KEY_ATTRIBUTES} attributes, got {len(listed)}"
        )
    return listed


def _projection_spec(projection: str | list[str]) -> tuple[str, list[str]]:
    if isinstance(projection, (list, tuple)):
        return "INCLUDE", list(projection)
    if projection in _PROJECTIONS:
        return projection, []
    return "ALL", []


class _Index(Generic[M]):
    """What GSIs and LSIs share: binding to a model, projection, query plumbing."""

    def to_create_table_definition(self, model_class: type[Any]) -> dict[str, Any]:
        """The index as `DynamoDBClient.create_table` takes it (the index must be declared on `model_class`)."""
        return self._create_definition()  # type: ignore[attr-defined,no-any-return]

    def __init__(self, index_name: str, projection: str | list[str]) -> None:
        self.index_name = index_name
        self.projection = projection
        self._model: type[M] | None = None
        self._name: str | None = None

    def _bind(self, model: type[M], name: str) -> None:
        self._model = model
        self._name = name

    def _bound(self) -> type[M]:
        if self._model is None:
            raise RuntimeError(f"Index '{self.index_name}' is not bound to a model: declare it on a Model class")
        return self._model

    def _attribute(self, python_name: str) -> Any:
        model = self._bound()
        attribute = model._attributes.get(python_name)
        if attribute is None:
            raise ValueError(
                f"Index '{self.index_name}' names '{python_name}', which {model.__name__} does not declare"
            )
        return attribute

    def _key_spec(self, python_name: str) -> tuple[str, str]:
        attribute = self._attribute(python_name)
        return attribute.dynamo_name, attribute.attr_type

    def _projection_fields(self) -> dict[str, Any]:
        kind, non_key = _projection_spec(self.projection)
        spec: dict[str, Any] = {"projection": kind}
        if kind == "INCLUDE":
            spec["non_key_attributes"] = [self._bound()._py_to_dynamo.get(name, name) for name in non_key]
        return spec

    def _request(
        self,
        partition: list[tuple[str, str, str, Any]],
        sort_key_condition: Condition | None,
        filter_condition: Condition | None,
        limit: int | None,
        page_size: int | None,
        scan_index_forward: bool,
        *,
        consistent_read: bool,
    ) -> tuple[Any, dict[str, Any]]:
        """The Query request.

        `partition` holds ``(name placeholder, value placeholder, Python name, value)``
        for each partition-key attribute.
        """
        model = self._bound()
        keys = []
        for name_placeholder, value_placeholder, python_name, value in partition:
            attribute = self._attribute(python_name)
            keys.append((name_placeholder, value_placeholder, attribute.dynamo_name, attribute.serialize(value)))
        expressions = Expressions()
        request: dict[str, Any] = {
            "TableName": model._table_name(),
            "IndexName": self.index_name,
            "KeyConditionExpression": key_condition(expressions, keys, sort_key_condition),
            "ScanIndexForward": scan_index_forward,
        }
        if filter_condition is not None:
            request["FilterExpression"] = expressions.condition(filter_condition)
        paging(request, limit, page_size)
        if consistent_read:
            request["ConsistentRead"] = True
        return model._get_client(), expressions.apply(request)


class GlobalSecondaryIndex(_Index[M]):
    """A GSI: its own partition key (and optional sort key) over the model's attributes.

    Each key is one attribute name or a list of up to 4 (a multi-attribute key).
    ``projection`` is "ALL", "KEYS_ONLY" or a list of attribute names (INCLUDE).
    """

    # `self` typed so that a declaration needs no annotation; `__get__` then types
    # the index by the model class it is read from.
    def __init__(
        self: GlobalSecondaryIndex[Any],
        index_name: str,
        partition_key: str | list[str],
        sort_key: str | list[str] | None = None,
        projection: str | list[str] = "ALL",
    ) -> None:
        super().__init__(index_name, projection)
        self.partition_keys = _key_names(partition_key, index_name, "partition_key")
        self.sort_keys = _key_names(sort_key, index_name, "sort_key")
        if not self.partition_keys:
            raise ValueError(f"GSI '{index_name}': partition_key is required")

    if TYPE_CHECKING:
        # Static only: at run time the class attribute is the index itself (bound to its model).
        def __get__(self, instance: object, owner: type[_Owner]) -> GlobalSecondaryIndex[_Owner]: ...

    @property
    def partition_key(self) -> str:
        """The first partition-key attribute (the only one unless the key is multi-attribute)."""
        return self.partition_keys[0]

    @property
    def sort_key(self) -> str | None:
        """The first sort-key attribute, or None."""
        return self.sort_keys[0] if self.sort_keys else None

    def __repr__(self) -> str:
        partition = self.partition_keys if len(self.partition_keys) > 1 else self.partition_key
        sort = self.sort_keys if len(self.sort_keys) > 1 else self.sort_key
        return f"GlobalSecondaryIndex({self.index_name!r}, partition_key={partition!r}, sort_key={sort!r})"

    def to_dynamodb_definition(self) -> dict[str, Any]:
        """The index as CreateTable's GlobalSecondaryIndexes entry (IndexName, KeySchema, Projection)."""
        names = self._model._py_to_dynamo if self._model is not None else {}
        schema = [{"AttributeName": names.get(name, name), "KeyType": "HASH"} for name in self.partition_keys]
        schema += [{"AttributeName": names.get(name, name), "KeyType": "RANGE"} for name in self.sort_keys]
        kind, non_key = _projection_spec(self.projection)
        projection: dict[str, Any] = {"ProjectionType": kind}
        if kind == "INCLUDE":
            projection["NonKeyAttributes"] = [names.get(name, name) for name in non_key]
        return {"IndexName": self.index_name, "KeySchema": schema, "Projection": projection}

    def _create_definition(self) -> dict[str, Any]:
        """The index as `DynamoDBClient.create_table` takes it (``hash_key``, or ``hash_keys`` for several)."""
        definition: dict[str, Any] = {"index_name": self.index_name}
        keys = (("hash_key", "hash_keys", self.partition_keys), ("range_key", "range_keys", self.sort_keys))
        for one, many, names in keys:
            specs = [self._key_spec(name) for name in names]
            if len(specs) == 1:
                definition[one] = specs[0]
            elif specs:
                definition[many] = specs
        definition.update(self._projection_fields())
        return definition

    def _partition_values(self, partition_key: Any, key_values: dict[str, Any]) -> list[Any]:
        """One value per partition-key attribute, from partition_key=, the attribute's name or its template."""
        if partition_key is not None:
            if len(self.partition_keys) > 1:
                example = ", ".join(f"{name}=..." for name in self.partition_keys)
                raise ValueError(
                    f"GSI '{self.index_name}' has a composite partition key ({', '.join(self.partition_keys)}). "
                    "Pass each attribute as a keyword argument instead of using partition_key=. "
                    f"Example: .query({example})"
                )
            return [partition_key]
        return [self._partition_value(name, key_values) for name in self.partition_keys]

    def _partition_value(self, name: str, key_values: dict[str, Any]) -> Any:
        if name in key_values:
            return key_values[name]
        attribute = self._attribute(name)
        # An inverted index over template keys: `order_id="42"` builds "ORDER#42".
        if getattr(attribute, "has_template", False) and all(p in key_values for p in attribute.placeholders):
            return attribute.build_key(key_values)
        given = list(key_values)
        if len(self.partition_keys) == 1:
            raise ValueError(
                f"GSI '{self.index_name}' query requires a partition key value. "
                f"Use partition_key='value' or {name}='value'. Got: {given}"
            )
        raise ValueError(
            f"GSI '{self.index_name}' query requires '{name}'. "
            f"Pass it as a keyword argument: .query({name}=...). Got: {given}"
        )

    def _prepare(self, partition_key: Any, key_values: dict[str, Any], *args: Any) -> tuple[Any, dict[str, Any]]:
        values = self._partition_values(partition_key, key_values)
        partition = [
            (f"#gsi_hk{i}", f":gsi_hkv{i}", name, value)
            for i, (name, value) in enumerate(zip(self.partition_keys, values))
        ]
        return self._request(partition, *args, consistent_read=False)

    def query(
        self,
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        last_evaluated_key: dict[str, Any] | None = None,
        **key_values: Any,
    ) -> AsyncGSIQueryResult[M]:
        """The model instances with this index key, for ``async for``. Not a coroutine."""
        client, request = self._prepare(
            partition_key, key_values, sort_key_condition, filter_condition, limit, page_size, scan_index_forward
        )
        return AsyncGSIQueryResult(client, "query", request, limit, last_evaluated_key, self._bound()._converter(False))

    def sync_query(
        self,
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        last_evaluated_key: dict[str, Any] | None = None,
        **key_values: Any,
    ) -> GSIQueryResult[M]:
        """The model instances with this index key, for ``for``."""
        client, request = self._prepare(
            partition_key, key_values, sort_key_condition, filter_condition, limit, page_size, scan_index_forward
        )
        return GSIQueryResult(client, "query", request, limit, last_evaluated_key, self._bound()._converter(False))


class LocalSecondaryIndex(_Index[M]):
    """An LSI: the table's partition key with another sort key."""

    def __init__(
        self: LocalSecondaryIndex[Any], index_name: str, sort_key: str, projection: str | list[str] = "ALL"
    ) -> None:
        super().__init__(index_name, projection)
        if not sort_key:
            raise ValueError("A local secondary index needs a sort_key")
        self.sort_key = sort_key

    if TYPE_CHECKING:
        # Static only, as for GlobalSecondaryIndex.
        def __get__(self, instance: object, owner: type[_Owner]) -> LocalSecondaryIndex[_Owner]: ...

    def __repr__(self) -> str:
        return f"LocalSecondaryIndex({self.index_name!r}, sort_key={self.sort_key!r})"

    def _create_definition(self) -> dict[str, Any]:
        definition: dict[str, Any] = {"index_name": self.index_name, "range_key": self._key_spec(self.sort_key)}
        definition.update(self._projection_fields())
        return definition

    def _prepare(
        self, partition_key: Any, key_values: dict[str, Any], consistent_read: bool, *args: Any
    ) -> tuple[Any, dict[str, Any]]:
        model = self._bound()
        table_key = model._partition_key
        if table_key is None:
            raise ValueError(f"Model {model.__name__} has no partition_key defined")
        if partition_key is None:
            partition_key = key_values.get(table_key)
        if partition_key is None:
            raise ValueError(
                f"LSI '{self.index_name}' query requires a partition key value. "
                f"Use partition_key='value' or {table_key}='value'."
            )
        partition = [("#lsi_hk", ":lsi_hkv", table_key, partition_key)]
        return self._request(partition, *args, consistent_read=consistent_read)

    def query(
        self,
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool = False,
        last_evaluated_key: dict[str, Any] | None = None,
        **key_values: Any,
    ) -> AsyncLSIQueryResult[M]:
        """The model instances of one partition in this index's order, for ``async for``. Not a coroutine."""
        client, request = self._prepare(
            partition_key,
            key_values,
            consistent_read,
            sort_key_condition,
            filter_condition,
            limit,
            page_size,
            scan_index_forward,
        )
        return AsyncLSIQueryResult(client, "query", request, limit, last_evaluated_key, self._bound()._converter(False))

    def sync_query(
        self,
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool = False,
        last_evaluated_key: dict[str, Any] | None = None,
        **key_values: Any,
    ) -> LSIQueryResult[M]:
        """The model instances of one partition in this index's order, for ``for``."""
        client, request = self._prepare(
            partition_key,
            key_values,
            consistent_read,
            sort_key_condition,
            filter_condition,
            limit,
            page_size,
            scan_index_forward,
        )
        return LSIQueryResult(client, "query", request, limit, last_evaluated_key, self._bound()._converter(False))
