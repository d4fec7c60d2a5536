"""Reads of many items by `DynamoDBClient`: query, scan, count, parallel_scan."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from pydynox import _observe
from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, item_to_dynamo
from pydynox._metrics import OperationMetrics, capacity
from pydynox._requests import add_expression_maps
from pydynox.query import AsyncQueryResult, AsyncScanResult, QueryResult, ScanResult

Item = dict[str, Any]


class ReadOperations:
    """Mixed into `DynamoDBClient`, which provides ``_send``."""

    _send: Any

    # -- query and scan: lazy results ----------------------------------------------------

    def sync_query(
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        consistent_read: bool = False,
    ) -> QueryResult:
        """Items matching a key condition, lazily, page by page (see `pydynox.query`)."""
        return QueryResult(
            self,  # type: ignore[arg-type]
            table,
            key_condition_expression,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            page_size=page_size,
            scan_index_forward=scan_index_forward,
            index_name=index_name,
            last_evaluated_key=last_evaluated_key,
            consistent_read=consistent_read,
        )

    def query(
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        consistent_read: bool = False,
    ) -> AsyncQueryResult:
        """Like `sync_query`, for ``async for``. Not a coroutine: do not await it."""
        return AsyncQueryResult(
            self,  # type: ignore[arg-type]
            table,
            key_condition_expression,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            page_size=page_size,
            scan_index_forward=scan_index_forward,
            index_name=index_name,
            last_evaluated_key=last_evaluated_key,
            consistent_read=consistent_read,
        )

    def sync_scan(
        self,
        table: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        consistent_read: bool = False,
        segment: int | None = None,
        total_segments: int | None = None,
    ) -> ScanResult:
        """Every item (matching the filter), lazily, page by page."""
        return ScanResult(
            self,  # type: ignore[arg-type]
            table,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            page_size=page_size,
            index_name=index_name,
            last_evaluated_key=last_evaluated_key,
            consistent_read=consistent_read,
            segment=segment,
            total_segments=total_segments,
        )

    def scan(
        self,
        table: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        consistent_read: bool = False,
        segment: int | None = None,
        total_segments: int | None = None,
    ) -> AsyncScanResult:
        """Like `sync_scan`, for ``async for``. Not a coroutine: do not await it."""
        return AsyncScanResult(
            self,  # type: ignore[arg-type]
            table,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            page_size=page_size,
            index_name=index_name,
            last_evaluated_key=last_evaluated_key,
            consistent_read=consistent_read,
            segment=segment,
            total_segments=total_segments,
        )

    # -- one page at a time (what the results above read; 1.8's engine calls) -----------------

    @staticmethod
    def _query_request(
        table: str,
        key_condition_expression: str,
        filter_expression: str | None,
        projection_expression: str | None,
        expression_attribute_names: dict[str, str] | None,
        expression_attribute_values: dict[str, Any] | None,
        limit: int | None,
        scan_index_forward: bool | None,
        index_name: str | None,
        consistent_read: bool,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"TableName": table, "KeyConditionExpression": key_condition_expression}
        _read_options(request, filter_expression, projection_expression, limit, index_name, consistent_read)
        if scan_index_forward is not None:
            request["ScanIndexForward"] = scan_index_forward
        add_expression_maps(request, expression_attribute_names, expression_attribute_values)
        return request

    @staticmethod
    def _scan_request(
        table: str,
        filter_expression: str | None,
        projection_expression: str | None,
        expression_attribute_names: dict[str, str] | None,
        expression_attribute_values: dict[str, Any] | None,
        limit: int | None,
        index_name: str | None,
        consistent_read: bool,
        segment: int | None,
        total_segments: int | None,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"TableName": table}
        _read_options(request, filter_expression, projection_expression, limit, index_name, consistent_read)
        if total_segments is not None:
            request["Segment"] = segment or 0
            request["TotalSegments"] = total_segments
        add_expression_maps(request, expression_attribute_names, expression_attribute_values)
        return request

    def _page(
        self, method: str, request: dict[str, Any], exclusive_start_key: dict[str, Any] | None
    ) -> tuple[list[Item], Item | None, OperationMetrics]:
        """One Query or Scan page: (items, last evaluated key, metrics), native values."""
        if exclusive_start_key:
            request["ExclusiveStartKey"] = item_to_dynamo(exclusive_start_key)
        request["ReturnConsumedCapacity"] = "TOTAL"
        response, duration_ms = self._send(method, request)
        items = [item_from_dynamo(item) for item in response.get("Items") or ()]
        last = response.get("LastEvaluatedKey")
        metrics = OperationMetrics._of(
            duration_ms,
            rcu=capacity(response),
            request_id=response.get("ResponseMetadata", {}).get("RequestId"),
            items_count=response.get("Count"),
            scanned_count=response.get("ScannedCount"),
        )
        return items, (item_from_dynamo(last) if last else None), metrics

    @staticmethod
    def _as_page(page: tuple[list[Item], Item | None, OperationMetrics]) -> dict[str, Any]:
        items, last, metrics = page
        return {"items": items, "last_evaluated_key": last, "metrics": metrics}

    def sync_query_page(
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        exclusive_start_key: dict[str, Any] | None = None,
        scan_index_forward: bool | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
    ) -> tuple[list[Item], Item | None, OperationMetrics]:
        """One Query page (``limit`` is DynamoDB's Limit): (items, last evaluated key, metrics)."""
        request = self._query_request(
            table,
            key_condition_expression,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            limit,
            scan_index_forward,
            index_name,
            consistent_read,
        )
        return self._page("query", request, exclusive_start_key)

    async def query_page(
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        exclusive_start_key: dict[str, Any] | None = None,
        scan_index_forward: bool | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
    ) -> dict[str, Any]:
        """One Query page as ``{"items", "last_evaluated_key", "metrics"}``."""
        page = partial(
            self.sync_query_page,
            table,
            key_condition_expression,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            limit,
            exclusive_start_key,
            scan_index_forward,
            index_name,
            consistent_read,
        )
        return self._as_page(await run_blocking(page))

    def sync_scan_page(
        self,
        table: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        exclusive_start_key: dict[str, Any] | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
        segment: int | None = None,
        total_segments: int | None = None,
    ) -> tuple[list[Item], Item | None, OperationMetrics]:
        """One Scan page (``limit`` is DynamoDB's Limit): (items, last evaluated key, metrics)."""
        request = self._scan_request(
            table,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            limit,
            index_name,
            consistent_read,
            segment,
            total_segments,
        )
        return self._page("scan", request, exclusive_start_key)

    async def scan_page(
        self,
        table: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        exclusive_start_key: dict[str, Any] | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
        segment: int | None = None,
        total_segments: int | None = None,
    ) -> dict[str, Any]:
        """One Scan page as ``{"items", "last_evaluated_key", "metrics"}``."""
        page = partial(
            self.sync_scan_page,
            table,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            limit,
            exclusive_start_key,
            index_name,
            consistent_read,
            segment,
            total_segments,
        )
        return self._as_page(await run_blocking(page))

    # -- count and parallel scan ----------------------------------------------------

    def sync_count(
        self,
        table: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
    ) -> tuple[int, OperationMetrics]:
        """How many items (match the filter): a Scan with Select=COUNT over every page."""
        request = self._scan_request(
            table,
            filter_expression,
            None,
            expression_attribute_names,
            expression_attribute_values,
            None,
            index_name,
            consistent_read,
            None,
            None,
        )
        return self._count(request)

    async def count(
        self,
        table: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        index_name: str | None = None,
        consistent_read: bool = False,
    ) -> tuple[int, OperationMetrics]:
        """How many items (match the filter): a Scan with Select=COUNT over every page."""
        request = self._scan_request(
            table,
            filter_expression,
            None,
            expression_attribute_names,
            expression_attribute_values,
            None,
            index_name,
            consistent_read,
            None,
            None,
        )
        return await run_blocking(self._count, request)

    def _count(self, request: dict[str, Any]) -> tuple[int, OperationMetrics]:
        table = request["TableName"]
        with _observe.whole(self, "count", table, f'Counting items in "{table}"') as observed:
            total, metrics = self._count_pages(request)
            observed(metrics)
        return total, metrics

    def _count_pages(self, request: dict[str, Any]) -> tuple[int, OperationMetrics]:
        request = {**request, "Select": "COUNT", "ReturnConsumedCapacity": "TOTAL"}
        total = scanned = 0
        units = duration = 0.0
        while True:
            response, elapsed = self._send("scan", request, observed=False)
            total += response.get("Count", 0)
            scanned += response.get("ScannedCount", 0)
            units += capacity(response) or 0.0
            duration += elapsed
            last = response.get("LastEvaluatedKey")
            if not last:
                break
            request = {**request, "ExclusiveStartKey": last}
        return total, OperationMetrics._of(duration, rcu=units, items_count=total, scanned_count=scanned)

    def _scan_segment(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of one parallel scan segment (observed as a whole: `parallel_scan_observed`)."""
        items: list[dict[str, Any]] = []
        while True:
            response, _ = self._send("scan", request, observed=False)
            items.extend(response.get("Items") or [])
            last = response.get("LastEvaluatedKey")
            if not last:
                return items
            request = {**request, "ExclusiveStartKey": last}

    def _segment_requests(
        self,
        table: str,
        total_segments: int,
        filter_expression: str | None,
        projection_expression: str | None,
        expression_attribute_names: dict[str, str] | None,
        expression_attribute_values: dict[str, Any] | None,
        consistent_read: bool,
    ) -> list[dict[str, Any]]:
        if total_segments < 1:
            raise ValueError("total_segments must be at least 1")
        base = self._scan_request(
            table,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            None,
            None,
            consistent_read,
            0,
            total_segments,
        )
        return [{**base, "Segment": segment} for segment in range(total_segments)]

    @staticmethod
    def _joined(segments: list[list[dict[str, Any]]], started: float) -> tuple[list[Item], OperationMetrics]:
        items = [item_from_dynamo(item) for segment in segments for item in segment]
        duration = (time.perf_counter() - started) * 1000.0
        return items, OperationMetrics._of(duration, items_count=len(items), scanned_count=len(items))

    def sync_parallel_scan(
        self,
        table: str,
        total_segments: int,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        consistent_read: bool = False,
    ) -> tuple[list[Item], OperationMetrics]:
        """Scan `total_segments` segments at once, each to the end; items in segment order."""
        requests = self._segment_requests(
            table,
            total_segments,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            consistent_read,
        )
        with parallel_scan_observed(self, requests) as observed:
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=min(total_segments, 32), thread_name_prefix="pydynox-scan") as pool:
                segments = list(pool.map(self._scan_segment, requests))
            items, metrics = self._joined(segments, started)
            observed(metrics)
        return items, metrics

    async def parallel_scan(
        self,
        table: str,
        total_segments: int,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        consistent_read: bool = False,
    ) -> tuple[list[Item], OperationMetrics]:
        """Scan `total_segments` segments concurrently, each to the end; items in segment order."""
        requests = self._segment_requests(
            table,
            total_segments,
            filter_expression,
            projection_expression,
            expression_attribute_names,
            expression_attribute_values,
            consistent_read,
        )
        with parallel_scan_observed(self, requests) as observed:
            started = time.perf_counter()
            segments = await asyncio.gather(*(run_blocking(self._scan_segment, request) for request in requests))
            items, metrics = self._joined(list(segments), started)
            observed(metrics)
        return items, metrics


def parallel_scan_observed(
    client: Any, requests: list[dict[str, Any]]
) -> AbstractContextManager[Callable[[OperationMetrics], None]]:
    """`_observe.whole` for a parallel scan of `requests` (one per segment)."""
    table = requests[0]["TableName"]
    return _observe.whole(client, "parallel_scan", table, f'Parallel scanning "{table}" ({len(requests)} segments)')


def _read_options(
    request: dict[str, Any],
    filter_expression: str | None,
    projection_expression: str | None,
    limit: int | None,
    index_name: str | None,
    consistent_read: bool,
) -> None:
    if filter_expression:
        request["FilterExpression"] = filter_expression
    if projection_expression:
        request["ProjectionExpression"] = projection_expression
    if limit is not None:
        request["Limit"] = limit
    if index_name:
        request["IndexName"] = index_name
    if consistent_read:
        request["ConsistentRead"] = True
