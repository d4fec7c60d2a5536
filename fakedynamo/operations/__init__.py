"""DynamoDB operations, one module per family; each registers its handlers by name.

A handler takes the `Region` the request is addressed to and the request body
(a dict decoded from JSON) and returns the response body. It raises
`DynamoDBError` for anything DynamoDB would refuse, and validates fully before
it changes any state, so a failed request changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from fakedynamo.region import Region

Handler = Callable[["Region", dict[str, Any]], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register `func` as the handler of the DynamoDB operation `name`."""

    def register(func: Handler) -> Handler:
        OPERATIONS[name] = func
        return func

    return register


def load_all() -> None:
    """Import every operation module so that each registers its handlers."""
    from fakedynamo.operations import items, misc, query_scan, tags, ttl  # noqa: F401
    from fakedynamo.operations import create_table, delete_table, list_tables, update_table  # noqa: F401
    from fakedynamo.operations import table_description  # noqa: F401
    from fakedynamo.operations import batch, partiql, transactions  # noqa: F401
    from fakedynamo.operations import global_tables, insights, kinesis, policies, vector_search  # noqa: F401
    from fakedynamo.operations import streams  # noqa: F401
    from fakedynamo.operations import backups, bulk, exports, imports, pitr  # noqa: F401
