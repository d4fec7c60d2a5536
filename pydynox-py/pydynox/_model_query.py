"""Model-level Query and Scan: requests built from conditions, results that yield model instances.

The results take 1.8's arguments (the model class and the conditions) and
work out their request on first use, as 1.8's do: the model's client is
looked up then, not when ``Model.query()`` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydynox._convert import to_dynamo
from pydynox.conditions import Condition, render
from pydynox.query import _AsyncIteration, _RequestPages, _SyncIteration

if TYPE_CHECKING:
    from pydynox.model import Model

M = TypeVar("M")

__all__ = [
    "AsyncModelQueryResult",
    "AsyncModelScanResult",
    "ModelQueryResult",
    "ModelScanResult",
]


class _ModelQuery(_RequestPages[M]):
    """A model query's arguments; its request is built by the model (``_query_plan``) on first use."""

    __slots__ = (
        "_model_class", "_partition_key_value", "_sort_key_condition", "_filter_condition", "_page_size",
        "_scan_index_forward", "_consistent_read", "_as_dict", "_fields",
    )  # fmt: skip

    def __init__(
        self,
        model_class: type[Model],
        partition_key_value: Any,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
    ) -> None:
        self._model_class = model_class
        self._partition_key_value = partition_key_value
        self._sort_key_condition = sort_key_condition
        self._filter_condition = filter_condition
        self._page_size = page_size
        self._scan_index_forward = scan_index_forward
        self._consistent_read = consistent_read
        self._as_dict = as_dict
        self._fields = fields
        self._setup_request(None, "query", None, limit, last_evaluated_key, model_class._converter(as_dict))

    def _prepare(self) -> None:
        self._client, self._request = self._model_class._query_plan(  # type: ignore[attr-defined]
            self._partition_key_value,
            self._sort_key_condition,
            self._filter_condition,
            self._limit,
            self._page_size,
            self._scan_index_forward,
            self._consistent_read,
            self._fields,
        )


class _ModelScan(_RequestPages[M]):
    """A model scan's arguments; its request is built by the model (``_scan_plan``) on first use."""

    __slots__ = (
        "_model_class", "_filter_condition", "_page_size", "_consistent_read", "_segment", "_total_segments",
        "_as_dict", "_fields",
    )  # fmt: skip

    def __init__(
        self,
        model_class: type[Model],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
    ) -> None:
        self._model_class = model_class
        self._filter_condition = filter_condition
        self._page_size = page_size
        self._consistent_read = consistent_read
        self._segment = segment
        self._total_segments = total_segments
        self._as_dict = as_dict
        self._fields = fields
        self._setup_request(None, "scan", None, limit, last_evaluated_key, model_class._converter(as_dict))

    def _prepare(self) -> None:
        self._client, self._request = self._model_class._scan_plan(  # type: ignore[attr-defined]
            self._filter_condition,
            self._limit,
            self._page_size,
            self._consistent_read,
            self._segment,
            self._total_segments,
            self._fields,
        )


class ModelQueryResult(_ModelQuery[M], _SyncIteration[M]):
    """A model query's items (instances, or dicts with ``as_dict=True``), lazily. Use ``for``."""

    __slots__ = ()


class ModelScanResult(_ModelScan[M], _SyncIteration[M]):
    """A model scan's items (instances, or dicts with ``as_dict=True``), lazily. Use ``for``."""

    __slots__ = ()


class AsyncModelQueryResult(_ModelQuery[M], _AsyncIteration[M]):
    """A model query's items, lazily. Use ``async for``; ``await result.first()``."""

    __slots__ = ()


class AsyncModelScanResult(_ModelScan[M], _AsyncIteration[M]):
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
        segments = path.split(".")
        segments[0] = model._py_to_dynamo.get(segments[0], segments[0])
        placeholders = []
        for j, segment in enumerate(segments):
            expressions.names[f"#proj{i}_{j}"] = segment
            placeholders.append(f"#proj{i}_{j}")
        parts.append(".".join(placeholders))
    request["ProjectionExpression"] = ", ".join(parts)


def paging(request: dict[str, Any], limit: int | None, page_size: int | None) -> None:
    """The request's Limit: the page size if given, else the limit."""
    page = page_size if page_size is not None else limit
    if page is not None:
        request["Limit"] = page
