"""Transactions: queue writes, send them as one TransactWriteItems on ``commit()`` or at the end of the block.

    async with Transaction(client) as tx:
        tx.put("accounts", {"pk": "a", "balance": 90})
        tx.update("accounts", {"pk": "b"}, "SET balance = balance + :n",
                  expression_attribute_values={":n": 10})

The client is required (there is no default-client fallback). Leaving the
block commits, unless it raised, in which case nothing is sent. A failed
transaction raises TransactionCanceledException.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from pydynox.conditions import Condition, render
from pydynox.hooks import HookType

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient
    from pydynox.model import Model

__all__ = ["SyncTransaction", "Transaction"]


class _Queue:
    def __init__(self, client: DynamoDBClient, *, client_request_token: str | None = None) -> None:
        self.client = client
        self.client_request_token = client_request_token
        self._operations: list[dict[str, Any]] = []
        self._saved: list[Model] = []

    @staticmethod
    def _operation(
        kind: str,
        table: str,
        condition_expression: str | None,
        names: dict[str, str] | None,
        values: dict[str, Any] | None,
        **fields: Any,
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {"type": kind, "table": table, **fields}
        if condition_expression:
            operation["condition_expression"] = condition_expression
        if names:
            operation["expression_attribute_names"] = names
        if values:
            operation["expression_attribute_values"] = values
        return operation

    def put(
        self,
        table: str,
        item: dict[str, Any],
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
    ) -> None:
        """Queue a put of `item` (a plain dict)."""
        self._operations.append(
            self._operation(
                "put", table, condition_expression, expression_attribute_names, expression_attribute_values, item=item
            )
        )

    def delete(
        self,
        table: str,
        key: dict[str, Any],
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
    ) -> None:
        """Queue a delete of `key`."""
        self._operations.append(
            self._operation(
                "delete", table, condition_expression, expression_attribute_names, expression_attribute_values, key=key
            )
        )

    def update(
        self,
        table: str,
        key: dict[str, Any],
        update_expression: str,
        condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
    ) -> None:
        """Queue an update of `key` by `update_expression`."""
        self._operations.append(
            self._operation(
                "update",
                table,
                condition_expression,
                expression_attribute_names,
                expression_attribute_values,
                key=key,
                update_expression=update_expression,
            )
        )

    def condition_check(
        self,
        table: str,
        key: dict[str, Any],
        condition_expression: str,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
    ) -> None:
        """Queue a check that must hold for the transaction to go through."""
        self._operations.append(
            self._operation(
                "condition_check",
                table,
                condition_expression,
                expression_attribute_names,
                expression_attribute_values,
                key=key,
            )
        )

    @staticmethod
    def _rendered(condition: Condition | None) -> tuple[str | None, dict[str, str] | None, dict[str, Any] | None]:
        if condition is None:
            return None, None, None
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        expression = render(condition, names, values)
        return expression, {placeholder: name for name, placeholder in names.items()}, values

    def save_model(self, model: Model, condition: Condition | None = None) -> None:
        """Queue a full put of `model` (before_save hooks, generated values and version check apply now)."""
        model._prepare_put(skip=False)
        condition = model._version_condition(condition, bump=True)
        expression, names, values = self._rendered(condition)
        self.put(model._table_name(), model.to_dict(), expression, names, values)
        self._saved.append(model)

    def delete_model(self, model: Model, condition: Condition | None = None) -> None:
        """Queue a delete of `model` (before_delete hooks and version check apply now)."""
        model._require_partition_key()
        model._run_hooks(HookType.BEFORE_DELETE)
        condition = model._version_condition(condition, bump=False)
        expression, names, values = self._rendered(condition)
        self.delete(model._table_name(), model._key_dict(), expression, names, values)

    def _take(self) -> tuple[list[dict[str, Any]], list[Model]]:
        operations, saved = self._operations, self._saved
        self._operations, self._saved = [], []
        return operations, saved

    @staticmethod
    def _committed(saved: list[Model]) -> None:
        for model in saved:
            model._snapshot()


class Transaction(_Queue):
    """Async transaction: ``async with Transaction(client) as tx``."""

    async def commit(self) -> None:
        """Send the queued operations as one transaction."""
        operations, saved = self._take()
        await self.client.transact_write(operations, client_request_token=self.client_request_token)
        self._committed(saved)

    async def __aenter__(self) -> Transaction:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc_type is None:
            await self.commit()
        else:
            self._take()


class SyncTransaction(_Queue):
    """Blocking transaction: ``with SyncTransaction(client) as tx``."""

    def commit(self) -> None:
        """Send the queued operations as one transaction."""
        operations, saved = self._take()
        self.client.sync_transact_write(operations, client_request_token=self.client_request_token)
        self._committed(saved)

    def __enter__(self) -> SyncTransaction:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self._take()
