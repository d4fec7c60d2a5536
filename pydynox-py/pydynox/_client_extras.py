"""`DynamoDBClient` mixins: PartiQL (`execute_statement`) and the vector search methods."""

from __future__ import annotations

import time
from collections.abc import Coroutine
from functools import partial
from typing import Any

from pydynox import _tracing
from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, to_dynamo
from pydynox._metrics import OperationMetrics, capacity, vector_bytes
from pydynox._requests import add_expression_maps
from pydynox._vector import (
    INDEX_WAIT_SECONDS,
    VectorMatch,
    VectorSearchResult,
    check_top_k,
    index_info,
    index_spec,
    search_vector,
)
from pydynox.exceptions import ValidationException

VECTOR_POLL_SECONDS = 2.0  # as 1.8 polls: index backfills take minutes, not milliseconds


class ListWithMetrics(list[dict[str, Any]]):
    """The items of a PartiQL statement, with the call's ``metrics`` and the ``next_token`` of the next page."""

    def __init__(self, items: list[dict[str, Any]], metrics: OperationMetrics, next_token: str | None = None) -> None:
        super().__init__(items)
        self.metrics = metrics
        self.next_token = next_token


class PartiQLOperations:
    _send: Any

    def sync_execute_statement(
        self,
        statement: str,
        parameters: list[Any] | None = None,
        consistent_read: bool = False,
        next_token: str | None = None,
    ) -> ListWithMetrics:
        """Run one PartiQL statement: its items (a list with ``metrics`` and ``next_token``); ``?`` take `parameters`."""
        items, metrics, token = self._statement_wire(statement, parameters, consistent_read, next_token)
        return ListWithMetrics([item_from_dynamo(item) for item in items], metrics, token)

    def _statement_wire(
        self, statement: str, parameters: list[Any] | None, consistent_read: bool, next_token: str | None = None
    ) -> tuple[list[dict[str, Any]], OperationMetrics, str | None]:
        """The statement's items in wire form (models decode them: DecimalAttributes exactly), metrics, next token."""
        request: dict[str, Any] = {"Statement": statement}
        if parameters:
            request["Parameters"] = [to_dynamo(value) for value in parameters]
        if consistent_read:
            request["ConsistentRead"] = True
        if next_token:
            request["NextToken"] = next_token
        request["ReturnConsumedCapacity"] = "TOTAL"
        response, duration_ms = self._send("execute_statement", request)
        items = response.get("Items") or []
        metrics = OperationMetrics._of(
            duration_ms, rcu=capacity(response), request_id=response["ResponseMetadata"].get("RequestId"),
            items_count=len(items),
        )  # fmt: skip
        return items, metrics, response.get("NextToken")

    async def execute_statement(
        self,
        statement: str,
        parameters: list[Any] | None = None,
        consistent_read: bool = False,
        next_token: str | None = None,
    ) -> ListWithMetrics:
        """Run one PartiQL statement; see `sync_execute_statement`."""
        return await run_blocking(partial(self.sync_execute_statement, statement, parameters, consistent_read, next_token))


class VectorOperations:
    """Vector indexes (UpdateTable ``VectorIndexUpdates``, DescribeTable) and SearchVectors.

    Index definitions are dicts as `VectorIndex.to_create_table_definition`
    returns them (see `pydynox._vector.index_spec`).
    """

    _send: Any
    _last_metrics: OperationMetrics | None
    _total_metrics: Any
    get_region: Any

    # -- search ---------------------------------------------------------------------

    def sync_search_vectors(
        self,
        table: str,
        index_name: str,
        vector: list[float],
        *,
        top_k: int = 10,
        search_condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        projection_expression: str | None = None,
    ) -> VectorSearchResult[dict[str, Any]]:
        """The `top_k` items nearest to `vector` in the index, best first, as dicts with their scores."""
        check_top_k(top_k)
        request: dict[str, Any] = {
            "TableName": table,
            "IndexName": index_name,
            "SearchVector": search_vector(vector),
            "TopK": top_k,
            "ReturnConsumedCapacity": "TOTAL",
        }
        if search_condition_expression:
            request["SearchConditionExpression"] = search_condition_expression
        if projection_expression:
            request["ProjectionExpression"] = projection_expression
        add_expression_maps(request, expression_attribute_names, expression_attribute_values)
        # As in 1.8, a search has a span of its own, naming the index and what came back.
        with _tracing.trace_operation("search_vectors", table, self.get_region() if _tracing._tracer else None) as span:
            response, duration_ms = self._send("search_vectors", request)
            matches = [
                VectorMatch(item_from_dynamo(found.get("Item") or {}), found["Score"])
                for found in response.get("SearchResults") or ()
            ]
            metrics = OperationMetrics._of(
                duration_ms,
                request_id=response["ResponseMetadata"].get("RequestId"),
                items_count=len(matches),
                vector_search_bytes=vector_bytes(response, "VectorSearchRequestBytes"),
            )
            if span is not None:
                span.set_attribute("aws.dynamodb.vector_index", index_name)
            _tracing.add_response_attributes(
                span,
                request_id=metrics.request_id,
                vector_search_bytes=metrics.vector_search_bytes,
                returned_rows=len(matches),
            )
        self._last_metrics = metrics
        self._total_metrics.add(metrics, "vector_search")
        return VectorSearchResult(matches, metrics)

    async def search_vectors(
        self,
        table: str,
        index_name: str,
        vector: list[float],
        *,
        top_k: int = 10,
        search_condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        projection_expression: str | None = None,
    ) -> VectorSearchResult[dict[str, Any]]:
        """The `top_k` items nearest to `vector`; see `sync_search_vectors`."""
        search = partial(
            self.sync_search_vectors,
            table,
            index_name,
            vector,
            top_k=top_k,
            search_condition_expression=search_condition_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            projection_expression=projection_expression,
        )
        return await run_blocking(search)

    # -- indexes on an existing table ------------------------------------------------------

    def sync_create_vector_index(
        self, table: str, definition: dict[str, Any], *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        """Add a vector index to `table` (UpdateTable); ``wait=True`` returns once it is ACTIVE and backfilled."""
        spec, types = index_spec(definition)
        described, _ = self._send("describe_table", {"TableName": table})
        existing = {d["AttributeName"]: d["AttributeType"] for d in described["Table"].get("AttributeDefinitions", ())}
        for name, kind in types:
            if existing.get(name, kind) != kind:
                raise ValidationException(
                    f"Vector search schema attribute '{name}' already exists with type '{existing[name]}', not '{kind}'"
                )
        request: dict[str, Any] = {"TableName": table, "VectorIndexUpdates": [{"Create": spec}]}
        added = [{"AttributeName": name, "AttributeType": kind} for name, kind in types if name not in existing]
        if added:
            request["AttributeDefinitions"] = added
        self._send("update_table", request)
        if wait:
            self._wait_for_vector_index(table, spec["IndexName"], True, timeout_seconds)

    def create_vector_index(
        self, table: str, definition: dict[str, Any], *, wait: bool = False, timeout_seconds: float | None = None
    ) -> Coroutine[Any, Any, None]:
        """Add a vector index to `table`; see `sync_create_vector_index`.

        A bad definition raises ValidationException here, before anything is awaited (as 1.8's does).
        """
        index_spec(definition)
        create = partial(self.sync_create_vector_index, table, definition, wait=wait, timeout_seconds=timeout_seconds)
        return run_blocking(create)

    def sync_delete_vector_index(
        self, table: str, index_name: str, *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        """Remove a vector index (UpdateTable); ``wait=True`` returns once it is gone."""
        self._send("update_table", {"TableName": table, "VectorIndexUpdates": [{"Delete": {"IndexName": index_name}}]})
        if wait:
            self._wait_for_vector_index(table, index_name, False, timeout_seconds)

    async def delete_vector_index(
        self, table: str, index_name: str, *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        """Remove a vector index; see `sync_delete_vector_index`."""
        delete = partial(self.sync_delete_vector_index, table, index_name, wait=wait, timeout_seconds=timeout_seconds)
        await run_blocking(delete)

    def sync_describe_vector_index(self, table: str, index_name: str) -> dict[str, Any]:
        """The index as DescribeTable shows it: ``index_name``, ``status``, ``backfilling``, ``item_count``..."""
        info = self._vector_index(table, index_name)
        if info is None:
            raise ValidationException(f"Vector index '{index_name}' not found on table '{table}'")
        return info

    async def describe_vector_index(self, table: str, index_name: str) -> dict[str, Any]:
        """The index as DescribeTable shows it; see `sync_describe_vector_index`."""
        return await run_blocking(self.sync_describe_vector_index, table, index_name)

    def _vector_index(self, table: str, index_name: str) -> dict[str, Any] | None:
        described, _ = self._send("describe_table", {"TableName": table})
        for index in described["Table"].get("VectorIndexes", ()):
            if index.get("IndexName") == index_name:
                return index_info(index)
        return None

    def _wait_for_vector_index(self, table: str, index_name: str, present: bool, timeout_seconds: float | None) -> None:
        """Poll DescribeTable until the index is ACTIVE and backfilled (`present`) or gone; TimeoutError at the end."""
        limit = INDEX_WAIT_SECONDS if timeout_seconds is None else timeout_seconds
        deadline = time.monotonic() + limit
        while True:
            info = self._vector_index(table, index_name)
            if present and info is not None and info["status"] == "ACTIVE" and not info["backfilling"]:
                return
            if not present and info is None:
                return
            if time.monotonic() + VECTOR_POLL_SECONDS > deadline:
                raise TimeoutError(f"Timeout waiting for vector index '{index_name}'")
            time.sleep(VECTOR_POLL_SECONDS)
