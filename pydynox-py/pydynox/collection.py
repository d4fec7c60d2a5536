"""`Collection`: several models sharing one table (single-table design), read with one query.

Each model has a discriminator attribute (``StringAttribute(discriminator=True)``)
holding its class name; a collection query reads the partition once and sorts
the items into the models they name.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydynox.hooks import HookType
from pydynox.query import AsyncQueryResult, QueryResult

__all__ = ["Collection", "CollectionResult"]

M = TypeVar("M")


class CollectionResult:
    """Items of a collection query by model: ``result.get(User)`` or ``result.users`` (lower-case name + "s")."""

    def __init__(self, models: list[type[M]], items: list[dict[str, Any]]) -> None:
        self._by_name: dict[str, list[Any]] = {model.__name__: [] for model in models}
        for item in items:
            for model in models:
                field = model._discriminator_attr  # type: ignore[attr-defined]
                if field and item.get(model._py_to_dynamo[field]) == model.__name__:  # type: ignore[attr-defined]
                    instance = model.from_dict(item)  # type: ignore[attr-defined]
                    if not model._config().skip_hooks:  # type: ignore[attr-defined]
                        instance._run_hooks(HookType.AFTER_LOAD)
                    self._by_name[model.__name__].append(instance)
                    break

    def get(self, model_class: type[M]) -> list[M]:
        return self._by_name.get(model_class.__name__, [])

    def __getattr__(self, name: str) -> list[Any]:
        for model_name, items in self.__dict__.get("_by_name", {}).items():
            if name == model_name.lower() + "s":
                return items
        raise AttributeError(f"'{type(self).__name__}' has no attribute '{name}'")

    def __repr__(self) -> str:
        return "CollectionResult(" + ", ".join(f"{k}: {len(v)}" for k, v in self._by_name.items()) + ")"


class Collection:
    """Models of one table, each with a discriminator, queried together."""

    def __init__(self, models: list[type[M]]) -> None:
        if not models:
            raise ValueError("Collection requires at least one model")
        tables = set()
        for model in models:
            tables.add(model.model_config.table)  # type: ignore[attr-defined]
            if not model._discriminator_attr:  # type: ignore[attr-defined]
                raise ValueError(
                    f"Model {model.__name__} has no discriminator field. Add a StringAttribute with discriminator=True."
                )
        if len(tables) > 1:
            raise ValueError(f"All models must share the same table. Found: {tables}")
        self._models: list[Any] = list(models)

    def _plan(
        self, pk: str | None, index: str | None, sk_begins_with: str | None, limit: int | None,
        consistent_read: bool, kwargs: dict[str, Any],
    ) -> tuple[Any, str, dict[str, Any]]:  # fmt: skip
        """(client, table, the client query's keyword arguments)."""
        first = self._models[0]
        if pk is None and kwargs:
            attribute = first._attributes[first._partition_key]
            if getattr(attribute, "has_template", False):
                pk = attribute.build_key(kwargs)
        if pk is None:
            raise ValueError("pk is required")
        names = {"#pk": first._py_to_dynamo[first._partition_key]}
        values: dict[str, Any] = {":pkv": pk}
        condition = "#pk = :pkv"
        if sk_begins_with and first._sort_key:
            names["#sk"] = first._py_to_dynamo[first._sort_key]
            values[":skv"] = sk_begins_with
            condition += " AND begins_with(#sk, :skv)"
        request = {"key_condition_expression": condition, "expression_attribute_names": names,
                   "expression_attribute_values": values, "index_name": index, "limit": limit,
                   "consistent_read": consistent_read}  # fmt: skip
        return first._get_client(), first._table_name(), request

    def sync_query(
        self,
        pk: str | None = None,
        index: str | None = None,
        sk_begins_with: str | None = None,
        limit: int | None = None,
        consistent_read: bool = False,
        **kwargs: Any,
    ) -> CollectionResult:
        """Every item of partition `pk` (or built from the key template with `kwargs`), by model."""
        client, table, request = self._plan(pk, index, sk_begins_with, limit, consistent_read, kwargs)
        return CollectionResult(self._models, list(QueryResult(client, table, **request)))

    async def query(
        self,
        pk: str | None = None,
        index: str | None = None,
        sk_begins_with: str | None = None,
        limit: int | None = None,
        consistent_read: bool = False,
        **kwargs: Any,
    ) -> CollectionResult:
        """Every item of partition `pk`, by model; see `sync_query`."""
        client, table, request = self._plan(pk, index, sk_begins_with, limit, consistent_read, kwargs)
        return CollectionResult(self._models, await AsyncQueryResult(client, table, **request).to_list())

    def __repr__(self) -> str:
        return f"Collection([{', '.join(model.__name__ for model in self._models)}])"
