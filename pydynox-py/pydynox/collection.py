"""`Collection`: several models sharing one table (single-table design), read with one query.

Each model has a discriminator attribute (``StringAttribute(discriminator=True)``)
holding its class name; a collection query reads the partition once and sorts
the items into the models they name.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydynox._convert import item_from_dynamo
from pydynox.hooks import HookType
from pydynox.query import _AsyncRequestResult, _SyncRequestResult

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
        _check_one_client(models)
        self._models: list[Any] = list(models)

    def _plan(
        self, pk: str | None, index: str | None, sk_begins_with: str | None, limit: int | None,
        consistent_read: bool, kwargs: dict[str, Any],
    ) -> tuple[Any, dict[str, Any]]:  # fmt: skip
        """(client, the Query request)."""
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
        client = first._get_client()
        request = client._query_request(
            first._table_name(), condition, None, None, names, values, limit, None, index, consistent_read
        )
        return client, request

    def _native(self, item: dict[str, Any]) -> dict[str, Any]:
        """A wire-form item as a native dict, decoded as the model its discriminator names (DecimalAttributes exactly)."""
        for model in self._models:
            discriminator = item.get(model._py_to_dynamo[model._discriminator_attr])
            if discriminator is not None and discriminator.get("S") == model.__name__:
                return model._native_item(item)  # type: ignore[no-any-return]
        return item_from_dynamo(item)

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
        client, request = self._plan(pk, index, sk_begins_with, limit, consistent_read, kwargs)
        items = _SyncRequestResult(client, "query", request, limit, convert=self._native)
        return CollectionResult(self._models, list(items))

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
        client, request = self._plan(pk, index, sk_begins_with, limit, consistent_read, kwargs)
        items = _AsyncRequestResult(client, "query", request, limit, convert=self._native)
        return CollectionResult(self._models, [item async for item in items])

    def __repr__(self) -> str:
        return f"Collection([{', '.join(model.__name__ for model in self._models)}])"


def _check_one_client(models: list[Any]) -> None:
    """One query reads for every model, so they must share a client object (models with none yet are let be)."""
    first: Any = None
    for model in models:
        try:
            client = model._get_client()
        except ValueError as error:
            if "No client configured for" in str(error):
                continue
            raise
        if first is None:
            first, first_client = model, client
        elif client is not first_client:
            raise ValueError(
                f"All models must use the same client. "
                f"Model {model.__name__} uses a different client than {first.__name__}."
            )
