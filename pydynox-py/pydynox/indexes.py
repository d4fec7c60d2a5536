"""Secondary indexes declared on a model, and queried through it.

    class User(Model):
        ...
        by_email = GlobalSecondaryIndex("email-index", partition_key="email")

    async for user in User.by_email.query(email="a@example.com"): ...

Index keys name the model's attributes by their Python names. Multi-attribute
index keys (a list of names) are not supported by this implementation.
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


def _single(name: str | list[str] | None, what: str, required: bool) -> list[str]:
    if name is None or name == [] or name == "":
        if required:
            raise ValueError(f"An index needs a {what}")
        return []
    if isinstance(name, str):
        return [name]
    names = list(name)
    if len(names) > 4:
        raise ValueError(f"An index {what} has at most 4 attributes, got {len(names)}")
    if len(names) > 1:
        raise ValueError("Multi-attribute index keys are not supported by this implementation")
    return names


def _projection_spec(projection: str | list[str]) -> tuple[str, list[str]]:
    if isinstance(projection, (list, tuple)):
        return "INCLUDE", list(projection)
    if projection in _PROJECTIONS:
        return projection, []
    return "ALL", []


class _Index(Generic[M]):
    def to_create_table_definition(self, model_class: type[Any]) -> dict[str, Any]:
        """The index as `DynamoDBClient.create_table` takes it (the index must be declared on `model_class`)."""
        return self._create_definition()  # type: ignore[attr-defined,no-any-return]

    """What GSIs and LSIs share: binding to a model, projection, query plumbing."""

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
        partition_value: Any,
        partition_name: str,
        placeholders: tuple[str, str],
        sort_key_condition: Condition | None,
        filter_condition: Condition | None,
        limit: int | None,
        page_size: int | None,
        scan_index_forward: bool,
        consistent_read: bool,
    ) -> tuple[Any, dict[str, Any]]:
        model = self._bound()
        attribute = self._attribute(partition_name)
        expressions = Expressions()
        request: dict[str, Any] = {
            "TableName": model._table_name(),
            "IndexName": self.index_name,
            "KeyConditionExpression": key_condition(
                expressions,
                [(*placeholders, attribute.dynamo_name, attribute.serialize(partition_value))],
                sort_key_condition,
            ),
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
        self.partition_keys = _single(partition_key, "partition_key", required=True)
        self.sort_keys = _single(sort_key, "sort_key", required=False)

    if TYPE_CHECKING:
        # Static only: at run time the class attribute is the index itself (bound to its model).
        def __get__(self, instance: object, owner: type[_Owner]) -> GlobalSecondaryIndex[_Owner]: ...

    @property
    def partition_key(self) -> str:
        return self.partition_keys[0]

    @property
    def sort_key(self) -> str | None:
        return self.sort_keys[0] if self.sort_keys else None

    def __repr__(self) -> str:
        return f"GlobalSecondaryIndex({self.index_name!r}, partition_key={self.partition_key!r}, sort_key={self.sort_key!r})"

    def to_dynamodb_definition(self) -> dict[str, Any]:
        """The index as CreateTable's GlobalSecondaryIndexes entry (IndexName, KeySchema, Projection)."""
        names = self._model._py_to_dynamo if self._model is not None else {}
        schema = [{"AttributeName": names.get(self.partition_key, self.partition_key), "KeyType": "HASH"}]
        if self.sort_key:
            schema.append({"AttributeName": names.get(self.sort_key, self.sort_key), "KeyType": "RANGE"})
        kind, non_key = _projection_spec(self.projection)
        projection: dict[str, Any] = {"ProjectionType": kind}
        if kind == "INCLUDE":
            projection["NonKeyAttributes"] = [names.get(name, name) for name in non_key]
        return {"IndexName": self.index_name, "KeySchema": schema, "Projection": projection}

    def _create_definition(self) -> dict[str, Any]:
        """The index as `DynamoDBClient.create_table` takes it."""
        definition: dict[str, Any] = {"index_name": self.index_name, "hash_key": self._key_spec(self.partition_key)}
        if self.sort_key:
            definition["range_key"] = self._key_spec(self.sort_key)
        definition.update(self._projection_fields())
        return definition

    def _partition_value(self, partition_key: Any, key_values: dict[str, Any]) -> Any:
        if partition_key is not None:
            return partition_key
        if self.partition_key in key_values:
            return key_values[self.partition_key]
        raise ValueError(f"Index '{self.index_name}' query needs partition_key= or {self.partition_key}=")

    def _prepare(self, partition_key: Any, key_values: dict[str, Any], *args: Any) -> tuple[Any, dict[str, Any]]:
        value = self._partition_value(partition_key, key_values)
        return self._request(value, self.partition_key, ("#gsi_hk0", ":gsi_hkv0"), *args, False)

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
            if table_key not in key_values:
                raise ValueError(f"Index '{self.index_name}' query needs partition_key= or {table_key}=")
            partition_key = key_values[table_key]
        return self._request(partition_key, table_key, ("#lsi_hk", ":lsi_hkv"), *args, consistent_read)

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
