"""`DynamoDBClient`: DynamoDB's operations on native Python values.

Every I/O method is a coroutine; its blocking twin has the same parameters
and a ``sync_`` prefix. ``query``/``scan`` (and their twins) are plain
methods returning lazy iterators. Items, keys and expression values are
native Python values (see `pydynox._convert`); expression attribute names
use DynamoDB's orientation, ``{"#x": "name"}``.

This module holds construction, the one call path to botocore (``_send``),
metrics and the item operations; reads of many items, table operations and
batches/transactions are mixins from `_client_reads`, `_client_tables` and
`_client_batch`.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any

from pydynox import _observe, _session
from pydynox._asyncio import run_blocking
from pydynox._client_batch import BatchOperations
from pydynox._client_extras import PartiQLOperations, VectorOperations
from pydynox._client_reads import ReadOperations
from pydynox._client_tables import TableOperations
from pydynox._convert import item_from_dynamo, item_to_dynamo
from pydynox._errors import translate
from pydynox._metrics import WRITE_CAPACITY, ModelMetrics, OperationMetrics, capacity, vector_write_bytes
from pydynox._requests import (
    UPDATE_RETURN_VALUES,
    WRITE_RETURN_VALUES,
    add_expression_maps,
    check_return_values,
    projection,
)

if TYPE_CHECKING:
    from pydynox.diagnostics import HotPartitionDetector
    from pydynox.rate_limit import AdaptiveRate, FixedRate

__all__ = ["DynamoDBClient"]

Item = dict[str, Any]


class DynamoDBClient(ReadOperations, TableOperations, BatchOperations, PartiQLOperations, VectorOperations):
    """A DynamoDB client. Cheap to create: botocore's client is made on the first call and reused."""

    def __init__(
        self,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        session_token: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        role_arn: str | None = None,
        role_session_name: str | None = None,
        external_id: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_retries: int | None = None,
        proxy_url: str | None = None,
        rate_limit: FixedRate | AdaptiveRate | None = None,
        diagnostics: HotPartitionDetector | None = None,
    ) -> None:
        self._rate_limit = rate_limit
        self._diagnostics = diagnostics
        self._options = _session.ClientOptions(
            region=region,
            access_key=access_key,
            secret_key=secret_key,
            session_token=session_token,
            profile=profile,
            endpoint_url=endpoint_url,
            role_arn=role_arn,
            role_session_name=role_session_name,
            external_id=external_id,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_retries=max_retries,
            proxy_url=proxy_url,
        )
        self._boto: Any = None
        self._boto_lock = threading.Lock()
        self._process_id = os.getpid()  # distributed locks refuse a client inherited across fork
        self._last_metrics: OperationMetrics | None = None
        self._total_metrics = ModelMetrics()

    def __repr__(self) -> str:
        url = _session.endpoint_url(self._options)
        return f"DynamoDBClient(region={self.get_region()!r}{f', endpoint_url={url!r}' if url else ''})"

    # -- the one way to DynamoDB ----------------------------------------------

    def _connect(self) -> Any:
        with self._boto_lock:
            if self._boto is None:
                self._boto = _session.create_client(self._options)
        return self._boto

    @property
    def rate_limit(self) -> FixedRate | AdaptiveRate | None:
        """The rate limiter given to the constructor, with its metrics."""
        return self._rate_limit

    @property
    def diagnostics(self) -> HotPartitionDetector | None:
        """The hot partition detector given to the constructor."""
        return self._diagnostics

    def _send(self, method: str, request: dict[str, Any], *, observed: bool = True) -> tuple[dict[str, Any], float]:
        """Call botocore's `method` with `request`; (response, duration in ms), or a pydynox exception.

        The call is rate limited, counted, traced and logged as 1.8 does it
        (`pydynox._observe`), unless `observed` is false: the calls of an
        operation observed as a whole (count, parallel_scan).
        """
        if observed:
            return _observe.send(self, method, request)
        return self._call(method, request)

    def _call(self, method: str, request: dict[str, Any]) -> tuple[dict[str, Any], float]:
        client = self._boto or self._connect()
        start = time.perf_counter()
        try:
            response = getattr(client, method)(**request)
        except Exception as error:
            raise self._mapped(error, request) from error
        return response, (time.perf_counter() - start) * 1000.0

    @staticmethod
    def _mapped(error: Exception, request: dict[str, Any]) -> Exception:
        """The pydynox exception to raise for `error` (`error` itself when it is not botocore's)."""
        mapped = translate(error, request.get("TableName"))
        if mapped is error:
            raise error
        return mapped

    def _record(self, response: dict[str, Any], duration_ms: float, operation: str) -> OperationMetrics:
        """Client metrics for an item operation: "get" counts read units, the others write units."""
        units = capacity(response)
        metrics = OperationMetrics._of(
            duration_ms,
            rcu=units if operation == "get" else None,
            wcu=None if operation == "get" else units,
            request_id=response["ResponseMetadata"].get("RequestId"),
            vector_write_bytes=None if operation == "get" else vector_write_bytes(response),
        )
        self._last_metrics = metrics
        self._total_metrics.add(metrics, operation)
        return metrics

    # -- misc -------------------------------------------------------------------

    def get_region(self) -> str:
        """The region given, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1."""
        return _session.reported_region(self._options)

    def ping(self) -> bool:
        """Whether DynamoDB answers (ListTables, Limit=1). Never raises."""
        try:
            self._send("list_tables", {"Limit": 1})
        except Exception:
            return False
        return True

    def get_last_metrics(self) -> OperationMetrics | None:
        """Metrics of the last put/get/delete/update item call."""
        return self._last_metrics

    def get_total_metrics(self) -> ModelMetrics:
        """Totals over this client's put/get/delete/update item calls."""
        return self._total_metrics

    def reset_metrics(self) -> None:
        self._last_metrics = None
        self._total_metrics.reset()

    # -- put_item ---------------------------------------------------------------

    def _put_request(self, table: str, item: Item, *condition_and_return: Any) -> dict[str, Any]:
        return self._write_request(table, "Item", item, *condition_and_return)

    def _write_request(
        self,
        table: str,
        member: str,
        attributes: Item,
        condition_expression: str | None,
        expression_attribute_names: dict[str, str] | None,
        expression_attribute_values: dict[str, Any] | None,
        return_values_on_condition_check_failure: bool,
        return_values: str | None,
    ) -> dict[str, Any]:
        """A PutItem (member "Item") or DeleteItem (member "Key") request with its condition and ReturnValues."""
        request: dict[str, Any] = {
            "TableName": table,
            member: item_to_dynamo(attributes),
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        _conditional(
            request,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
        )
        returned = check_return_values(
            return_values, WRITE_RETURN_VALUES, "put_item" if member == "Item" else "delete_item"
        )
        if returned:
            request["ReturnValues"] = returned
        return request

    def _old_item_or_metrics(
        self, request: dict[str, Any], response: dict[str, Any], duration_ms: float, operation: str
    ) -> Any:
        metrics = self._record(response, duration_ms, operation)
        if "ReturnValues" in request:
            attributes = response.get("Attributes")
            return item_from_dynamo(attributes) if attributes else None
        return metrics

    def sync_put_item(
        self,
        table: str,
        item: Item,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Write an item. Returns its metrics, or the old item (or None) with ``return_values="ALL_OLD"``."""
        request = self._put_request(
            table,
            item,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *self._send("put_item", request), "put")

    async def put_item(
        self,
        table: str,
        item: Item,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Write an item. Returns its metrics, or the old item (or None) with ``return_values="ALL_OLD"``."""
        request = self._put_request(
            table,
            item,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *await run_blocking(self._send, "put_item", request), "put")

    # -- get_item ---------------------------------------------------------------

    @staticmethod
    def _get_request(
        table: str, key: Item, consistent_read: bool, projection_paths: list[str] | None
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"TableName": table, "Key": item_to_dynamo(key), "ReturnConsumedCapacity": "TOTAL"}
        if consistent_read:
            request["ConsistentRead"] = True
        if projection_paths:
            request["ProjectionExpression"], request["ExpressionAttributeNames"] = projection(projection_paths)
        return request

    def _got(self, response: dict[str, Any], duration_ms: float) -> Item | None:
        self._record(response, duration_ms, "get")
        item = response.get("Item")
        return item_from_dynamo(item) if item is not None else None

    def sync_get_item(
        self, table: str, key: Item, consistent_read: bool = False, projection: list[str] | None = None
    ) -> Item | None:
        """The item with this key, or None. `projection` lists attribute paths ("a", "b.c")."""
        return self._got(*self._send("get_item", self._get_request(table, key, consistent_read, projection)))

    async def get_item(
        self, table: str, key: Item, consistent_read: bool = False, projection: list[str] | None = None
    ) -> Item | None:
        """The item with this key, or None. `projection` lists attribute paths ("a", "b.c")."""
        request = self._get_request(table, key, consistent_read, projection)
        return self._got(*await run_blocking(self._send, "get_item", request))

    # -- delete_item ------------------------------------------------------------

    def _delete_request(self, table: str, key: Item, *condition_and_return: Any) -> dict[str, Any]:
        return self._write_request(table, "Key", key, *condition_and_return)

    def sync_delete_item(
        self,
        table: str,
        key: Item,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Delete an item. Returns its metrics, or the old item (or None) with ``return_values="ALL_OLD"``."""
        request = self._delete_request(
            table,
            key,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *self._send("delete_item", request), "delete")

    async def delete_item(
        self,
        table: str,
        key: Item,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Delete an item. Returns its metrics, or the old item (or None) with ``return_values="ALL_OLD"``."""
        request = self._delete_request(
            table,
            key,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *await run_blocking(self._send, "delete_item", request), "delete")

    # -- update_item ------------------------------------------------------------

    def _update_request(
        self,
        table: str,
        key: Item,
        updates: dict[str, Any] | None,
        update_expression: str | None,
        condition_expression: str | None,
        expression_attribute_names: dict[str, str] | None,
        expression_attribute_values: dict[str, Any] | None,
        return_values_on_condition_check_failure: bool,
        return_values: str | None,
    ) -> dict[str, Any]:
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        if updates:
            clauses = []
            for index, (name, value) in enumerate(updates.items()):
                names[f"#f{index}"] = name
                values[f":v{index}"] = value
                clauses.append(f"#f{index} = :v{index}")
            update_expression = "SET " + ", ".join(clauses)
        elif not update_expression:
            raise ValueError("Either 'updates' or 'update_expression' must be provided")
        if expression_attribute_names:
            names.update(expression_attribute_names)
        if expression_attribute_values:
            values.update(expression_attribute_values)
        request: dict[str, Any] = {
            "TableName": table,
            "Key": item_to_dynamo(key),
            "UpdateExpression": update_expression,
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        _conditional(request, condition_expression, names, values, return_values_on_condition_check_failure)
        returned = check_return_values(return_values, UPDATE_RETURN_VALUES)
        if returned:
            request["ReturnValues"] = returned
        return request

    def sync_update_item(
        self,
        table: str,
        key: Item,
        updates: dict[str, Any] | None = None,
        update_expression: str | None = None,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Update an item from an `updates` dict (``SET`` each) or an `update_expression`.

        Returns its metrics, or the returned attributes with a ``return_values`` of
        ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW.
        """
        request = self._update_request(
            table,
            key,
            updates,
            update_expression,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *self._send("update_item", request), "update")

    async def update_item(
        self,
        table: str,
        key: Item,
        updates: dict[str, Any] | None = None,
        update_expression: str | None = None,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        return_values_on_condition_check_failure: bool = False,
        return_values: str | None = None,
    ) -> Any:
        """Update an item; see `sync_update_item`."""
        request = self._update_request(
            table,
            key,
            updates,
            update_expression,
            condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            return_values_on_condition_check_failure,
            return_values,
        )
        return self._old_item_or_metrics(request, *await run_blocking(self._send, "update_item", request), "update")


def _conditional(
    request: dict[str, Any],
    condition_expression: str | None,
    names: dict[str, str] | None,
    values: dict[str, Any] | None,
    return_old_on_failure: bool,
) -> None:
    if condition_expression:
        request["ConditionExpression"] = condition_expression
    add_expression_maps(request, names, values)
    if return_old_on_failure:
        request["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
