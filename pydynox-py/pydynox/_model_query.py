"""Model-level Query and Scan: requests built from conditions, results that yield model instances."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydynox._convert import to_dynamo
from pydynox.conditions import Condition, render
from pydynox.query import _AsyncPages, _SyncPages

if TYPE_CHECKING:
    from pydynox.model import Model

M = TypeVar("M")

__all__ = [
    "AsyncModelQueryResult",
    "AsyncModelScanResult",
    "ModelQueryResult",
    "ModelScanResult",
]


class ModelQueryResult(_SyncPages[M]):
    """A model query's items (instances, or dicts with ``as_dict=True``), lazily. Use ``for``."""

    __slots__ = ()


class ModelScanResult(_SyncPages[M]):
    """A model scan's items (instances, or dicts with ``as_dict=True``), lazily. Use ``for``."""

    __slots__ = ()


class AsyncModelQueryResult(_AsyncPages[M]):
    """A model query's items, lazily. Use ``async for``; ``await result.first()``."""

    __slots__ = ()


class AsyncModelScanResult(_AsyncPages[M]):
    """A model scan's items, lazily. Use ``async for``; ``await result.first()``."""

    __slots__ = ()


class Expressions:
    """The names and values one request's expressions share, built up piece by piece."""

    __slots__ = ("names", "values", "key_values", "_condition_names")

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # DynamoDB's orientation: {"#pk": "pk"}
        self.key_values: dict[str, Any] = {}  # {":pkv": value}: apart, so conditions number theirs from :v0
        self.values: dict[str, Any] = {}
        self._condition_names: dict[str, str] = {}  # conditions' orientation: {"pk": "#n0"}

    def condition(self, condition: Condition) -> str:
        return render(condition, self._condition_names, self.values)

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        """Put the maps on `request` (wire-form values); returns it."""
        names = {**self.names, **{placeholder: name for name, placeholder in self._condition_names.items()}}
        if names:
            request["ExpressionAttributeNames"] = names
        values = {**self.key_values, **self.values}
        if values:
            request["ExpressionAttributeValues"] = {key: to_dynamo(value) for key, value in values.items()}
        return request


def key_condition(
    expressions: Expressions,
    keys: list[tuple[str, str, str, Any]],
    sort_key_condition: Condition | None,
) -> str:
    """The KeyConditionExpression.

    `keys` holds ``(name placeholder, value placeholder, DynamoDB name, value)``
    for each equality on a partition key: ``("#pk", ":pkv", "pk", "USER#1")``
    gives ``#pk = :pkv``.
    """
    parts = []
    for name_placeholder, value_placeholder, name, value in keys:
        expressions.names[name_placeholder] = name
        expressions.key_values[value_placeholder] = value
        parts.append(f"{name_placeholder} = {value_placeholder}")
    if sort_key_condition is not None:
        parts.append(expressions.condition(sort_key_condition))
    return " AND ".join(parts)


def add_fields(model: type[Model], expressions: Expressions, request: dict[str, Any], fields: list[str] | None) -> None:
    """ProjectionExpression for Python-named paths (``"address.city"``); the root is alias-translated."""
    if not fields:
        return
    parts = []
    for i, path in enumerate(fields):
        placeholders = []
        for j, segment in enumerate(model._dynamo_path(path)):
            expressions.names[f"#proj{i}_{j}"] = segment
            placeholders.append(f"#proj{i}_{j}")
        parts.append(".".join(placeholders))
    request["ProjectionExpression"] = ", ".join(parts)


def paging(request: dict[str, Any], limit: int | None, page_size: int | None) -> None:
    """The request's Limit: the page size if given, else the limit."""
    page = page_size if page_size is not None else limit
    if page is not None:
        request["Limit"] = page
