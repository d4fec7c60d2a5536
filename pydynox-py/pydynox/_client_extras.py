"""`DynamoDBClient` mixins: PartiQL (`execute_statement`) and the vector search methods."""

from __future__ import annotations

from functools import partial
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, to_dynamo
from pydynox._metrics import OperationMetrics, capacity
from pydynox._vector import VectorIndexInfo, VectorSearchResult, vector_search_unavailable


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
    """Vector indexes and search: not available yet (see `pydynox._vector`)."""

    def sync_create_vector_index(
        self, table: str, definition: dict[str, Any], *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        raise vector_search_unavailable()

    async def create_vector_index(
        self, table: str, definition: dict[str, Any], *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        raise vector_search_unavailable()

    def sync_delete_vector_index(
        self, table: str, index_name: str, *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        raise vector_search_unavailable()

    async def delete_vector_index(
        self, table: str, index_name: str, *, wait: bool = False, timeout_seconds: float | None = None
    ) -> None:
        raise vector_search_unavailable()

    def sync_describe_vector_index(self, table: str, index_name: str) -> VectorIndexInfo:
        raise vector_search_unavailable()

    async def describe_vector_index(self, table: str, index_name: str) -> VectorIndexInfo:
        raise vector_search_unavailable()

    def sync_search_vectors(
        self, table: str, index_name: str, vector: list[float], *, top_k: int = 10,
        search_condition_expression: str | None = None, expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None, projection_expression: str | None = None,
    ) -> VectorSearchResult[dict[str, Any]]:  # fmt: skip
        raise vector_search_unavailable()

    async def search_vectors(
        self, table: str, index_name: str, vector: list[float], *, top_k: int = 10,
        search_condition_expression: str | None = None, expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None, projection_expression: str | None = None,
    ) -> VectorSearchResult[dict[str, Any]]:  # fmt: skip
        raise vector_search_unavailable()
