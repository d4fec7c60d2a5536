"""Model reads of many items: query, scan, count, parallel_scan, batch_get."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from pydynox._asyncio import run_blocking
from pydynox._client_reads import parallel_scan_observed
from pydynox._metrics import OperationMetrics
from pydynox._model_base import ModelBase
from pydynox._model_query import (
    AsyncModelQueryResult,
    AsyncModelScanResult,
    Expressions,
    ModelQueryResult,
    ModelScanResult,
    add_fields,
    key_condition,
    paging,
)
from pydynox.conditions import Condition
from pydynox.hooks import HookType

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

M = TypeVar("M", bound="ReadMixin")


class ReadMixin(ModelBase):
    # The overloads below give type checkers the model class, or dicts with as_dict=True.

    # -- query ------------------------------------------------------------------------

    @classmethod
    def _query_partition_key(cls, partition_key: Any, template_values: dict[str, Any]) -> Any:
        """The partition key to query: as given, else built from the key template and `template_values`."""
        cls._require_partition_key()
        if partition_key is not None:
            return partition_key
        attribute = cls._attributes[cls._partition_key]  # type: ignore[index]
        if not getattr(attribute, "has_template", False):
            raise ValueError(f"partition_key is required. Model {cls.__name__} hash key has no template.")
        missing = [name for name in attribute.placeholders if name not in template_values]  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"Missing value for template placeholder: {missing[0]}")
        return attribute.build_key(template_values)  # type: ignore[attr-defined]

    @classmethod
    def _query_plan(
        cls,
        partition_key: Any,
        sort_key_condition: Condition | None,
        filter_condition: Condition | None,
        limit: int | None,
        page_size: int | None,
        scan_index_forward: bool,
        consistent_read: bool | None,
        fields: list[str] | None,
    ) -> tuple[DynamoDBClient, dict[str, Any]]:
        config = cls._config()
        client = cls._get_client()
        name, dynamo_name, serialize = cls._key_plan[0]
        value = serialize(partition_key) if serialize is not None else partition_key
        expressions = Expressions()
        request: dict[str, Any] = {
            "TableName": config.table,
            "KeyConditionExpression": key_condition(
                expressions, [("#pk", ":pkv", dynamo_name, value)], sort_key_condition
            ),
            "ScanIndexForward": scan_index_forward,
        }
        _common(
            cls,
            config.consistent_read,
            expressions,
            request,
            filter_condition,
            limit,
            page_size,
            consistent_read,
            fields,
        )
        return client, expressions.apply(request)

    @overload
    @classmethod
    def query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: Literal[False] = False,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> AsyncModelQueryResult[M]: ...
    @overload
    @classmethod
    def query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        *,
        as_dict: Literal[True],
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> AsyncModelQueryResult[dict[str, Any]]: ...
    @overload
    @classmethod
    def query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: bool = ...,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> AsyncModelQueryResult[M | dict[str, Any]]: ...
    @classmethod
    def query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> AsyncModelQueryResult[Any]:
        """The items of one partition, for ``async for``. Not a coroutine: do not await it."""
        return AsyncModelQueryResult(
            cls,
            cls._query_partition_key(partition_key, kwargs),
            sort_key_condition,
            filter_condition,
            limit,
            page_size,
            scan_index_forward,
            consistent_read,
            last_evaluated_key,
            as_dict,
            fields,
        )

    @overload
    @classmethod
    def sync_query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: Literal[False] = False,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> ModelQueryResult[M]: ...
    @overload
    @classmethod
    def sync_query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        *,
        as_dict: Literal[True],
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> ModelQueryResult[dict[str, Any]]: ...
    @overload
    @classmethod
    def sync_query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: bool = ...,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> ModelQueryResult[M | dict[str, Any]]: ...
    @classmethod
    def sync_query(
        cls: type[M],
        partition_key: Any = None,
        sort_key_condition: Condition | None = None,
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
        **kwargs: Any,
    ) -> ModelQueryResult[Any]:
        """The items of one partition, for ``for``."""
        return ModelQueryResult(
            cls,
            cls._query_partition_key(partition_key, kwargs),
            sort_key_condition,
            filter_condition,
            limit,
            page_size,
            scan_index_forward,
            consistent_read,
            last_evaluated_key,
            as_dict,
            fields,
        )

    # -- scan ---------------------------------------------------------------------------

    @classmethod
    def _scan_plan(
        cls,
        filter_condition: Condition | None,
        limit: int | None,
        page_size: int | None,
        consistent_read: bool | None,
        segment: int | None,
        total_segments: int | None,
        fields: list[str] | None,
    ) -> tuple[DynamoDBClient, dict[str, Any]]:
        config = cls._config()
        client = cls._get_client()
        expressions = Expressions()
        request: dict[str, Any] = {"TableName": config.table}
        _common(
            cls,
            config.consistent_read,
            expressions,
            request,
            filter_condition,
            limit,
            page_size,
            consistent_read,
            fields,
        )
        if total_segments is not None:
            request["Segment"] = segment or 0
            request["TotalSegments"] = total_segments
        return client, expressions.apply(request)

    @overload
    @classmethod
    def scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: Literal[False] = False,
        fields: list[str] | None = None,
    ) -> AsyncModelScanResult[M]: ...
    @overload
    @classmethod
    def scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        *,
        as_dict: Literal[True],
        fields: list[str] | None = None,
    ) -> AsyncModelScanResult[dict[str, Any]]: ...
    @overload
    @classmethod
    def scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: bool = ...,
        fields: list[str] | None = None,
    ) -> AsyncModelScanResult[M | dict[str, Any]]: ...
    @classmethod
    def scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
    ) -> AsyncModelScanResult[Any]:
        """Every item of the table (matching the filter), for ``async for``. Not a coroutine."""
        return AsyncModelScanResult(
            cls, filter_condition, limit, page_size, consistent_read, last_evaluated_key, segment, total_segments,
            as_dict, fields,
        )  # fmt: skip

    @overload
    @classmethod
    def sync_scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: Literal[False] = False,
        fields: list[str] | None = None,
    ) -> ModelScanResult[M]: ...
    @overload
    @classmethod
    def sync_scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        *,
        as_dict: Literal[True],
        fields: list[str] | None = None,
    ) -> ModelScanResult[dict[str, Any]]: ...
    @overload
    @classmethod
    def sync_scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: bool = ...,
        fields: list[str] | None = None,
    ) -> ModelScanResult[M | dict[str, Any]]: ...
    @classmethod
    def sync_scan(
        cls: type[M],
        filter_condition: Condition | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        consistent_read: bool | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        as_dict: bool = False,
        fields: list[str] | None = None,
    ) -> ModelScanResult[Any]:
        """Every item of the table (matching the filter), for ``for``."""
        return ModelScanResult(
            cls, filter_condition, limit, page_size, consistent_read, last_evaluated_key, segment, total_segments,
            as_dict, fields,
        )  # fmt: skip

    # -- count and parallel scan ------------------------------------------------------------

    @classmethod
    def sync_count(
        cls, filter_condition: Condition | None = None, consistent_read: bool | None = None
    ) -> tuple[int, OperationMetrics]:
        """How many items (match the filter): a full-table Scan with Select=COUNT."""
        client, request = cls._scan_plan(filter_condition, None, None, consistent_read, None, None, None)
        return client._count(request)

    @classmethod
    async def count(
        cls, filter_condition: Condition | None = None, consistent_read: bool | None = None
    ) -> tuple[int, OperationMetrics]:
        """How many items (match the filter): a full-table Scan with Select=COUNT."""
        client, request = cls._scan_plan(filter_condition, None, None, consistent_read, None, None, None)
        return await run_blocking(client._count, request)

    @classmethod
    def _segments(
        cls, total_segments: int, filter_condition: Condition | None, consistent_read: bool | None
    ) -> tuple[DynamoDBClient, list[dict[str, Any]]]:
        if total_segments < 1:
            raise ValueError("total_segments must be at least 1")
        client, request = cls._scan_plan(filter_condition, None, None, consistent_read, 0, total_segments, None)
        return client, [{**request, "Segment": segment} for segment in range(total_segments)]

    @classmethod
    def _joined(
        cls, segments: list[list[dict[str, Any]]], as_dict: bool, started: float
    ) -> tuple[list[Any], OperationMetrics]:
        convert = cls._converter(as_dict)
        items = [convert(item) for segment in segments for item in segment]
        duration = (time.perf_counter() - started) * 1000.0
        return items, OperationMetrics._of(duration, items_count=len(items), scanned_count=len(items))

    @overload
    @classmethod
    def sync_parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: Literal[False] = False,
    ) -> tuple[list[M], OperationMetrics]: ...
    @overload
    @classmethod
    def sync_parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        *,
        as_dict: Literal[True],
    ) -> tuple[list[dict[str, Any]], OperationMetrics]: ...
    @overload
    @classmethod
    def sync_parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: bool = ...,
    ) -> tuple[list[M], OperationMetrics] | tuple[list[dict[str, Any]], OperationMetrics]: ...
    @classmethod
    def sync_parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: bool = False,
    ) -> tuple[list[M], OperationMetrics] | tuple[list[dict[str, Any]], OperationMetrics]:
        """Scan `total_segments` segments at once, each to the end; items in segment order."""
        client, requests = cls._segments(total_segments, filter_condition, consistent_read)
        with parallel_scan_observed(client, requests) as observed:
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=min(total_segments, 32), thread_name_prefix="pydynox-scan") as pool:
                segments = list(pool.map(client._scan_segment, requests))
            items, metrics = cls._joined(segments, as_dict, started)
            observed(metrics)
        return items, metrics

    @overload
    @classmethod
    async def parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: Literal[False] = False,
    ) -> tuple[list[M], OperationMetrics]: ...
    @overload
    @classmethod
    async def parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        *,
        as_dict: Literal[True],
    ) -> tuple[list[dict[str, Any]], OperationMetrics]: ...
    @overload
    @classmethod
    async def parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: bool = ...,
    ) -> tuple[list[M], OperationMetrics] | tuple[list[dict[str, Any]], OperationMetrics]: ...
    @classmethod
    async def parallel_scan(
        cls: type[M],
        total_segments: int,
        filter_condition: Condition | None = None,
        consistent_read: bool | None = None,
        as_dict: bool = False,
    ) -> tuple[list[M], OperationMetrics] | tuple[list[dict[str, Any]], OperationMetrics]:
        """Scan `total_segments` segments concurrently, each to the end; items in segment order."""
        client, requests = cls._segments(total_segments, filter_condition, consistent_read)
        with parallel_scan_observed(client, requests) as observed:
            started = time.perf_counter()
            segments = await asyncio.gather(*(run_blocking(client._scan_segment, request) for request in requests))
            items, metrics = cls._joined(list(segments), as_dict, started)
            observed(metrics)
        return items, metrics

    # -- batch get ---------------------------------------------------------------------------

    @classmethod
    def _batch_got(cls, items: list[dict[str, Any]], as_dict: bool) -> list[Any]:
        if as_dict:
            return items
        loaded = [cls.from_dict(item) for item in items]
        hooks = cls._hooks[HookType.AFTER_LOAD]
        if hooks and not cls._config().skip_hooks:
            for instance in loaded:
                for hook in hooks:
                    hook(instance)
        return loaded

    @overload
    @classmethod
    def sync_batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: Literal[False] = False,
        projection: list[str] | None = None,
    ) -> list[M]: ...
    @overload
    @classmethod
    def sync_batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        *,
        as_dict: Literal[True],
        projection: list[str] | None = None,
    ) -> list[dict[str, Any]]: ...
    @overload
    @classmethod
    def sync_batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: bool = ...,
        projection: list[str] | None = None,
    ) -> list[M] | list[dict[str, Any]]: ...
    @classmethod
    def sync_batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: bool = False,
        projection: list[str] | None = None,
    ) -> list[M] | list[dict[str, Any]]:
        """The items with these keys (Python names), in no particular order; missing ones left out."""
        if not keys:
            return []
        client = cls._get_client()
        items = client.sync_batch_get(
            cls._table_name(),
            [cls._native_key(key, strict=False) for key in keys],
            bool(consistent_read),
            _roots(cls, projection),
        )
        return cls._batch_got(items, as_dict)

    @overload
    @classmethod
    async def batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: Literal[False] = False,
        projection: list[str] | None = None,
    ) -> list[M]: ...
    @overload
    @classmethod
    async def batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        *,
        as_dict: Literal[True],
        projection: list[str] | None = None,
    ) -> list[dict[str, Any]]: ...
    @overload
    @classmethod
    async def batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: bool = ...,
        projection: list[str] | None = None,
    ) -> list[M] | list[dict[str, Any]]: ...
    @classmethod
    async def batch_get(
        cls: type[M],
        keys: list[dict[str, Any]],
        consistent_read: bool | None = None,
        as_dict: bool = False,
        projection: list[str] | None = None,
    ) -> list[M] | list[dict[str, Any]]:
        """The items with these keys (Python names), in no particular order; missing ones left out."""
        if not keys:
            return []
        client = cls._get_client()
        items = await client.batch_get(
            cls._table_name(),
            [cls._native_key(key, strict=False) for key in keys],
            bool(consistent_read),
            _roots(cls, projection),
        )
        return cls._batch_got(items, as_dict)


def _roots(model: type[ModelBase], paths: list[str] | None) -> list[str] | None:
    """Projection paths with their first segment alias-translated."""
    if not paths:
        return None
    translated = []
    for path in paths:
        root, dot, rest = path.partition(".")
        translated.append(model._py_to_dynamo.get(root, root) + dot + rest)
    return translated


def _common(
    model: type[ModelBase],
    default_consistent: bool,
    expressions: Expressions,
    request: dict[str, Any],
    filter_condition: Condition | None,
    limit: int | None,
    page_size: int | None,
    consistent_read: bool | None,
    fields: list[str] | None,
) -> None:
    if filter_condition is not None:
        request["FilterExpression"] = expressions.condition(filter_condition)
    paging(request, limit, page_size)
    if default_consistent if consistent_read is None else consistent_read:
        request["ConsistentRead"] = True
    add_fields(model, expressions, request, fields)
